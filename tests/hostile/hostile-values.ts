/**
 * What a hostile page (or endpoint) puts where Flagpost reads: shared by the property tests.
 *
 * Replay: every property run prints its seed and path when it fails. Run it again exactly with
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run tests/hostile
 * and explore more with FC_RUNS=<n> (the defaults keep each file to a few seconds). For long
 * explorations run one platform at a time (`-t '^x:'`): happy-dom keeps every clone it has queried
 * alive (about 2 MB a run here), and a few thousand runs in one process exhaust the heap.
 */
import fc from 'fast-check';

/** CI runs one fixed sample, so that a run fails for a change, not for the luck of a seed. */
const CI_SEED = 20261124;

/**
 * fast-check options: the run count a test chose, or FC_RUNS; FC_SEED/FC_PATH replay a failure.
 * Locally every run draws a new seed (exploration); under CI the seed is fixed.
 */
export function propertyOptions(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? CI_SEED : undefined;
  return {
    numRuns: process.env.FC_RUNS ? Number(process.env.FC_RUNS) : numRuns,
    ...(seed !== undefined ? { seed, path: process.env.FC_PATH } : {}),
  };
}

/** Markup and script in every shape a text field might carry them. */
export const XSS_STRINGS = [
  '<script>globalThis.pwned=1</script>',
  '<img src=x onerror="globalThis.pwned=1">',
  '"><svg onload=globalThis.pwned=1>',
  "'><iframe srcdoc='<script>parent.pwned=1</script>'>",
  '<a href="javascript:globalThis.pwned=1">click</a>',
  '<style>*{display:none}</style>',
  '{{constructor.constructor("globalThis.pwned=1")()}}',
  '&lt;b&gt;entity&lt;/b&gt; &amp; <b>bold</b>',
  '\u202Egnp.exe\u202C <b dir=rtl>',
  '<math><mi xlink:href="javascript:globalThis.pwned=1">x</mi></math>',
];

/** Strings that are not URLs we may report: scripts, inline data, local objects, other schemes. */
export const HOSTILE_URLS = [
  'javascript:globalThis.pwned=1',
  'JaVaScRiPt:globalThis.pwned=1',
  ' javascript:globalThis.pwned=1',
  'java\tscript:globalThis.pwned=1',
  'javascript://x.com/a/status/1%0Aglobalthis.pwned=1',
  'javascript://www.youtube.com/watch?v=dQw4w9WgXcQ',
  'data:text/html,<script>globalThis.pwned=1</script>',
  'data:image/png;base64,iVBORw0KGgo=',
  'data://www.tiktok.com/@a/video/7571863205253778710',
  'blob:https://x.com/0f8fad5b-d9cb-469f-a165-70867728950e',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://bsky.app/profile/a/post/b',
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html',
  'about:blank',
  '//evil.example/a/status/1',
  '/\\evil.example/x',
  'https://evil.example/x.com/a/status/1',
  'https://x.com.evil.example/a/status/1',
  `https://x.com/a/status/1?${'q'.repeat(5000)}`,
  'https://x.com/a/status/1"><script>globalThis.pwned=1</script>',
  'http://[::1',
  '',
];

/** Big enough to hit every cap; small enough to keep a run in milliseconds. */
const HUGE = [
  'A'.repeat(200_000),
  '𝕏'.repeat(30_000),
  '<'.repeat(50_000),
  '\n'.repeat(20_000),
  `${'\u0301'.repeat(10_000)}e`,
];

export const hostileText = fc.oneof(
  fc.constantFrom(...XSS_STRINGS),
  fc.constantFrom(...HUGE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

export const hostileUrl = fc.oneof(fc.constantFrom(...HOSTILE_URLS), fc.constantFrom(...XSS_STRINGS), hostileText);
