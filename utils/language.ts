/**
 * The language of Flagpost's own pages and dialog: the one chosen in Settings, else the
 * browser's. Both catalogues are bundled (a few kB each), so text is ready before the first
 * render, in extension pages and in the dialog alike. Not for the content script: it stays tiny.
 */
import { browser } from 'wxt/browser';
import english from '../public/_locales/en/messages.json';
import french from '../public/_locales/fr/messages.json';
import { selectCatalogue, type Catalogue } from './i18n';
import { loadSettings, settingsItem, type Language } from './settings';

const catalogues = { en: english, fr: french } satisfies Record<Exclude<Language, 'auto'>, Catalogue>;
export type UiLanguage = keyof typeof catalogues;

/** Scripts written right to left: a catalogue in one of these turns the layout around. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'yi']);

/** 'auto' takes the browser's language when we have it, else English. */
export function resolveLanguage(setting: Language, browserLanguage: string): UiLanguage {
  if (setting !== 'auto') return setting;
  const primary = browserLanguage.toLowerCase().split(/[-_]/)[0] ?? '';
  return Object.hasOwn(catalogues, primary) ? (primary as UiLanguage) : 'en';
}

export function textDirection(language: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

/** `t()` answers in `language` from now on; a key it lacks falls back to English. */
export function applyLanguage(language: UiLanguage): void {
  selectCatalogue(catalogues[language], catalogues.en);
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

/** Whether `language` names one of the bundled catalogues (what the background answers is checked again). */
export function isUiLanguage(language: string): language is UiLanguage {
  return Object.hasOwn(catalogues, language);
}

/** `lang` and `dir` on the root of a page or of the dialog, so screen readers and layout follow. */
export function markLanguage(root: HTMLElement, language: UiLanguage): void {
  root.lang = language;
  root.dir = textDirection(language);
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
