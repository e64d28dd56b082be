import { describe, expect, test } from 'vitest';
import { buildReport, contentTypesOf, reporterFrom } from '../../utils/pipeline/build-report';
import { Report } from '../../utils/schema/report';
import { defaultSettings } from '../../utils/settings';
import { completeForm, sampleDraft, samplePost } from '../../test-support/fixtures';

const client = { name: 'Flagpost', version: '0.1.0', browser: 'chrome', locale: 'en' };
const base = { draft: sampleDraft(), post: samplePost(), form: completeForm(), reporter: reporterFrom(defaultSettings, 'p-1'), goodFaithStatement: 'I believe…', client };

describe('buildReport', () => {
  test('builds a valid anonymous report by default', () => {
    const report = buildReport(base);
    expect(Report.parse(report)).toEqual(report);
    expect(report.reporter).toEqual({ mode: 'anonymous' });
    expect(report.id).toBe(base.draft.id);
    expect(report.target).toMatchObject({ url: base.post.url, pageUrl: base.post.pageUrl, observedAt: base.draft.observedAt });
  });

  test('pseudonymous and named modes carry only what they need', () => {
    expect(reporterFrom({ ...defaultSettings, reporterMode: 'pseudonymous', reporterName: 'Ada' }, 'p-1'))
      .toEqual({ mode: 'pseudonymous', pseudonym: 'p-1' });
    expect(reporterFrom({ ...defaultSettings, reporterMode: 'named', reporterName: ' Ada ', reporterEmail: 'ada@example.org' }, 'p-1'))
      .toEqual({ mode: 'named', name: 'Ada', email: 'ada@example.org' });
  });

  test('without the good-faith tick the report does not validate, and says which field', () => {
    const result = Report.safeParse(buildReport({ ...base, form: { ...completeForm(), goodFaith: false } }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['goodFaith', 'confirmed']);
  });

  test('a post without media or text still makes a valid report', () => {
    const post = { ...samplePost(), media: [], text: undefined };
    const report = buildReport({ ...base, post });
    expect(report.classification.contentTypes).toEqual(['CONTENT_TYPE_OTHER']);
    expect(Report.safeParse(report).success).toBe(true);
  });
});

test('content types follow what the post holds', () => {
  const entry = (kind: 'image' | 'gif' | 'poster') => ({ ref: 'm1', kind, sourceUrl: 'https://a.example/x', hashes: [] });
  expect(contentTypesOf('hi', [entry('image'), entry('gif')])).toEqual(['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE', 'CONTENT_TYPE_VIDEO']);
  expect(contentTypesOf(' ', [entry('poster')])).toEqual(['CONTENT_TYPE_IMAGE']);
});
