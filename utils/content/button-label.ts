/**
 * The button's label in the language chosen in Settings. The content script carries no
 * catalogue: only this one message of each language is bundled (JSON named imports are
 * tree-shaken), and the setting is read raw from storage, without zod.
 */
import { browser } from 'wxt/browser';
import { reportAction as english } from '../../public/_locales/en/messages.json';
import { reportAction as french } from '../../public/_locales/fr/messages.json';

const labels: Record<string, string> = { en: english.message, fr: french.message };

export async function reportButtonLabel(): Promise<string> {
  const { settings } = await browser.storage.local.get('settings').catch(() => ({ settings: undefined }));
  const language = (settings as { language?: unknown } | undefined)?.language;
  return (typeof language === 'string' && Object.hasOwn(labels, language) ? labels[language] : undefined)
    ?? browser.i18n.getMessage('reportAction');
}
