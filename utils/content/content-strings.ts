/**
 * The few words the content script shows on the feed, in the language chosen in Settings. The
 * content script carries no catalogue: only these messages of each language are bundled (JSON named
 * imports are tree-shaken), and the language comes from the background: a content script never reads
 * Settings, which hold the token and the reporter's name and email.
 */
import { askBackground } from './messaging';
import { alreadyReported as enReported, alreadyReportedShow as enShow, reportAction as enAction } from '../../public/_locales/en/messages.json';
import { alreadyReported as frReported, alreadyReportedShow as frShow, reportAction as frAction } from '../../public/_locales/fr/messages.json';

const catalogues = {
  en: { reportAction: enAction.message, alreadyReported: enReported.message, alreadyReportedShow: enShow.message },
  fr: { reportAction: frAction.message, alreadyReported: frReported.message, alreadyReportedShow: frShow.message },
};
export type ContentStrings = (typeof catalogues)['en'];

export async function contentStrings(): Promise<ContentStrings> {
  const { language } = await askBackground('content.language', {}).catch(() => ({ language: 'en' }));
  return Object.hasOwn(catalogues, language) ? catalogues[language as keyof typeof catalogues] : catalogues.en;
}
