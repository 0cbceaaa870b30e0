import type { Graph, NodeRegistry, StudioStorage } from '../../core';
import { formatMoment } from './format';
import { libraryMessages } from './messages';
import { restoreStartup } from './startup-restore';
import type { DamagedDraft, LoadedHead } from './startup-restore';
import type { DraftLocks } from './tab-slot';

/** Shown after startup put a draft back: what was recovered and from when. */
export interface RecoveryNotice { readonly graphId: string | undefined; readonly savedAt: number; readonly name: string }

export type { DamagedDraft } from './startup-restore';

/** What crash recovery needs of the library session. */
export interface DraftRecoveryPorts {
  readonly registry: NodeRegistry;
  readonly storage: () => StudioStorage | undefined;
  readonly locks: DraftLocks | undefined;
  readonly loadHead: (id: string) => Promise<LoadedHead>;
  /** Makes recovered slot `key` this tab's draft slot, freeing the old one. */
  readonly adopt: (key: string, release: () => void) => void;
  /** Replaces the document (saved when `saved` is given); `dropOldDraft` clears the draft of what was open. */
  readonly replace: (graph: Graph, saved: { id: string; revision: number } | undefined, dropOldDraft: boolean) => void;
  /** Applies recovered edits on top of the open saved graph, as an undoable edit. */
  readonly applyDraft: (draft: Graph) => void;
  /** Recovered work has nothing to compare with, so it counts as edits until saved. */
  readonly markRecovered: () => void;
  readonly confirmDiscard: () => Promise<boolean>;
  /** Shows a startup problem in the error banner. */
  readonly report: (message: string) => void;
  readonly fail: (error: unknown) => void;
  readonly status: (text: string) => void;
  readonly now: () => number;
}

/**
 * Crash recovery: at startup, puts back the newest draft that holds unsaved work (or reopens
 * the graph open last time) and keeps a notice of what it recovered, which the user may
 * dismiss or discard, going back to what the draft replaced. A draft whose saved graph did
 * not load is kept, not recovered: `damaged` tells the user and offers it as a new graph.
 */
export class DraftRecovery {
  notice: RecoveryNotice | undefined = $state.raw(undefined);
  /** A kept draft whose saved graph did not load, until the user opens it or puts it off. */
  damaged: DamagedDraft | undefined = $state.raw(undefined);
  readonly #ports: DraftRecoveryPorts;
  #startGraph: Graph;
  #releaseDamaged: (() => void) | undefined;

  constructor(ports: DraftRecoveryPorts, startGraph: Graph) {
    this.#ports = ports;
    this.#startGraph = startGraph;
  }

  /** Recovers a draft or reopens the last graph; never throws (a failure is reported). */
  async restore(startGraph: Graph): Promise<void> {
    this.#startGraph = startGraph;
    const storage = this.#ports.storage();
    if (!storage) return;
    await restoreStartup(storage, this.#ports.registry, startGraph, this.#ports.locks, {
      adopt: this.#ports.adopt,
      recoverUnsaved: (graph) => {
        this.#ports.replace(graph, undefined, false);
        this.#ports.markRecovered();
      },
      recoverSaved: (head, draft) => {
        this.#ports.replace(head.graph, { id: head.id, revision: head.revision }, false);
        this.#ports.applyDraft(draft);
      },
      damaged: (draft, release) => {
        this.damaged = draft;
        this.#releaseDamaged = release;
      },
      reopen: (head) => this.#ports.replace(head.graph, { id: head.id, revision: head.revision }, false),
      recovered: (notice) => (this.notice = notice),
      report: this.#ports.report,
    });
  }

  /** Puts back what the recovered draft replaced: the saved head, or the start graph. */
  async discard(): Promise<void> {
    const notice = this.notice;
    if (!notice || !this.#ports.storage()) return;
    this.notice = undefined;
    try {
      if (notice.graphId === undefined) {
        this.#ports.replace(this.#startGraph, undefined, true);
      } else {
        const head = await this.#ports.loadHead(notice.graphId);
        this.#ports.replace(head.graph, { id: head.id, revision: head.revision }, true);
      }
      this.#ports.status(libraryMessages.discarded());
    } catch (error) {
      this.#ports.fail(error);
    }
  }

  /** Keeps the recovered changes: hides the notice. */
  dismiss(): void {
    this.notice = undefined;
  }

  /** Opens the kept draft of a damaged graph as a new unsaved graph, continuing in its slot. */
  async openDamaged(): Promise<boolean> {
    const draft = this.damaged;
    const release = this.#releaseDamaged;
    if (!draft || !release || !(await this.#ports.confirmDiscard())) return false;
    this.damaged = undefined;
    this.#releaseDamaged = undefined;
    // Clears what this tab had (the user agreed), then writes on in the kept draft's slot.
    this.#ports.replace(draft.graph, undefined, true);
    this.#ports.adopt(draft.slot, release);
    this.#ports.markRecovered();
    this.#ports.status(libraryMessages.openedDamaged(draft.name));
    return true;
  }

  /** Puts the kept draft off: it stays stored and is offered again at the next start. */
  dismissDamaged(): void {
    this.damaged = undefined;
    this.#releaseDamaged?.();
    this.#releaseDamaged = undefined;
  }

  /** For the notice: when the draft was written, as the user's clock shows it. */
  momentOf(at: number): string {
    return formatMoment(at, this.#ports.now());
  }
}
