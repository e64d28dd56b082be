import { describe, expect, test } from 'vitest';
import { MAX_OUT_LINKS, MAX_RECENT_POSTS } from '../../utils/schema/limits';
import { Report, schemaIdFor } from '../../utils/schema/report';
import { withoutVersion12 } from '../../utils/schema/versions';
import { describeIssues } from '../../utils/schema/zod';
import { validAccountReport as accountReport, validReport } from '../../test-support/fixtures';

function problemsOf(report: unknown): string {
  const result = Report.safeParse(report);
  return result.success ? '' : describeIssues(result.error);
}

function postWithLinks(): Report {
  const report = validReport();
  return {
    ...report,
    schema: 'flagpost.report/1.2',
    target: {
      ...report.target,
      outLinks: [
        { url: 'https://www.forbes.com/sites/a', offPlatform: true, shownAs: 'forbes.com' },
        { url: 'https://x.com/Forbes', offPlatform: false },
      ],
    },
  };
}

describe('flagpost.report/1.2: accounts', () => {
  test('an account report passes under 1.2 and says which media are its avatar', () => {
    expect(problemsOf(accountReport())).toBe('');
  });

  test('an account report under 1 or 1.1 is refused by its schema, so an older endpoint refuses it clearly', () => {
    for (const schema of ['flagpost.report/1', 'flagpost.report/1.1']) {
      expect(problemsOf({ ...accountReport(), schema })).toMatch(/schema.*flagpost\.report\/1\.2/);
    }
  });

  test('kind and account go together', () => {
    const report = accountReport();
    const { account: _account, ...withoutAccount } = report.target;
    expect(problemsOf({ ...report, target: withoutAccount })).toMatch(/target\.account/);
    const { kind: _kind, ...withoutKind } = report.target;
    expect(problemsOf({ ...report, target: withoutKind })).toMatch(/target\.account/);
    expect(problemsOf({ ...report, target: { ...report.target, kind: 'post' } })).toMatch(/target\.account/);
  });

  test("an avatarRef must name one of the report's media", () => {
    const report = accountReport();
    report.target.account!.avatarRef = 'm9';
    expect(problemsOf(report)).toMatch(/avatarRef/);
  });

  test('an unknown target kind and an account URL that is not https are refused, naming the field', () => {
    expect(problemsOf({ ...accountReport(), target: { ...accountReport().target, kind: 'group' } })).toMatch(/target\.kind/);
    const report = accountReport();
    report.target.account!.url = 'http://x.com/lcMenci';
    expect(problemsOf(report)).toMatch(/target\.account\.url/);
  });

  test(`at most ${MAX_RECENT_POSTS} recent posts`, () => {
    const report = accountReport();
    report.target.account!.recentPosts = Array.from({ length: MAX_RECENT_POSTS + 1 }, (_, i) => ({ url: `https://x.com/a/status/${i}` }));
    expect(problemsOf(report)).toMatch(/target\.account\.recentPosts/);
  });

  test('an explicit kind "post" is 1.2 too, and valid there', () => {
    const report = validReport();
    expect(problemsOf({ ...report, schema: 'flagpost.report/1.2', target: { ...report.target, kind: 'post' } })).toBe('');
    expect(schemaIdFor(report.media, { kind: 'post' })).toBe('flagpost.report/1.2');
  });

  test('an account report has no older form: withoutVersion12 gives none', () => {
    expect(withoutVersion12(accountReport())).toBeNull();
  });
});

describe('flagpost.report/1.2: outbound links', () => {
  test('a post with outLinks passes under 1.2 and is refused under 1', () => {
    expect(problemsOf(postWithLinks())).toBe('');
    expect(problemsOf({ ...postWithLinks(), schema: 'flagpost.report/1' })).toMatch(/schema.*1\.2/);
  });

  test('schemaIdFor: 1.2 only with something of 1.2; 1 and 1.1 reports stay what they were', () => {
    const report = validReport();
    expect(schemaIdFor(report.media, report.target)).toBe('flagpost.report/1');
    expect(schemaIdFor(report.media, postWithLinks().target)).toBe('flagpost.report/1.2');
    expect(problemsOf({ ...report, schema: 'flagpost.report/1.2' })).toBe('');
  });

  test.each([
    ['a javascript: link', { url: 'javascript:alert(1)', offPlatform: true }, 'target.outLinks.0.url'],
    ['no offPlatform', { url: 'https://example.org/' }, 'target.outLinks.0.offPlatform'],
    ['an unknown field', { url: 'https://example.org/', offPlatform: true, title: 'x' }, 'target.outLinks.0'],
  ])('refuses %s, naming the field', (_name, link, field) => {
    const report = postWithLinks();
    expect(problemsOf({ ...report, target: { ...report.target, outLinks: [link] } })).toContain(`${field}`);
  });

  test(`at most ${MAX_OUT_LINKS} links`, () => {
    const report = postWithLinks();
    report.target.outLinks = Array.from({ length: MAX_OUT_LINKS + 1 }, (_, i) => ({ url: `https://example.org/${i}`, offPlatform: true }));
    expect(problemsOf(report)).toMatch(/target\.outLinks/);
  });

  test('for an endpoint without 1.2 a post goes without its links, as the version its media need', () => {
    const older = withoutVersion12(postWithLinks())!;
    expect(older.schema).toBe('flagpost.report/1');
    expect(older.target).toEqual(validReport().target);
    expect(problemsOf(older)).toBe('');
  });
});
