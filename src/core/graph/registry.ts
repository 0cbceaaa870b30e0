import type { AnyNodeDefinition } from './node-definition';
import type { ParamSchemas } from './params';
import { presetsProblem } from './presets';
import { PARAM_PORT_PREFIX, paramOfPort } from './param-ports';

/**
 * The node types the app knows. Filled at the composition root from one list (built-ins)
 * and by plugins; never on import.
 */
export class NodeRegistry {
  readonly #definitions = new Map<string, AnyNodeDefinition>();
  /** Node type → id of the plugin that registered it; built-ins have none. */
  readonly #plugins = new Map<string, string>();
  readonly #listeners = new Set<() => void>();

  /**
   * Adds a node type; returns a disposer that removes it. `plugin` names the plugin it comes
   * from (graph files record plugin types' schemas; the scheduler checks them for leaks).
   * @throws on a duplicate type id or a malformed definition.
   */
  register(definition: AnyNodeDefinition, plugin?: string): () => void {
    if (this.#definitions.has(definition.type)) {
      throw new Error(`Node type "${definition.type}" is already registered`);
    }
    checkDefinition(definition);
    this.#definitions.set(definition.type, definition);
    if (plugin !== undefined) this.#plugins.set(definition.type, plugin);
    this.#notify();
    return () => {
      if (this.#definitions.get(definition.type) === definition) {
        this.#definitions.delete(definition.type);
        this.#plugins.delete(definition.type);
        this.#notify();
      }
    };
  }

  /** Registers all or none: a failure part-way removes the ones already added, then throws. */
  registerAll(definitions: readonly AnyNodeDefinition[], plugin?: string): () => void {
    const disposers: (() => void)[] = [];
    try {
      for (const d of definitions) disposers.push(this.register(d, plugin));
    } catch (error) {
      disposers.forEach((dispose) => dispose());
      throw error;
    }
    return () => disposers.forEach((dispose) => dispose());
  }

  /** The id of the plugin that registered `type`, or undefined for a built-in or unknown type. */
  pluginOf(type: string): string | undefined {
    return this.#plugins.get(type);
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
  // The prefix addresses wired params: an input named so would be ambiguous.
  const reserved = d.inputs.find((p) => paramOfPort(p.name) !== undefined);
  if (reserved) throw new Error(`${where}: input "${reserved.name}" may not start with "${PARAM_PORT_PREFIX}", which addresses wired params`);
  for (const [name, schema] of Object.entries(d.params as ParamSchemas)) {
    if (schema.kind === 'enum' && !schema.options.includes(schema.default)) {
      throw new Error(`${where}: default of param "${name}" is not one of its options`);
    }
  }
  const badRule = d.inputs.find((p) => p.readWhen !== undefined && (typeof p.readWhen.test !== 'function' || !p.readWhen.description));
  if (badRule) throw new Error(`${where}: input "${badRule.name}" has a readWhen without a test function and a description`);
  const presets = d.presets ? presetsProblem(d.presets, d.params as ParamSchemas) : null;
  if (presets) throw new Error(`${where}: ${presets}`);
}
