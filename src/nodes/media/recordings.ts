import type { HostChannels } from '../../core';
import type { Container, VideoCodecName } from './codecs';
import type { SoundtrackInfo } from './soundtrack';

/** A finished file made by an Encoder node: a video, or a zip of PNG frames. */
export interface Recording {
  /** `rec-1`, `rec-2`, … in the order files finished on this page. */
  readonly id: string;
  /** The Encoder node that made it. */
  readonly nodeId: string;
  /** Suggested download name, e.g. `train-window-feedback-demo.webm`. */
  readonly fileName: string;
  readonly mimeType: string;
  readonly blob: Blob;
  /** `png-zip`: a zip of PNG frames with graph.json (src/nodes/media/png-sequence.ts). */
  readonly container: Container | 'png-zip';
  readonly codec: VideoCodecName | 'png';
  /** The WebCodecs codec string the encoder was configured with, e.g. `vp09.00.10.08` (`image/png` in a PNG zip). */
  readonly codecString: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Frames in the file. */
  readonly frames: number;
  /** The graph-file text written into the file's metadata; null when there was none to write. */
  readonly graphJson: string | null;
  /** True when the finished file was read back and gave `graphJson` byte for byte. */
  readonly graphVerified: boolean;
  /** Problems that did not stop the file from being written (graph not recoverable, stopped early…). */
  readonly warnings: readonly string[];
  /** The sound under the video (the Encoder's Soundtrack); absent when the file has none. */
  readonly soundtrack?: SoundtrackInfo;
  /** How pixels reached the encoder: see FrameSurface. */
  readonly pixelPath: 'gpu-canvas' | 'readback';
  /** Wall-clock ms from the first frame to the finished file. */
  readonly elapsedMs: number;
}

/** What a recorder knows of its file once it is written; `finishedRecording` adds the rest. */
export interface WrittenFile extends Omit<Recording, 'id' | 'graphJson' | 'graphVerified' | 'warnings' | 'elapsedMs'> {
  /** Graph-file text embedded in the file; undefined when there was none to embed. */
  readonly graphJson: string | undefined;
}

export interface FinishCheck {
  /** Frames the run asked for; fewer recorded adds a warning. */
  readonly expectedFrames: number;
  /** Why the recording stopped, if it was stopped: the first warning. */
  readonly note: string | undefined;
  /** The recorder's own warnings, listed after the frame count's. */
  readonly problems?: readonly string[];
  /** `performance.now()` at the first frame. */
  readonly started: number;
  /** Reads the graph back from the finished file: true when it is `graphJson`; else says why in `warnings`. */
  verifyGraph(blob: Blob, graphJson: string, warnings: string[]): Promise<boolean>;
}

/** The finished file as a `Recording` (without its id): the graph read back, the warnings and the time it took. */
export async function finishedRecording(file: WrittenFile, check: FinishCheck): Promise<Omit<Recording, 'id'>> {
  const { blob, frames, graphJson } = file;
  const warnings: string[] = [];
  if (check.note) warnings.push(check.note);
  if (check.expectedFrames > frames) warnings.push(`stopped after ${frames} of ${check.expectedFrames} frames`);
  warnings.push(...(check.problems ?? []));
  const graphVerified = graphJson !== undefined && (await check.verifyGraph(blob, graphJson, warnings));
  if (graphJson === undefined) warnings.push('the graph was not embedded: the Encoder ran without a scheduler to read it from');
  return { ...file, graphJson: graphJson ?? null, graphVerified, warnings, elapsedMs: performance.now() - check.started };
}

/** The host channel Encoder nodes publish their `RecordingMessage`s on (`ctx.host.publish`). */
export const RECORDING_CHANNEL = 'recordings';

/** What an Encoder node publishes: a finished file has no id yet, the store gives it one. */
export type RecordingMessage =
  | { readonly type: 'recordingstarted'; readonly fileName: string }
  | { readonly type: 'recordingfinished'; readonly recording: Omit<Recording, 'id'> }
  | { readonly type: 'recordingfailed'; readonly message: string };

/** Recording notifications, past tense like the scheduler's. */
export type RecordingEvent =
  | { readonly type: 'recordingstarted'; readonly nodeId: string; readonly fileName: string }
  | { readonly type: 'recordingfinished'; readonly recording: Recording }
  | { readonly type: 'recordingfailed'; readonly nodeId: string; readonly message: string };

export type RecordingListener = (event: RecordingEvent) => void;

/** Finished files kept for the UI to offer; older ones are dropped (they can be large). */
export const KEPT_RECORDINGS = 8;

/**
 * The app's finished files, kept from what Encoder nodes publish on `RECORDING_CHANNEL`. The
 * composition root (src/main.ts) makes one and hands it to the UI; the render command and
 * tests reach it as `window.__studio.recordings` (with `?test`).
 *
 * @example
 * const recordings = new RecordingStore();
 * recordings.listen(scheduler.host);
 * const unsubscribe = recordings.subscribe((e) => { if (e.type === 'recordingfinished') offerDownload(e.recording); });
 */
export class RecordingStore {
  readonly #listeners = new Set<RecordingListener>();
  #recordings: Recording[] = [];
  #nextId = 1;

  /** Follows what Encoder nodes publish through the scheduler's host; returns the unsubscribe function. */
  listen(channels: HostChannels): () => void {
    return channels.subscribe(RECORDING_CHANNEL, (value, nodeId) => {
      const message = value as RecordingMessage;
      if (message.type === 'recordingstarted') this.started(nodeId, message.fileName);
      else if (message.type === 'recordingfinished') this.finished(message.recording);
      else this.failed(nodeId, message.message);
    });
  }

  subscribe(listener: RecordingListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Finished files, oldest first (at most KEPT_RECORDINGS). */
  list(): readonly Recording[] {
    return this.#recordings;
  }

  get(id: string): Recording | undefined {
    return this.#recordings.find((r) => r.id === id);
  }

  /** The newest file, of one node when `nodeId` is given. */
  latest(nodeId?: string): Recording | undefined {
    return this.#recordings.findLast((r) => nodeId === undefined || r.nodeId === nodeId);
  }

  remove(id: string): void {
    this.#recordings = this.#recordings.filter((r) => r.id !== id);
  }

  started(nodeId: string, fileName: string): void {
    this.#emit({ type: 'recordingstarted', nodeId, fileName });
  }

  /** Stores the file (giving it its id) and tells the listeners. */
  finished(recording: Omit<Recording, 'id'>): Recording {
    const stored: Recording = { id: `rec-${this.#nextId++}`, ...recording };
    this.#recordings = [...this.#recordings, stored].slice(-KEPT_RECORDINGS);
    this.#emit({ type: 'recordingfinished', recording: stored });
    return stored;
  }

  failed(nodeId: string, message: string): void {
    this.#emit({ type: 'recordingfailed', nodeId, message });
  }

  #emit(event: RecordingEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener (a UI panel) must not lose the file for the others.
        console.error('recording listener failed', error);
      }
    }
  }
}
