import { browser } from 'wxt/browser';
import type englishMessages from '../public/_locales/en/messages.json';

/** Every key of the English catalogue; a typo in a key is a type error. */
export type MessageKey = keyof typeof englishMessages;

/** The one door to user-facing text: another locale is a new messages.json, not a code change. */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** Why something did not happen, kept as a message key so it is shown in the reader's language. */
export interface Reason {
  key: MessageKey;
  /** Words that are not ours to translate (an HTTP status, the endpoint's own message). */
  detail?: string;
}

export function reasonText(reason: Reason): string {
  return t(reason.key, reason.detail ?? '');
}
