// `npm run extract -- --url URL --html FILE`: one JSON line per post the content script finds.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ensureTestBuild, TEST_EXTENSION_DIR } from '../e2e/test-build';
import { extractPosts, launchForExtraction, summarize } from '../e2e/extract-posts';

// The test build: the content script answers 'posts.extract' there only (utils/content/report-flow.ts).
const DIST = TEST_EXTENSION_DIR;

function fail(message: string): never {
  console.error(`extract: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { url?: string; html?: string };
  try {
    ({ values } = parseArgs({ options: { url: { type: 'string' }, html: { type: 'string' } } }));
  } catch (error) {
    fail(`${(error as Error).message}\nusage: npm run extract -- --url https://x.com/someone --html page.html`);
  }
  if (!values.url || !values.html) fail('usage: npm run extract -- --url https://x.com/someone --html page.html');
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    fail(`not a URL: ${values.url}`);
  }
  if (url.protocol !== 'https:') fail(`the page must be served at an https:// URL, not ${url.protocol}`);
  const body = await readFile(values.html, 'utf8').catch((error: NodeJS.ErrnoException) =>
    fail(`cannot read ${values.html}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`),
  );
  ensureTestBuild();

  const extension = await launchForExtraction(DIST, [url.hostname]);
  try {
    for (const post of await extractPosts(extension, url.href, body)) console.log(JSON.stringify(summarize(post)));
  } finally {
    await extension.close();
  }
}

void main();
