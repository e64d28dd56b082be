import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { preactWithoutInnerHtml } from './build-config/preact-without-inner-html';
import { loadAdapters, platformEntrypoints } from './build-config/platform-entrypoints';
import { TEST_BUILD_SUFFIX, testHooksWanted } from './build-config/test-build';
import { hostPermissionsOf, optionalMatchesOf } from './utils/platforms/derive';
import { REPORT_FRAME_PATH } from './utils/report-frame';
import { OPTIONAL_API_PERMISSIONS } from './utils/optional-permissions';

/**
 * Asked for one origin at a time, when the user saves it: their endpoint, and the hosts of
 * platforms that run anywhere (their Mastodon instance).
 */
async function optionalOrigins(): Promise<string[]> {
  const adapters = (await loadAdapters()).map(({ adapter }) => adapter);
  return [...new Set(['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*', ...optionalMatchesOf(adapters)])];
}

/**
 * Firefox's install-time data consent (https://mzl.la/firefox-builtin-data-consent; Firefox 140,
 * Android 142). A report is sent only when the user sends one, to the endpoint the user chose, and
 * always carries the post (its URL, text, author, media hashes: website content) and the page it was
 * seen on (browsing activity). The reporter's name and email go only in "named" mode, which the user
 * picks: optional. SECURITY.md and PRIVACY.md say the same in words.
 */
const firefoxGecko = {
  id: 'flagpost@flagpost.example',
  strict_min_version: '140.0',
  data_collection_permissions: {
    required: ['websiteContent', 'browsingActivity'],
    optional: ['personallyIdentifyingInfo'],
  },
};

const CONTENT_SCRIPT_CONTEXT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'utils/content/wxt-context.ts');

/** `npm run build:test`: the service worker's test hooks, in dist/<browser>-mv<N>-test, never in dist/<browser>-mv<N> nor a store package. */
const testHooks = testHooksWanted();

// Explicit imports everywhere: a reader sees where every name comes from.
export default defineConfig({
  imports: false,
  outDir: 'dist',
  ...(testHooks ? { outDirTemplate: `{{browser}}-mv{{manifestVersion}}{{modeSuffix}}${TEST_BUILD_SUFFIX}` } : {}),
  modules: ['@wxt-dev/webextension-polyfill'],
  // `npm run zip`: store packages, and for AMO the sources that build them (no tests, no endpoint).
  zip: {
    excludeSources: ['tests/**', 'test-support/**', 'e2e/**', 'bench/**', 'endpoint/**', 'data/**', 'vitest*.config.ts', '**/*.map'],
  },
  hooks: {
    // One content script per platform with fixed hosts, generated from its adapter (build-config/platform-entrypoints.ts).
    async 'entrypoints:found'(wxt, infos) {
      infos.push(...(await platformEntrypoints(wxt.config.wxtDir)));
    },
    // Content scripts use the browser's own promise-based API (MV3 Chrome, Firefox), not the polyfill:
    // ~3 KB gzip less on every feed (budget 10 KB). An alias to itself comes first and skips the polyfill's.
    // And an empty stand-in for the context WXT's entry makes before `main`, which Flagpost does not use:
    // ~750 B gzip less (utils/content/wxt-context.ts says why it is unused).
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((entry) => entry.type === 'content-script')) return;
      const aliases = config.resolve?.alias ?? [];
      const rest = Array.isArray(aliases) ? aliases : Object.entries(aliases).map(([find, replacement]) => ({ find, replacement }));
      config.resolve = {
        ...config.resolve,
        alias: [
          { find: /^wxt\/browser$/, replacement: 'wxt/browser' },
          { find: /^wxt\/utils\/content-script-context$/, replacement: CONTENT_SCRIPT_CONTEXT },
          ...rest,
        ],
      };
    },
  },
  vite: () => ({
    plugins: [preact(), preactWithoutInnerHtml()],
    // The offscreen document's video worker as an ES module, so that its container demuxer (mediabunny) can be
    // a chunk of its own, loaded only for a video that needs it (utils/hash/video-demux.ts).
    worker: { format: 'es' as const },
    // A constant, so that the shipped build drops the hooks' call and module (entrypoints/background.ts).
    define: { 'import.meta.env.FLAGPOST_TEST_HOOKS': JSON.stringify(testHooks) },
    build: {
      rollupOptions: {
        // zod ships comments Rollup cannot place; the warning is noise, not a defect of ours.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  }),
  manifest: async ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // webRequest: observing (never blocking) the platforms' own stream-manifest requests, see utils/background/stream-sniffer.ts.
    permissions: [
      'storage', 'contextMenus', 'alarms', 'scripting', 'activeTab', 'webRequest', ...(manifestVersion === 3 ? ['offscreen'] : []),
    ],
    host_permissions: hostPermissionsOf((await loadAdapters()).map(({ adapter }) => adapter)),
    // Optional API permissions, asked when the user turns on what needs them: `notifications` for the opt-in
    // "report actioned or rejected" notice (utils/background/badge.ts). MV2 lists origins among them too.
    ...(manifestVersion === 2
      ? { optional_permissions: [...OPTIONAL_API_PERMISSIONS, ...(await optionalOrigins())] }
      : { optional_permissions: [...OPTIONAL_API_PERMISSIONS], optional_host_permissions: await optionalOrigins() }),
    action: { default_title: '__MSG_extName__' },
    // The report frame (utils/content/dialog-frame.ts), the one page a web page may embed; on the pages where a
    // report can start, which is any page (a right-click). In Chrome only at a per-session URL, so a page cannot
    // probe for Flagpost by a fixed one; Firefox's moz-extension: host is already random per install.
    web_accessible_resources: manifestVersion === 3
      ? [{ resources: [REPORT_FRAME_PATH.slice(1)], matches: ['<all_urls>'], use_dynamic_url: true }]
      : [REPORT_FRAME_PATH.slice(1)],
    commands: {
      'report-post': { suggested_key: { default: 'Alt+Shift+R' }, description: '__MSG_commandReportPost__' },
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: firefoxGecko, gecko_android: { strict_min_version: '142.0' } } }
      : {}),
  }),
});
