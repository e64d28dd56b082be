import { browser } from 'wxt/browser';
import type englishMessages from '../public/_locales/en/messages.json';

/** Every key of the English catalogue; a typo in a key is a type error. */
export type MessageKey = keyof typeof englishMessages;

/** One entry of a `_locales/<lang>/messages.json`, in the browser's own format. */
export interface CatalogueEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
export type Catalogue = Record<string, CatalogueEntry>;

/**
 * The catalogue chosen in Settings (utils/language.ts). The browser's i18n API only knows the
 * browser's language and cannot switch at run time, so a page that loaded one uses it instead.
 */
let chosen: { catalogue: Catalogue; fallback: Catalogue } | undefined;

export function selectCatalogue(catalogue: Catalogue, fallback: Catalogue): void {
  chosen = { catalogue, fallback };
}

/**
 * The message with its substitutions, as `browser.i18n.getMessage` does it: `$NAME$` is the
 * placeholder's content (names are case-insensitive), `$1`…`$9` a substitution, `$$` a dollar sign.
 */
export function formatMessage(entry: CatalogueEntry, substitutions: readonly string[]): string {
  const substitute = (text: string) =>
    text.replace(/\$(\$|\d)/g, (_, what: string) => (what === '$' ? '$' : (substitutions[Number(what) - 1] ?? '')));
  return entry.message.replace(/\$([a-z0-9_@]+)\$|\$\$|\$\d/gi, (match, name: string | undefined) => {
    if (name === undefined) return substitute(match);
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? substitute(placeholder.content) : '';
  });
}

/** The one door to user-facing text: another locale is a new messages.json, not a code change. */
export function t(key: MessageKey, ...substitutions: string[]): string {
  if (chosen) {
    const entry = chosen.catalogue[key] ?? chosen.fallback[key];
    return entry ? formatMessage(entry, substitutions) : key;
  }
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
