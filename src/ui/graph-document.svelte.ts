import type { Graph, NodeRegistry, Scheduler } from '../core';

/** What kind of change an edit is: layout changes do not recompile the running loop. */
export type EditKind = 'structure' | 'params' | 'layout';

interface HistoryEntry { readonly graph: Graph; readonly coalesce?: string; readonly at: number }

const HISTORY_LIMIT = 200;
/** Edits with the same coalesce key within this window (a slider drag) undo as one step. */
const COALESCE_MS = 600;

/**
 * The open graph, the single source of truth of the editor. Every edit is a pure function
 * of the previous graph (src/core/graph/edit.ts), so undo/redo is a stack of graphs and
 * param edits undo exactly like structural ones. The canvas, the inspector and the
 * scheduler all follow `graph`.
 *
 * Decision: undo is this snapshot stack rather than rete-history-plugin, because rete is a
 * view here and param edits never pass through it; one mechanism covers every edit.
 */
export class GraphDocument {
  graph: Graph = $state.raw(undefined as unknown as Graph);
  /** The graph as last saved to (or opened from) the library; `dirty` compares against it. */
  savedGraph: Graph | undefined = $state.raw(undefined);
  /** Library entry id, once saved. */
  libraryId: string | undefined = $state.raw(undefined);
  savedRevision: number | undefined = $state.raw(undefined);
  selection: readonly string[] = $state.raw([]);
  canUndo = $state.raw(false);
  canRedo = $state.raw(false);
  /** Bumped when the graph is replaced wholesale (open, import), so views rebuild. */
  generation = $state.raw(0);

  #past: HistoryEntry[] = [];
  /** Open while the user holds a control (slider drag, typing in a field): its edits merge. */
  #gestureOpen = false;
  #future: Graph[] = [];
  readonly #listeners = new Set<(graph: Graph, kind: EditKind) => void>();

  /**
   * @param recordPlugins keeps `graph.plugins` listing the plugins (exact code, node schemas)
   *   that the nodes use; applied to every structural edit, never to a graph being opened, so
   *   an opened file round-trips unchanged.
   */
  constructor(
    readonly registry: NodeRegistry,
    private readonly scheduler: Scheduler,
    initial: Graph,
    private readonly recordPlugins: (graph: Graph) => Graph = (graph) => graph,
  ) {
    this.graph = initial;
  }

  get dirty(): boolean {
    return this.savedGraph !== this.graph;
  }

  /** Applies an edit made elsewhere (a pure function result) and records it for undo. */
  apply(edited: Graph, kind: EditKind, coalesce?: string): void {
    const next = kind === 'structure' ? this.recordPlugins(edited) : edited;
    if (next === this.graph) return;
    const now = Date.now();
    const last = this.#past.at(-1);
    // Within a gesture, time does not matter: a slow machine may space slider events > 1 s apart.
    const merge = coalesce !== undefined && last?.coalesce === coalesce && (this.#gestureOpen || now - last.at < COALESCE_MS);
    if (!merge) this.#past.push({ graph: this.graph, at: now, ...(coalesce === undefined ? {} : { coalesce }) });
    else this.#past[this.#past.length - 1] = { ...last!, at: now };
    if (this.#past.length > HISTORY_LIMIT) this.#past.shift();
    this.#future = [];
    this.#set(next, kind);
  }

  /**
   * Marks the start and end of a continuous user gesture on one control (pointer down → up
   * on a slider, focus → blur of a field): its edits with one coalesce key undo as one step.
   */
  beginGesture(): void {
    this.#gestureOpen = true;
  }

  endGesture(): void {
    this.#gestureOpen = false;
    const last = this.#past.at(-1);
    // The next edit, even of the same param, starts a new undo step.
    if (last?.coalesce !== undefined) this.#past[this.#past.length - 1] = { graph: last.graph, at: last.at };
  }

  undo(): void {
    const entry = this.#past.pop();
    if (!entry) return;
    this.#future.push(this.graph);
    this.#set(entry.graph, 'structure');
  }

  redo(): void {
    const next = this.#future.pop();
    if (!next) return;
    this.#past.push({ graph: this.graph, at: 0 });
    this.#set(next, 'structure');
  }

  /** Opens another graph: history starts afresh. `saved` marks it as matching the library. */
  replace(graph: Graph, saved?: { id: string; revision: number }): void {
    this.#past = [];
    this.#future = [];
    this.libraryId = saved?.id;
    this.savedRevision = saved?.revision;
    this.savedGraph = saved ? graph : undefined;
    this.selection = [];
    this.generation++;
    this.#set(graph, 'structure');
    // Another graph starts at frame 0: queued after the load #set started, so it resets the new plan.
    this.scheduler.reset().catch(() => { /* a failed load already says why */ });
  }

  markSaved(id: string, revision: number, graph: Graph): void {
    this.libraryId = id;
    this.savedRevision = revision;
    this.savedGraph = graph;
  }

  select(ids: readonly string[]): void {
    this.selection = ids;
  }

  /** Called after every change of `graph` (for autosave, drafts). Returns the disposer. */
  onChange(listener: (graph: Graph, kind: EditKind) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(graph: Graph, kind: EditKind): void {
    this.graph = graph;
    this.canUndo = this.#past.length > 0;
    this.canRedo = this.#future.length > 0;
    const live = new Set(graph.nodes.map((n) => n.id));
    if (this.selection.some((id) => !live.has(id))) this.selection = this.selection.filter((id) => live.has(id));
    // Layout changes leave the plan as it is; anything else recompiles (cheap, keeps loop state).
    if (kind !== 'layout') this.scheduler.load(graph).catch(() => { /* shown through `planfailed` */ });
    for (const listener of this.#listeners) listener(graph, kind);
  }
}
