/**
 * The batch of ten that e2e/batch.e2e.ts (Chromium) and e2e/firefox/volunteer.e2e.ts report: copies of the X profile's
 * first post, each with its own status id and pictures; the fourth one's first picture answers 500.
 */
import { expect } from 'vitest';
import { Report } from '../utils/schema/report';

export const BATCH_POSTS = 10;
export const FAILING_MEDIUM = 'https://pbs.twimg.com/media/P3G42JlFfaAAALjaj?format=png&name=orig';
export const batchPostUrl = (index: number) => `https://x.com/lcMenci/status/19853950582298178${String(index).padStart(2, '0')}`;

/**
 * One report per post, each with its own id, the one classification, and its four media hashed from the served bytes,
 * but for the one failing medium, which carries the fetch's error and no hash.
 */
export function expectBatchReports(bodies: unknown[], sha256Of: (url: string) => string): void {
  const reports = bodies.map((body) => Report.parse(body));
  expect(reports).toHaveLength(BATCH_POSTS);
  expect(reports.map((report) => report.target.url).sort()).toEqual(Array.from({ length: BATCH_POSTS }, (_, i) => batchPostUrl(i)).sort());
  expect(new Set(reports.map((report) => report.id)).size).toBe(BATCH_POSTS);
  for (const report of reports) {
    expect(report.classification.tco).toEqual(['incitement']);
    expect(report.media).toHaveLength(4);
    for (const medium of report.media) {
      if (medium.sourceUrl === FAILING_MEDIUM) {
        expect(medium.error).toContain('500');
        expect(medium.hashes ?? []).toEqual([]);
      } else {
        expect(medium.error).toBeUndefined();
        expect(medium.hashes).toContainEqual({ algorithm: 'sha256', value: sha256Of(medium.sourceUrl) });
      }
    }
  }
  // Exactly one medium of the forty failed.
  expect(reports.flatMap((report) => report.media).filter((medium) => medium.error)).toHaveLength(1);
}

/**
 * Run in the page (puppeteer's `page.evaluate`, the Firefox harness's `tab.run`), so self-contained: the X profile's
 * feed becomes `count` copies of its first post, each with its own status id (batchPostUrl) and its own pictures.
 */
export function replaceFeedWithBatch(count: number): void {
  const cell = document.querySelector('article[data-testid="tweet"]')!.closest('[data-testid="cellInnerDiv"]')!;
  const template = cell.cloneNode(true) as Element;
  template.querySelectorAll('[data-flagpost-action]').forEach((button) => button.remove());
  template.querySelectorAll('[data-flagpost-decorated]').forEach((post) => post.removeAttribute('data-flagpost-decorated'));
  const html = template.outerHTML;
  const holder = document.createElement('div');
  const copies: Element[] = [];
  for (let i = 0; i < count; i++) {
    holder.innerHTML = html
      .replaceAll('1985395058229817831', `19853950582298178${String(i).padStart(2, '0')}`)
      .replaceAll('/media/G42', `/media/P${i}G42`);
    const copy = holder.firstElementChild!;
    copy.setAttribute('data-batch-copy', String(i));
    // X places its cells absolutely, one over the other here: these follow each other instead.
    copy.removeAttribute('style');
    copies.push(copy);
  }
  // The feed now holds the copies only (X replaces its cells as it scrolls, too).
  cell.parentElement!.replaceChildren(...copies);
}
