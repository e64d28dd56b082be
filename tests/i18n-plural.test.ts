/** Plurals: chrome.i18n has none, so `plural()` picks `_one`/`_few`/`_many`/`_other` with Intl.PluralRules. */
import { afterEach, describe, expect, test } from 'vitest';
import english from '../public/_locales/en/messages.json';
import { plural, selectCatalogue, type Catalogue } from '../utils/i18n';
import { catalogues } from '../utils/language';

const use = (language: keyof typeof catalogues) => selectCatalogue(catalogues[language] as Catalogue, english as Catalogue, language);
afterEach(() => selectCatalogue(english as Catalogue, english as Catalogue, 'en'));

describe('plural', () => {
  test('English: one for 1 only; 0 and 2 are other', () => {
    use('en');
    expect([0, 1, 2, 21].map((n) => plural('figuresDays', n))).toEqual(['0 days', '1 day', '2 days', '21 days']);
    expect(plural('badgeStatusChanges', 1)).toBe('1 status change since you last opened Flagpost');
    expect(plural('badgeStatusChanges', 3)).toBe('3 status changes since you last opened Flagpost');
    // The popup's export button: never "Export 1 reports".
    expect([1, 2].map((n) => plural('popupExportReports', n))).toEqual(['Export 1 report', 'Export 2 reports']);
  });

  test('French: 0 and 1 (and 1.5) are singular, unlike English; large round numbers take "de"', () => {
    use('fr');
    expect(plural('figuresDays', 0)).toBe('0 jour');
    expect(plural('figuresDays', 1.5)).toBe('1,5 jour');
    expect(plural('figuresDays', 2)).toBe('2 jours');
    expect(plural('popupExportReports', 1)).toBe('Exporter 1 signalement');
    expect(plural('popupExportReports', 1_000_000)).toBe(`Exporter ${new Intl.NumberFormat('fr').format(1_000_000)} de signalements`);
  });

  test('Polish: one, few (2–4, 22–24) and many (5–21, 25…) differ', () => {
    use('pl');
    expect([1, 2, 5, 22, 25].map((n) => plural('popupExportReports', n))).toEqual([
      'Eksportuj 1 zgłoszenie', 'Eksportuj 2 zgłoszenia', 'Eksportuj 5 zgłoszeń', 'Eksportuj 22 zgłoszenia', 'Eksportuj 25 zgłoszeń',
    ]);
    expect(plural('figuresDays', 2.5)).toBe('2,5 dnia');
  });

  test("Arabic: few (3–10) and many (11–99) have their own forms; zero and two, which no catalogue key has, take other", () => {
    use('ar');
    const digits = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect(plural('popupExportReports', 3)).toBe(`تصدير ${digits(3)} بلاغات`);
    expect(plural('popupExportReports', 11)).toBe(`تصدير ${digits(11)} بلاغًا`);
    expect(plural('popupExportReports', 100)).toBe(`تصدير ${digits(100)} بلاغ`);
    expect(plural('popupExportReports', 2)).toBe(`تصدير ${digits(2)} بلاغ`);
  });

  test('every catalogue has all four forms of every plural message', () => {
    const bases = Object.keys(english).filter((key) => key.endsWith('_other')).map((key) => key.slice(0, -'_other'.length));
    expect(bases.length).toBeGreaterThan(0);
    for (const [language, catalogue] of Object.entries(catalogues)) {
      for (const base of bases) {
        for (const form of ['one', 'few', 'many', 'other']) expect(catalogue, `${language} ${base}_${form}`).toHaveProperty(`${base}_${form}`);
      }
    }
  });
});
