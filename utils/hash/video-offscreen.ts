/**
 * Chrome MV3: the service worker has no VideoDecoder, so videos are hashed in an offscreen document, in a
 * dedicated worker it spawns per video (hence the offscreen reason WORKERS).
 *
 * The bytes do not travel in the message: runtime messages are JSON (a Uint8Array would arrive as an
 * object of numbered keys) and capped at 64 MiB. They wait in Cache Storage, which the service worker and
 * the document share, under a random key that the message names; both sides delete the entry.
 */
import { browser, type Browser } from 'wxt/browser';
import { messageListener, sendToBackground, type Handlers } from '../messages';
import type { VideoHashes, VideoHashOptions, VideoJob, VideoJobReply } from './video-decode';

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

export async function hashInOffscreenDocument(bytes: Uint8Array, options: VideoHashOptions): Promise<VideoHashes> {
  const key = crypto.randomUUID();
  const cache = await caches.open(HANDOFF_CACHE);
  jobs += 1;
  clearTimeout(closeTimer);
  // Waiting on a message is not activity: an extension API call every 20 s keeps the worker from its 30 s idle stop.
  const keepAlive = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
  try {
    await cache.put(handoffUrl(key), new Response(bytes as Uint8Array<ArrayBuffer>));
    await (lifecycle = lifecycle.then(openDocument, openDocument));
    // runtime.sendMessage reaches every extension page; only the offscreen document answers 'video.hash'.
    return await sendToBackground('video.hash', { key, ...options });
  } finally {
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
  const handlers: Handlers = {
    async 'video.hash'({ key, secondsPerHash, limits }) {
      const cache = await caches.open(HANDOFF_CACHE);
      const response = await cache.match(handoffUrl(key));
      await cache.delete(handoffUrl(key));
      if (!response) throw new Error('the video to hash was not handed over');
      const bytes = new Uint8Array(await response.arrayBuffer());
      return hashInWorker(spawnWorker, bytes, { secondsPerHash, limits });
    },
  };
  return messageListener(handlers);
}

/**
 * One worker per video, terminated afterwards: its memory goes with it, and a step that overruns the
 * budget (the worker checks it too, between frames) is stopped for sure.
 */
export function hashInWorker(spawnWorker: () => Worker, bytes: Uint8Array, options: VideoHashOptions): Promise<VideoHashes> {
  const worker = spawnWorker();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<VideoHashes>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`video hashing took longer than ${options.limits.budgetMs / 1000} s`)),
      options.limits.budgetMs + 5_000,
    );
    worker.onmessage = ({ data }: MessageEvent<VideoJobReply>) => {
      if (data.ok) resolve(data.value);
      else reject(new Error(data.error));
    };
    worker.onerror = (event) => reject(new Error(`video worker failed: ${event.message}`));
    const job: VideoJob = { bytes, options };
    worker.postMessage(job, [bytes.buffer]);
  }).finally(() => {
    clearTimeout(timer);
    worker.terminate();
  });
}
