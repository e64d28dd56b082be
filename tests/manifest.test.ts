import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import config from '../wxt.config';
import { adapters, contentScriptMatches } from '../utils/platforms';
import { REPORT_FRAME_PATH } from '../utils/report-frame';
import {
  apiPermissions, leastPrivilegeProblems, OPTIONAL_ONLY_API_PERMISSIONS, optionalEntries, requiredHosts, type Manifest,
} from '../test-support/manifest-policy';

/** The manifest wxt.config.ts writes for a target; the built one is checked in e2e/build-artifacts.e2e.ts. */
async function manifestFor(browser: 'chrome' | 'firefox', manifestVersion: 2 | 3): Promise<Manifest> {
  const fn = config.manifest;
  if (typeof fn !== 'function') throw new Error('wxt.config.ts: manifest is expected to be a function of the target');
  return (await fn({ browser, manifestVersion, mode: 'production', command: 'build' })) as Manifest;
}

const targets = [
  ['chrome', 3],
  ['firefox', 2],
] as const;

describe.each(targets)('%s MV%i manifest', (browser, manifestVersion) => {
  test('least privilege: no host permission for every site at install, default CSP, nobody external', async () => {
    const manifest = await manifestFor(browser, manifestVersion);
    expect(leastPrivilegeProblems({ ...manifest, content_scripts: [{ matches: contentScriptMatches }] })).toEqual([]);
  });
});

describe.each(targets)('%s MV%i optional API permissions', (browser, manifestVersion) => {
  test('`notifications` is optional only: asked when the user opts in to outcome notices, never at install', async () => {
    const manifest = await manifestFor(browser, manifestVersion);
    expect(apiPermissions(manifest)).not.toContain('notifications');
    expect(manifest.optional_permissions).toContain('notifications');
    expect(optionalEntries(manifest).filter((entry) => !entry.includes('://'))).toEqual([...OPTIONAL_ONLY_API_PERMISSIONS]);
  });
});

describe('the least-privilege rules themselves', () => {
  const base: Manifest = { manifest_version: 3, web_accessible_resources: [{ resources: [REPORT_FRAME_PATH.slice(1)], matches: ['<all_urls>'], use_dynamic_url: true }] };
  test('an optional-only permission asked at install is a problem; asked as optional it is not', () => {
    expect(leastPrivilegeProblems({ ...base, optional_permissions: ['notifications'] })).toEqual([]);
    expect(leastPrivilegeProblems({ ...base, permissions: ['notifications'] })).toEqual(
      expect.arrayContaining([expect.stringContaining('must stay optional: notifications')]),
    );
  });
  test('an optional API permission nobody listed is a problem', () => {
    expect(leastPrivilegeProblems({ ...base, optional_permissions: ['history'] })).toEqual([expect.stringContaining('history')]);
  });
});

describe('Firefox', () => {
  test('a stable add-on id and the data-collection consent the linter and AMO require', async () => {
    const gecko = (await manifestFor('firefox', 2)).browser_specific_settings?.gecko;
    expect(gecko?.id).toBe('flagpost@flagpost.example');
    // Reports carry the post and the page it was seen on; the reporter's identity only in named mode.
    expect(gecko?.data_collection_permissions).toEqual({
      required: ['websiteContent', 'browsingActivity'],
      optional: ['personallyIdentifyingInfo'],
    });
    // The key exists from Firefox 140: an older minimum would be a linter warning.
    expect(Number.parseFloat(gecko?.strict_min_version ?? '0')).toBeGreaterThanOrEqual(140);
  });
});

describe('README permissions table', () => {
  /** The backticked entries of the first column of the table under "## Permissions". */
  function documented(): Set<string> {
    const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
    const section = readme.split(/^## Permissions$/m)[1]?.split(/^## /m)[0] ?? '';
    const firstCells = section.split('\n').filter((line) => line.startsWith('| ')).map((line) => line.split(' | ')[0] ?? '');
    return new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)));
  }

  test('lists every permission and optional permission of both manifests, and nothing else', async () => {
    const asked = new Set<string>();
    for (const [browser, manifestVersion] of targets) {
      const manifest = await manifestFor(browser, manifestVersion);
      for (const entry of [...apiPermissions(manifest), ...optionalEntries(manifest)]) asked.add(entry);
    }
    expect([...documented()].sort()).toEqual([...asked].sort());
  });

  test("the hosts asked at install are the platforms' pages and media hosts (the table's `npm run permissions` row), and nothing else", async () => {
    const declared = adapters.flatMap((adapter) => [...adapter.matches, ...adapter.mediaHosts]);
    for (const [browser, manifestVersion] of targets) {
      expect(requiredHosts(await manifestFor(browser, manifestVersion)).toSorted()).toEqual([...new Set(declared)].sort());
    }
  });
});
