import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { REPORT_JSON_SCHEMA_PATH, reportJsonSchema } from '../../utils/schema/json-schema';
import { Report } from '../../utils/schema/report';
import { describeIssues } from '../../utils/schema/zod';
import { downgradeToVersion1 } from '../../utils/schema/versions';
import { validReport, validReportV11 } from '../../test-support/fixtures';

function problemsOf(report: unknown): string {
  const result = Report.safeParse(report);
  return result.success ? '' : describeIssues(result.error);
}

describe('flagpost.report/1', () => {
  test('a complete report passes', () => {
    expect(problemsOf(validReport())).toBe('');
  });

  test.each([
    ['pseudonymous', { mode: 'pseudonymous', pseudonym: 'a2c4' }],
    ['named', { mode: 'named', name: 'Ada', email: 'ada@example.org' }],
    ['trusted flagger', { mode: 'anonymous', trustedFlaggerId: 'TF-1' }],
  ])('a %s reporter passes', (_name, reporter) => {
    expect(problemsOf({ ...validReport(), reporter })).toBe('');
  });

  test('target.platform: any short lowercase id passes, so a newer extension\'s platform reaches an older endpoint', () => {
    const withPlatform = (platform: string) => {
      const report = validReport();
      return problemsOf({ ...report, target: { ...report.target, platform } });
    };
    for (const platform of ['x', 'other', 'archive', 'new-platform-2', 'a'.repeat(32)]) expect(withPlatform(platform)).toBe('');
    for (const platform of ['', 'Archive', 'archive.org', 'a'.repeat(33), '__proto__']) expect(withPlatform(platform)).toMatch(/target\.platform/);
  });

  test('video frames and every hash algorithm pass', () => {
    const report = validReport();
    report.media.push({
      ref: 'm2', kind: 'video', sourceUrl: 'https://video.twimg.com/a.mp4',
      hashes: [
        { algorithm: 'md5', value: 'b'.repeat(32) },
        { algorithm: 'pdq', value: 'c'.repeat(64), quality: 100 },
        { algorithm: 'vpdq', frames: [{ frame: 0, quality: 90, value: 'd'.repeat(64), ts: 0 }] },
      ],
    });
    expect(problemsOf(report)).toBe('');
  });

  test('1.1: a rendition and storyboard PDQs pass under flagpost.report/1.1, and are refused under /1', () => {
    expect(problemsOf(validReportV11())).toBe('');
    expect(problemsOf({ ...validReportV11(), schema: 'flagpost.report/1' })).toMatch(/schema.*flagpost\.report\/1\.1/);
    // 1.1 with nothing of 1.1 in it is still a valid 1.1 report.
    expect(problemsOf({ ...validReport(), schema: 'flagpost.report/1.1' })).toBe('');
  });

  test('1.1 resent as 1: the rendition and storyboard hashes go, the medium says so, the rest stays', () => {
    const downgraded = downgradeToVersion1(validReportV11());
    expect(problemsOf(downgraded)).toBe('');
    const video = downgraded.media[1]!;
    expect(video.rendition).toBeUndefined();
    expect(video.hashes.map((hash) => hash.algorithm)).toEqual(['vpdq']);
    expect(video.error).toMatch(/storyboard hashes not sent/);
    expect(downgraded.media[0]).toEqual(validReport().media[0]);
  });

  test('1.1 resent as 1: a TMK goes too, and the medium says so plainly', () => {
    const report = validReportV11();
    report.media[1]!.hashes.push({ algorithm: 'tmk', value: 'VE1LMQ==' });
    expect(problemsOf(report)).toBe('');
    const video = downgradeToVersion1(report).media[1]!;
    expect(video.hashes.map((hash) => hash.algorithm)).toEqual(['vpdq']);
    expect(video.error).toBe('storyboard hashes and TMK not sent: the endpoint accepts flagpost.report/1 only');
    expect(problemsOf({ ...report, schema: 'flagpost.report/1' })).toMatch(/tmk/);
  });

  test('a medium that could not be hashed keeps its error and the report stays valid', () => {
    const report = validReport();
    report.media[0] = { ...report.media[0]!, hashes: [], error: 'fetch refused: HTTP 404' };
    expect(problemsOf(report)).toBe('');
  });

  test.each([
    ['no explanation', (r: any) => { r.classification.explanation = ''; }, 'classification.explanation'],
    ['an explanation of spaces', (r: any) => { r.classification.explanation = '   '; }, 'classification.explanation'],
    ['an explanation over 2,000 chars', (r: any) => { r.classification.explanation = 'x'.repeat(2001); }, 'classification.explanation'],
    ['no URL', (r: any) => { delete r.target.url; }, 'target.url'],
    ['a relative URL', (r: any) => { r.target.url = '/lcMenci/status/1'; }, 'target.url'],
    ['an http URL', (r: any) => { r.target.url = 'http://x.com/a/status/1'; }, 'target.url'],
    ['a javascript: URL', (r: any) => { r.target.url = 'javascript:alert(1)'; }, 'target.url'],
    ['no good-faith statement', (r: any) => { delete r.goodFaith; }, 'goodFaith'],
    ['good faith not confirmed', (r: any) => { r.goodFaith.confirmed = false; }, 'goodFaith.confirmed'],
    ['an empty good-faith sentence', (r: any) => { r.goodFaith.statement = ''; }, 'goodFaith.statement'],
    ['a named reporter without email', (r: any) => { r.reporter = { mode: 'named', name: 'Ada' }; }, 'reporter.email'],
    ['a named reporter with a bad email', (r: any) => { r.reporter = { mode: 'named', name: 'Ada', email: 'ada' }; }, 'reporter.email'],
    ['a named reporter without name', (r: any) => { r.reporter = { mode: 'named', email: 'ada@example.org' }; }, 'reporter.name'],
    ['no category', (r: any) => { r.classification.tco = []; }, 'classification.tco'],
    ['an unknown category', (r: any) => { r.classification.tco = ['spam']; }, 'classification.tco.0'],
    ['a short PDQ hash', (r: any) => { r.media[0].hashes = [{ algorithm: 'pdq', value: 'ab', quality: 50 }]; }, 'media.0.hashes.0.value'],
    ['a blob: media URL', (r: any) => { r.media[0].sourceUrl = 'blob:https://x.com/1'; }, 'media.0.sourceUrl'],
    ['text over 5,000 chars', (r: any) => { r.target.text = 'x'.repeat(5001); }, 'target.text'],
    ['an unknown field', (r: any) => { r.extra = 1; }, '(root)'],
    ['a URL over 2,048 characters', (r: any) => { r.target.url = `https://x.com/${'a'.repeat(2048)}`; }, 'target.url'],
    ['two hashes of one algorithm on a medium', (r: any) => { r.media[0].hashes.push({ algorithm: 'sha256', value: 'b'.repeat(64) }); }, 'media.0.hashes'],
    ['a wrong schema version', (r: any) => { r.schema = 'flagpost.report/2'; }, 'schema'],
  ])('rejects %s, naming the field', (_name, mutate, field) => {
    const report = structuredClone(validReport());
    mutate(report);
    expect(problemsOf(report)).toContain(`${field}:`);
  });
});

describe('the committed JSON Schema', () => {
  test('is what the zod module exports now (run `npm run schema` after changing it)', () => {
    expect(readFileSync(REPORT_JSON_SCHEMA_PATH, 'utf8')).toBe(reportJsonSchema());
  });
});
