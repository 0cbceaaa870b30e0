/**
 * A question on the boot screen, before Svelte mounts (plain DOM): a message and buttons, the
 * first focused. Shared by the safe-mode offer and the storage gate, so both look alike.
 */
export interface BootButton {
  readonly label: string;
  readonly onclick: () => void;
}

/** Replaces `boot`'s content with the question; returns its box (for data attributes). */
export function showBootQuestion(boot: HTMLElement, label: string, message: string, buttons: readonly BootButton[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'boot';
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-label', label);
  const text = document.createElement('p');
  text.textContent = message;
  const elements = buttons.map(({ label: name, onclick }) => {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: name });
    button.addEventListener('click', onclick, { once: true });
    return button;
  });
  const column = document.createElement('div');
  column.style.cssText = 'display:grid;gap:12px;max-width:520px;text-align:center;justify-items:center';
  const row = document.createElement('div');
  row.style.cssText = 'display:flex;gap:8px';
  row.append(...elements);
  column.append(text, row);
  box.append(column);
  boot.replaceChildren(box);
  elements[0]?.focus();
  return box;
}
