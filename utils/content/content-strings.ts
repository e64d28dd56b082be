/**
 * The few words the content script shows on the feed, in the language chosen in Settings. The
 * content script carries no catalogue (budget: 10 KB gzip): only these three messages of each
 * language are bundled (JSON named imports are tree-shaken), and the language comes from the background:
 * a content script never reads Settings, which hold the token and the reporter's name and email. Every
 * other page and the dialog load catalogues in utils/language.ts.
 */
import { askBackground } from './messaging';
// Named imports, one by one: a namespace import would keep every message of every language.
import { alreadyReported as arReported, alreadyReportedShow as arShow, reportAction as arAction } from '../../public/_locales/ar/messages.json';
import { alreadyReported as deReported, alreadyReportedShow as deShow, reportAction as deAction } from '../../public/_locales/de/messages.json';
import { alreadyReported as enReported, alreadyReportedShow as enShow, reportAction as enAction } from '../../public/_locales/en/messages.json';
import { alreadyReported as esReported, alreadyReportedShow as esShow, reportAction as esAction } from '../../public/_locales/es/messages.json';
import { alreadyReported as frReported, alreadyReportedShow as frShow, reportAction as frAction } from '../../public/_locales/fr/messages.json';
import { alreadyReported as itReported, alreadyReportedShow as itShow, reportAction as itAction } from '../../public/_locales/it/messages.json';
import { alreadyReported as nlReported, alreadyReportedShow as nlShow, reportAction as nlAction } from '../../public/_locales/nl/messages.json';
import { alreadyReported as plReported, alreadyReportedShow as plShow, reportAction as plAction } from '../../public/_locales/pl/messages.json';
import { alreadyReported as ptReported, alreadyReportedShow as ptShow, reportAction as ptAction } from '../../public/_locales/pt/messages.json';
import { alreadyReported as trReported, alreadyReportedShow as trShow, reportAction as trAction } from '../../public/_locales/tr/messages.json';
import { textDirection, type UiLanguage } from '../ui-languages';

type Entry = { message: string };
const pick = (reportAction: Entry, alreadyReported: Entry, alreadyReportedShow: Entry) => ({
  reportAction: reportAction.message, alreadyReported: alreadyReported.message, alreadyReportedShow: alreadyReportedShow.message,
});
const catalogues: Record<UiLanguage, ReturnType<typeof pick>> = {
  en: pick(enAction, enReported, enShow),
  fr: pick(frAction, frReported, frShow),
  de: pick(deAction, deReported, deShow),
  es: pick(esAction, esReported, esShow),
  it: pick(itAction, itReported, itShow),
  nl: pick(nlAction, nlReported, nlShow),
  pl: pick(plAction, plReported, plShow),
  pt: pick(ptAction, ptReported, ptShow),
  ar: pick(arAction, arReported, arShow),
  tr: pick(trAction, trReported, trShow),
};
/** `reportAccountAction` (profile and channel pages only) comes from the background, in the chosen language. */
export type ContentStrings = ReturnType<typeof pick> & { reportAccountAction: string; lang: UiLanguage; dir: 'ltr' | 'rtl' };

export async function contentStrings(): Promise<ContentStrings> {
  const { language, reportAccountAction } = await askBackground('content.language', {}).catch(() => ({ language: 'en', reportAccountAction: '' }));
  const lang = (Object.hasOwn(catalogues, language) ? language : 'en') as UiLanguage;
  return { ...catalogues[lang], reportAccountAction: reportAccountAction || catalogues[lang].reportAction, lang, dir: textDirection(lang) };
}
