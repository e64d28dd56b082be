/**
 * Where the end-to-end tests find the extension. They drive the test build (build-config/test-build.ts: the shipped
 * build plus `globalThis.flagpost`), made here when it is missing or older than any source it is built from, so
 * that `npx vitest run --config vitest.e2e.config.ts e2e/<file>` is right after any edit. What ships
 * (dist/chrome-mv3, dist/firefox-mv2, the zips) is what build-artifacts and content-budget inspect.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TEST_BUILD_SUFFIX, TEST_HOOKS_ENV } from '../build-config/test-build';

const ROOT = path.resolve(__dirname, '..');
/** The shipped Chrome build (`npx wxt build`): what the store package holds. */
export const SHIPPED_EXTENSION_DIR = path.join(ROOT, 'dist/chrome-mv3');
/** The test build (`npm run build:test`). */
export const TEST_EXTENSION_DIR = `${SHIPPED_EXTENSION_DIR}${TEST_BUILD_SUFFIX}`;

/** What the build reads: a change to any of these makes an older build stale. */
const SOURCES = [
  'entrypoints', 'components', 'utils', 'public', 'build-config', 'wxt.config.ts', 'package.json', 'package-lock.json',
];

function newestChange(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((item) => item.isFile())
    .reduce((newest, item) => Math.max(newest, statSync(path.join(item.parentPath, item.name)).mtimeMs), stat.mtimeMs);
}

/** True when the test build is missing or older than a source. */
export function testBuildStale(): boolean {
  const manifest = path.join(TEST_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifest)) return true;
  const built = statSync(manifest).mtimeMs;
  return SOURCES.some((entry) => newestChange(entry) > built);
}

/** Builds the test build if it is missing or stale; throws with WXT's output if the build fails. */
export function ensureTestBuild(log: (line: string) => void = console.error): void {
  if (!testBuildStale()) return;
  log(`building the test extension (${path.relative(ROOT, TEST_EXTENSION_DIR)}: missing or older than its sources)…`);
  // Not the caller's NODE_ENV (vitest sets `test`, vite-node `development`): Vite would then build for
  // development (Preact's devtools in every page), not the shipped build plus the hooks.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, env: { ...env, [TEST_HOOKS_ENV]: '1' }, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the test build failed (npm run build:test):\n${build.stdout}\n${build.stderr}`);
}
