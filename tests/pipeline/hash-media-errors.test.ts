import { afterEach, expect, test, vi } from 'vitest';
import { hashMedia } from '../../utils/pipeline/hash-media';

afterEach(() => vi.unstubAllGlobals());

test('a medium the page could not give keeps its reason and is never fetched; the others are', async () => {
  const fetched: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    return new Response('not found', { status: 404 });
  });
  const entries = await hashMedia([
    { kind: 'poster', sourceUrl: 'https://pbs.twimg.com/amplify_video_thumb/1/img/a?format=jpg&name=orig' },
    { kind: 'video', sourceUrl: 'https://video.twimg.com/amplify_video/1/', error: 'the stream was never loaded' },
  ]);
  expect(fetched).toEqual(['https://pbs.twimg.com/amplify_video_thumb/1/img/a?format=jpg&name=orig']);
  expect(entries).toEqual([
    { ref: 'm1', kind: 'poster', sourceUrl: 'https://pbs.twimg.com/amplify_video_thumb/1/img/a?format=jpg&name=orig', hashes: [], error: 'fetch refused: HTTP 404' },
    { ref: 'm2', kind: 'video', sourceUrl: 'https://video.twimg.com/amplify_video/1/', hashes: [], error: 'the stream was never loaded' },
  ]);
});
