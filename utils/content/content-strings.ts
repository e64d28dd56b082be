/**
 * The few words the content script shows on the feed, in the language chosen in Settings. The
 * content script carries no catalogue (budget: 10 KB gzip): only these four messages of each
 * language are bundled (JSON named imports are tree-shaken), and the language comes from the background:
 * a content script never reads Settings, which hold the token and the reporter's name and email. Every
 * other page and the dialog load catalogues in utils/language.ts.
 */
import { askBackground } from './messaging';
// Named imports, one by one: a namespace import would keep every message of every language.
import { alreadyReported as arReported, alreadyReportedShow as arShow, reportAction as arAction, reportAccountAction as arAccount } from '../../public/_locales/ar/messages.json';
import { alreadyReported as deReported, alreadyReportedShow as deShow, reportAction as deAction, reportAccountAction as deAccount } from '../../public/_locales/de/messages.json';
import { alreadyReported as enReported, alreadyReportedShow as enShow, reportAction as enAction, reportAccountAction as enAccount } from '../../public/_locales/en/messages.json';
import { alreadyReported as esReported, alreadyReportedShow as esShow, reportAction as esAction, reportAccountAction as esAccount } from '../../public/_locales/es/messages.json';
import { alreadyReported as frReported, alreadyReportedShow as frShow, reportAction as frAction, reportAccountAction as frAccount } from '../../public/_locales/fr/messages.json';
import { alreadyReported as itReported, alreadyReportedShow as itShow, reportAction as itAction, reportAccountAction as itAccount } from '../../public/_locales/it/messages.json';
import { alreadyReported as nlReported, alreadyReportedShow as nlShow, reportAction as nlAction, reportAccountAction as nlAccount } from '../../public/_locales/nl/messages.json';
import { alreadyReported as plReported, alreadyReportedShow as plShow, reportAction as plAction, reportAccountAction as plAccount } from '../../public/_locales/pl/messages.json';
import { alreadyReported as ptReported, alreadyReportedShow as ptShow, reportAction as ptAction, reportAccountAction as ptAccount } from '../../public/_locales/pt/messages.json';
import { alreadyReported as trReported, alreadyReportedShow as trShow, reportAction as trAction, reportAccountAction as trAccount } from '../../public/_locales/tr/messages.json';
import { textDirection, type UiLanguage } from '../ui-languages';

type Entry = { message: string };
const pick = (reportAction: Entry, alreadyReported: Entry, alreadyReportedShow: Entry, reportAccountAction: Entry) => ({
  reportAction: reportAction.message, alreadyReported: alreadyReported.message, alreadyReportedShow: alreadyReportedShow.message,
  reportAccountAction: reportAccountAction.message,
});
const catalogues: Record<UiLanguage, ReturnType<typeof pick>> = {
  en: pick(enAction, enReported, enShow, enAccount),
  fr: pick(frAction, frReported, frShow, frAccount),
  de: pick(deAction, deReported, deShow, deAccount),
  es: pick(esAction, esReported, esShow, esAccount),
  it: pick(itAction, itReported, itShow, itAccount),
  nl: pick(nlAction, nlReported, nlShow, nlAccount),
  pl: pick(plAction, plReported, plShow, plAccount),
  pt: pick(ptAction, ptReported, ptShow, ptAccount),
  ar: pick(arAction, arReported, arShow, arAccount),
  tr: pick(trAction, trReported, trShow, trAccount),
};
export type ContentStrings = ReturnType<typeof pick> & { lang: UiLanguage; dir: 'ltr' | 'rtl' };

export async function contentStrings(): Promise<ContentStrings> {
  const { language } = await askBackground('content.language', {}).catch(() => ({ language: 'en' }));
  const lang = (Object.hasOwn(catalogues, language) ? language : 'en') as UiLanguage;
  return { ...catalogues[lang], lang, dir: textDirection(lang) };
}
