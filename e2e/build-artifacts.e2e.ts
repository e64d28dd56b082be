/**
 * What ships: the built manifests (WXT adds keys of its own at build time), the built code, and the
 * store packages. Needs `npx wxt zip && npx wxt zip -b firefox` (`npm run zip`; scripts/test.sh does it).
 * And what does not: the test hooks (`globalThis.flagpost`) are in the test build only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { leastPrivilegeProblems, type Manifest } from '../test-support/manifest-policy';
import { TEST_EXTENSION_DIR } from './test-build';

const DIST = resolve(__dirname, '../dist');
const builds = ['chrome-mv3', 'firefox-mv2'] as const;

function readManifest(build: string): Manifest {
  return JSON.parse(readFileSync(join(DIST, build, 'manifest.json'), 'utf8')) as Manifest;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Ways code could come from elsewhere, be made from strings at run time, or HTML be parsed from data. */
const REMOTE_OR_DYNAMIC_CODE: [string, RegExp][] = [
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\s*\(/],
  ['Function(string)', /\bFunction\s*\(\s*["'`]/],
  ['string timer', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/],
  ['remote import()', /\bimport\s*\(\s*["'`](?:https?:)?\/\//],
  ['remote importScripts', /\bimportScripts\s*\(\s*["'`](?:https?:)?\/\//],
  ['remote script element', /<script[^>]+src\s*=\s*["']?(?:https?:)?\/\//i],
  ['script from code', /executeScript\s*\(\s*\{[^}]*\bcode\s*:/],
  // HTML sinks fed anything but a literal (Preact's is removed at build: build-config/preact-without-inner-html.ts).
  ['innerHTML/outerHTML from a value', /\.(?:inner|outer)HTML\s*=(?!=)\s*(?!["'`])/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\s*\(/],
  ['document.write', /\bdocument\.write(?:ln)?\s*\(/],
];

describe.each(builds)('%s', (build) => {
  test('manifest: least privilege, default CSP, no external connections', () => {
    expect(leastPrivilegeProblems(readManifest(build))).toEqual([]);
  });

  test('no remote or string-made code, no HTML sink, in any built script or page', () => {
    const found: string[] = [];
    for (const file of filesUnder(join(DIST, build)).filter((path) => /\.(m?js|html)$/.test(path))) {
      const code = readFileSync(file, 'utf8');
      for (const [name, pattern] of REMOTE_OR_DYNAMIC_CODE) if (pattern.test(code)) found.push(`${name} in ${file}`);
    }
    expect(found).toEqual([]);
  });

  test('no content script touches extension storage: Settings (the token, the name and email) are out of its code', () => {
    // They ask the background for the few words they show ('content.language'); Chrome also keeps storage.local to
    // trusted contexts (e2e/extension-privilege.e2e.ts), Firefox cannot, so there this is the whole guarantee.
    const scripts = filesUnder(join(DIST, build, 'content-scripts')).filter((path) => /\.js$/.test(path));
    expect(scripts.length).toBeGreaterThan(1);
    expect(scripts.filter((file) => /\.storage\b/.test(readFileSync(file, 'utf8'))).map((file) => relative(DIST, file))).toEqual([]);
  });

  test('no test hooks (globalThis.flagpost) in any built script', () => {
    const scripts = filesUnder(join(DIST, build)).filter((path) => /\.m?js$/.test(path));
    expect(scripts.length).toBeGreaterThan(1);
    expect(scripts.filter((file) => hasTestHooks(readFileSync(file, 'utf8'))).map((file) => relative(DIST, file))).toEqual([]);
  });
});

describe('the test build (npm run build:test, what the e2e tests drive)', () => {
  test('has the hooks, in its service worker, under the name and shape the tests call', () => {
    const worker = readFileSync(join(TEST_EXTENSION_DIR, 'background.js'), 'utf8');
    expect(worker).toMatch(TEST_HOOKS);
    const [hooks = ''] = /flagpost\s*:\s*\{[^}]*\}/.exec(worker) ?? [];
    const names = [...hooks.matchAll(/[{,]\s*(\w+)\s*(?=[:,}])/g)].map(([, name]) => name);
    expect(names).toEqual(['onReportMenuClick', 'onReportCommand', 'hashMedia', 'videoTmk', 'queue', 'drafts', 'wellbeing']);
  });

  test('is otherwise the shipped build: the same files and manifest', () => {
    const shipped = join(DIST, 'chrome-mv3');
    const names = (dir: string) => filesUnder(dir).map((file) => relative(dir, file)).sort();
    expect(names(TEST_EXTENSION_DIR)).toEqual(names(shipped));
    expect(readFileSync(join(TEST_EXTENSION_DIR, 'manifest.json'), 'utf8')).toBe(readFileSync(join(shipped, 'manifest.json'), 'utf8'));
  });
});

interface ZipEntry {
  name: string;
  /** The entry's bytes, uncompressed (stored or deflated: what WXT writes). */
  read: () => Buffer;
}

/** A zip's entries, from its central directory (no dependency for a listing). */
function zipContents(path: string): ZipEntry[] {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${path} is not a zip`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const read = () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressedSize);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    };
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), read });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const zipEntries = (path: string) => zipContents(path).map((entry) => entry.name);

/** The service worker's test hooks as the minifier writes them: `flagpost:{onReportMenuClick:…` (utils/background/test-hooks.ts). */
const TEST_HOOKS = /\bflagpost\s*:\s*\{\s*onReportMenuClick\s*:/;
const TEST_HOOKS_MODULE = 'exposeTestHooks';
const hasTestHooks = (code: string) => TEST_HOOKS.test(code) || code.includes(TEST_HOOKS_MODULE);

describe('store packages (npm run zip)', () => {
  const version = (JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8')) as { version: string }).version;
  const zips = {
    chrome: join(DIST, `flagpost-${version}-chrome.zip`),
    firefox: join(DIST, `flagpost-${version}-firefox.zip`),
    sources: join(DIST, `flagpost-${version}-sources.zip`),
  };
  // The reference endpoint is the top-level endpoint/; utils/endpoint/ is the extension's own client, and ships.
  const notShipped = /(^|\/)(tests?|e2e|bench|node_modules)\/|^endpoint\/|\.map$|\.(test|spec|e2e)\.[cm]?[jt]sx?$|(^|\/)\.env/;

  test.each(['chrome', 'firefox'] as const)('%s: the built extension, manifest at the root, no source maps or tests', (browser) => {
    expect(existsSync(zips[browser]), `${zips[browser]}: run npm run zip`).toBe(true);
    const entries = zipEntries(zips[browser]);
    expect(entries).toContain('manifest.json');
    expect(entries.filter((entry) => notShipped.test(entry))).toEqual([]);
    expect(entries.filter((entry) => /\.tsx?$/.test(entry))).toEqual([]);
  });

  test.each(['chrome', 'firefox'] as const)('%s: no test hooks (globalThis.flagpost) in any packaged script', (browser) => {
    const scripts = zipContents(zips[browser]).filter((entry) => /\.m?js$/.test(entry.name));
    expect(scripts.length).toBeGreaterThan(1);
    expect(scripts.filter((entry) => hasTestHooks(entry.read().toString('utf8'))).map((entry) => entry.name)).toEqual([]);
  });

  test('AMO sources: what builds the extension, without tests, the endpoint or maps', () => {
    expect(existsSync(zips.sources), `${zips.sources}: run npm run zip`).toBe(true);
    const entries = zipEntries(zips.sources);
    expect(entries).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'wxt.config.ts', 'README.md']));
    expect(entries.some((entry) => entry.startsWith('entrypoints/'))).toBe(true);
    expect(entries.filter((entry) => notShipped.test(entry))).toEqual([]);
  });
});
