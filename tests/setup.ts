import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../public/_locales/en/messages.json';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

/** WXT's fakeBrowser has no i18n: answer from the English catalogue, placeholders and all. */
fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
  const entry = (english as Record<string, Entry>)[key];
  if (!entry) return '';
  const values = typeof substitutions === 'string' ? [substitutions] : substitutions ?? [];
  return entry.message.replace(/\$([A-Z0-9_]+)\$/gi, (_match, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, index: string) => values[Number(index) - 1] ?? '');
  });
}) as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en';
