import type { RunState, SchedulerListener } from './events';

/**
 * Resolves after the next frame the running loop completes, or when the loop stops or a node
 * fails first; at once when the loop is not running. Training waits on it when a graph opened a
 * moment ago has not delivered a node's inputs yet.
 */
export function afterNextFrame(scheduler: { readonly state: RunState; on(listener: SchedulerListener): () => void }): Promise<void> {
  if (scheduler.state !== 'running') return Promise.resolve();
  return new Promise((resolve) => {
    const off = scheduler.on((event) => {
      if (event.type !== 'framecompleted' && event.type !== 'statechanged' && event.type !== 'nodeerrored') return;
      off();
      resolve();
    });
  });
}
