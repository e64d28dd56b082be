import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import config from '../wxt.config';
import { listingProblems, pngSize, readListing, ROOT } from '../scripts/store-listing-files';
import { apiPermissions, type Manifest } from '../test-support/manifest-policy';

async function manifestFor(browser: 'chrome' | 'firefox', manifestVersion: 2 | 3): Promise<Manifest> {
  const fn = config.manifest as (env: object) => Promise<Manifest> | Manifest;
  return fn({ browser, manifestVersion, mode: 'production', command: 'build' });
}

const listing = readListing();
const sheet = readFileSync(resolve(ROOT, 'store/privacy-practices.md'), 'utf8');

describe('the store listing', () => {
  test('every listed file exists and has its size; every language has a short and a long description', () => {
    expect(listingProblems(listing)).toEqual([]);
  });

  test('icons at every size the stores ask for, promotional tiles, and 1280×800 screenshots in English and French', () => {
    const sizes = (prefix: string) => listing.images.filter((image) => image.path.startsWith(prefix)).map((image) => `${image.width}×${image.height}`);
    expect(sizes('public/icon/')).toEqual(['16×16', '32×32', '48×48', '96×96', '128×128']);
    expect(sizes('store/icons/').sort()).toEqual(['128×128', '300×300', '64×64']);
    expect(sizes('store/promo/').sort()).toEqual(['1400×560', '440×280']);
    for (const language of ['en', 'fr']) {
      const shots = listing.images.filter((image) => image.path.startsWith(`store/screenshots/${language}/`));
      expect(shots.length, language).toBeGreaterThanOrEqual(1);
      expect(shots.length, language).toBeLessThanOrEqual(5); // the Chrome Web Store takes at most 5 (Edge 10, AMO more)
      expect(new Set(shots.map((shot) => `${shot.width}×${shot.height}`))).toEqual(new Set(['1280×800']));
    }
  });

  test('a file of the wrong size is named', () => {
    const [first] = listing.images;
    expect(listingProblems({ ...listing, images: [{ ...first!, width: 17 }] })).toEqual([`${first!.path}: 16×16, not 17×16`]);
    expect(() => pngSize(resolve(ROOT, 'store/listing.json'))).toThrow(/not a PNG/);
  });
});

describe('the privacy-practices sheet matches the manifests and PRIVACY.md', () => {
  test.each([['chrome', 3], ['firefox', 2]] as const)('it justifies every API permission of the %s MV%i manifest', async (browser, version) => {
    for (const permission of apiPermissions(await manifestFor(browser, version))) {
      expect(sheet, permission).toMatch(new RegExp(`^\\| \`${permission}\` \\| \\S`, 'm'));
    }
  });

  test('its Firefox categories are the manifest data_collection_permissions', async () => {
    const declared = (await manifestFor('firefox', 2)).browser_specific_settings?.gecko?.data_collection_permissions;
    const row = (kind: string) => [...sheet.matchAll(new RegExp(`^\\| \`(\\w+)\` \\| ${kind} \\|`, 'gm'))].map((match) => match[1]);
    expect(row('required')).toEqual(declared?.required);
    expect(row('optional')).toEqual(declared?.optional);
  });

  test('what it says is collected, PRIVACY.md says is sent; and neither has analytics', () => {
    const privacy = readFileSync(resolve(ROOT, 'PRIVACY.md'), 'utf8');
    for (const item of ['name and email', 'access token', 'the page you saw it on', 'its text', 'hashes', 'no analytics', 'no telemetry']) {
      expect(privacy.toLowerCase(), item).toContain(item);
    }
    expect(sheet).toContain('No**, Flagpost does not use remote code');
    expect(sheet.toLowerCase()).toContain('no analytics, no telemetry');
  });
});
