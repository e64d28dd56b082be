/**
 * End-to-end harness: launch Debian's Chromium with an unpacked MV3 extension (./launch.ts), answer https
 * requests with local fixtures, for pages AND for the extension's service worker, so that no test reaches the
 * internet (./intercept.ts), and stop or wake the extension's service worker (./worker-lifecycle.ts).
 * Set E2E_DEBUG=1 to trace launch and worker-lifecycle steps.
 */
export * from './intercept';
export * from './launch';
export { stopServiceWorker, wakeServiceWorker } from './worker-lifecycle';
