import type { AnyNodeDefinition } from './node-definition';
import type { ParamSchemas } from './params';

/**
 * The node types the app knows. Filled at the composition root from one list (built-ins)
 * and by plugins; never on import.
 */
export class NodeRegistry {
  readonly #definitions = new Map<string, AnyNodeDefinition>();
  readonly #listeners = new Set<() => void>();

  /** Adds a node type; returns a disposer that removes it. @throws on a duplicate type id. */
  register(definition: AnyNodeDefinition): () => void {
    if (this.#definitions.has(definition.type)) {
      throw new Error(`Node type "${definition.type}" is already registered`);
    }
    checkDefinition(definition);
    this.#definitions.set(definition.type, definition);
    this.#notify();
    return () => {
      if (this.#definitions.get(definition.type) === definition) {
        this.#definitions.delete(definition.type);
        this.#notify();
      }
    };
  }

  registerAll(definitions: readonly AnyNodeDefinition[]): () => void {
    const disposers = definitions.map((d) => this.register(d));
    return () => disposers.forEach((dispose) => dispose());
  }

  get(type: string): AnyNodeDefinition | undefined {
    return this.#definitions.get(type);
  }

  has(type: string): boolean {
    return this.#definitions.has(type);
  }

  list(): AnyNodeDefinition[] {
    return [...this.#definitions.values()];
  }

  /** Called whenever a type is added or removed (e.g. to refresh a palette). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

// Programmer errors in a definition are caught at registration, not mid-loop.
function checkDefinition(d: AnyNodeDefinition): void {
  const where = `Node type "${d.type}"`;
  if (!/^[a-z0-9][a-z0-9._/-]*$/i.test(d.type)) throw new Error(`${where}: type id may use letters, digits, . _ / - only`);
  if (!Number.isInteger(d.version) || d.version < 1) throw new Error(`${where}: version must be an integer ≥ 1`);
  for (const ports of [d.inputs, d.outputs]) {
    const names = ports.map((p) => p.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new Error(`${where}: port "${dup}" is declared twice`);
  }
  for (const [name, schema] of Object.entries(d.params as ParamSchemas)) {
    if (schema.kind === 'enum' && !schema.options.includes(schema.default)) {
      throw new Error(`${where}: default of param "${name}" is not one of its options`);
    }
  }
}
