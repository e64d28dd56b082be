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
let chosen: { catalogue: Catalogue; fallback: Catalogue; locale: string } | undefined;

export function selectCatalogue(catalogue: Catalogue, fallback: Catalogue, locale = 'en'): void {
  chosen = { catalogue, fallback, locale };
}

/** The BCP 47 tag dates and numbers are written in: the chosen language's, else the browser's. */
export function currentLocale(): string {
  return chosen?.locale ?? browser.i18n.getUILanguage();
}

/** A count or size in the reader's own digits and separators (Arabic: ١٬٢٣٤; German: 1.234). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(currentLocale()).format(value);
}

/** A date and time as the reader's locale writes them; the time zone is the device's. */
export function formatDateTime(date: Date | string | number): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(date));
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
  return t(reason.key, reason.detail === undefined ? '' : isolate(reason.detail));
}

/**
 * Someone else's words (an author's name, an endpoint's note) inside one of our sentences, set
 * apart with Unicode's isolates (FSI…PDI, the plain-text form of <bdi>): an Arabic name in an
 * English sentence, or a Latin host in an Arabic one, keeps its own direction without reordering
 * the words around it. Invisible, and ignored by screen readers.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/**
 * An error's own words (the pipeline's or the background's, in English: they carry no Reason to translate) as shown
 * in the dialog, isolated like a Reason's detail so their colons and parentheses keep their order in an Arabic sentence.
 */
export function errorText(error: unknown): string {
  return isolate(error instanceof Error ? error.message : String(error));
}

/** The message keys that come in plural forms: `<base>_one`, `_few`, `_many`, `_other` in every catalogue. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/**
 * A message about a count, in the form the reader's language uses for it. The browser's i18n has no plural
 * rules, so the form is chosen here with Intl.PluralRules (English: one/other; Polish and Arabic: few and many
 * too). A category a catalogue has no key for (Arabic's zero and two) takes the `_other` form. The count is the
 * first substitution, written in the reader's digits.
 */
export function plural(base: PluralKey, count: number, ...more: string[]): string {
  const category = new Intl.PluralRules(currentLocale()).select(count);
  const substitutions = [formatNumber(count), ...more];
  const key = `${base}_${category}` as MessageKey;
  const text = t(key, ...substitutions);
  return text === key ? t(`${base}_other` as MessageKey, ...substitutions) : text;
}

/** A share (0…1) as the reader's locale writes a percentage (French: 67 %; Arabic: ٦٧٪؜). */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}
