/**
 * The few words the content script shows on the feed, in the language chosen in Settings. The
 * content script carries no catalogue: only these messages of each language are bundled (JSON named
 * imports are tree-shaken), and the setting is read raw from storage, without zod.
 */
import { browser } from 'wxt/browser';
import { alreadyReported as enReported, alreadyReportedShow as enShow, reportAction as enAction } from '../../public/_locales/en/messages.json';
import { alreadyReported as frReported, alreadyReportedShow as frShow, reportAction as frAction } from '../../public/_locales/fr/messages.json';

const catalogues = {
  en: { reportAction: enAction.message, alreadyReported: enReported.message, alreadyReportedShow: enShow.message },
  fr: { reportAction: frAction.message, alreadyReported: frReported.message, alreadyReportedShow: frShow.message },
};
export type ContentStrings = (typeof catalogues)['en'];

export async function contentStrings(): Promise<ContentStrings> {
  const { settings } = await browser.storage.local.get('settings').catch(() => ({ settings: undefined }));
  const chosen = (settings as { language?: unknown } | undefined)?.language;
  // 'auto' (or nothing chosen): the browser's language, as the manifest's own messages.
  const language = typeof chosen === 'string' && Object.hasOwn(catalogues, chosen) ? chosen : browser.i18n.getUILanguage().slice(0, 2);
  return catalogues[language as keyof typeof catalogues] ?? catalogues.en;
}
