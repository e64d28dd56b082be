/**
 * The words a content script writes into a page (and the report frame's title, its name for a screen reader): the
 * background answers them in the chosen language ('content.language'), and the content script bundles only the
 * English ones, for when it cannot ask.
 * A leaf: content scripts import it, and must not pull in zod or the catalogues.
 */
export const feedWordKeys = ['reportAction', 'reportAccountAction', 'alreadyReported', 'alreadyReportedShow', 'dialogTitle'] as const;
export type FeedWords = Record<(typeof feedWordKeys)[number], string>;
export const MAX_FEED_WORD_LENGTH = 200;

/** The language the words are in, which may not be the page's (Arabic chosen, on an English feed). */
export interface WordsLanguage {
  lang: string;
  dir: 'ltr' | 'rtl';
}

/** On each element of ours that holds the words: a screen reader reads them in their language, and they run their way. */
export function setWordsLanguage(element: HTMLElement, { lang, dir }: WordsLanguage): void {
  element.lang = lang;
  element.dir = dir;
}
