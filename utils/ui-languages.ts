/**
 * The languages Flagpost speaks, in the order Settings lists them. One list: the settings schema,
 * the bundled catalogues (utils/language.ts) and the tests all follow it; a new language is a code
 * here, a `public/_locales/<code>/messages.json`, and an `optionsLanguage<Code>` label.
 */
export const uiLanguages = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pl', 'pt', 'ar', 'tr'] as const;
export type UiLanguage = (typeof uiLanguages)[number];

/**
 * The language of `tag` (BCP 47, `fr-CA`, `pt_BR`) among `supported`, by its primary subtag; undefined when
 * not supported. The extension (the browser's language) and the endpoint's reviewer pages (Accept-Language,
 * through endpoint/src/shared.ts) both choose this way.
 */
export function supportedLanguage<L extends string>(tag: string, supported: readonly L[]): L | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (supported as readonly string[]).includes(primary) ? (primary as L) : undefined;
}

/** Scripts written right to left: a catalogue in one of these turns the layout around. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'yi']);

export function textDirection(language: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}
