import { describe, expect, test } from 'vitest';
import { dialogKeyAction, isTextEntry, sendShortcutLabel, type DialogKey } from '../../components/report/dialog-keys';

const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
const textField = Object.assign(document.createElement('input'), { type: 'text' });
const textarea = document.createElement('textarea');

function key(key: string, more: Partial<DialogKey> = {}): DialogKey {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: checkbox, ...more };
}

describe('the report dialog\'s keys', () => {
  test('1…5 tick the five categories, in the order shown', () => {
    expect([1, 2, 3, 4, 5].map((n) => dialogKeyAction(key(String(n)), 5))).toEqual([0, 1, 2, 3, 4].map((index) => ({ kind: 'toggle', index })));
  });

  test('a digit past the categories, 0, or another key does nothing', () => {
    for (const other of ['6', '9', '0', 'a', ' ', 'Enter', 'Tab', 'Escape']) expect(dialogKeyAction(key(other), 5), other).toBeUndefined();
  });

  test('a digit typed in a text field is text, not a category', () => {
    expect(dialogKeyAction(key('1', { target: textarea }), 5)).toBeUndefined();
    expect(dialogKeyAction(key('2', { target: textField }), 5)).toBeUndefined();
    expect(isTextEntry(checkbox)).toBe(false);
    expect(isTextEntry(document.createElement('button'))).toBe(false);
  });

  test('with Ctrl, ⌘ or Alt a digit is the browser\'s (tab switching), not the dialog\'s', () => {
    for (const modifier of ['ctrlKey', 'metaKey', 'altKey'] as const) expect(dialogKeyAction(key('1', { [modifier]: true }), 5)).toBeUndefined();
  });

  test('a layout whose digits need Shift (AZERTY) ticks by the physical key; the numeric keypad too', () => {
    expect(dialogKeyAction(key('&', { code: 'Digit1', shiftKey: false }), 5)).toEqual({ kind: 'toggle', index: 0 });
    expect(dialogKeyAction(key('3', { code: 'Digit3', shiftKey: true }), 5)).toEqual({ kind: 'toggle', index: 2 });
    expect(dialogKeyAction(key('4', { code: 'Numpad4' }), 5)).toEqual({ kind: 'toggle', index: 3 });
  });

  test('with NumLock off the keypad moves (End, ↓, PgDn…): its keys tick nothing', () => {
    const moves = { Numpad1: 'End', Numpad2: 'ArrowDown', Numpad3: 'PageDown', Numpad4: 'ArrowLeft', Numpad5: 'Clear' };
    for (const [code, moved] of Object.entries(moves)) expect(dialogKeyAction(key(moved, { code }), 5), code).toBeUndefined();
  });

  test('Ctrl+Enter and ⌘+Enter send, from anywhere, the text fields included; with Shift, send and next', () => {
    expect(dialogKeyAction(key('Enter', { ctrlKey: true, target: textarea }), 5)).toEqual({ kind: 'send', next: false });
    expect(dialogKeyAction(key('Enter', { metaKey: true }), 5)).toEqual({ kind: 'send', next: false });
    expect(dialogKeyAction(key('Enter', { ctrlKey: true, shiftKey: true }), 5)).toEqual({ kind: 'send', next: true });
    expect(dialogKeyAction(key('Enter', { ctrlKey: true, altKey: true }), 5)).toBeUndefined();
  });

  test('plain Enter in a one-line text field is held (the browser would submit the unfinished form); elsewhere it is the browser\'s', () => {
    for (const modifiers of [{}, { shiftKey: true }, { altKey: true }]) expect(dialogKeyAction(key('Enter', { target: textField, ...modifiers }), 5)).toEqual({ kind: 'hold' });
    expect(dialogKeyAction(key('Enter', { target: textarea }), 5)).toBeUndefined();
    expect(dialogKeyAction(key('Enter', { target: checkbox }), 5)).toBeUndefined();
    expect(dialogKeyAction(key('Enter', { target: textField, ctrlKey: true }), 5)).toEqual({ kind: 'send', next: false });
  });

  test('nothing while an input method composes', () => {
    expect(dialogKeyAction(key('1', { isComposing: true }), 5)).toBeUndefined();
    expect(dialogKeyAction(key('Enter', { ctrlKey: true, isComposing: true }), 5)).toBeUndefined();
  });

  test('the send key is written the platform\'s way', () => {
    expect(sendShortcutLabel('MacIntel')).toBe('⌘+Enter');
    expect(sendShortcutLabel('Linux x86_64')).toBe('Ctrl+Enter');
  });
});
