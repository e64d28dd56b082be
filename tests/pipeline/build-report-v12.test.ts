import { describe, expect, test } from 'vitest';
import { buildReport, reporterFrom } from '../../utils/pipeline/build-report';
import { accountPost } from '../../utils/platforms/read-dom';
import { Report } from '../../utils/schema/report';
import { defaultSettings } from '../../utils/settings';
import { completeForm, sampleDraft, samplePost } from '../../test-support/fixtures';

const client = { name: 'Flagpost', version: '0.1.0', browser: 'chrome', locale: 'en' };
const base = { draft: sampleDraft(), post: samplePost(), form: completeForm(), reporter: reporterFrom(defaultSettings, 'p-1'), goodFaithStatement: 'I believe…', client };

const AVATAR = 'https://pbs.twimg.com/profile_images/1/a.jpg';
const BANNER = 'https://pbs.twimg.com/profile_banners/1/2/1500x500';
const account = {
  handle: '@someone', displayName: 'Someone', id: '1', url: 'https://x.com/someone', avatarUrl: AVATAR, bannerUrl: BANNER,
  recentPosts: [{ url: 'https://x.com/someone/status/5', id: '5' }],
};

describe('buildReport: report 1.2', () => {
  test('an account: kind "account", the account with its pictures named by the refs hashing gave them, 1.2', () => {
    const post = accountPost('x', account, 'https://x.com/someone');
    const draft = {
      ...sampleDraft(),
      media: [
        { ref: 'm1', kind: 'image' as const, sourceUrl: AVATAR, hashes: [{ algorithm: 'md5' as const, value: 'a'.repeat(32) }] },
        { ref: 'm2', kind: 'image' as const, sourceUrl: BANNER, hashes: [{ algorithm: 'md5' as const, value: 'b'.repeat(32) }] },
      ],
    };
    const report = buildReport({ ...base, draft, post });
    expect(Report.parse(report)).toEqual(report);
    expect(report.schema).toBe('flagpost.report/1.2');
    expect(report.target).toMatchObject({ kind: 'account', url: 'https://x.com/someone', author: { handle: '@someone', id: '1' } });
    expect(report.target.account).toEqual({
      handle: '@someone', displayName: 'Someone', id: '1', url: 'https://x.com/someone', avatarRef: 'm1', bannerRef: 'm2',
      recentPosts: [{ url: 'https://x.com/someone/status/5', id: '5' }],
    });
  });

  test('an account whose avatar the background refused has no avatarRef, and stays valid', () => {
    const post = accountPost('x', account, 'https://x.com/someone');
    const report = buildReport({ ...base, draft: { ...sampleDraft(), media: [] }, post });
    expect(report.target.account?.avatarRef).toBeUndefined();
    expect(Report.safeParse(report).success).toBe(true);
  });

  test("a post's out-links make it 1.2; a post without them stays what it was", () => {
    const outLinks = [{ url: 'https://example.org/a', offPlatform: true, shownAs: 'example.org' }];
    const linked = buildReport({ ...base, post: { ...samplePost(), outLinks } });
    expect(linked.schema).toBe('flagpost.report/1.2');
    expect(linked.target.outLinks).toEqual(outLinks);
    expect(linked.target.kind).toBeUndefined();
    expect(Report.safeParse(linked).success).toBe(true);
    expect(buildReport(base).schema).toBe('flagpost.report/1');
  });
});
