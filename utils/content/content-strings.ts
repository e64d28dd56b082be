/**
 * The few words the content script shows on the feed, in the language chosen in Settings. The background
 * answers them ('content.language'): a content script never reads Settings, which hold the token and the
 * reporter's name and email, and carries no catalogue (budget: 10 KB gzip). Only the English words are
 * bundled, for when the background cannot answer. Every other page and the dialog load catalogues in
 * utils/language.ts.
 */
import { askBackground } from './messaging';
// Named imports, one by one: a namespace import would keep every message of the catalogue.
import {
  alreadyReported, alreadyReportedShow, dialogTitle, reportAccountAction, reportAction,
} from '../../public/_locales/en/messages.json';
import type { FeedWords } from '../feed-words';
import { textDirection, uiLanguages, type UiLanguage } from '../ui-languages';

const ENGLISH: FeedWords = {
  reportAction: reportAction.message,
  reportAccountAction: reportAccountAction.message,
  alreadyReported: alreadyReported.message,
  alreadyReportedShow: alreadyReportedShow.message,
  dialogTitle: dialogTitle.message,
};

export type ContentStrings = FeedWords & { lang: UiLanguage; dir: 'ltr' | 'rtl' };

export async function contentStrings(): Promise<ContentStrings> {
  const answer = await askBackground('content.language', {}).catch(() => undefined);
  const lang = answer && (uiLanguages as readonly string[]).includes(answer.language) ? (answer.language as UiLanguage) : 'en';
  return { ...(answer?.words ?? ENGLISH), lang, dir: textDirection(lang) };
}
