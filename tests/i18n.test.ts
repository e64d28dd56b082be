import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import english from '../public/_locales/en/messages.json';
import french from '../public/_locales/fr/messages.json';
import { formatMessage, selectCatalogue, t, type Catalogue } from '../utils/i18n';
import { applyLanguage, loadLanguage, markLanguage, resolveLanguage, textDirection, watchLanguage } from '../utils/language';
import { defaultSettings, settingsItem } from '../utils/settings';

const catalogues: Record<string, Catalogue> = { en: english, fr: french };

/** `$NAME$` references in a message and the `$n` each placeholder stands for. */
function placeholderShape(entry: Catalogue[string]) {
  const used = [...entry.message.matchAll(/\$([a-z0-9_@]+)\$/gi)].map((match) => match[1]!.toLowerCase()).sort();
  const declared = Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => `${name.toLowerCase()}=${content}`).sort();
  return { used, declared };
}

describe('the catalogues', () => {
  test('English and French have exactly the same keys', () => {
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
  });

  test.each(Object.keys(english))('%s has the same placeholders in both languages', (key) => {
    expect(placeholderShape((french as Catalogue)[key]!)).toEqual(placeholderShape((english as Catalogue)[key]!));
  });

  test.each(Object.entries(catalogues))('every placeholder the %s messages use is declared, and none is left over', (_, catalogue) => {
    for (const entry of Object.values(catalogue)) {
      const { used, declared } = placeholderShape(entry);
      expect(declared.map((name) => name.split('=')[0])).toEqual([...new Set(used)]);
    }
  });
});

describe('formatMessage does what browser.i18n.getMessage does', () => {
  test('placeholders by name, case-insensitively, each standing for a numbered substitution', () => {
    const entry = { message: 'From $Who$ to $TO$, again $who$', placeholders: { who: { content: '$1' }, to: { content: '$2' } } };
    expect(formatMessage(entry, ['Ada', 'Bob'])).toBe('From Ada to Bob, again Ada');
  });

  test('numbered substitutions in the message itself, $$ for a dollar, a missing one as nothing', () => {
    expect(formatMessage({ message: 'Costs $$$1 or $2.' }, ['5'])).toBe('Costs $5 or .');
  });

  test('a placeholder with fixed content, and an undeclared one', () => {
    expect(formatMessage({ message: '$SITE$: $NOPE$!', placeholders: { site: { content: 'Flagpost' } } }, [])).toBe('Flagpost: !');
  });

  test('a substitution is inserted as it is, never read as a placeholder', () => {
    expect(formatMessage(english.popupNote, ['$1 $NOTE$ $$'])).toBe('Note from the endpoint: $1 $NOTE$ $$');
  });
});

describe('choosing the language', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => applyLanguage('en'));

  test.each([
    ['auto', 'fr-FR', 'fr'],
    ['auto', 'fr', 'fr'],
    ['auto', 'en-GB', 'en'],
    ['auto', 'de-DE', 'en'],
    ['auto', 'pt_BR', 'en'],
    ['en', 'fr-FR', 'en'],
    ['fr', 'en-US', 'fr'],
  ] as const)('setting %s with browser language %s → %s', (setting, browserLanguage, expected) => {
    expect(resolveLanguage(setting, browserLanguage)).toBe(expected);
  });

  test('French from the settings: t() answers in French, with substitutions', async () => {
    await settingsItem.setValue({ ...defaultSettings, language: 'fr' });
    expect(await loadLanguage()).toBe('fr');
    expect(t('send')).toBe('Envoyer le signalement');
    expect(t('dialogPostBy', '@ada')).toBe('Publication de @ada');
  });

  test('auto follows the browser', async () => {
    fakeBrowser.i18n.getUILanguage = () => 'fr-CA';
    expect(await loadLanguage()).toBe('fr');
    fakeBrowser.i18n.getUILanguage = () => 'en';
    expect(await loadLanguage()).toBe('en');
    expect(t('send')).toBe('Send report');
  });

  test('a key the chosen catalogue lacks falls back to English; an unknown key shows as itself', () => {
    const { send: _dropped, ...partialFrench } = french as Catalogue;
    selectCatalogue(partialFrench, english);
    expect(t('send')).toBe('Send report');
    expect(t('cancel')).toBe('Annuler');
    expect(t('noSuchKey' as 'send')).toBe('noSuchKey');
  });

  test('lang and dir go on the root', () => {
    const root = document.createElement('div');
    markLanguage(root, 'fr');
    expect([root.lang, root.dir]).toEqual(['fr', 'ltr']);
    expect(textDirection('ar')).toBe('rtl');
  });

  test('a change of language in the settings is reported once, with the new catalogue applied', async () => {
    const seen: string[] = [];
    const stop = watchLanguage('en', (language) => seen.push(`${language}:${t('cancel')}`));
    await settingsItem.setValue({ ...defaultSettings, language: 'fr' });
    await settingsItem.setValue({ ...defaultSettings, language: 'fr', markReported: false });
    await settingsItem.setValue({ ...defaultSettings, language: 'en' });
    await vi.waitFor(() => expect(seen).toEqual(['fr:Annuler', 'en:Cancel']));
    stop();
  });
});
