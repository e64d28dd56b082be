// @vitest-environment node
import { openDB } from 'idb';
import { beforeEach, describe, expect, test } from 'vitest';
import { dateRange, noFilter, stageOf } from '../../utils/store/report-filter';
import {
  addReport, DB_NAME, deleteAllReports, deleteReport, getReport, listReports, queryReports, reportsWithStatus,
  sentReportsTrackedAs,
} from '../../utils/store/reports';
import { seededReport, seedStages } from '../../test-support/stored-reports';
import { freshIndexedDb } from '../fresh-indexeddb';

const NOW = Date.UTC(2026, 10, 24, 12);
const COUNT = 200;

async function seed(count = COUNT) {
  for (let n = 0; n < count; n++) await addReport(seededReport(n, NOW));
}

beforeEach(async () => {
  await freshIndexedDb();
});

describe('queryReports', () => {
  test('pages newest first, with the total and the counts of every stage', async () => {
    await seed();
    const first = await queryReports(noFilter, 0, 50);
    expect(first.total).toBe(COUNT);
    expect(first.page).toHaveLength(50);
    expect(first.page[0]!.id).toBe(seededReport(0, NOW).id);
    const second = await queryReports(noFilter, 50, 50);
    expect(second.page[0]!.id).toBe(seededReport(50, NOW).id);
    const last = await queryReports(noFilter, 150, 50);
    expect(last.page.at(-1)!.id).toBe(seededReport(COUNT - 1, NOW).id);
    expect(Object.values(first.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(COUNT);
    for (const stage of seedStages) expect(first.counts[stage]).toBe(COUNT / seedStages.length);
  });

  test('a stage narrows the rows but not the counts, so every other choice still shows its number', async () => {
    await seed();
    const failed = await queryReports({ ...noFilter, stages: ['failed'] }, 0, 1000);
    expect(failed.total).toBe(COUNT / seedStages.length);
    expect(failed.page.every((record) => stageOf(record) === 'failed' && record.status === 'failed')).toBe(true);
    expect(failed.counts.sent).toBe(COUNT / seedStages.length);
  });

  test('search, platform and dates combine; the platform index gives the same answer as a scan', async () => {
    await seed();
    const from = NOW - 99 * 3600_000;
    const byIndex = await queryReports({ ...noFilter, platforms: ['youtube'], from, to: NOW });
    const byScan = (await listReports()).filter((r) => r.report.target.platform === 'youtube' && r.createdAt >= from);
    expect(byIndex.page.map((r) => r.id)).toEqual(byScan.map((r) => r.id));
    expect(byIndex.total).toBe(20);

    const twoPlatforms = await queryReports({ ...noFilter, platforms: ['youtube', 'x'], from, to: NOW });
    expect(twoPlatforms.total).toBe(40);

    const search = await queryReports({ ...noFilter, search: ' @AUTHOR42 ' });
    expect(search.page.map((r) => r.report.target.author!.handle)).toEqual(['@author42', '@author42']);
    const byUrl = await queryReports({ ...noFilter, search: 'telegram.example/post/13' });
    expect(byUrl.page.map((r) => r.report.target.url)).toEqual(['https://telegram.example/post/13', 'https://telegram.example/post/133', 'https://telegram.example/post/138']);
  });

  test('an empty store answers with nothing, and a page past the end is empty', async () => {
    expect(await queryReports(noFilter, 0, 50)).toEqual({ page: [], total: 0, counts: {} });
    await seed(3);
    expect((await queryReports(noFilter, 50, 50)).page).toEqual([]);
  });
});

describe('a custom range typed with "from" after "to"', () => {
  test('answers "no match", not a rejection, with one platform or any', async () => {
    await seed(10);
    const backwards = dateRange('custom', NOW, { from: '2026-11-24', to: '2026-11-01' });
    await expect(queryReports({ ...noFilter, ...backwards }, 0, 50)).resolves.toMatchObject({ total: 0, page: [] });
    await expect(queryReports({ ...noFilter, ...backwards, platforms: ['facebook'] }, 0, 50)).resolves.toMatchObject({ total: 0 });
  });
});

describe('deleting', () => {
  test('one report, then all of them', async () => {
    await seed(5);
    await deleteReport(seededReport(2, NOW).id);
    expect(await getReport(seededReport(2, NOW).id)).toBeUndefined();
    expect(await listReports()).toHaveLength(4);
    await deleteAllReports();
    expect(await listReports()).toEqual([]);
  });
});

describe('database upgrade', () => {
  test('a version 1 database keeps every report and gains the platform index', async () => {
    const old = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('reports', { keyPath: 'id' }).createIndex('byCreatedAt', 'createdAt');
      },
    });
    for (let n = 0; n < 30; n++) await old.add('reports', seededReport(n, NOW));
    old.close();

    expect(await listReports()).toHaveLength(30);
    const youtube = await queryReports({ ...noFilter, platforms: ['youtube'] });
    expect(youtube.total).toBe(6);
  });

  test('a version 2 database keeps every report and gains the indexes by status', async () => {
    const old = await openDB(DB_NAME, 2, {
      upgrade(db) {
        const store = db.createObjectStore('reports', { keyPath: 'id' });
        store.createIndex('byCreatedAt', 'createdAt');
        store.createIndex('byPlatformCreatedAt', ['report.target.platform', 'createdAt']);
      },
    });
    for (let n = 0; n < 40; n++) await old.add('reports', seededReport(n, NOW));
    old.close();

    const all = await listReports();
    expect(all).toHaveLength(40);
    expect(await queryReports({ ...noFilter, platforms: ['youtube'] })).toMatchObject({ total: 8 });
    const byStatus = (status: string) => all.filter((r) => r.status === status).sort((a, b) => a.createdAt - b.createdAt).map((r) => r.id);
    expect((await reportsWithStatus(['queued'])).map((r) => r.id)).toEqual(byStatus('queued'));
    const queuedOrFailed = await reportsWithStatus(['queued', 'failed']);
    expect(queuedOrFailed.map((r) => r.id).sort()).toEqual([...byStatus('queued'), ...byStatus('failed')].sort());
    expect(queuedOrFailed.map((r) => r.createdAt)).toEqual(queuedOrFailed.map((r) => r.createdAt).sort((a, b) => a - b));
    // Only delivered reports with an endpoint status: 'sent' without one is not tracked yet.
    const underReview = await sentReportsTrackedAs(['under_review', 'received']);
    expect(underReview.map((r) => r.id).sort()).toEqual(
      all.filter((r) => r.tracking && ['under_review', 'received'].includes(r.tracking.status)).map((r) => r.id).sort(),
    );
    expect(underReview).toHaveLength(10);
  });
});
