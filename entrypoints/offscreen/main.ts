/** The offscreen document (Chrome MV3): answers 'video.hash' by hashing in a dedicated worker. */
import { browser } from 'wxt/browser';
import { hashInWorker, offscreenListener } from '../../utils/hash/video-offscreen';
// Vite bundles the worker (`?worker`): WXT defines import.meta.url away, so `new URL(…, import.meta.url)` cannot.
import VideoWorker from './worker.ts?worker';

const spawnWorker = () => new VideoWorker();

type Listener = Parameters<typeof browser.runtime.onMessage.addListener>[0];
browser.runtime.onMessage.addListener(offscreenListener(spawnWorker) as Listener);

// End-to-end tests hash every frame (seconds per hash 0) through this same worker path.
Object.assign(globalThis, { flagpostVideo: { hash: hashInWorker.bind(null, spawnWorker) } });
