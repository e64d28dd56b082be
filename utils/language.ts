/**
 * The language of Flagpost's own pages and dialog: the one chosen in Settings, else the
 * browser's. All ten catalogues are bundled (about 25 kB each before compression), so text is
 * ready before the first render, in extension pages, the background and the dialog alike, with no
 * fetch that a content-script context might not be allowed. Not for the content script: it stays tiny.
 * The one place that loads catalogues.
 */
import { browser } from 'wxt/browser';
import arabic from '../public/_locales/ar/messages.json';
import german from '../public/_locales/de/messages.json';
import english from '../public/_locales/en/messages.json';
import spanish from '../public/_locales/es/messages.json';
import french from '../public/_locales/fr/messages.json';
import italian from '../public/_locales/it/messages.json';
import dutch from '../public/_locales/nl/messages.json';
import polish from '../public/_locales/pl/messages.json';
import portuguese from '../public/_locales/pt/messages.json';
import turkish from '../public/_locales/tr/messages.json';
import { selectCatalogue, type Catalogue } from './i18n';
import { loadSettings, settingsItem, type Language } from './settings';
import { supportedLanguage, textDirection, uiLanguages, type UiLanguage } from './ui-languages';
import { feedWordKeys, type FeedWords } from './feed-words';

export { textDirection, uiLanguages, type UiLanguage };

export const catalogues: Record<UiLanguage, Catalogue> = {
  en: english, fr: french, de: german, es: spanish, it: italian, nl: dutch, pl: polish, pt: portuguese, ar: arabic, tr: turkish,
};

/** The words a content script shows on the feed, in `language` (a key it lacks falls back to English). */
export function feedWords(language: UiLanguage): FeedWords {
  const word = (key: (typeof feedWordKeys)[number]) => (catalogues[language][key] ?? catalogues.en[key])?.message ?? '';
  return Object.fromEntries(feedWordKeys.map((key) => [key, word(key)])) as FeedWords;
}

/** 'auto' takes the browser's language when we have it, else English. */
export function resolveLanguage(setting: Language, browserLanguage: string): UiLanguage {
  if (setting !== 'auto') return setting;
  return supportedLanguage(browserLanguage, uiLanguages) ?? 'en';
}

/** `t()` answers in `language` from now on; a key it lacks falls back to English. */
export function applyLanguage(language: UiLanguage): void {
  selectCatalogue(catalogues[language], catalogues.en, language);
}

/** The language Settings choose, resolved against the browser's; nothing applied. */
export async function chosenLanguage(): Promise<UiLanguage> {
  return resolveLanguage((await loadSettings()).language, browser.i18n.getUILanguage());
}

/** Reads the setting, applies it, and says which language that is. */
export async function loadLanguage(): Promise<UiLanguage> {
  const language = await chosenLanguage();
  applyLanguage(language);
  return language;
}

/**
 * The `lang` and `dir` a root element needs for `language`: for a page's <html>, the dialog's
 * container, or an iframe document built elsewhere. The one source of both attributes.
 */
export function languageAttributes(language: UiLanguage): { lang: UiLanguage; dir: 'ltr' | 'rtl' } {
  return { lang: language, dir: textDirection(language) };
}

/** Whether `language` names one of the bundled catalogues (what the background answers is checked again). */
export function isUiLanguage(language: string): language is UiLanguage {
  return Object.hasOwn(catalogues, language);
}

/** `lang` and `dir` on the root of a page or of the dialog, so screen readers and layout follow. */
export function markLanguage(root: HTMLElement, language: UiLanguage): void {
  const { lang, dir } = languageAttributes(language);
  root.lang = lang;
  root.dir = dir;
}

/** Calls back, with the new language applied, each time the setting changes it from `current`. */
export function watchLanguage(current: UiLanguage, onChange: (language: UiLanguage) => void): () => void {
  return settingsItem.watch(() => {
    void loadLanguage().then((language) => {
      if (language === current) return;
      current = language;
      onChange(language);
    });
  });
}
