import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import english from '../public/_locales/en/messages.json';
import french from '../public/_locales/fr/messages.json';
import { formatDateTime, formatMessage, formatNumber, isolate, reasonText, selectCatalogue, t, type Catalogue } from '../utils/i18n';
import {
  applyLanguage, catalogues, languageAttributes, loadLanguage, markLanguage, resolveLanguage, textDirection, uiLanguages, watchLanguage,
} from '../utils/language';
import { defaultSettings, settingsItem } from '../utils/settings';

const others = Object.entries(catalogues).filter(([language]) => language !== 'en');

/** `$NAME$` references in a message and the `$n` each placeholder stands for. */
function placeholderShape(entry: Catalogue[string]) {
  const used = [...entry.message.matchAll(/\$([a-z0-9_@]+)\$/gi)].map((match) => match[1]!.toLowerCase()).sort();
  const declared = Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => `${name.toLowerCase()}=${content}`).sort();
  return { used, declared };
}

describe('the catalogues', () => {
  test('there are ten, one per language Settings offers, and no stray folder in _locales', () => {
    expect(uiLanguages).toHaveLength(10);
    expect(readdirSync(resolve(__dirname, '../public/_locales')).sort()).toEqual([...uiLanguages].sort());
  });

  test.each(others)('%s has exactly the keys English has', (_, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
  });

  test.each(Object.keys(english))('%s has the same placeholders in every language', (key) => {
    for (const [language, catalogue] of others) {
      expect(placeholderShape(catalogue[key]!), language).toEqual(placeholderShape((english as Catalogue)[key]!));
    }
  });

  test.each(Object.entries(catalogues))('no %s message is empty or left in English by mistake', (language, catalogue) => {
    for (const [key, entry] of Object.entries(catalogue)) {
      expect(entry.message.trim(), key).not.toBe('');
      // Words shared with English (names, "Status", "Email") are fine; whole sentences are not.
      if (language !== 'en' && entry.message.length > 40) expect(entry.message, key).not.toBe((english as Catalogue)[key]!.message);
    }
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
    ['auto', 'de-DE', 'de'],
    ['auto', 'pt_BR', 'pt'],
    ['auto', 'ar-EG', 'ar'],
    ['auto', 'tr', 'tr'],
    ['auto', 'zh-CN', 'en'],
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
    markLanguage(root, 'ar');
    expect([root.lang, root.dir]).toEqual(['ar', 'rtl']);
    expect(textDirection('ar')).toBe('rtl');
  });

  test.each(uiLanguages.map((language) => [language, language === 'ar' ? 'rtl' : 'ltr']))(
    'languageAttributes(%s) says dir=%s', (language, dir) => {
      expect(languageAttributes(language)).toEqual({ lang: language, dir });
    },
  );

  test("someone else's words keep their own direction inside our sentences", () => {
    applyLanguage('ar');
    const text = reasonText({ key: 'deliveryHttpError', detail: 'HTTP 503 Service Unavailable' });
    expect(text).toContain('\u2068HTTP 503 Service Unavailable\u2069');
    expect(text.startsWith('أجابت')).toBe(true);
    expect(t('popupNote', isolate('note'))).toMatch(/^ملاحظة من نقطة الاستقبال: \u2068note\u2069$/);
  });

  test('numbers and dates follow the chosen language', () => {
    applyLanguage('de');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatDateTime('2026-03-04T05:06:00Z')).toMatch(/04\.03\.2026/);
    applyLanguage('ar');
    expect(formatNumber(1234)).toBe(new Intl.NumberFormat('ar').format(1234));
    applyLanguage('fr');
    expect(formatNumber(1234.5)).toBe('1\u202f234,5');
    applyLanguage('en');
    expect(formatNumber(1234)).toBe('1,234');
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

/**
 * 112 everywhere in the EU; a national police number where the language's country has its own one
 * besides 112 (docs/translations.md says where each comes from).
 */
describe('emergency numbers', () => {
  const national: Record<string, string[]> = { fr: ['17'], de: ['110'], es: ['091'], it: ['113'], pl: ['997'] };
  test.each(Object.entries(catalogues))('%s names 112 and its national number', (language, catalogue) => {
    const advice = catalogue.threatToLifeAdvice!.message;
    expect(advice).toContain('112');
    for (const number of national[language] ?? []) expect(advice).toMatch(new RegExp(`(^|\\D)${number}(\\D|$)`));
  });
});
