/**
 * Always-on timings of the report pipeline as User Timing measures (`flagpost:fetch`, `…:decode`,
 * `…:sha256`, `…:md5`, `…:pdq`, `…:prepare`, `…:build`, `…:deliver`; a video hashed in Chrome's offscreen
 * document adds `…:video-handoff` (bytes into Cache Storage, the document opened) and `…:video-hash` (from the
 * request to the document's answer: its read of the bytes, demux, decode, vPDQ): a handful of entries per
 * report, cheap enough to keep. `npm run bench:report` and `bench/video-report.bench.ts` read them from the
 * service worker.
 */
export function timed<T>(name: string, work: () => T): T {
  const start = performance.now();
  const end = () => performance.measure(`flagpost:${name}`, { start });
  const result = work();
  if (result instanceof Promise) return result.finally(end) as T;
  end();
  return result;
}
