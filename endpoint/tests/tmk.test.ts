import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { hashListEntries } from '../src/core/intake.ts';
import { TMK_BANDS, tmkBucketKeys } from '../src/core/tmk-buckets.ts';
import { TmkGroups } from '../src/core/tmk-groups.ts';
import { tmkSignaturesOf, tmkSignaturesPerReport } from '../src/core/tmk-intake.ts';
import { createToken } from '../src/core/tokens.ts';
import { openStorage } from '../src/storage/open.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { bucketNeighboursQuery } from '../src/storage/tmk.ts';
import type { Report } from '../src/shared.ts';
import { backends, type Database } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'cli.mjs');

/** The reference's .tmk files of the shared sample videos, and its scores of every pair (../shared/fixtures/tmk). */
const fixtureDir = new URL('../../../shared/fixtures/tmk/', import.meta.url);
const tmkFile = (name: string) => readFileSync(new URL(`sample-hashes/${name}`, fixtureDir));
const pairs = readFileSync(new URL('expected-scores.tsv', fixtureDir), 'utf8').trim().split('\n').slice(1).map((line) => {
  const [a, b, level1, level2] = line.split('\t');
  return { a: a!, b: b!, level1: Number(level1), level2: Number(level2) };
});
const matches = pairs.filter((p) => p.level1 >= 0.7 && p.level2 >= 0.7).sort((x, y) => y.level2 - x.level2);
const nearDuplicate = matches[0]!;
/** A video that matches neither of the near-duplicate pair. */
const stranger = pairs.find((p) => p.a === nearDuplicate.a && p.level1 < 0.7 && p.level2 < 0.7
  && !matches.some((m) => [m.a, m.b].includes(p.b)))!.b;

/** A report 1.1 whose one video carries this .tmk. */
function withTmk(bytes: Uint8Array, change?: (report: Report) => void): Report {
  return aReport((r) => {
    r.schema = 'flagpost.report/1.1';
    r.media = [{ ref: 'm1', kind: 'video', sourceUrl: 'https://video.twimg.com/amplify_video/1/vid/a.mp4',
      hashes: [{ algorithm: 'tmk', value: Buffer.from(bytes).toString('base64') }] }];
    change?.(r);
  });
}

/** The pure average starts after the 32-byte header, 4 periods and 32 coefficients. */
const LEVEL1_AT = 32 + 4 * (4 + 32);

/** A copy of `bytes` with its level-1 vector replaced (its level 2 stays that of the original). */
function withLevel1(bytes: Uint8Array, level1: ArrayLike<number>): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < level1.length; i++) out.writeFloatLE(level1[i]!, LEVEL1_AT + 4 * i);
  return out;
}
const level1Of = (bytes: Uint8Array) => Array.from({ length: 256 }, (_, i) => Buffer.from(bytes).readFloatLE(LEVEL1_AT + 4 * i));

async function untar(body: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => (files.set(header.name, Buffer.concat(chunks)), next()));
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(body);
  await done;
  return files;
}

describe('TMK intake checks and level-1 buckets', () => {
  it('the fixtures hold a near-duplicate pair and a stranger', () => {
    expect(nearDuplicate.level1).toBeGreaterThan(0.9);
    expect(stranger).toBeDefined();
  });

  it('refuses a malformed signature with a message naming the medium', () => {
    const good = tmkFile(nearDuplicate.a);
    const nan = Buffer.from(good);
    nan.writeFloatLE(Number.NaN, LEVEL1_AT + 40);
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 1000), /^media\[0\] \(m1\): tmk: \.tmk length 1000 does not match its header .*truncated$/],
      [Buffer.concat([Buffer.from('XXXX'), good.subarray(4)]), /^media\[0\] \(m1\): tmk: not a \.tmk file/],
      [nan, /^media\[0\] \(m1\): tmk: \.tmk pure-average feature holds a non-finite number at index 10$/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => tmkSignaturesOf(withTmk(bytes))).toThrow(message);
    }
  });

  it('says how many signatures fit under a body limit', () => {
    expect([4 * 1024 * 1024, 1024 * 1024, 400_000].map(tmkSignaturesPerReport)).toEqual([11, 2, 0]);
  });

  it('lists no TMK signature in the hash list', () => {
    expect(hashListEntries(withTmk(tmkFile(nearDuplicate.a))).map((e) => e.algorithm)).toEqual(['url_sha256']);
  });

  it('puts near-duplicates in shared buckets and strangers mostly apart', () => {
    const shared = (a: string, b: string) => {
      const keys = new Set(tmkBucketKeys(level1Of(tmkFile(a))));
      return tmkBucketKeys(level1Of(tmkFile(b))).filter((k) => keys.has(k)).length;
    };
    expect(shared(nearDuplicate.a, nearDuplicate.b)).toBeGreaterThan(TMK_BANDS / 4);
    expect(shared(nearDuplicate.a, stranger)).toBeLessThan(TMK_BANDS / 10);
  });
});

describe.each(backends)('TMK+PDQF on $name', (backend) => {
  let ep: TestEndpoint;
  const posted: Record<string, Report> = {};
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    for (const name of [nearDuplicate.a, stranger, nearDuplicate.b]) {
      posted[name] = withTmk(tmkFile(name), (r) => (r.target.url = `https://x.com/v/status/${Object.keys(posted).length + 1}`));
      const answer = await ep.post(posted[name]);
      expect(answer.status, answer.text).toBe(201);
    }
    // Grouped after the answers; an export waits for the grouping passes.
    expect((await ep.request('/v1/export/tmk', { token: ep.tokens.reviewer })).status).toBe(200);
  });
  afterAll(() => ep.close());

  const groupOf = async (name: string) => (await ep.storage.tmk.ofReports([posted[name]!.id]))[0]!.groupId;

  it('GET /v1 lists tmk among the hashes it takes', async () => {
    expect((await ep.request('/v1')).json.hashes).toContain('tmk');
  });

  it('groups a near-duplicate with the first video and not the stranger', async () => {
    const first = await groupOf(nearDuplicate.a);
    expect(first).toMatch(/^t\d+$/);
    expect(await groupOf(nearDuplicate.b)).toBe(first);
    expect(await groupOf(stranger)).not.toBe(first);
  });

  it('keeps the signature once: the stored body names it by its SHA-256', async () => {
    const body = JSON.parse((await ep.storage.reportBody(posted[stranger]!.id))!) as Report;
    const sha256 = createHash('sha256').update(tmkFile(stranger)).digest('hex');
    expect(body.media[0]!.hashes).toEqual([{ algorithm: 'tmk', value: `sha256:${sha256}` }]);
    // A replay of the body as sent is still the same report.
    expect((await ep.post(posted[stranger]!)).status).toBe(200);
  });

  it('refuses a malformed signature with 422 naming the medium, and stores nothing', async () => {
    const report = withTmk(tmkFile(stranger).subarray(0, 263_340));
    const answer = await ep.post(report);
    expect(answer.status).toBe(422);
    expect(answer.json.error.code).toBe('invalid_tmk');
    expect(answer.json.error.message).toBe('media[0] (m1): tmk: .tmk length 263340 does not match its header (4×32×256 needs 263344 bytes): truncated');
    expect((await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice })).status).toBe(404);
  });

  it('exports each signature byte for byte, alone and in the archive', async () => {
    const { id } = posted[nearDuplicate.b]!;
    const one = await fetch(`${ep.baseUrl}/v1/export/tmk/${id}/m1`, { headers: { authorization: `Bearer ${ep.tokens.reviewer}` } });
    expect(one.status).toBe(200);
    expect(one.headers.get('content-disposition')).toBe(`attachment; filename="${id}-m1.tmk"`);
    expect(Buffer.from(await one.arrayBuffer()).equals(tmkFile(nearDuplicate.b))).toBe(true);
    expect((await ep.request(`/v1/export/tmk/${id}/m1`, { token: ep.tokens.alice })).status).toBe(403);
    expect((await ep.request(`/v1/export/tmk/${id}/m9`, { token: ep.tokens.reviewer })).status).toBe(404);

    const archive = await fetch(`${ep.baseUrl}/v1/export/tmk`, { headers: { authorization: `Bearer ${ep.tokens.reviewer}` } });
    expect(archive.headers.get('content-type')).toBe('application/x-tar');
    const files = await untar(Buffer.from(await archive.arrayBuffer()));
    expect(files.size).toBe(3);
    const group = await groupOf(nearDuplicate.a);
    for (const name of Object.keys(posted)) {
      const path = `${await groupOf(name)}/${posted[name]!.id}-m1.tmk`;
      expect(files.get(path)?.equals(tmkFile(name)), path).toBe(true);
    }
    expect([...files.keys()].filter((path) => path.startsWith(`${group}/`))).toHaveLength(2);
    // The export's filters choose the reports.
    const filtered = await fetch(`${ep.baseUrl}/v1/export/tmk?status=actioned`, { headers: { authorization: `Bearer ${ep.tokens.reviewer}` } });
    expect((await untar(Buffer.from(await filtered.arrayBuffer()))).size).toBe(0);
    // The CLI writes the same archive.
    const out = join(ep.env.FLAGPOST_DATA_DIR!, 'tmk.tar');
    await promisify(execFile)(process.execPath, [CLI, 'export', '--format', 'tmk', '--out', out], { env: { ...process.env, ...ep.env } });
    expect(await untar(readFileSync(out))).toEqual(files);
  });

  it('shows reviewers the group, with the scores, and not 352 KB of base64', async () => {
    const page = await ep.request(`/review/reports/${posted[nearDuplicate.a]!.id}`, { token: ep.tokens.reviewer });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Video matches (TMK+PDQF)');
    expect(page.text).toContain(`<a href="/review/reports/${posted[nearDuplicate.b]!.id}">`);
    expect(page.text).toContain(`<td>${nearDuplicate.level1.toFixed(3)}</td><td>${nearDuplicate.level2.toFixed(3)}</td>`);
    expect(page.text).not.toContain(`/review/reports/${posted[stranger]!.id}`);
    expect(page.text.length).toBeLessThan(50_000);
    const file = await ep.request(`/review/tmk/${posted[nearDuplicate.a]!.id}/m1`, { token: ep.tokens.reviewer });
    expect(file.status).toBe(200);
  });

  it('writes the video matches in the reviewer page\'s language: Arabic, scores in its number format, ids left to right', async () => {
    const page = await ep.request(`/review/reports/${posted[nearDuplicate.a]!.id}?lang=ar`, { token: ep.tokens.reviewer });
    expect(page.text).toContain('<h2>مقاطع الفيديو المتطابقة (TMK+PDQF)</h2>');
    const arabic = (score: number) => new Intl.NumberFormat('ar', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(score);
    expect(page.text).toContain(`<td>${arabic(nearDuplicate.level1)}</td><td>${arabic(nearDuplicate.level2)}</td>`);
    expect(page.text).toContain(`<td dir="ltr"><a href="/review/reports/${posted[nearDuplicate.b]!.id}">`);
  });

  it('stores the signatures of reports written in one batch with them, before the answers', async () => {
    // Posted together, so they share batches (one statement on PostgreSQL, one transaction on SQLite).
    const reports = Array.from({ length: 6 }, (_, i) => withTmk(tmkFile(i % 2 ? stranger : nearDuplicate.a),
      (r) => (r.target.url = `https://x.com/v/status/batch-${i}`)));
    const answers = await Promise.all(reports.map((r) => ep.post(r)));
    expect(answers.map((a) => a.status)).toEqual(reports.map(() => 201));
    // Read straight after the answers, before any grouping pass need have run.
    const stored = await ep.storage.tmk.ofReports(reports.map((r) => r.id));
    expect(stored.map((m) => m.reportId)).toEqual(reports.map((r) => r.id));
    for (const [i, member] of stored.entries()) {
      expect((await ep.storage.tmk.bytes(member.id))?.equals(tmkFile(i % 2 ? stranger : nearDuplicate.a))).toBe(true);
    }
    // Then grouped: copies of bytes already grouped join their groups.
    expect((await ep.request('/v1/export/tmk', { token: ep.tokens.reviewer })).status).toBe(200);
    const grouped = await ep.storage.tmk.ofReports(reports.map((r) => r.id));
    const [near, other] = [await groupOf(nearDuplicate.a), await groupOf(stranger)];
    expect(grouped.map((m) => m.groupId)).toEqual(reports.map((_, i) => (i % 2 ? other : near)));
  });

  it("links a queue row to its video's group, whose page lists the near-duplicates (the review workspace)", async () => {
    const a = posted[nearDuplicate.a]!;
    const queue = await ep.request(`/review?q=${encodeURIComponent(a.target.url)}`, { token: ep.tokens.reviewer });
    const link = /href="(\/review\/groups\/tmk\?key=[^"]+)" data-group="tmk"/.exec(queue.text)?.[1];
    expect(link).toBeDefined();
    const group = await ep.request(link!, { token: ep.tokens.reviewer });
    expect(group.text).toContain(`data-report-id="${a.id}"`);
    expect(group.text).toContain(`data-report-id="${posted[nearDuplicate.b]!.id}"`);
    expect(group.text).not.toContain(`data-report-id="${posted[stranger]!.id}"`);
  });
});

describe.each(backends)('bounded TMK search on $name', (backend) => {
  let db: Database;
  let tokenId = '';
  const base = tmkFile(nearDuplicate.a);
  const baseLevel1 = level1Of(base);
  /** A video like `base`: its level 1 nudged by `i` (so its bytes, and so its rows, are its own). */
  const variant = (i: number) => withLevel1(base, baseLevel1.map((v, k) => v * (1 + 0.02 * Math.sin(i * 7 + k))));
  const store = async (bytes: Buffer) => {
    const report = withTmk(bytes);
    await db.storage.insertReport({ report, tokenId, bodySha256: 'x', receivedAt: new Date().toISOString(), hashes: [],
      groupableRefs: new Set(), tmk: tmkSignaturesOf(report) });
    return report.id;
  };
  beforeAll(async () => {
    db = await backend.create();
    tokenId = (await createToken(db.storage, { name: 'bounded', reviewer: false }, new Date())).record.id;
  });
  afterAll(() => db.dispose());

  it('scans at most the bounded candidates however many similar videos are stored, and still groups', async () => {
    const limits = { perBucket: 2, maxLevel1: 6, maxLevel2: 3 };
    const groups = new TmkGroups(db.storage, limits);
    for (let i = 0; i < 24; i++) await store(variant(i));
    await groups.sync();
    const ids = await Promise.all([store(variant(1000)), store(variant(1001))]);
    await groups.sync();
    expect(groups.lastSearch.bucketRows).toBeGreaterThan(0);
    expect(groups.lastSearch.bucketRows).toBeLessThanOrEqual(TMK_BANDS * limits.perBucket);
    expect(groups.lastSearch.level1).toBeLessThanOrEqual(limits.maxLevel1);
    expect(groups.lastSearch.level2).toBeLessThanOrEqual(limits.maxLevel2);
    const all = await db.storage.tmk.ofReports(ids);
    const members = (await db.storage.tmk.groupMembers(all[0]!.groupId!, 0, 100)).total;
    expect(new Set(all.map((m) => m.groupId)).size).toBe(1);
    expect(members).toBe(26);
    // Copies of grouped bytes join without a search and add no bucket rows.
    const copy = await store(variant(5));
    await groups.sync();
    expect((await db.storage.tmk.ofReports([copy]))[0]!.groupId).toBe(all[0]!.groupId);
  });

  it('reads each bucket by seeking its index, never by scanning the table', async () => {
    const driver = db.env.DATABASE_URL ? openPostgres(db.env.DATABASE_URL) : openSqlite(db.env.FLAGPOST_SQLITE_PATH!);
    try {
      const { sql, params } = bucketNeighboursQuery([5, 1029], 32);
      let text: string;
      if (driver.dialect === 'sqlite') {
        text = (await driver.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join('\n');
        expect(text).not.toMatch(/SCAN tmk_buckets(?! USING)/);
        expect(text.match(/SEARCH tmk_buckets USING (COVERING )?INDEX \S+ \(bucket=\?\)/g)).toHaveLength(2);
      } else {
        text = await driver.transaction(async (tx) => {
          await tx.exec('SET LOCAL enable_seqscan = off');
          return (await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
        });
        // The key's index finds each bucket (with a large bucket, the planner reads it in the index's order up to the LIMIT).
        expect(text.match(/Index (Only )?Scan (Backward )?(on|using) tmk_buckets_pkey[^\n]*\n\s*Index Cond: \(bucket = \d+\)/g)).toHaveLength(2);
        expect(text).not.toMatch(/Seq Scan/);
      }
    } finally {
      await driver.close();
    }
  });

  it.runIf(backend.name === 'postgres')('makes one group of near-duplicates grouped by two processes at the same moment', async () => {
    const other = await openStorage({ databaseUrl: db.env.DATABASE_URL, sqlitePath: '' });
    try {
      const here = new TmkGroups(db.storage);
      const there = new TmkGroups(other);
      for (let round = 0; round < 4; round++) {
        // A level-1 vector of its own each round (random directions: no match across rounds).
        const level1 = Array.from({ length: 256 }, (_, k) => Math.sin(round * 1000 + k * (round + 3)) * 100);
        const pair = [withLevel1(base, level1), withLevel1(base, level1.map((v, k) => v * (1 + 0.01 * Math.cos(k))))];
        const ids = [await store(pair[0]!), await store(pair[1]!)];
        await Promise.all([here.sync(), there.sync()]);
        const grouped = await db.storage.tmk.ofReports(ids);
        expect(grouped[0]!.groupId, `round ${round}`).toBe(grouped[1]!.groupId);
      }
    } finally {
      await other.close();
    }
  });
});
