import { errorMessage } from '../../core';
import type { GraphNode } from '../../core';
import { sessionKey } from '../app-sessions';
import type { EditorApp } from '../editor-app';
import { datasetsSession } from '../datasets/datasets-session.svelte';
import { clipLength, fileParam, proposedMaxFrames } from '../datasets/extract-plan';
import type { ExtractionJob } from '../datasets/extraction-job.svelte';
import type { LoopKit } from './loop-kit';
import { MakeLoopFlow } from './make-loop-flow.svelte';
import type { LoopChoice } from './make-loop-flow.svelte';
import { loopMessages } from './messages';

/**
 * Frames a loop's dataset keeps at most, from the clip's start: 10 s at 30 fps. A tiny network
 * learns a short clip's motion as well as a long one's, and a longer dataset only makes the
 * extraction and each loop check slower (decision for issue 24, which is silent on it).
 */
export const MAX_LOOP_FRAMES = 300;

/** How long a choice stands before its training speed is measured. */
const MEASURE_AFTER_MS = 1200;

/** A measured training speed, or why it could not be measured. */
export type SpeedReading = { readonly kind: 'measuring' } | { readonly kind: 'measured'; readonly stepsPerSecond: number } | { readonly kind: 'failed'; readonly message: string };

/**
 * The editor's "Make a loop" state, one per app: the offer a dropped clip makes, the dialog's
 * source node, the measured training speeds (by model size and recipe, measured once each per
 * session: they are this device's), and the flow running. Components read and call these.
 */
export class MakeLoopSession {
  /** A clip was just dropped: the canvas offers to make a loop from its node. */
  offer: { readonly nodeId: string; readonly title: string } | undefined = $state.raw(undefined);
  /** The source node whose dialog is open, and what to call it. */
  asking: { readonly nodeId: string; readonly title: string } | undefined = $state.raw(undefined);
  flow: MakeLoopFlow | undefined = $state.raw(undefined);
  speeds: ReadonlyMap<string, SpeedReading> = $state.raw(new Map());
  #measuring: Promise<void> = Promise.resolve();
  /** The measurement asked for last: an earlier one still running stops at its next step. */
  #latest: { readonly key: string; readonly controller: AbortController } | undefined;
  #waiting: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly app: EditorApp, readonly kit: LoopKit) {}

  /** Offers a loop from a node a drop just added, named after its file. */
  offerFor(nodeId: string, title: string): void {
    this.offer = { nodeId, title };
  }

  /** Opens the dialog for `nodeId`, titled by the offer's file, its label, its file's name or its type. */
  async open(nodeId: string): Promise<void> {
    const title = this.offer?.nodeId === nodeId ? this.offer.title : await this.#titleOf(nodeId);
    this.offer = undefined;
    this.asking = { nodeId, title };
  }

  closeDialog(): void {
    this.asking = undefined;
  }

  speedOf(size: string, recipe: string): SpeedReading | undefined {
    return this.speeds.get(`${size}|${recipe}`);
  }

  /**
   * Measures the training speed for these options once, MEASURE_AFTER_MS after they were
   * chosen (a size picked right after the dialog opens does not wait behind the default's
   * measurement), one at a time so they do not slow each other; choosing again stops a
   * measurement of the previous choice at its next step and forgets it.
   */
  measure(size: string, recipe: string): void {
    const key = `${size}|${recipe}`;
    const known = this.speeds.get(key);
    // A failed measurement is not retried by itself: it would fail again, in a loop.
    if (this.#latest?.key === key || (known !== undefined && known.kind !== 'measuring')) return;
    if (this.#latest) {
      this.#latest.controller.abort(new Error('superseded'));
      this.#forget(this.#latest.key);
    }
    clearTimeout(this.#waiting);
    const latest = { key, controller: new AbortController() };
    this.#latest = latest;
    this.#setSpeed(key, { kind: 'measuring' });
    this.#waiting = setTimeout(() => {
      this.#measuring = this.#measuring.then(async () => {
        if (latest.controller.signal.aborted) return;
        try {
          const stepsPerSecond = await this.kit.measureSpeed(this.app.tf, { size, recipe }, latest.controller.signal);
          this.#setSpeed(key, { kind: 'measured', stepsPerSecond });
        } catch (error) {
          if (!latest.controller.signal.aborted) this.#setSpeed(key, { kind: 'failed', message: errorMessage(error) });
        } finally {
          if (this.#latest === latest) this.#latest = undefined;
        }
      });
    }, MEASURE_AFTER_MS);
  }

  /** Closes the dialog and runs the flow; its progress view shows from now on. */
  start(choice: LoopChoice): MakeLoopFlow | undefined {
    const asking = this.asking;
    if (!asking || this.flow?.active) return undefined;
    this.asking = undefined;
    const flow = new MakeLoopFlow({ app: this.app, kit: this.kit, extract: (node, title, side) => this.#extract(node, title, side) }, asking.nodeId, asking.title, choice);
    this.flow = flow;
    void flow.run();
    return flow;
  }

  /** Hides the progress view of a flow that has ended (or waits at Record). */
  dismiss(): void {
    if (this.flow && !this.flow.active) this.flow = undefined;
  }

  async #extract(node: GraphNode, title: string, side: number): Promise<ExtractionJob> {
    const { storage, registry } = this.app;
    if (!storage) throw new Error(loopMessages.storageOff());
    const datasets = datasetsSession(this.app);
    if (datasets.job?.active) throw new Error(loopMessages.extractionBusy());
    const definition = registry.get(node.type);
    if (!definition) throw new Error(loopMessages.sourceGone(title));
    const asset = fileParam(definition);
    const sha256 = asset ? node.params[asset[0]] : undefined;
    const info = typeof sha256 === 'string' && sha256 !== '' ? await storage.info(sha256) : undefined;
    const length = clipLength(node, definition, info);
    if (length.kind === 'problem') throw new Error(length.message);
    const maxFrames = Math.min(MAX_LOOP_FRAMES, proposedMaxFrames(length, 1));
    return datasets.startExtraction(node, title, { name: loopMessages.datasetName(title, side), width: side, height: side, stride: 1, maxFrames });
  }

  async #titleOf(nodeId: string): Promise<string> {
    const node = this.app.document.graph.nodes.find((n) => n.id === nodeId);
    const definition = node && this.app.registry.get(node.type);
    if (!node || !definition) return nodeId;
    if (node.label) return node.label;
    const asset = fileParam(definition);
    const sha256 = asset ? node.params[asset[0]] : undefined;
    const info = typeof sha256 === 'string' && sha256 !== '' ? await this.app.storage?.info(sha256).catch(() => undefined) : undefined;
    return info?.name ?? definition.title;
  }

  #forget(key: string): void {
    if (this.speeds.get(key)?.kind !== 'measuring') return;
    const speeds = new Map(this.speeds);
    speeds.delete(key);
    this.speeds = speeds;
  }

  #setSpeed(key: string, reading: SpeedReading): void {
    this.speeds = new Map(this.speeds).set(key, reading);
  }
}

const LOOP_KEY = sessionKey<MakeLoopSession>('make a loop');

/** The editor's one MakeLoopSession, or undefined when the app was given no LoopKit. */
export function makeLoopSession(app: EditorApp): MakeLoopSession | undefined {
  const kit = app.loops;
  return kit ? app.sessions.get(LOOP_KEY, () => new MakeLoopSession(app, kit)) : undefined;
}
