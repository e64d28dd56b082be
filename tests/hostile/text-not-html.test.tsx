/**
 * Text from a page or an endpoint is shown as text, never parsed as HTML: each view is rendered once
 * with harmless words and once with markup and script in every such field, and the two must build
 * exactly the same elements with the same attributes — the payloads only ever become text.
 * Replay a failure: see ./hostile-values.ts.
 */
import fc from 'fast-check';
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import { PostSummary } from '../../components/report/PostSummary';
import { ReportDialog } from '../../components/report/ReportDialog';
import type { ExtractedPost } from '../../utils/platforms/types';
import type { MediaEntry } from '../../utils/schema/report';
import { addReport, type StoredReport } from '../../utils/store/reports';
import { freshIndexedDb } from '../fresh-indexeddb';
import { validReport } from '../../test-support/fixtures';
import { hostileText, propertyOptions, XSS_STRINGS } from './hostile-values';
import { containerPerTest } from '../preact-container';

/**
 * Every element under `root` as `tag[attribute names]`, sorted: which elements and attributes exist,
 * whatever order asynchronous updates put them in.
 */
function shape(root: Element): string[] {
  return Array.from(root.querySelectorAll('*'), (el) => `${el.localName}[${el.getAttributeNames().sort().join(' ')}]`).sort();
}

/** Markup, script, or any string that is not empty (an empty field legitimately renders less). */
const payload = fc.oneof(fc.constantFrom(...XSS_STRINGS), hostileText.filter((text) => text.length > 0));

/** A URL that is valid http(s) yet carries markup in its path and query, as a page can make one. */
const markedUrl = (base: string, text: string) => `${base}?q=${encodeURIComponent(text)}#${encodeURIComponent(text)}`;

function post(text: string): ExtractedPost {
  return {
    platform: 'x',
    url: markedUrl('https://x.com/a/status/1', text),
    pageUrl: markedUrl('https://x.com/a', text),
    postId: text.slice(0, 200),
    author: { handle: text.slice(0, 300), displayName: text.slice(0, 300), url: markedUrl('https://x.com/a', text) },
    text: text.slice(0, 5000),
    media: [
      { kind: 'image', sourceUrl: markedUrl('https://pbs.twimg.com/media/A', text), thumbnailUrl: markedUrl('https://pbs.twimg.com/media/B', text) },
    ],
    quoted: [{ url: markedUrl('https://x.com/b/status/2', text), author: { handle: text.slice(0, 300) } }],
  };
}

function hashed(text: string): MediaEntry[] {
  return [{ ref: 'm1', kind: 'image', sourceUrl: 'https://pbs.twimg.com/media/A', hashes: [], error: text.slice(0, 500) }];
}

const container = containerPerTest();
beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
});

describe('the dialog shows the post as text', () => {
  test('PostSummary: author, URL, text and a medium\'s error never become elements', () => {
    render(<PostSummary post={post('harmless words')} hashed={hashed('harmless words')} />, container());
    const calm = shape(container());
    render(null, container());
    fc.assert(
      fc.property(payload, (text) => {
        render(<PostSummary post={post(text)} hashed={hashed(text)} />, container());
        expect(shape(container())).toEqual(calm);
        expect(container().textContent).toContain(text.slice(0, 300));
        render(null, container());
      }),
      propertyOptions(40),
    );
  });

  test('ReportDialog: an error from the page or the background is text', async () => {
    render(<ReportDialog subject={{ kind: 'error', error: { key: 'dialogPrepareFailed', detail: 'harmless words' } }} onClose={() => {}} />, container());
    const calm = shape(container());
    render(null, container());
    for (const text of XSS_STRINGS) {
      render(<ReportDialog subject={{ kind: 'error', error: { key: 'dialogPrepareFailed', detail: text } }} onClose={() => {}} />, container());
      expect(shape(container())).toEqual(calm);
      expect(container().textContent).toContain(text);
      render(null, container());
    }
  });

  test('ReportDialog: the background\'s refusal to prepare the report is text', async () => {
    let refusal = '';
    fakeBrowser.runtime.onMessage.addListener(() => Promise.resolve({ ok: false, error: refusal }));
    const settled = async (text: string) => {
      refusal = text;
      render(<ReportDialog subject={{ kind: 'post', post: post('harmless words') }} draftId={crypto.randomUUID()} onClose={() => {}} />, container());
      await vi.waitFor(() => expect(container().textContent).toContain(text));
      const result = shape(container());
      render(null, container());
      return result;
    };
    const calm = await settled('a harmless refusal');
    for (const text of XSS_STRINGS) expect(await settled(text)).toEqual(calm);
  });
});

describe('the popup shows what endpoints say as text', () => {
  beforeEach(freshIndexedDb);

  function stored(id: string, text: string): StoredReport {
    const report = validReport();
    report.id = id;
    report.target.url = markedUrl('https://x.com/a/status/1', text);
    return {
      id,
      report,
      status: 'failed',
      attempts: 1,
      nextAttemptAt: 0,
      // The endpoint's own words travel as a Reason's detail and as a tracking note.
      lastError: { key: 'deliveryHttpError', detail: text },
      createdAt: 1,
      updatedAt: 1,
      tracking: { endpointBase: 'https://reports.example', status: 'rejected', note: text, outcome: text, checks: 1, checkedAt: 1, nextCheckAt: 2 },
    };
  }

  test('a failure reason and a reviewer\'s note full of markup stay text', async () => {
    await addReport(stored('0f8fad5b-d9cb-469f-a165-70867728950e', 'harmless words'));
    XSS_STRINGS.forEach((text, i) => void addReport(stored(`0f8fad5b-d9cb-469f-a165-7086772895${String(i).padStart(2, '0')}`, text)));
    render(<Popup />, container());
    await vi.waitFor(() => expect(container().querySelectorAll('.report')).toHaveLength(XSS_STRINGS.length + 1));
    const rows = Array.from(container().querySelectorAll('.report'), shape);
    for (const row of rows) expect(row).toEqual(rows[0]);
    for (const text of XSS_STRINGS) expect(container().textContent).toContain(text);
  });
});
