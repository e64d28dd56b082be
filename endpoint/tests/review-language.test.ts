import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLE } from '../src/review/pages.ts';
import { chooseReviewLanguage, reviewLanguages, reviewStrings } from '../src/review/strings.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { reviewerCookie } from './support/review.ts';
import { expectRtlSafe } from './support/rtl-css.ts';

describe('which language a reviewer page speaks', () => {
  it.each([
    [{ lang: 'fr' }, 'en', 'en-GB', 'fr'],
    [{ lang: 'de' }, undefined, undefined, 'en'],
    [{}, 'fr', 'en', 'fr'],
    [{}, 'xx', 'de-DE,fr;q=0.8,en;q=0.5', 'fr'],
    [{}, undefined, 'en;q=0.2, fr-CA;q=0.9', 'fr'],
    [{}, undefined, 'fr;q=0', 'en'],
    [{}, undefined, undefined, 'en'],
    [{ lang: 'ar' }, 'fr', 'fr', 'ar'],
    [{}, undefined, 'ar', 'ar'],
    [{}, undefined, 'ar-EG,en;q=0.5', 'ar'],
  ] as const)('query %j, cookie %s, Accept-Language %s → %s', (query, cookie, accept, expected) => {
    expect(chooseReviewLanguage(query, cookie, accept)).toBe(expected);
  });
});

/** Every leaf of a table, functions and strings alike, by its path: `statuses.received`, `reportCount`… */
const leaves = (table: object, prefix = ''): [string, unknown][] =>
  Object.entries(table).flatMap(([key, value]): [string, unknown][] =>
    value && typeof value === 'object' ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]]);
const keyPaths = (table: object) => leaves(table).map(([path]) => path).sort();

describe('the string tables', () => {
  it.each(reviewLanguages.filter((language) => language !== 'en'))('%s has exactly the keys of English, none empty', (language) => {
    expect(keyPaths(reviewStrings[language])).toEqual(keyPaths(reviewStrings.en));
    expect(leaves(reviewStrings[language]).filter(([, value]) => value === '')).toEqual([]);
  });

  it('counts reports with Arabic plural forms', () => {
    const count = (n: number) => reviewStrings.ar.reportCount(n, String).split('؛')[0];
    expect([0, 1, 2, 3, 11, 100].map(count)).toEqual(['لا توجد بلاغات', 'بلاغ واحد', 'بلاغان', '3 بلاغات', '11 بلاغًا', '100 بلاغ']);
  });

  it('the stylesheet names no physical side, so it mirrors', () => {
    expectRtlSafe(STYLE);
  });
});

describe.each(backends)('the reviewer pages in English, French and Arabic on $name', (backend) => {
  let ep: TestEndpoint;
  let cookie: string;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    cookie = await reviewerCookie(ep);
  });
  afterAll(() => ep.close());

  it('the login form follows Accept-Language, and says its lang', async () => {
    const french = await ep.request('/review/login', { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(french.text).toContain('<html lang="fr"');
    expect(french.text).toContain('Connexion des examinateurs');
    const english = await ep.request('/review/login');
    expect(english.text).toContain('<html lang="en"');
    expect(english.text).toContain('Reviewer log in');
  });

  it('the switch sets a cookie; statuses and categories get human labels; values stay machine values', async () => {
    const report = aReport((r) => {
      r.classification.tco = ['incitement', 'threat'];
      r.target.author = { handle: '@مثال' };
    });
    await ep.post(report);
    const switched = await ep.request('/review?lang=fr', { headers: { cookie } });
    expect(switched.status).toBe(200);
    expect(switched.headers.get('set-cookie')).toMatch(/^flagpost_review_lang=fr; Path=\/review;.*SameSite=Lax/);
    expect(switched.text).toContain('<html lang="fr"');
    expect(switched.text).toContain('<option value="under_review" >En cours d&#39;examen</option>');
    expect(switched.text).toContain('>Reçu</td>');
    expect(switched.text).toContain('Incitation, Menace');
    // The next page remembers, without ?lang=.
    const detail = await ep.request(`/review/reports/${report.id}`, { headers: { cookie: `${cookie}; flagpost_review_lang=fr` } });
    expect(detail.text).toContain('Changer le statut');
    expect(detail.text).toContain('<bdi>@مثال</bdi>');
    expect(detail.text).toMatch(/<option value="received">Reçu<\/option>/);
    const english = await ep.request(`/review/reports/${report.id}`, { headers: { cookie } });
    expect(english.text).toContain('Change status');
    expect(english.text).toContain('Incitement, Threat');
    expect(english.text).toMatch(/<option value="under_review">Under review<\/option>/);
  });

  it('the list still filters by the machine value, in either language', async () => {
    const list = await ep.request('/review?status=received&lang=en', { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(list.text).toContain('<option value="received" selected>Received</option>');
  });

  it('Arabic: lang="ar" dir="rtl", Arabic labels, strangers\' words and machine text isolated', async () => {
    const report = aReport((r) => {
      r.classification.tco = ['incitement', 'threat'];
      r.target.author = { handle: '@someone_english' };
      r.target.text = 'Quoted: «نص عربي» in an English post';
    });
    await ep.post(report);
    const list = await ep.request('/review', { headers: { cookie, 'accept-language': 'ar' } });
    expect(list.text).toContain('<html lang="ar" dir="rtl">');
    expect(list.text).toContain('>البلاغات</h1>');
    expect(list.text).toContain('تحريض، تهديد');
    expect(list.text).toMatch(/<td class="url" dir="ltr">https:/);
    // The switch names each language in itself, in its own direction.
    expect(list.text).toContain('<a href="/review?lang=en" lang="en" dir="ltr" hreflang="en" >English</a>');
    expect(list.text).toContain('<a href="/review?lang=ar" lang="ar" dir="rtl" hreflang="ar" aria-current="true">العربية</a>');
    const detail = await ep.request(`/review/reports/${report.id}?lang=ar`, { headers: { cookie } });
    expect(detail.headers.get('set-cookie')).toMatch(/^flagpost_review_lang=ar;/);
    expect(detail.text).toContain('<html lang="ar" dir="rtl">');
    expect(detail.text).toContain('تغيير الحالة');
    expect(detail.text).toContain('<bdi>@someone_english</bdi>');
    expect(detail.text).toContain('<p dir="auto">Quoted: «نص عربي» in an English post</p>');
    expect(detail.text).toMatch(/<a href="https:[^"]*" rel="noopener noreferrer nofollow" target="_blank" dir="ltr">/);
    expect(detail.text).toContain(`<code dir="ltr">${report.id}</code>`);
    expect(detail.text).toContain('<pre dir="ltr">{');
    // The DSA notices stay in the platforms' languages, left to right.
    expect(detail.text).toMatch(/<textarea readonly rows="12" lang="en" dir="ltr"/);
    // Times in the Arabic locale, in UTC.
    const [, iso, shown] = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(detail.text) ?? [];
    const arabic = new Intl.DateTimeFormat('ar', { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso!));
    expect(shown).toBe(`${arabic} UTC`);
  });

  it('the English and French pages stay left to right', async () => {
    for (const language of ['en', 'fr']) {
      const page = await ep.request(`/review/login?lang=${language}`);
      expect(page.text).toContain(`<html lang="${language}" dir="ltr">`);
    }
  });
});
