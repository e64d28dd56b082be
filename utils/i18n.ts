import { browser } from 'wxt/browser';
import type englishMessages from '../public/_locales/en/messages.json';

/** Every key of the English catalogue; a typo in a key is a type error. */
export type MessageKey = keyof typeof englishMessages;

/** The one door to user-facing text: another locale is a new messages.json, not a code change. */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
