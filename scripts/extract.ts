// `npm run extract -- --url URL --html FILE`: one JSON line per post the content script finds.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractPosts, launchForExtraction, summarize } from './extract-posts';

const DIST = path.resolve(__dirname, '../dist/chrome-mv3');

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
  if (!existsSync(path.join(DIST, 'manifest.json'))) fail('no built extension in dist/chrome-mv3: run `npm run build` first');

  const extension = await launchForExtraction(DIST, [url.hostname]);
  try {
    for (const post of await extractPosts(extension, url.href, body)) console.log(JSON.stringify(summarize(post)));
  } finally {
    await extension.close();
  }
}

void main();
