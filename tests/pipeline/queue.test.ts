import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { DeliveryOutcome } from '../../utils/endpoint/deliver';
import type { Endpoint } from '../../utils/endpoint/request';
import { backoffDelay, createQueue, HASHING_WAKE_MS, MAX_ATTEMPTS, SENDING_STALE_MS, type QueueDeps } from '../../utils/pipeline/queue';
import { getReport, updateReport } from '../../utils/store/reports';
import { Report } from '../../utils/schema/report';
import { validReport } from '../../test-support/fixtures';
import { freshIndexedDb } from '../fresh-indexeddb';

const endpoint: Endpoint = { base: 'https://endpoint.example', token: '' };
let clock = 1_000_000;

beforeEach(async () => {
  await freshIndexedDb();
  clock = 1_000_000;
});

function queueWith(outcomes: DeliveryOutcome[], overrides: Partial<QueueDeps> = {}) {
  const deliver = vi.fn(async () => outcomes.shift() ?? { kind: 'sent' as const, status: 'received' as const });
  const scheduleWakeUp = vi.fn(async () => {});
  const queue = createQueue({
    deliver,
    endpoint: async () => endpoint,
    scheduleWakeUp,
    notify: () => {},
    now: () => clock,
    ...overrides,
  });
  return { queue, deliver, scheduleWakeUp };
}

describe('the delivery queue', () => {
  test('a new report is stored and delivered at once', async () => {
    const { queue, deliver } = queueWith([]);
    const stored = await queue.submit(validReport());
    expect(stored.status).toBe('sent');
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  test('submitting the same report twice stores and sends it once', async () => {
    const { queue, deliver } = queueWith([]);
    await queue.submit(validReport());
    await queue.submit(validReport());
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  test('a network failure keeps the report queued with its reason and schedules a wake-up', async () => {
    const { queue, scheduleWakeUp } = queueWith([{ kind: 'retry', reason: { key: 'deliveryUnreachable' } }]);
    const stored = await queue.submit(validReport());
    expect(stored).toMatchObject({ status: 'queued', attempts: 1, lastError: { key: 'deliveryUnreachable' } });
    expect(stored.nextAttemptAt).toBeGreaterThan(clock);
    expect(scheduleWakeUp).toHaveBeenCalledWith(stored.nextAttemptAt);
  });

  test('it is not sent again before its time, then sent exactly once', async () => {
    const { queue, deliver } = queueWith([{ kind: 'retry', reason: { key: 'deliveryHttpError', detail: 'HTTP 503' }, retryAfterMs: 60_000 }]);
    await queue.submit(validReport());
    await queue.drain();
    expect(deliver).toHaveBeenCalledTimes(1);
    clock += 60_000;
    await Promise.all([queue.drain(), queue.drain()]);
    expect(deliver).toHaveBeenCalledTimes(2);
    expect((await getReport(validReport().id))?.status).toBe('sent');
  });

  test('an endpoint in maintenance (503, Retry-After: 30) for half an hour does not make Flagpost give up', async () => {
    const maintenance: DeliveryOutcome = { kind: 'retry', reason: { key: 'deliveryHttpError', detail: 'HTTP 503' }, retryAfterMs: 30_000 };
    const { queue } = queueWith([], { deliver: vi.fn(async () => maintenance) });
    const { id } = await queue.submit(validReport());
    const start = clock;
    while (clock - start < 30 * 60_000) {
      clock += 30_000;
      await queue.drain();
    }
    const stored = await getReport(id);
    expect(stored).toMatchObject({ status: 'queued', lastError: maintenance.reason });
    expect(stored!.attempts).toBeLessThan(MAX_ATTEMPTS / 4);
  });

  test('a rejection is final until the user retries', async () => {
    const { queue, deliver } = queueWith([{ kind: 'rejected', reason: { key: 'deliveryTokenRefused', detail: 'HTTP 401' } }]);
    const stored = await queue.submit(validReport());
    expect(stored).toMatchObject({ status: 'failed', lastError: { key: 'deliveryTokenRefused', detail: 'HTTP 401' } });
    clock += 24 * 3600_000;
    await queue.drain();
    expect(deliver).toHaveBeenCalledTimes(1);
    expect((await queue.retry(stored.id))?.status).toBe('sent');
    expect(deliver).toHaveBeenCalledTimes(2);
  });

  test('without an endpoint the report waits, saying why', async () => {
    const { queue, deliver } = queueWith([], { endpoint: async () => ({ key: 'popupNoEndpoint' as const }) });
    const stored = await queue.submit(validReport());
    expect(stored).toMatchObject({ status: 'queued', lastError: { key: 'popupNoEndpoint' } });
    expect(deliver).not.toHaveBeenCalled();
  });

  test('a send cut off by a stopped service worker is sent again once stale, with the same id', async () => {
    const { queue, deliver } = queueWith([]);
    const { id } = await queue.submit(validReport());
    await updateReport(id, (record) => ({ ...record, status: 'sending', updatedAt: clock }));
    await queue.drain();
    expect(deliver).toHaveBeenCalledTimes(1); // not stale yet
    clock += SENDING_STALE_MS;
    await queue.drain();
    expect(deliver).toHaveBeenCalledTimes(2);
    expect(deliver.mock.calls[1]).toEqual([expect.objectContaining({ id }), endpoint]);
  });
});

test('at start-up, a report cut off mid-send goes out again at once, under the same id', async () => {
  const { queue, deliver } = queueWith([]);
  const { id } = await queue.submit(validReport());
  await updateReport(id, (record) => ({ ...record, status: 'sending', updatedAt: clock }));
  await queue.recoverInterrupted();
  await queue.drain();
  expect(deliver).toHaveBeenCalledTimes(2);
  expect((await getReport(id))?.status).toBe('sent');
});

test('after MAX_ATTEMPTS failures it stops retrying and says so; Retry starts over', async () => {
  const failures = Array.from({ length: MAX_ATTEMPTS }, () => ({ kind: 'retry' as const, reason: { key: 'deliveryUnreachable' as const } }));
  const { queue, deliver } = queueWith(failures);
  const { id } = await queue.submit(validReport());
  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
    clock += 2 * 3600_000;
    await queue.drain();
  }
  expect(deliver).toHaveBeenCalledTimes(MAX_ATTEMPTS);
  expect(await getReport(id)).toMatchObject({ status: 'failed', lastError: { key: 'deliveryGaveUp' } });
  expect((await queue.retry(id))?.status).toBe('sent');
});

describe('backoffDelay', () => {
  test('grows exponentially with jitter and is capped at an hour (±50%)', () => {
    expect(backoffDelay(1, () => 0.5)).toBe(30_000);
    expect(backoffDelay(2, () => 0.5)).toBe(60_000);
    expect(backoffDelay(3, () => 0)).toBe(60_000);
    expect(backoffDelay(3, () => 0.999)).toBeLessThan(180_000);
    expect(backoffDelay(30, () => 0.5)).toBe(3_600_000);
  });
});

describe('a report held while its media are hashed', () => {
  function heldReport() {
    const report = validReport();
    const [image] = report.media;
    const video = { ref: 'm2', kind: 'video' as const, sourceUrl: 'https://video.twimg.com/tweet_video/long.mp4', hashes: [] };
    return { ...report, media: [image!, video] };
  }
  const videoHashed = { ref: 'm1', kind: 'video' as const, sourceUrl: 'https://video.twimg.com/tweet_video/long.mp4', hashes: [{ algorithm: 'sha256' as const, value: 'a'.repeat(64) }] };

  test('is kept as "hashing": no drain sends it, and a wake-up is scheduled to finish hashing', async () => {
    const { queue, deliver, scheduleWakeUp } = queueWith([]);
    const report = heldReport();
    expect((await queue.hold(report, 1)).status).toBe('hashing');
    expect(scheduleWakeUp).toHaveBeenCalledWith(clock + HASHING_WAKE_MS);
    clock += 24 * 3600_000;
    await queue.drain();
    await queue.recoverInterrupted();
    expect(await queue.retry(report.id)).toMatchObject({ status: 'hashing' });
    expect(deliver).not.toHaveBeenCalled();
  });

  test('its last medium queues it and it is delivered once, with the hashes under its own ref', async () => {
    const { queue, deliver } = queueWith([]);
    const report = heldReport();
    await queue.hold(report, 1);
    expect(await queue.settleMedium(report.id, 1, videoHashed)).toBe(true);
    expect(deliver).toHaveBeenCalledTimes(1);
    const [sent] = deliver.mock.calls[0] as unknown as [typeof report];
    expect(sent.media[1]).toEqual({ ...videoHashed, ref: 'm2' });
    // The same medium again (a restarted worker, a late decoder): nothing changes, nothing is sent again.
    expect(await queue.settleMedium(report.id, 1, { ...videoHashed, error: 'late' })).toBe(false);
    await queue.drain();
    expect(deliver).toHaveBeenCalledTimes(1);
    expect((await getReport(report.id))?.report.media[1]?.error).toBeUndefined();
  });

  test('a medium that needs 1.1 (a stream\'s rendition) makes the held report 1.1', async () => {
    const { queue, deliver } = queueWith([]);
    const report = heldReport();
    await queue.hold(report, 1);
    await queue.settleMedium(report.id, 1, { ...videoHashed, rendition: { url: 'https://video.twimg.com/hls/720.m3u8', height: 720 } });
    const [sent] = deliver.mock.calls[0] as unknown as [typeof report];
    expect(sent.schema).toBe('flagpost.report/1.1');
    expect(Report.safeParse(sent).success).toBe(true);
  });
});
