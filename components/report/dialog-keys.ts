/**
 * The dialog's keyboard shortcuts (issue 18): a volunteer reports fifty posts an evening.
 *  - 1…5 tick (or untick) the TCO categories, in the order shown (each shows its key); never while typing text.
 *  - Ctrl+Enter (⌘+Enter on a Mac) sends; with Shift it sends and opens the dialog for the next post in view.
 *    No other Enter sends, not even in a one-line field, where the browser would submit the form.
 * The report frame is an extension page: the web page hears none of these keys.
 */

/** `hold`: the key's default is prevented, nothing else (see dialogKeyAction). */
export type DialogKeyAction = { kind: 'toggle'; index: number } | { kind: 'send'; next: boolean } | { kind: 'hold' };

/** What is read of a keydown (a KeyboardEvent has all of it): the tests build plain objects. */
export interface DialogKey {
  key: string;
  /** The physical key: a digit on a layout where the digits need Shift (AZERTY) is read from it. */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
  target: EventTarget | null;
}

/** Fields where a digit is text: a checkbox or a button is not one. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'number', 'password']);

export function isTextEntry(target: EventTarget | null): boolean {
  if (!isElement(target)) return false;
  return target.localName === 'textarea' || target.isContentEditable || isSingleLineText(target);
}

/** A one-line text field: the browser submits its form on Enter (implicit submission). */
function isSingleLineText(target: EventTarget | null): boolean {
  return isElement(target) && target.localName === 'input' && TEXT_INPUT_TYPES.has((target as HTMLInputElement).type);
}

function isElement(target: EventTarget | null): target is HTMLElement {
  return Boolean(target) && typeof (target as Element).localName === 'string';
}

/**
 * The digit a key types; the top row's physical key when the layout needs Shift for it (AZERTY's "&" is Digit1).
 * Never the keypad's code: with NumLock off, Numpad1 is End and must not tick category 1 (with it on, key is "1").
 */
function digitOf(key: DialogKey): number | undefined {
  if (/^[1-9]$/.test(key.key)) return Number(key.key);
  const physical = /^Digit([1-9])$/.exec(key.code ?? '');
  return physical ? Number(physical[1]) : undefined;
}

/** What a keydown does in the dialog, or undefined when it is left to the browser (typing, Tab, Space…). */
export function dialogKeyAction(key: DialogKey, categories: number): DialogKeyAction | undefined {
  // An input method composing (Chinese, Japanese): its Enter and digits are the composer's.
  if (key.isComposing) return undefined;
  if (key.key === 'Enter' && (key.ctrlKey || key.metaKey) && !key.altKey) return { kind: 'send', next: key.shiftKey };
  // Any other Enter in the "entity" field would submit the form the browser's way: a reporter who ends the line with
  // Enter would send an unfinished report. Only the shortcut the dialog shows sends.
  if (key.key === 'Enter' && isSingleLineText(key.target)) return { kind: 'hold' };
  if (key.ctrlKey || key.metaKey || key.altKey || isTextEntry(key.target)) return undefined;
  const digit = digitOf(key);
  return digit !== undefined && digit <= categories ? { kind: 'toggle', index: digit - 1 } : undefined;
}

/** How the send shortcut is written on this platform: ⌘ on Apple's, Ctrl elsewhere. */
export function sendShortcutLabel(platform: string = globalThis.navigator?.platform ?? ''): string {
  return /mac|iphone|ipad/i.test(platform) ? '⌘+Enter' : 'Ctrl+Enter';
}
