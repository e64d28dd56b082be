/**
 * The languages Flagpost speaks, in the order Settings lists them. One list: the settings schema,
 * the bundled catalogues (utils/language.ts) and the tests all follow it; a new language is a code
 * here, a `public/_locales/<code>/messages.json`, and an `optionsLanguage<Code>` label.
 */
export const uiLanguages = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pl', 'pt', 'ar', 'tr'] as const;
export type UiLanguage = (typeof uiLanguages)[number];
