import type { Graph } from '../graph/graph';
import type { HostChannels, HostListener, NodeHost } from '../graph/node-host';

/**
 * Routes what nodes publish to the app's listeners and keeps their pause requests. One per
 * scheduler, which makes each node's `NodeHost` with `forNode`: nodes of one scheduler never
 * reach another's listeners.
 */
export class NodeHostHub implements HostChannels {
  readonly #listeners = new Map<string, Set<HostListener>>();
  #pauseRequest: string | undefined;

  constructor(private readonly graph: () => Graph | undefined) {}

  /** The first pause a node asked for since the last call, cleared: the scheduler applies it between frames. */
  takePauseRequest(): string | undefined {
    const reason = this.#pauseRequest;
    this.#pauseRequest = undefined;
    return reason;
  }

  subscribe(channel: string, listener: HostListener): () => void {
    let set = this.#listeners.get(channel);
    if (!set) this.#listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => { set.delete(listener); };
  }

  /** The host handed to node `nodeId`'s create, prepare and process. */
  forNode(nodeId: string): NodeHost {
    return {
      publish: (channel, value) => this.#publish(channel, value, nodeId),
      requestPause: (reason) => { this.#pauseRequest ??= reason; },
      runningGraph: () => this.graph(),
    };
  }

  #publish(channel: string, value: unknown, nodeId: string): void {
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) {
      try {
        listener(value, nodeId);
      } catch (error) {
        // A broken panel must not fail the node that published (nodes publish mid-frame).
        console.error(`host listener of "${channel}" failed`, error);
      }
    }
  }
}
