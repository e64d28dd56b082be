import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { optionalContentScriptMatches, supportedHostPermissions } from './utils/platforms';

/**
 * Asked for one origin at a time, when the user saves it: their endpoint, and the hosts of
 * platforms that run anywhere (their Mastodon instance).
 */
const optionalOrigins = [...new Set(['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*', ...optionalContentScriptMatches])];

// Explicit imports everywhere: a reader sees where every name comes from.
export default defineConfig({
  imports: false,
  outDir: 'dist',
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // Content scripts use the browser's own promise-based API (MV3 Chrome, Firefox), not the polyfill:
    // ~3 KB gzip less on every feed (budget 10 KB). An alias to itself comes first and skips the polyfill's.
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((entry) => entry.type === 'content-script')) return;
      const aliases = config.resolve?.alias ?? [];
      const rest = Array.isArray(aliases) ? aliases : Object.entries(aliases).map(([find, replacement]) => ({ find, replacement }));
      config.resolve = { ...config.resolve, alias: [{ find: /^wxt\/browser$/, replacement: 'wxt/browser' }, ...rest] };
    },
  },
  vite: () => ({
    plugins: [preact()],
    build: {
      rollupOptions: {
        // zod ships comments Rollup cannot place; the warning is noise, not a defect of ours.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'contextMenus', 'alarms', 'scripting', 'activeTab', ...(manifestVersion === 3 ? ['offscreen'] : [])],
    host_permissions: supportedHostPermissions,
    ...(manifestVersion === 2 ? { optional_permissions: optionalOrigins } : { optional_host_permissions: optionalOrigins }),
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'flagpost@flagpost.example', strict_min_version: '128.0' } } }
      : {}),
  }),
});
