import { fetchPluginCode, graphPluginStatus, inspectPluginCode, errorMessage } from '../../core';
import type { Graph, GraphPluginStatus, InstalledPlugin, PluginCandidate, PluginIdentity } from '../../core';
import { sessionKey } from '../app-sessions';
import type { EditorApp } from '../editor-app';

const PLUGINS_KEY = sessionKey<PluginsSession>('plugins');

/**
 * The plugins UI's state, one per editor: the installed list, the plugin waiting for the
 * user's consent (nothing of it has run), and the last outcome. Every path that brings
 * plugin code in (file, URL, bundle) ends in `pending`; only `accept` runs code.
 */
export class PluginsSession {
  listOpen = $state.raw(false);
  installed: readonly InstalledPlugin[] = $state.raw([]);
  /** Shown in the consent dialog; undefined when nothing is waiting. */
  pending: PluginCandidate | undefined = $state.raw(undefined);
  busy = $state.raw(false);
  outcome: { readonly ok: boolean; readonly text: string } | undefined = $state.raw(undefined);
  #queue: PluginCandidate[] = [];
  readonly #app: EditorApp;

  constructor(app: EditorApp) {
    this.#app = app;
    this.installed = app.plugins.list();
    app.plugins.onChange(() => (this.installed = app.plugins.list()));
  }

  /** The active plugin with `id`, as a graph file names it. */
  identity(id: string): PluginIdentity | undefined {
    const plugin = this.installed.find((p) => p.id === id && p.status === 'active');
    return plugin && { id: plugin.id, version: plugin.version, sha256: plugin.sha256 };
  }

  /** The plugins `graph` names that are not installed in exactly that build. */
  unmet(graph: Graph): GraphPluginStatus[] {
    return graphPluginStatus(graph, (id) => this.identity(id)).filter((s) => s.state !== 'installed');
  }

  async chooseFile(file: File): Promise<void> {
    await this.#inspect(async () => inspectPluginCode(await file.text(), file.name));
  }

  /** Fetches over https, or from the studio's own origin; anything else is refused with the reason, unfetched. */
  async chooseUrl(url: string, appOrigin = location.origin): Promise<void> {
    await this.#inspect(() => fetchPluginCode(url.trim(), (href) => fetch(href), appOrigin));
  }

  /** Queues plugins (from a bundle) for consent, one dialog each; those installed in that exact build are skipped. */
  ask(candidates: readonly PluginCandidate[]): void {
    this.#queue.push(...candidates.filter((c) => this.identity(c.manifest.id)?.sha256 !== c.sha256));
    this.pending ??= this.#queue.shift();
  }

  async accept(): Promise<void> {
    const candidate = this.pending;
    if (!candidate || this.busy) return;
    this.busy = true;
    try {
      const plugin = await this.#app.plugins.install(candidate);
      this.outcome = { ok: true, text: `Installed ${plugin.id} ${plugin.version}: ${plugin.nodeTypes.length} node type${plugin.nodeTypes.length === 1 ? '' : 's'} in the palette.` };
      await this.#replan();
    } catch (error) {
      this.outcome = { ok: false, text: errorMessage(error) };
    } finally {
      this.busy = false;
      this.pending = this.#queue.shift();
    }
  }

  decline(): void {
    if (this.pending) this.outcome = { ok: true, text: `Did not install ${this.pending.manifest.id}; none of its code ran.` };
    this.pending = this.#queue.shift();
  }

  /** Disables (its nodes become placeholders, it is not loaded at start) or enables an installed plugin. */
  async setEnabled(id: string, enabled: boolean): Promise<void> {
    this.busy = true;
    try {
      const plugin = await this.#app.plugins.setEnabled(id, enabled);
      this.outcome = !plugin || plugin.status === 'failed' ? { ok: false, text: plugin?.message ?? `${id} is not installed.` }
        : { ok: true, text: enabled ? `Enabled ${id}: its nodes are live again.` : `Disabled ${id}: its nodes are placeholders and it is not loaded at start.` };
      await this.#replan();
    } catch (error) {
      this.outcome = { ok: false, text: errorMessage(error) };
    } finally {
      this.busy = false;
    }
  }

  async remove(id: string): Promise<void> {
    this.busy = true;
    try {
      await this.#app.plugins.remove(id);
      this.outcome = { ok: true, text: `Removed ${id}. Its nodes stay in graphs as placeholders until it is installed again.` };
      await this.#replan();
    } catch (error) {
      this.outcome = { ok: false, text: errorMessage(error) };
    } finally {
      this.busy = false;
    }
  }

  async #inspect(read: () => Promise<PluginCandidate>): Promise<void> {
    this.busy = true;
    this.outcome = undefined;
    try {
      this.ask([await read()]);
      if (!this.pending) this.outcome = { ok: true, text: 'That exact plugin is already installed.' };
    } catch (error) {
      this.outcome = { ok: false, text: errorMessage(error) };
    } finally {
      this.busy = false;
    }
  }

  /** Placeholders of a plugin just installed become live (and nodes of one removed become placeholders). */
  async #replan(): Promise<void> {
    try {
      await this.#app.scheduler.load(this.#app.document.graph);
    } catch {
      // Shown through the scheduler's `planfailed` event.
    }
  }
}

export function pluginsSession(app: EditorApp): PluginsSession {
  return app.sessions.get(PLUGINS_KEY, () => new PluginsSession(app));
}
