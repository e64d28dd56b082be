import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../public/_locales/en/messages.json';
import { formatMessage, type Catalogue } from '../utils/i18n';

/** WXT's fakeBrowser has no i18n: answer from the English catalogue, placeholders and all. */
fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
  const entry = (english as Catalogue)[key];
  return entry ? formatMessage(entry, typeof substitutions === 'string' ? [substitutions] : substitutions ?? []) : '';
}) as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en';
