import type { NodeRegistry } from '../graph/registry';
import type { PluginLibrary, StoredPlugin } from '../storage/plugin-library';
import { sha256Hex } from '../storage/bytes';
import type { PluginDefinition, PluginNodeUi } from './plugin-definition';
import { PluginError } from './plugin-error';
import type { ModuleImporter, PluginCandidate } from './plugin-loader';
import { PLUGIN_LOAD_TIMEOUT_MS, evaluatePlugin, importModuleText } from './plugin-loader';
import { guardPluginNode } from './plugin-leak-guard';
import { errorMessage } from '../error-message';
import { confinePluginNode } from './plugin-confine';

/** A plugin as the Plugins dialog lists it. */
export interface InstalledPlugin {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  readonly source: string;
  readonly bytes: number;
  readonly description?: string;
  /** The node types it added; empty while it is not active. */
  readonly nodeTypes: readonly string[];
  /**
   * `failed`: stored but not running, `message` says why (the rest of the app is unaffected).
   * `disabled`: the user turned it off; `skipped`: not loaded because the studio started in safe mode.
   * Nodes of a plugin that is not active are placeholders.
   */
  readonly status: 'active' | 'failed' | 'disabled' | 'skipped';
  readonly message?: string;
  /** UI roles it declared for its own node types (see PluginDefinition.ui), copied as plain booleans. */
  readonly ui?: Readonly<Record<string, PluginNodeUi>>;
}

export interface PluginHostOptions {
  readonly registry: NodeRegistry;
  /** Where accepted plugins persist; without it they last for this session only. */
  readonly library?: Pick<PluginLibrary, 'savePlugin' | 'listPlugins' | 'deletePlugin' | 'setPluginDisabled'>;
  /**
   * How a plugin's code is evaluated. The app passes `importInCompartment` (after `lockdown()`),
   * so plugins get no ambient authority; the default, a plain `data:` URL import, is for node
   * tests and tools, where no untrusted code runs.
   */
  readonly importModule?: ModuleImporter;
  /** Safe mode: {@link PluginHost.loadInstalled} lists the stored plugins but runs none of them. */
  readonly safeMode?: boolean;
  /** How long one plugin's module may take to evaluate before it is skipped. */
  readonly loadTimeoutMs?: number;
}

interface Entry {
  readonly plugin: InstalledPlugin;
  readonly code: string;
  /** Set while active. */
  readonly definition?: PluginDefinition;
  readonly unregister?: () => void;
}

/**
 * Installs, loads and removes node plugins. Code runs only in {@link install} (after the
 * caller got the user's consent to the candidate) and in {@link loadInstalled} (code the
 * user accepted before, whose hash is checked again first). A plugin that fails is listed
 * as failed with its reason; nothing else is touched.
 *
 * @example
 * const host = new PluginHost({ registry, library: storage });
 * await host.loadInstalled();                       // at start
 * const candidate = await inspectPluginCode(await file.text(), file.name);
 * if (await userConsents(candidate)) await host.install(candidate);
 */
export class PluginHost {
  readonly #registry: NodeRegistry;
  readonly #library: PluginHostOptions['library'];
  readonly #importModule: ModuleImporter;
  readonly #loadTimeoutMs: number;
  /** True when the studio started in safe mode: no stored plugin was loaded. */
  readonly safeMode: boolean;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<() => void>();

  constructor(options: PluginHostOptions) {
    this.#registry = options.registry;
    this.#library = options.library;
    this.#importModule = options.importModule ?? importModuleText;
    this.#loadTimeoutMs = options.loadTimeoutMs ?? PLUGIN_LOAD_TIMEOUT_MS;
    this.safeMode = options.safeMode ?? false;
  }

  list(): InstalledPlugin[] {
    return [...this.#entries.values()].map((e) => e.plugin);
  }

  get(id: string): InstalledPlugin | undefined {
    return this.#entries.get(id)?.plugin;
  }

  /** The accepted code of an installed plugin (for bundles), or undefined. */
  code(id: string): string | undefined {
    return this.#entries.get(id)?.code;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Loads every stored plugin, oldest first (none in safe mode, none the user disabled). Each
   * gets the load timeout, so one whose top level never settles is listed as failed and start-up
   * goes on. Never throws for a plugin: failures are listed per plugin.
   */
  async loadInstalled(): Promise<void> {
    if (!this.#library) return;
    for (const stored of await this.#library.listPlugins()) {
      if (this.#entries.get(stored.id)?.plugin.status === 'active') continue;
      const entry = this.safeMode ? idle(stored, 'skipped', 'Not loaded: the studio started in safe mode.')
        : stored.disabled ? idle(stored, 'disabled', 'Disabled: its nodes are placeholders until you enable it.')
          : await this.#loadStored(stored);
      this.#entries.set(stored.id, entry);
      // Listed as soon as it is known, so a slow plugin does not hide the ones before it.
      this.#notify();
    }
    this.#notify();
  }

  /**
   * Turns a stored plugin off (unregistered now and not loaded at later starts; its nodes become
   * placeholders) or on again (its code is checked against the accepted hash and loaded).
   * @throws StorageError when the choice cannot be stored; nothing changes then.
   */
  async setEnabled(id: string, enabled: boolean): Promise<InstalledPlugin | undefined> {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    const stored = (await this.#library?.listPlugins())?.find((p) => p.id === id);
    await this.#library?.setPluginDisabled(id, !enabled);
    entry.unregister?.();
    const record: StoredPlugin = stored ?? { ...entry.plugin, code: entry.code, installedAt: 0 };
    const next = enabled ? await this.#loadStored(record) : idle(record, 'disabled', 'Disabled: its nodes are placeholders until you enable it.');
    this.#entries.set(id, next);
    this.#notify();
    return next.plugin;
  }

  /**
   * Runs and registers a plugin the user consented to, then stores it. A plugin with the same
   * id is replaced; if the new one fails, the old one stays as it was.
   * @throws PluginError (`load-failed`, `invalid`, `conflict`) or StorageError; nothing changes then.
   */
  async install(candidate: PluginCandidate): Promise<InstalledPlugin> {
    const definition = await evaluatePlugin(candidate, this.#importModule, this.#loadTimeoutMs);
    const previous = this.#entries.get(definition.id);
    previous?.unregister?.();
    const restorePrevious = () => {
      if (previous?.definition) this.#entries.set(definition.id, { ...previous, unregister: this.#register(previous.definition) });
    };
    let unregister: () => void;
    try {
      unregister = this.#register(definition);
    } catch (error) {
      restorePrevious();
      throw error;
    }
    try {
      await this.#library?.savePlugin({ id: definition.id, version: definition.version, sha256: candidate.sha256, source: candidate.source, code: candidate.code });
    } catch (error) {
      unregister();
      restorePrevious();
      throw error;
    }
    const plugin = describe(candidate, definition);
    this.#entries.set(definition.id, { plugin, unregister, code: candidate.code, definition });
    this.#notify();
    return plugin;
  }

  /** Unregisters and forgets a plugin. Nodes of its types stay in graphs as placeholders. */
  async remove(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    await this.#library?.deletePlugin(id);
    entry?.unregister?.();
    this.#entries.delete(id);
    this.#notify();
  }

  async #loadStored(stored: StoredPlugin): Promise<Entry> {
    const base = { id: stored.id, version: stored.version, sha256: stored.sha256, source: stored.source, bytes: stored.bytes, nodeTypes: [] };
    const failed = (message: string): Entry => ({ plugin: { ...base, status: 'failed', message }, code: stored.code });
    // The hash is what the user consented to: code that no longer has it is never run.
    if ((await sha256Hex(new TextEncoder().encode(stored.code).buffer)) !== stored.sha256) {
      return failed(new PluginError('tampered', `Stored code of plugin "${stored.id}" no longer matches the SHA-256 you accepted; it was not run. Remove it and install it again.`).message);
    }
    try {
      const candidate: PluginCandidate = { manifest: { id: stored.id, version: stored.version }, source: stored.source, sha256: stored.sha256, bytes: stored.bytes, code: stored.code };
      const definition = await evaluatePlugin(candidate, this.#importModule, this.#loadTimeoutMs);
      const unregister = this.#register(definition);
      return { plugin: describe(candidate, definition), unregister, code: stored.code, definition };
    } catch (error) {
      return failed(errorMessage(error));
    }
  }

  #register(definition: PluginDefinition): () => void {
    try {
      // Registered wrapped: hooks see a narrowed context (plugin-confine.ts), and prepare and training get the leak check.
      return this.#registry.registerAll(definition.nodes.map((node) => guardPluginNode(confinePluginNode(node))), definition.id);
    } catch (error) {
      throw new PluginError('conflict', `Plugin "${definition.id}" ${definition.version} cannot be registered: ${errorMessage(error)}.`, { cause: error });
    }
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** The entry of a stored plugin that is kept but not running. */
function idle(stored: StoredPlugin, status: 'disabled' | 'skipped', message: string): Entry {
  const { id, version, sha256, source, bytes } = stored;
  return { plugin: { id, version, sha256, source, bytes, nodeTypes: [], status, message }, code: stored.code };
}

function describe(candidate: PluginCandidate, definition: PluginDefinition): InstalledPlugin {
  return {
    id: definition.id, version: definition.version, sha256: candidate.sha256, source: candidate.source, bytes: candidate.bytes,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    nodeTypes: definition.nodes.map((n) => n.type), status: 'active',
    ...(definition.ui ? { ui: declaredUi(definition) } : {}),
  };
}

/** Only the roles of the plugin's own types, read once into plain data the UI may keep. */
function declaredUi(definition: PluginDefinition): Record<string, PluginNodeUi> {
  const ui: Record<string, PluginNodeUi> = {};
  for (const { type } of definition.nodes) if (definition.ui?.[type]?.viewer === true) ui[type] = { viewer: true };
  return ui;
}
