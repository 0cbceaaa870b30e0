/**
 * The editor's keyboard shortcuts: one table, matched by a pure function so the rules
 * (which keys, and when to stay out of the way) are unit-tested without a DOM.
 */

export type ShortcutCommand =
  | 'delete'
  | 'undo'
  | 'redo'
  | 'toggle-run'
  | 'save'
  | 'open-library'
  | 'copy'
  | 'paste'
  | 'duplicate';

/** A key chord. `mod` is Ctrl, or Cmd on macOS; either is accepted everywhere. */
interface Chord { readonly key: string; readonly mod?: boolean; readonly shift?: boolean }

interface ShortcutSpec {
  readonly command: ShortcutCommand;
  readonly chords: readonly Chord[];
  /** Shown in tooltips and help, e.g. "Ctrl+S". */
  readonly label: string;
  /** Also while typing in a field: for commands that never edit text (the browser would save or open a file instead). */
  readonly inTextFields?: boolean;
  /** Acts on auto-repeat while the key is held (undo, redo); others fire once per press. */
  readonly repeats?: boolean;
}

export const SHORTCUTS: readonly ShortcutSpec[] = [
  { command: 'delete', chords: [{ key: 'delete' }, { key: 'backspace' }], label: 'Delete' },
  { command: 'undo', chords: [{ key: 'z', mod: true }], label: 'Ctrl+Z', repeats: true },
  { command: 'redo', chords: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }], label: 'Ctrl+Shift+Z', repeats: true },
  { command: 'toggle-run', chords: [{ key: ' ' }], label: 'Space' },
  { command: 'save', chords: [{ key: 's', mod: true }], label: 'Ctrl+S', inTextFields: true },
  { command: 'open-library', chords: [{ key: 'o', mod: true }], label: 'Ctrl+O', inTextFields: true },
  { command: 'copy', chords: [{ key: 'c', mod: true }], label: 'Ctrl+C' },
  { command: 'paste', chords: [{ key: 'v', mod: true }], label: 'Ctrl+V' },
  { command: 'duplicate', chords: [{ key: 'd', mod: true }], label: 'Ctrl+D' },
];

/** The parts of a KeyboardEvent the matcher reads. */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly repeat: boolean;
  readonly isComposing?: boolean;
}

/** Where the key was pressed, as far as the shortcuts care. */
export interface KeyContext {
  /** Focus is in an input, textarea, select or contenteditable: keys there edit text. */
  readonly textField: boolean;
  /** Focus is on a button, link or similar, where Space activates the control. */
  readonly control: boolean;
  /** A modal dialog is open: the editor behind it must not react. */
  readonly modal: boolean;
  /** The user has selected text on the page: Ctrl+C copies that text, not nodes. */
  readonly textSelected: boolean;
}

/** The letter of a key press, from `code` when the layout gives a non-Latin `key` (Ctrl+Я is still Ctrl+Z). */
function keyName(press: KeyPress): string {
  const key = press.key.toLowerCase();
  if (key.length === 1 && !/[a-z]/.test(key) && /^Key[A-Z]$/.test(press.code)) return press.code.slice(3).toLowerCase();
  return key;
}

/** The command a key press asks for in `context`, or undefined to let the browser have it. */
export function matchShortcut(press: KeyPress, context: KeyContext): ShortcutCommand | undefined {
  if (press.isComposing || press.altKey || context.modal) return undefined;
  const key = keyName(press);
  const mod = press.ctrlKey || press.metaKey;
  const spec = SHORTCUTS.find((s) => s.chords.some((c) => c.key === key && !!c.mod === mod && !!c.shift === press.shiftKey));
  if (!spec) return undefined;
  if (context.textField && !spec.inTextFields) return undefined;
  if (press.repeat && !spec.repeats) return undefined;
  if (spec.command === 'toggle-run' && context.control) return undefined;
  if (spec.command === 'copy' && context.textSelected) return undefined;
  return spec.command;
}

/** The label of `command`'s first chord, for tooltips: "Ctrl+S". */
export function shortcutLabel(command: ShortcutCommand): string {
  return SHORTCUTS.find((s) => s.command === command)?.label ?? '';
}

/** The parts of a DOM element the context reads; real elements satisfy it. */
export interface TargetLike {
  readonly tagName?: string;
  readonly isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
  closest?(selector: string): unknown;
}

const TEXT_FIELDS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const CONTROLS = new Set(['BUTTON', 'A', 'SUMMARY']);
const CONTROL_ROLES = new Set(['button', 'link', 'checkbox', 'switch', 'menuitem', 'tab', 'option', 'radio']);

/** Whether typing into `target` edits text (any input, select or contenteditable). */
export function isTextField(target: TargetLike | null | undefined): boolean {
  if (!target?.tagName) return false;
  return TEXT_FIELDS.has(target.tagName.toUpperCase()) || target.isContentEditable === true;
}

/** Whether Space on `target` activates it (a button, link, or an element with such a role). */
export function isControl(target: TargetLike | null | undefined): boolean {
  if (!target?.tagName) return false;
  if (CONTROLS.has(target.tagName.toUpperCase())) return true;
  const role = target.getAttribute?.('role');
  return role != null && CONTROL_ROLES.has(role);
}

/** Builds the context of a key event in the page. */
export function keyContext(target: TargetLike | null, page: { modalOpen: boolean; textSelected: boolean }): KeyContext {
  return {
    textField: isTextField(target),
    control: isControl(target),
    modal: page.modalOpen || Boolean(target?.closest?.('dialog')),
    textSelected: page.textSelected,
  };
}
