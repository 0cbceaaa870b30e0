/** What one tab tells the others about the library. */
export type LibraryChange =
  | { readonly type: 'graphsaved'; readonly id: string; readonly revision: number; readonly name: string }
  | { readonly type: 'graphdeleted'; readonly id: string; readonly name: string };

/** The part of BroadcastChannel used here, so tests can pass a channel of their own. */
export interface ChangeChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** The channel every tab of the studio shares, or undefined where the browser has none. */
export function openChangeChannel(): ChangeChannel | undefined {
  return typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('nfp-studio.library');
}

export interface OtherTabsPorts {
  readonly channel: () => ChangeChannel | undefined;
  /** The library graph open in this tab and the revision its edits started from. */
  readonly open: () => { readonly id: string | undefined; readonly revision: number | undefined };
  /** Any graph changed: e.g. refresh the library list. */
  readonly changed: () => void;
}

function isLibraryChange(data: unknown): data is LibraryChange {
  if (typeof data !== 'object' || data === null) return false;
  const { type, id, name, revision } = data as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string') return false;
  return type === 'graphdeleted' || (type === 'graphsaved' && typeof revision === 'number');
}

/**
 * Tabs telling each other that a graph changed, over a BroadcastChannel. A change to the graph
 * open here becomes `notice` ("saved in another tab", with Reload); saving over it is still
 * guarded by the storage's revision check, so a missed message costs a dialog, never work.
 */
export class OtherTabs {
  notice: LibraryChange | undefined = $state.raw(undefined);
  readonly #ports: OtherTabsPorts;
  #channel: ChangeChannel | undefined;

  constructor(ports: OtherTabsPorts) {
    this.#ports = ports;
  }

  /** Starts listening; returns the disposer. */
  start(): () => void {
    const channel = this.#ports.channel();
    this.#channel = channel;
    channel?.addEventListener('message', ({ data }) => {
      if (isLibraryChange(data)) this.#receive(data);
    });
    return () => {
      channel?.close();
      this.#channel = undefined;
    };
  }

  /** Tells the other tabs; a change this tab made never shows as a notice here. */
  announce(change: LibraryChange): void {
    if (this.notice?.id === change.id) this.notice = undefined;
    this.#channel?.postMessage(change);
  }

  dismiss(): void {
    this.notice = undefined;
  }

  #receive(change: LibraryChange): void {
    this.#ports.changed();
    const open = this.#ports.open();
    if (open.id !== change.id) return;
    if (change.type === 'graphsaved' && change.revision === open.revision) return;
    this.notice = change;
  }
}
