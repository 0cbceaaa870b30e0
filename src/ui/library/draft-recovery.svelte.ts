import { UNSAVED_DRAFT } from '../../core';
import type { Graph, NodeRegistry, StudioStorage } from '../../core';
import { formatMoment } from './format';
import { libraryMessages } from './messages';
import { restoreStartup } from './startup-restore';
import type { LoadedHead } from './startup-restore';

/** Shown after startup put a draft back: what was recovered and from when. */
export interface RecoveryNotice { readonly key: string; readonly savedAt: number; readonly name: string }

/** What crash recovery needs of the library session. */
export interface DraftRecoveryPorts {
  readonly registry: NodeRegistry;
  readonly storage: () => StudioStorage | undefined;
  readonly loadHead: (id: string) => Promise<LoadedHead>;
  /** Replaces the document (saved when `saved` is given); `dropOldDraft` clears the draft of what was open. */
  readonly replace: (graph: Graph, saved: { id: string; revision: number } | undefined, dropOldDraft: boolean) => void;
  /** Applies recovered edits on top of the open saved graph, as an undoable edit. */
  readonly applyDraft: (draft: Graph) => void;
  /** Recovered work has nothing to compare with, so it counts as edits until saved. */
  readonly markRecovered: () => void;
  /** Shows a startup problem in the error banner. */
  readonly report: (message: string) => void;
  readonly fail: (error: unknown) => void;
  readonly status: (text: string) => void;
  readonly now: () => number;
}

/**
 * Crash recovery: at startup, puts back the newest draft that holds unsaved work (or reopens
 * the graph open last time) and keeps a notice of what it recovered, which the user may
 * dismiss or discard, going back to what the draft replaced.
 */
export class DraftRecovery {
  notice: RecoveryNotice | undefined = $state.raw(undefined);
  readonly #ports: DraftRecoveryPorts;
  #startGraph: Graph;

  constructor(ports: DraftRecoveryPorts, startGraph: Graph) {
    this.#ports = ports;
    this.#startGraph = startGraph;
  }

  /** Recovers a draft or reopens the last graph; never throws (a failure is reported). */
  async restore(startGraph: Graph): Promise<void> {
    this.#startGraph = startGraph;
    const storage = this.#ports.storage();
    if (!storage) return;
    await restoreStartup(storage, this.#ports.registry, startGraph, {
      recoverUnsaved: (graph) => {
        this.#ports.replace(graph, undefined, false);
        this.#ports.markRecovered();
      },
      recoverSaved: (head, draft) => {
        this.#ports.replace(head.graph, { id: head.id, revision: head.revision }, false);
        this.#ports.applyDraft(draft);
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
      if (notice.key === UNSAVED_DRAFT) {
        this.#ports.replace(this.#startGraph, undefined, true);
      } else {
        const head = await this.#ports.loadHead(notice.key);
        this.#ports.replace(head.graph, { id: head.id, revision: head.revision }, true);
      }
      this.#ports.status(libraryMessages.discarded());
    } catch (error) {
      this.#ports.fail(error);
    }
  }

  /** For the notice: when the draft was written, as the user's clock shows it. */
  momentOf(at: number): string {
    return formatMoment(at, this.#ports.now());
  }
}
