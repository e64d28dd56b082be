import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeStatus } from '../src/core/status.ts';
import type { Report } from '../src/shared.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { checkTcapUrl, parseCsv, parseHmaLocalFile, parseNdjson, tcapSync } from './support/industry-formats.ts';
import { aReport, randomPdq } from './support/reports.ts';
import { seedReports } from './support/seed.ts';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
type Medium = Report['media'][number];
const image = (ref: string, hashes: Medium['hashes']): Medium => ({ ref, kind: 'image', sourceUrl: `https://pbs.twimg.com/media/${ref}${hex(4)}`, hashes });
const video = (ref: string, hashes: Medium['hashes']): Medium => ({ ref, kind: 'video', sourceUrl: `https://video.twimg.com/${ref}${hex(4)}.mp4`, hashes });

describe.each(backends)('the industry formats on $name', (backend) => {
  let ep: TestEndpoint;
  const pdqA = randomPdq();
  const md5A = hex(16);
  const shaA = hex(32);
  const videoMd5B = hex(16);
  const pdqC = randomPdq();
  const videoMd5C = hex(16);
  const urlOf = (n: number) => `https://x.com/g${n}/status/${n}`;
  let a: Report;
  let b: Report;
  let c: Report;
  let withdrawn: Report;

  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    a = aReport((r) => {
      r.target.url = urlOf(1);
      r.target.text = 'first line, "quoted"\nsecond line';
      r.classification.entity = 'Group A';
      r.media = [image('m1', [{ algorithm: 'pdq', value: pdqA, quality: 90 }, { algorithm: 'md5', value: md5A }, { algorithm: 'sha256', value: shaA }])];
    });
    b = aReport((r) => {
      r.target.url = urlOf(2);
      r.target.platform = 'x';
      r.media = [video('m1', [{ algorithm: 'md5', value: videoMd5B }]), image('m2', [])];
    });
    c = aReport((r) => {
      r.target.url = urlOf(3);
      r.media = [video('m1', [{ algorithm: 'md5', value: videoMd5C }]), image('m2', [{ algorithm: 'pdq', value: pdqC, quality: 80 }])];
    });
    withdrawn = aReport((r) => ((r.target.url = urlOf(4)), (r.media = [])));
    for (const report of [a, b, c, withdrawn]) expect((await ep.post(report)).status).toBe(201);
    expect((await ep.request(`/v1/reports/${withdrawn.id}/withdraw`, { method: 'POST', token: ep.tokens.alice })).status).toBe(200);
  });
  afterAll(() => ep.close());

  const tcap = (token: string) => async (query: string) => {
    const answer = await ep.request(`/v1/api/hash-list/v2/all?${query}&limit=2`, { token });
    expect(answer.status).toBe(200);
    return answer.json;
  };

  it('lists PDQ and video MD5 in HMA\'s local_file format, without what no live report vouches for', async () => {
    const answer = await ep.request('/v1/hashes/hma', { token: ep.tokens.bob });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    const signals = parseHmaLocalFile(answer.text);
    expect([...signals.get('pdq')!]).toEqual(expect.arrayContaining([pdqA, pdqC]));
    expect([...signals.get('video_md5')!]).toEqual(expect.arrayContaining([videoMd5B, videoMd5C]));
    // An image's MD5 and a SHA-256 have no HMA signal type.
    expect(answer.text).not.toContain(md5A);
    expect(answer.text).not.toContain(shaA);

    await changeStatus(ep.storage, { id: c.id, status: 'rejected', by: 'reviewer' }, () => new Date());
    const after = parseHmaLocalFile((await ep.request('/v1/hashes/hma', { token: ep.tokens.bob })).text);
    expect(after.get('pdq')).not.toContain(pdqC);
    expect(after.get('video_md5')).not.toContain(videoMd5C);
    expect(after.get('pdq')).toContain(pdqA);
  });

  it('pages a TCAP Hash List v2 feed that python-threatexchange\'s client reads, deletions included', async () => {
    const first = await tcapSync(tcap(ep.tokens.bob));
    expect(first.pages).toBeGreaterThan(1);
    expect(first.signals).toEqual(new Set([`pdq ${pdqA}`, `video_md5 ${videoMd5B}`]));
    // c was rejected (previous test): its hashes come as deletions.
    expect(first.deleted).toEqual(new Set([`pdq ${pdqC}`, `video_md5 ${videoMd5C}`]));
    const byDigest = new Map(first.entries.map((e) => [e.hash_digest, e]));
    expect(byDigest.get(md5A)).toMatchObject({ algorithm: 'MD5', file_type: 'jpg', deleted: false });
    expect(byDigest.get(shaA)).toMatchObject({ algorithm: 'SHA256', deleted: false });
    expect(byDigest.get(videoMd5B)).toMatchObject({ algorithm: 'MD5', file_type: 'mp4' });
    for (const entry of first.entries) expect(entry.updated_on).toBeGreaterThanOrEqual(entry.created_on);
    expect(first.entries.map((e) => e.hash_digest)).not.toContain(expect.stringMatching(/^https/));

    // Resumed from its checkpoint, a client sees only what changed since.
    await ep.request(`/v1/reports/${b.id}/withdraw`, { method: 'POST', token: ep.tokens.alice });
    const next = await tcapSync(tcap(ep.tokens.bob), first.checkpoint);
    expect(next.entries.map((e) => [e.hash_digest, e.deleted])).toEqual([[videoMd5B, true]]);
    expect(next.deleted).toEqual(new Set([`video_md5 ${videoMd5B}`]));
  });

  it('refuses a checkpoint it did not give', async () => {
    const answer = await ep.request('/v1/api/hash-list/v2/all?after=yesterday', { token: ep.tokens.bob });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/checkpoint/);
  });

  it('gives reviewers TCAP URL records: ACT until the re-check finds the content gone, then INA', async () => {
    expect((await ep.request('/v1/urls', { token: ep.tokens.alice })).status).toBe(403);
    const now = new Date().toISOString();
    await ep.storage.recordUrlCheck({ url: urlOf(1), state: 'removed', httpStatus: 404, checkedAt: now, nextCheckAt: now });
    const records = [];
    for (let after = '', more = true; more;) {
      const page = (await ep.request(`/v1/urls?limit=1&after=${encodeURIComponent(after)}`, { token: ep.tokens.reviewer })).json;
      records.push(...page.results.map(checkTcapUrl));
      after = page.checkpoint;
      more = Boolean(page.next);
    }
    // Withdrawn (4), rejected (3) and withdrawn (2, previous test): only live reports' URLs are listed.
    expect(records.map((r) => r.url)).toEqual([urlOf(1)]);
    expect(records[0]).toMatchObject({ terrorist_group: 'Group A', url_status: 'INA', status_tested_on: now });
  });

  it('exports a long form per report in CSV and NDJSON, with the export\'s filters and ThreatExchange names', async () => {
    for (const status of ['under_review', 'forwarded'] as const) await changeStatus(ep.storage, { id: a.id, status, by: 'reviewer' }, () => new Date());
    await changeStatus(ep.storage, { id: a.id, status: 'actioned', by: 'reviewer', note: 'sent to X', outcome: 'removed by X' }, () => new Date());
    expect((await ep.request('/v1/export/reports', { token: ep.tokens.alice })).status).toBe(403);
    const csv = await ep.request('/v1/export/reports?format=csv', { token: ep.tokens.reviewer });
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const lines = parseCsv(csv.text.slice(1));
    // One line per medium; a report without media has one line.
    expect(lines.map((l) => l.report_id).sort()).toEqual([a.id, b.id, b.id, c.id, c.id, withdrawn.id].sort());
    const lineA = lines.find((l) => l.report_id === a.id)!;
    expect(lineA).toMatchObject({
      text: a.target.text, explanation: a.classification.explanation, entity: 'Group A', page_url: a.target.pageUrl,
      posted_at: a.target.postedAt, quoted_urls: a.target.quoted[0]!.url, status: 'actioned', outcome: 'removed by X', note: 'sent to X',
      medium_url: a.media[0]!.sourceUrl, HASH_PDQ: pdqA, pdq_quality: '90', HASH_MD5: md5A, HASH_SHA256: shaA, HASH_VIDEO_MD5: '',
    });
    expect(lines.find((l) => l.report_id === b.id && l.medium_ref === 'm1')).toMatchObject({ medium_kind: 'video', HASH_VIDEO_MD5: videoMd5B, HASH_MD5: '' });

    const ndjson = await ep.request('/v1/export/reports?format=ndjson&status=actioned', { token: ep.tokens.reviewer });
    const rows = parseNdjson(ndjson.text) as any[];
    expect(rows.map((r) => r.report_id)).toEqual([a.id]);
    expect(rows[0].media[0].hashes).toEqual([
      { type: 'HASH_PDQ', value: pdqA, quality: 90 }, { type: 'HASH_MD5', value: md5A }, { type: 'HASH_SHA256', value: shaA },
    ]);
    expect(rows[0].threat_to_life).toBe(false);
    expect(rows[0].categories).toEqual(a.classification.tco);
  });
});

/** More reports than one page of either database (500 on SQLite, 2,000 on PostgreSQL), seeded in SQL. */
const SEEDED = 4_500;

describe.each(backends)('the industry formats over many pages on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    const alice = (await ep.storage.listTokens()).find((t) => t.name === 'alice')!;
    await seedReports({ databaseUrl: ep.env.DATABASE_URL, sqlitePath: ep.env.FLAGPOST_SQLITE_PATH, tokenId: alice.id, count: SEEDED });
  }, 120_000);
  afterAll(() => ep.close());

  it('streams the long form and both hash feeds whole, each report and entry once', async () => {
    const rows = parseNdjson((await ep.request('/v1/export/reports?format=ndjson', { token: ep.tokens.reviewer })).text) as any[];
    expect(new Set(rows.map((r) => r.report_id)).size).toBe(SEEDED);
    // Seeded bodies are `{}`: each report still has its row, from the columns stored beside the body.
    expect(rows.every((r) => r.url.startsWith('https://x.com/seed/') && r.text === '' && r.media.length === 0)).toBe(true);
    const csv = parseCsv((await ep.request('/v1/export/reports?format=csv', { token: ep.tokens.reviewer })).text.slice(1));
    expect(csv).toHaveLength(SEEDED);

    // Each seeded report: a URL hash (not a media hash), and an image's PDQ, MD5 and SHA-256.
    const hma = parseHmaLocalFile((await ep.request('/v1/hashes/hma', { token: ep.tokens.bob })).text);
    expect(hma.get('pdq')!.size).toBe(SEEDED);
    expect(hma.has('video_md5')).toBe(false);
    const synced = await tcapSync(async (query) => (await ep.request(`/v1/api/hash-list/v2/all?${query}&limit=1000`, { token: ep.tokens.bob })).json);
    expect(synced.entries).toHaveLength(3 * SEEDED);
    expect(new Set(synced.entries.map((e) => e.id)).size).toBe(3 * SEEDED);
    expect(synced.signals.size).toBe(SEEDED);
  });
});

describe.each(backends)('video MD5 by live reports on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
  });
  afterAll(() => ep.close());

  it('names an MD5 a video\'s only while a live report says so: a withdrawn video does not make a live image\'s MD5 a video MD5', async () => {
    const md5 = hex(16);
    const asVideo = aReport((r) => ((r.target.url = `https://x.com/v/status/${parseInt(hex(4), 16)}`), (r.media = [video('m1', [{ algorithm: 'md5', value: md5 }])])));
    const asImage = aReport((r) => ((r.target.url = `https://x.com/i/status/${parseInt(hex(4), 16)}`), (r.media = [image('m1', [{ algorithm: 'md5', value: md5 }])])));
    for (const report of [asVideo, asImage]) expect((await ep.post(report)).status).toBe(201);
    const hma = async () => parseHmaLocalFile((await ep.request('/v1/hashes/hma', { token: ep.tokens.bob })).text).get('video_md5') ?? new Set();
    const tcap = async () => (await tcapSync(async (q) => (await ep.request(`/v1/api/hash-list/v2/all?${q}`, { token: ep.tokens.bob })).json))
      .entries.find((e) => e.hash_digest === md5);
    expect(await hma()).toContain(md5);
    expect((await ep.request(`/v1/reports/${asVideo.id}/withdraw`, { method: 'POST', token: ep.tokens.alice })).status).toBe(200);
    expect(await hma()).not.toContain(md5);
    expect(await tcap()).toMatchObject({ deleted: false, file_type: 'jpg' });
  });

  it('gives a URL\'s TCAP record the group and first date of its live reports only, not a withdrawn or rejected one\'s', async () => {
    const url = `https://x.com/u/status/${parseInt(hex(6), 16)}`;
    const at = (r: Report, group: string) => ((r.target.url = url), (r.classification.entity = group), (r.media = []));
    const early = aReport((r) => at(r, 'Named by a withdrawn report'));
    const live = aReport((r) => at(r, 'Group L'));
    const rejected = aReport((r) => at(r, 'Named by a rejected report'));
    for (const report of [early, live, rejected]) expect((await ep.post(report)).status).toBe(201);
    expect((await ep.request(`/v1/reports/${early.id}/withdraw`, { method: 'POST', token: ep.tokens.alice })).status).toBe(200);
    await changeStatus(ep.storage, { id: rejected.id, status: 'rejected', by: 'reviewer' }, () => new Date());
    const received = await ep.storage.reportState(live.id);
    const records = (await ep.request('/v1/urls?limit=5000', { token: ep.tokens.reviewer })).json.results.filter((r: { url: string }) => r.url === url);
    expect(records).toEqual([expect.objectContaining({ terrorist_group: 'Group L', created_on: received!.receivedAt })]);
  });
});
