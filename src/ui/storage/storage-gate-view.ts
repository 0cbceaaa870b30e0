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
    const box = document.createElement('div');
    box.className = 'boot';
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-label', 'Browser storage');
    box.dataset.storageGate = state.status;
    const text = document.createElement('p');
    text.textContent = state.message;
    const retry = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Retry' });
    const skip = Object.assign(document.createElement('button'), { type: 'button', textContent: storagePanelMessages.withoutLibrary });
    retry.addEventListener('click', () => gate.retry(), { once: true });
    skip.addEventListener('click', () => gate.skip(), { once: true });
    const column = document.createElement('div');
    column.style.cssText = 'display:grid;gap:12px;max-width:520px;text-align:center;justify-items:center';
    const buttons = document.createElement('div');
    buttons.style.cssText = 'display:flex;gap:8px';
    buttons.append(retry, skip);
    column.append(text, buttons);
    box.append(column);
    boot.replaceChildren(box);
    retry.focus();
  };
  render(gate.state);
  return gate.onChange(render);
}
