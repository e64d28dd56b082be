/**
 * What the content script reads on a page, seen from outside: serves HTML at its real URL in
 * Chromium with the built extension and asks the page's content script for every post.
 * Used by `npm run extract` and by the end-to-end fixture tests.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExtractedPost } from '../utils/platforms/types';
import { html, launchWithExtension, type LaunchedExtension } from './harness';

/** The line `npm run extract` prints for one post. */
export interface PostSummary {
  platform: string;
  url: string;
  postId?: string;
  author?: string;
  postedAt?: string;
  text?: string;
  media: { kind: string; sourceUrl: string }[];
  quoted: { url: string }[];
}

export function summarize(post: ExtractedPost): PostSummary {
  return {
    platform: post.platform,
    url: post.url,
    postId: post.postId,
    author: post.author?.handle,
    postedAt: post.postedAt,
    text: post.text,
    media: post.media.map(({ kind, sourceUrl }) => ({ kind, sourceUrl })),
    quoted: post.quoted.map(({ url }) => ({ url })),
  };
}

/**
 * A copy of the built extension that may also run on `extraHosts` (e.g. a Mastodon instance,
 * which a user would grant at run time and a headless browser cannot).
 */
export async function extensionCopyFor(distDir: string, extraHosts: string[]): Promise<string> {
  if (!extraHosts.length) return distDir;
  const copy = await mkdtemp(path.join(tmpdir(), 'flagpost-extension-'));
  await cp(distDir, copy, { recursive: true });
  const manifestPath = path.join(copy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.host_permissions = [...manifest.host_permissions, ...extraHosts.map((host) => `https://${host}/*`)];
  await writeFile(manifestPath, JSON.stringify(manifest));
  return copy;
}

export async function launchForExtraction(distDir: string, extraHosts: string[] = []): Promise<LaunchedExtension> {
  return launchWithExtension(await extensionCopyFor(distDir, extraHosts));
}

/** Opens `url` with `body` as its HTML and returns every post the content script extracts there. */
export async function extractPosts(extension: LaunchedExtension, url: string, body: string): Promise<ExtractedPost[]> {
  extension.fixtures.setRoutes((requested) => (requested === url ? html(body) : undefined));
  const page = await extension.browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    const worker = await extension.serviceWorker();
    const answer = await worker.evaluate(async (pageUrl: string) => {
      const tab = (await chrome.tabs.query({})).find((candidate) => candidate.url === pageUrl);
      if (tab?.id === undefined) throw new Error(`no tab shows ${pageUrl}`);
      const ask = () => chrome.tabs.sendMessage(tab.id!, { type: 'posts.extract', payload: {} });
      // The manifest's content script starts at document_idle; on other hosts it is injected here.
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          return await ask();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/content.js'] });
      return ask();
    }, page.url());
    if (!answer?.ok) throw new Error(`the content script did not answer: ${answer?.error ?? 'no answer'}`);
    return answer.value.posts as ExtractedPost[];
  } finally {
    await page.close();
  }
}
