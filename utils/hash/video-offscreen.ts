/**
 * Chrome MV3: the service worker has no VideoDecoder, so videos are hashed in an offscreen document, in a
 * dedicated worker it spawns per video (hence the offscreen reason WORKERS).
 *
 * The bytes do not travel in the message: runtime messages are JSON (a Uint8Array would arrive as an
 * object of numbered keys) and capped at 64 MiB. They wait in Cache Storage, which the service worker and
 * the document share, under a random key that the message names; both sides delete the entry. A stream
 * arrives here already concatenated (init + segments: one fragmented MP4 or MPEG-TS), so it travels the same way.
 * Progress comes back as 'video.progress' messages under the same key; 'video.cancel' terminates the worker.
 */
import { browser, type Browser } from 'wxt/browser';
import { messageListener, sendToBackground, type Handlers } from '../messages';
import { timed } from '../timing';
import {
  CANCELLED, type VideoHashControl, type VideoHashes, type VideoHashOptions, type VideoJob, type VideoJobReply,
} from './video-decode';

const OFFSCREEN_PATH = '/offscreen.html';
const HANDOFF_CACHE = 'flagpost-video-handoff';
/** Cache Storage keys must be http(s) URLs; `.invalid` never resolves, and nothing ever fetches it. */
const handoffUrl = (key: string) => `https://flagpost.invalid/video/${key}`;

// ----- service-worker side --------------------------------------------------------------------------------------

/** A post's videos are hashed one after another: the document stays a while rather than reopen for each. */
const LINGER_MS = 10_000;

let jobs = 0;
let closeTimer: ReturnType<typeof setTimeout> | undefined;
/** Opening and closing the (single) offscreen document happen one after the other, in call order. */
let lifecycle: Promise<void> = Promise.resolve();

/** Progress callbacks of the jobs under way, by key; one runtime listener serves them all. */
const progressByKey = new Map<string, NonNullable<VideoHashControl['onProgress']>>();
let listening = false;
function listenForProgress(): void {
  if (listening) return;
  listening = true;
  type Listener = Parameters<typeof browser.runtime.onMessage.addListener>[0];
  const listener = messageListener({
    async 'video.progress'({ key, done, total }) {
      progressByKey.get(key)?.(done, total);
      return {};
    },
  });
  browser.runtime.onMessage.addListener(listener as Listener);
}

export async function hashInOffscreenDocument(
  bytes: Uint8Array,
  options: VideoHashOptions,
  { onProgress, signal }: VideoHashControl = {},
): Promise<VideoHashes> {
  if (signal?.aborted) throw new Error(CANCELLED);
  const key = crypto.randomUUID();
  const cache = await caches.open(HANDOFF_CACHE);
  if (onProgress) {
    listenForProgress();
    progressByKey.set(key, onProgress);
  }
  let onAbort = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    onAbort = () => {
      void sendToBackground('video.cancel', { key }).catch(() => {});
      reject(new Error(CANCELLED));
    };
  });
  cancelled.catch(() => {});
  signal?.addEventListener('abort', onAbort);
  jobs += 1;
  clearTimeout(closeTimer);
  // Waiting on a message is not activity: an extension API call every 20 s keeps the worker from its 30 s idle stop.
  const keepAlive = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
  try {
    await timed('video-handoff', async () => {
      await cache.put(handoffUrl(key), new Response(bytes as Uint8Array<ArrayBuffer>));
      await (lifecycle = lifecycle.then(openDocument, openDocument));
    });
    if (signal?.aborted) throw new Error(CANCELLED); // cancelled while handing over: no job to start
    // runtime.sendMessage reaches every extension page; only the offscreen document answers 'video.hash'.
    return await timed('video-hash', () => Promise.race([sendToBackground('video.hash', { key, ...options }), cancelled]));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    progressByKey.delete(key);
    clearInterval(keepAlive);
    await cache.delete(handoffUrl(key));
    jobs -= 1;
    if (jobs === 0) closeTimer = setTimeout(() => (lifecycle = lifecycle.then(closeIfIdle, closeIfIdle)), LINGER_MS);
  }
}

async function openDocument(): Promise<void> {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  const open = await browser.runtime.getContexts({
    contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType],
    documentUrls: [url],
  });
  if (open.length > 0) return;
  await browser.offscreen.createDocument({
    url: OFFSCREEN_PATH,
    reasons: ['WORKERS' as Browser.offscreen.Reason],
    justification: 'Decodes videos with WebCodecs in a worker to hash them (vPDQ) on the device.',
  });
}

/** A renderer process is not kept for nothing: the document goes once no video is being hashed. */
async function closeIfIdle(): Promise<void> {
  if (jobs === 0) await browser.offscreen.closeDocument().catch(() => {});
}

// ----- offscreen-document side ----------------------------------------------------------------------------------

/** The document's message listener: take the bytes out of the cache and hash them in a fresh worker. */
export function offscreenListener(spawnWorker: () => Worker) {
  const running = new Map<string, AbortController>();
  const handlers: Handlers = {
    async 'video.hash'({ key, secondsPerHash, limits, tmk, vpdq }) {
      const controller = new AbortController();
      running.set(key, controller); // before any wait: a cancel may follow right away
      try {
        const cache = await caches.open(HANDOFF_CACHE);
        const response = await cache.match(handoffUrl(key));
        await cache.delete(handoffUrl(key));
        if (!response) throw new Error('the video to hash was not handed over');
        const bytes = new Uint8Array(await response.arrayBuffer());
        const onProgress = (done: number, total: number) =>
          void sendToBackground('video.progress', { key, done, total }).catch(() => {});
        const options: VideoHashOptions = { secondsPerHash, limits, ...(tmk ? { tmk } : {}), ...(vpdq === false ? { vpdq } : {}) };
        return await hashInWorker(spawnWorker, bytes, options, { onProgress, signal: controller.signal });
      } finally {
        running.delete(key);
      }
    },
    async 'video.cancel'({ key }) {
      running.get(key)?.abort();
      return {};
    },
  };
  return messageListener(handlers);
}

/**
 * One worker per video, terminated afterwards: its memory goes with it, and a step that overruns the
 * budget (the worker checks it too, between frames) is stopped for sure.
 */
export function hashInWorker(
  spawnWorker: () => Worker,
  bytes: Uint8Array,
  options: VideoHashOptions,
  { onProgress, signal }: VideoHashControl = {},
): Promise<VideoHashes> {
  const worker = spawnWorker();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  return new Promise<VideoHashes>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`video hashing took longer than ${options.limits.budgetMs / 1000} s`)),
      options.limits.budgetMs + 5_000,
    );
    onAbort = () => reject(new Error(CANCELLED));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort);
    worker.onmessage = ({ data }: MessageEvent<VideoJobReply>) => {
      if ('progress' in data) onProgress?.(data.progress.done, data.progress.total);
      else if (data.ok) resolve(data.value);
      else reject(new Error(data.error));
    };
    worker.onerror = (event) => reject(new Error(`video worker failed: ${event.message}`));
    const job: VideoJob = { bytes, options };
    worker.postMessage(job, [bytes.buffer]);
  }).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  });
}
