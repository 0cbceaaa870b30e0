import { showBootQuestion } from '../boot-question';
import { storagePanelMessages } from './messages';
import type { StorageGate, StorageGateState } from './storage-gate';

/**
 * Shows `gate` on the boot screen while it needs the user (slow or refused), with Retry and
 * "Continue without library"; restores the boot screen otherwise. Plain DOM: it runs before
 * Svelte mounts. Returns a disposer.
 */
export function showStorageGate(gate: StorageGate, boot: HTMLElement): () => void {
  const previous = [...boot.childNodes];
  const render = (state: StorageGateState) => {
    if (state.status !== 'slow' && state.status !== 'failed') {
      boot.replaceChildren(...previous);
      return;
    }
    const box = showBootQuestion(boot, 'Browser storage', state.message, [
      { label: 'Retry', onclick: () => gate.retry() },
      { label: storagePanelMessages.withoutLibrary, onclick: () => gate.skip() },
    ]);
    box.dataset.storageGate = state.status;
  };
  render(gate.state);
  return gate.onChange(render);
}
