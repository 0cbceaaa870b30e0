/**
 * What the recordings tray shows of the files Encoder nodes finish, declared by the UI: the
 * app's recording store (src/nodes/media/recordings.ts, fed by the nodes' host channel) has
 * this shape, so src/ui never imports node internals (issue 22).
 */
export interface RecordingFile {
  readonly id: string;
  /** The Encoder node that made it. */
  readonly nodeId: string;
  readonly fileName: string;
  readonly blob: Blob;
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  /** True when the finished file was read back and gave the graph byte for byte. */
  readonly graphVerified: boolean;
  readonly warnings: readonly string[];
}

export type RecordingNotice =
  | { readonly type: 'recordingstarted'; readonly nodeId: string; readonly fileName: string }
  | { readonly type: 'recordingfinished'; readonly recording: RecordingFile }
  | { readonly type: 'recordingfailed'; readonly nodeId: string; readonly message: string };

/** The app's finished files: the tray offers them for download and dismisses them. */
export interface RecordingShelf {
  subscribe(listener: (event: RecordingNotice) => void): () => void;
  remove(id: string): void;
}
