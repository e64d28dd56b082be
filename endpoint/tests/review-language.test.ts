import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseReviewLanguage } from '../src/review/strings.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';
import { reviewerCookie } from './support/review.ts';


describe('which language a reviewer page speaks', () => {
  it.each([
    [{ lang: 'fr' }, 'en', 'en-GB', 'fr'],
    [{ lang: 'de' }, undefined, undefined, 'en'],
    [{}, 'fr', 'en', 'fr'],
    [{}, 'xx', 'de-DE,fr;q=0.8,en;q=0.5', 'fr'],
    [{}, undefined, 'en;q=0.2, fr-CA;q=0.9', 'fr'],
    [{}, undefined, 'fr;q=0', 'en'],
    [{}, undefined, undefined, 'en'],
  ] as const)('query %j, cookie %s, Accept-Language %s → %s', (query, cookie, accept, expected) => {
    expect(chooseReviewLanguage(query, cookie, accept)).toBe(expected);
  });
});

describe.each(backends)('the reviewer pages in English and French on $name', (backend) => {
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
});
