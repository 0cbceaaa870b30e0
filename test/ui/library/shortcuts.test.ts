import { describe, expect, it } from 'vitest';
import { isControl, isTextField, keyContext, matchShortcut } from '../../../src/ui/library/shortcuts';
import type { KeyContext, KeyPress } from '../../../src/ui/library/shortcuts';

const canvas: KeyContext = { textField: false, control: false, modal: false, textSelected: false };

function press(key: string, mods: Partial<KeyPress> = {}): KeyPress {
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key === ' ' ? 'Space' : key;
  return { key, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, repeat: false, ...mods };
}

describe('matchShortcut', () => {
  it('maps Delete and Backspace to delete', () => {
    expect(matchShortcut(press('Delete'), canvas)).toBe('delete');
    expect(matchShortcut(press('Backspace'), canvas)).toBe('delete');
  });

  it('maps Ctrl+Z to undo and both Ctrl+Shift+Z and Ctrl+Y to redo', () => {
    expect(matchShortcut(press('z', { ctrlKey: true }), canvas)).toBe('undo');
    expect(matchShortcut(press('Z', { ctrlKey: true, shiftKey: true }), canvas)).toBe('redo');
    expect(matchShortcut(press('y', { ctrlKey: true }), canvas)).toBe('redo');
  });

  it('accepts Cmd as well as Ctrl', () => {
    expect(matchShortcut(press('s', { metaKey: true }), canvas)).toBe('save');
    expect(matchShortcut(press('z', { metaKey: true, shiftKey: true }), canvas)).toBe('redo');
  });

  it('maps Space, Ctrl+S, Ctrl+O, Ctrl+C, Ctrl+V and Ctrl+D', () => {
    expect(matchShortcut(press(' '), canvas)).toBe('toggle-run');
    expect(matchShortcut(press('s', { ctrlKey: true }), canvas)).toBe('save');
    expect(matchShortcut(press('o', { ctrlKey: true }), canvas)).toBe('open-library');
    expect(matchShortcut(press('c', { ctrlKey: true }), canvas)).toBe('copy');
    expect(matchShortcut(press('v', { ctrlKey: true }), canvas)).toBe('paste');
    expect(matchShortcut(press('d', { ctrlKey: true }), canvas)).toBe('duplicate');
  });

  it('leaves plain letters, Alt chords and extra modifiers to the browser', () => {
    expect(matchShortcut(press('s'), canvas)).toBeUndefined();
    expect(matchShortcut(press('z', { ctrlKey: true, altKey: true }), canvas)).toBeUndefined();
    expect(matchShortcut(press('Delete', { shiftKey: true }), canvas)).toBeUndefined();
    expect(matchShortcut(press('s', { ctrlKey: true, shiftKey: true }), canvas)).toBeUndefined();
  });

  it('reads the physical key when the layout is not Latin (Ctrl+Я is Ctrl+Z)', () => {
    expect(matchShortcut({ ...press('я', { ctrlKey: true }), code: 'KeyZ' }, canvas)).toBe('undo');
  });

  it('ignores editing keys while typing in a field, so the inspector never deletes nodes', () => {
    const typing = { ...canvas, textField: true };
    expect(matchShortcut(press('Delete'), typing)).toBeUndefined();
    expect(matchShortcut(press('Backspace'), typing)).toBeUndefined();
    expect(matchShortcut(press(' '), typing)).toBeUndefined();
    expect(matchShortcut(press('z', { ctrlKey: true }), typing)).toBeUndefined();
    expect(matchShortcut(press('v', { ctrlKey: true }), typing)).toBeUndefined();
  });

  it('still saves and opens the library from a field, where the browser would save the page instead', () => {
    const typing = { ...canvas, textField: true };
    expect(matchShortcut(press('s', { ctrlKey: true }), typing)).toBe('save');
    expect(matchShortcut(press('o', { ctrlKey: true }), typing)).toBe('open-library');
  });

  it('lets Space press a focused button instead of toggling the loop', () => {
    const onButton = { ...canvas, control: true };
    expect(matchShortcut(press(' '), onButton)).toBeUndefined();
    expect(matchShortcut(press('Delete'), onButton)).toBe('delete');
  });

  it('does nothing while a modal dialog is open', () => {
    const modal = { ...canvas, modal: true };
    expect(matchShortcut(press('Delete'), modal)).toBeUndefined();
    expect(matchShortcut(press('s', { ctrlKey: true }), modal)).toBeUndefined();
  });

  it('lets Ctrl+C copy selected page text rather than nodes', () => {
    expect(matchShortcut(press('c', { ctrlKey: true }), { ...canvas, textSelected: true })).toBeUndefined();
  });

  it('repeats undo while the key is held but toggles the loop only once', () => {
    expect(matchShortcut(press('z', { ctrlKey: true, repeat: true }), canvas)).toBe('undo');
    expect(matchShortcut(press(' ', { repeat: true }), canvas)).toBeUndefined();
    expect(matchShortcut(press('Delete', { repeat: true }), canvas)).toBeUndefined();
  });

  it('ignores keys that are part of an IME composition', () => {
    expect(matchShortcut(press('Backspace', { isComposing: true }), canvas)).toBeUndefined();
  });
});

describe('key targets', () => {
  const element = (tagName: string, extra: Record<string, unknown> = {}) => ({
    tagName,
    getAttribute: (name: string) => (extra[name] as string | undefined) ?? null,
    closest: () => (extra.inDialog ? {} : null),
    ...extra,
  });

  it('treats inputs, textareas, selects and contenteditable elements as text fields', () => {
    expect(isTextField(element('INPUT'))).toBe(true);
    expect(isTextField(element('textarea'))).toBe(true);
    expect(isTextField(element('SELECT'))).toBe(true);
    expect(isTextField(element('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTextField(element('DIV'))).toBe(false);
    expect(isTextField(null)).toBe(false);
  });

  it('treats buttons, links and role=button elements as controls', () => {
    expect(isControl(element('BUTTON'))).toBe(true);
    expect(isControl(element('A'))).toBe(true);
    expect(isControl(element('DIV', { role: 'button' }))).toBe(true);
    expect(isControl(element('DIV'))).toBe(false);
  });

  it('counts a key pressed inside a dialog as modal', () => {
    expect(keyContext(element('BUTTON', { inDialog: true }), { modalOpen: false, textSelected: false }).modal).toBe(true);
    expect(keyContext(element('DIV'), { modalOpen: false, textSelected: false }).modal).toBe(false);
    expect(keyContext(null, { modalOpen: true, textSelected: false }).modal).toBe(true);
  });
});
