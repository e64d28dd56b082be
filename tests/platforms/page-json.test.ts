import { expect, test } from 'vitest';
import { guarded } from '../../utils/platforms/guarded';
import { findInPageJson } from '../../utils/platforms/page-json';
import { xAdapter } from '../../utils/platforms/x';
import { parseInert } from '../../test-support/dom-fixtures';

const page = (...scripts: string[]) => parseInert(scripts.map((json) => `<script type="application/json">${json}</script>`).join(''));
const byId = (id: string) => (object: Record<string, unknown>) => (object['id'] === id ? object['url'] : undefined);

test('the first object anywhere in the JSON scripts that the picker accepts; bad scripts skipped, nothing run', () => {
  const root = page('not json', '{"a":[{"id":"1","url":"first"}]}', '{"id":"1","url":"second"}');
  expect(findInPageJson(root, byId('1'))).toBe('first');
  expect(findInPageJson(root, byId('2'))).toBeUndefined();
  // Other script types (a page's code) are not read.
  expect(findInPageJson(parseInert('<script>{"id":"1","url":"x"}</script>'), byId('1'))).toBeUndefined();
});

test('a deep payload does not overflow the stack', () => {
  const deep = `${'{"a":'.repeat(20_000)}{"id":"1","url":"deep"}${'}'.repeat(20_000)}`;
  expect(findInPageJson(page(deep), byId('1'))).toBe('deep');
});

test('guarded adapters keep how a stream is located and why it is missing', () => {
  const post = parseInert(`<article data-testid="tweet"><a href="/a/status/1"><time datetime="2024-01-01T00:00:00Z">x</time></a>
    <div data-testid="videoPlayer"><video src="blob:https://x.com/1" poster="https://pbs.twimg.com/amplify_video_thumb/42/img/a.jpg"></video></div>
    <div data-testid="videoPlayer"><video src="blob:https://x.com/2" poster="https://pbs.twimg.com/media/Old.jpg"></video></div></article>`).firstElementChild!;
  const media = guarded(xAdapter).extract(post, 'https://x.com/home')?.media.filter((medium) => medium.kind === 'video');
  expect(media).toEqual([
    expect.objectContaining({ sourceUrl: 'https://video.twimg.com/amplify_video/42/', locate: { from: 'tab-requests', mediaId: '42' } }),
    expect.objectContaining({ sourceUrl: 'https://video.twimg.com/', error: expect.stringContaining('names no media id') }),
  ]);
});
