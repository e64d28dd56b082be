import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/shared.ts';
import { isSameVideoByVpdq } from '../src/storage/vpdq-search.ts';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport, flipBits, randomPdq } from './support/reports.ts';
import { form } from './support/review.ts';

type Frame = { frame: number; quality: number; value: string; ts: number };

/** Synthetic vPDQ frames (random 64-hex values; no media). */
const frames = (values: string[], quality = 90): Frame[] => values.map((value, i) => ({ frame: i, quality, value, ts: i }));
const randomVideo = (n: number) => frames(Array.from({ length: n }, randomPdq));
/** The same video hashed again: every frame a few bits off (10 < 31). */
const reencoded = (video: Frame[]) => video.map((f, i) => ({ ...f, value: flipBits(f.value, 10, i) }));

/** A report of its own post whose one video carries `video` as its vPDQ (or, with none, only an MD5). */
function aVideoReport(video?: Frame[]): Report {
  const tag = randomBytes(5).toString('hex');
  return aReport((r) => {
    r.target.url = `https://x.com/acct${tag}/status/${parseInt(tag, 16)}`;
    r.target.postId = String(parseInt(tag, 16));
    r.media = [{ ref: 'm1', kind: 'video', sourceUrl: 'https://video.twimg.com/v1.mp4', hashes: video
      ? [{ algorithm: 'vpdq', frames: video }]
      : [{ algorithm: 'md5', value: randomBytes(16).toString('hex') }] }];
  });
}

/** The report ids of a table on a page. */
const idsIn = (html: string, testId: string) => {
  const at = html.indexOf(`data-testid="${testId}"`);
  if (at < 0) return [];
  const table = html.slice(at);
  return [...table.slice(0, table.indexOf('</table>')).matchAll(/<tr[^>]*data-report-id="([^"]+)"/g)].map((m) => m[1]);
};

describe('the same video by vPDQ (the rule)', () => {
  const video = randomVideo(10);
  it('asks both directions: a clip of a video is not the same video', () => {
    expect(isSameVideoByVpdq(video, reencoded(video))).toBe(true);
    const clip = video.slice(0, 4);
    expect(isSameVideoByVpdq(clip, video)).toBe(false);
    expect(isSameVideoByVpdq(video, clip)).toBe(false);
    expect(isSameVideoByVpdq(video, randomVideo(10))).toBe(false);
  });
});

describe.each(backends)('vPDQ video groups on $name', (backend) => {
  let ep: TestEndpoint;
  let cookie = '';
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
    const answer = await ep.request('/review/login', { method: 'POST', ...form({ token: ep.tokens.reviewer }) });
    cookie = answer.headers.get('set-cookie')?.split(';')[0] ?? '';
  });
  afterAll(() => ep.close());

  const page = async (path: string) => {
    const answer = await ep.request(path, { headers: { cookie } });
    expect(answer.status).toBe(200);
    return answer.text;
  };
  const group = async (id: string) => idsIn(await page(`/review/groups/vpdq?key=${id}`), 'group-reports');

  const video = randomVideo(12);
  const original = aVideoReport(video);
  const sameVideo = aVideoReport(reencoded(video));
  // Ten poor frames (quality 10 < 50) of something else: ignored, so the good frames are all the same video.
  const withPoorFrames = aVideoReport([...reencoded(video), ...frames(Array.from({ length: 12 }, randomPdq), 10)]);
  // The very same frames, but every one below the quality threshold: nothing to match.
  const allPoor = aVideoReport(video.map((f) => ({ ...f, quality: 40 })));
  const unrelated = aVideoReport(randomVideo(12));
  const clip = aVideoReport(video.slice(0, 3));
  const withoutVpdq = aVideoReport();

  beforeAll(async () => {
    for (const r of [original, sameVideo, withPoorFrames, allPoor, unrelated, clip, withoutVpdq]) {
      const answer = await ep.post(r);
      expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    }
  });

  it('groups two reports of the same video with slightly different frame hashes, from either side', async () => {
    const expected = new Set([original.id, sameVideo.id, withPoorFrames.id]);
    expect(new Set(await group(original.id))).toEqual(expected);
    expect(new Set(await group(sameVideo.id))).toEqual(expected);
    expect(new Set(await group(withPoorFrames.id))).toEqual(expected);
  });

  it('leaves out an unrelated video and a clip of the video', async () => {
    expect(await group(unrelated.id)).toEqual([unrelated.id]);
    expect(await group(clip.id)).toEqual([clip.id]);
  });

  it('respects quality filtering: frames below quality 50 never match', async () => {
    expect(await group(allPoor.id)).toEqual([]);
    expect(await group(original.id)).not.toContain(allPoor.id);
  });

  it('gives a report without vPDQ (or an unknown id) no vPDQ group', async () => {
    expect(await group(withoutVpdq.id)).toEqual([]);
    expect(await group('no-such-report')).toEqual([]);
    const detail = await page(`/review/reports/${withoutVpdq.id}`);
    expect(detail).not.toContain('data-group="vpdq"');
  });

  it('shows the group on the report page: a link to it, and its reports among the same item', async () => {
    const detail = await page(`/review/reports/${original.id}`);
    expect(detail).toContain(`href="/review/groups/vpdq?key=${original.id}" data-group="vpdq"`);
    expect(new Set(idsIn(detail, 'same-item'))).toEqual(new Set([sameVideo.id, withPoorFrames.id]));
    const groupPage = await page(`/review/groups/vpdq?key=${original.id}&lang=fr`);
    expect(groupPage).toContain('Signalements avec la même vidéo (vPDQ');
  });

  it('links the vPDQ group from the queue row of a report that sent a vPDQ, and only from those', async () => {
    const row = async (r: Report) => {
      const html = await page(`/review?${new URLSearchParams({ q: r.target.url })}`);
      expect(idsIn(html, 'queue')).toEqual([r.id]);
      return html.slice(html.indexOf(`data-report-id="${r.id}"`));
    };
    expect(await row(sameVideo)).toContain(`href="/review/groups/vpdq?key=${sameVideo.id}" data-group="vpdq"`);
    expect(await row(withoutVpdq)).not.toContain('data-group="vpdq"');
  });

  it('refuses an unknown group kind', async () => {
    expect((await ep.request('/review/groups/nope?key=x', { headers: { cookie } })).status).toBe(400);
  });
});
