import type { Graph } from './graph';

/**
 * How a node talks to the app around it without knowing that app (issue 22): plain data out
 * on named channels, a request to pause the loop, and the graph being run. The scheduler hands
 * each node a host bound to its id (`ctx.host`); the app listens through `scheduler.host`.
 * Channel names are the nodes' vocabulary, never the core's: a node type's files name theirs.
 */
export interface NodeHost {
  /**
   * Sends `value` to the app's listeners of `channel`, tagged with this node's id. Plain data
   * only (numbers, strings, arrays, Blobs): never a tensor, which the scheduler may dispose
   * after the frame; read it back (`await t.data()`) or copy it first.
   */
  publish(channel: string, value: unknown): void;
  /**
   * Asks the scheduler to pause once the frame in flight is done, as the Pause button does:
   * `statechanged` to `paused` carries `reason`, and no node shows an error. An offline render
   * (`renderFrames`) stops there too. Ignored when the loop is not running or rendering.
   */
  requestPause(reason: string): void;
  /** The graph the scheduler runs (e.g. to embed it in a file); undefined before one is loaded. */
  runningGraph(): Graph | undefined;
}

/** Hears one channel's values with the id of the node that sent them. */
export type HostListener = (value: unknown, nodeId: string) => void;

/** The app's side of the host: subscribe to a channel by name. */
export interface HostChannels {
  /** Returns the unsubscribe function. */
  subscribe(channel: string, listener: HostListener): () => void;
}
