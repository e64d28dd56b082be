/**
 * "Delete all local data" revokes the optional hosts the user granted (issue 16, part 5): they name the
 * endpoint and the Mastodon instances used. Proved here, in Firefox, because here a grant is possible:
 * `extensions.webextOptionalPermissionPrompts` off (e2e/firefox/launch.ts) grants what `permissions.request`
 * asks without the prompt a test cannot answer. Headless Chromium cannot grant an optional origin, so its
 * check (e2e/extension-privilege.e2e.ts) holds whether or not anything is revoked.
 *
 * Everything as a user does it, with trusted input: Save with an endpoint, Add a Mastodon instance, Delete
 * all and its confirmation; what is granted is read with `permissions.getAll()` in the options page's realm.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hostOfPattern } from '../../utils/platforms/hosts';
import { configureEndpoint } from './flagpost';
import { launchFirefox, type FirefoxSession } from './launch';
import type { Tab } from './tab';

/** Hosts nothing answers (no route): Save and Add ask for a grant and contact neither. */
const ENDPOINT_BASE = 'https://reports.flagpost.example';
const INSTANCE = 'mastodon.flagpost.example';
/** What each asks for: the whole host (utils/endpoint/base.ts, utils/instances.ts). */
const ASKED = ['https://reports.flagpost.example/*', 'https://mastodon.flagpost.example/*'];

let firefox: FirefoxSession;

beforeAll(async () => {
  firefox = await launchFirefox();
}, 120_000);

afterAll(async () => {
  await firefox?.close();
});

interface Granted {
  origins: string[];
  /** The host patterns the manifest requires: Firefox MV2 lists them among `permissions`. */
  required: string[];
}

/** What the browser says is granted, asked from the extension page in `tab` (its own realm, its own `browser`). */
function granted(tab: Tab): Promise<Granted> {
  return tab.run(async () => {
    const api = (globalThis as unknown as { browser: typeof chrome }).browser;
    const manifest = api.runtime.getManifest();
    const patterns = [...(manifest.permissions ?? []), ...((manifest as { host_permissions?: string[] }).host_permissions ?? [])];
    return {
      origins: (await api.permissions.getAll()).origins ?? [],
      required: patterns.filter((pattern) => pattern.includes('://') || pattern === '<all_urls>'),
    };
  });
}

/** The granted origins the manifest does not require, compared by host (Firefox may spell a pattern its own way). */
function optionalOf({ origins, required }: Granted): string[] {
  const requiredHosts = new Set(required.map(hostOfPattern));
  return origins.filter((origin) => !requiredHosts.has(hostOfPattern(origin)));
}

describe('Delete all local data in Firefox', () => {
  test('the endpoint\'s and a Mastodon instance\'s granted hosts are revoked; the required ones stay', async () => {
    // Save asks for the endpoint's host from the click (components/options/Options.tsx).
    await configureEndpoint(firefox, ENDPOINT_BASE);

    const options = await firefox.extensionPage('options.html');
    // Add asks for the instance's host from the click (components/options/Instances.tsx).
    await options.fill(await options.element('#instance'), INSTANCE);
    await options.click(await options.element('fieldset:has(> #instance) > button[type="button"]'));
    await options.element(`li[data-instance="${INSTANCE}"]`);

    const before = await granted(options);
    expect(before.required.length).toBeGreaterThan(0);
    // Both grants taken, or the rest of the test proves nothing.
    expect(optionalOf(before).sort()).toEqual([...ASKED].sort());

    await options.click(await options.element('[data-action="delete-all"]'));
    await options.click(await options.element('[data-action="confirm-delete-all"]'));
    await options.element('[data-flagpost-deleted="done"]');

    const after = await granted(options);
    expect(optionalOf(after)).toEqual([]);
    // Only the optional ones went: the platforms' hosts, which the extension needs to work at all, are all still granted.
    expect(after.origins.sort()).toEqual(before.origins.filter((origin) => optionalOf(before).indexOf(origin) < 0).sort());
    await options.close();
  });
});
