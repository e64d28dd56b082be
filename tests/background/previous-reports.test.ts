import { describe, expect, test, vi } from 'vitest';
import { isSamePost, previousReport, type ListedCheck } from '../../utils/background/previous-reports';
import type { StoredReport } from '../../utils/store/reports';
import { samplePost, validReport } from '../../test-support/fixtures';

function stored(createdAt: number, status: StoredReport['status'], change: (report: StoredReport['report']) => void = () => {}): StoredReport {
  const report = validReport();
  change(report);
  return { id: crypto.randomUUID(), report, status, attempts: 1, nextAttemptAt: 0, createdAt, updatedAt: createdAt };
}

const notListed: ListedCheck = async () => ({ mark: true, blur: true, matchMedia: false, empty: false, reported: [] });
const listed: ListedCheck = async () => ({ mark: true, blur: true, matchMedia: false, empty: false, reported: [0] });

describe('the duplicate guard: was this post reported before?', () => {
  test('never: nothing to say', async () => {
    expect(await previousReport(samplePost(), notListed, async () => [])).toEqual({ listed: false });
  });

  test('by this user: the latest report, when and how far it got (the endpoint\'s status once it has one)', async () => {
    const older = stored(1000, 'failed');
    const newer = stored(2000, 'sent');
    newer.tracking = { endpointBase: 'https://e.example', status: 'under_review', checks: 1, checkedAt: 0, nextCheckAt: 0 };
    const other = stored(3000, 'sent', (report) => {
      report.target.postId = '42';
      report.target.url = 'https://x.com/a/status/42';
    });
    expect(await previousReport(samplePost(), notListed, async () => [older, newer, other])).toEqual({
      local: { createdAt: 2000, stage: 'under_review' },
      listed: false,
    });
  });

  test('on the endpoint\'s list, asked by the post\'s address; an unanswered list is not a listing', async () => {
    const check = vi.fn(listed);
    expect(await previousReport(samplePost(), check, async () => [])).toEqual({ listed: true });
    expect(check).toHaveBeenCalledWith({ posts: [{ permalink: samplePost().url, media: [] }] });
    expect(await previousReport(samplePost(), async () => Promise.reject(new Error('offline')), async () => [])).toEqual({ listed: false });
  });

  test('the same post by its platform id, whatever the URL\'s spelling; by URL where there is no id', () => {
    const record = stored(1, 'sent');
    expect(isSamePost(record, { ...samplePost(), url: 'https://twitter.com/lcMenci/status/1985395058229817831' })).toBe(true);
    const { postId: _, ...withoutId } = samplePost();
    expect(isSamePost(record, withoutId)).toBe(true);
    expect(isSamePost(record, { ...withoutId, url: 'https://x.com/other' })).toBe(false);
  });
});
