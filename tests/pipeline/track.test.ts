// @vitest-environment node
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Endpoint } from '../../utils/endpoint/request';
import { createTracker, initialTracking, nextCheckDelay, REFRESH_MIN_INTERVAL_MS } from '../../utils/pipeline/track';
import { addReport, getReport } from '../../utils/store/reports';
import { computeFigures } from '../../utils/store/figures';
import { validReport } from '../../test-support/fixtures';
import { freshIndexedDb } from '../fresh-indexeddb';

let server: Server;
let answer: { status: number; body: unknown };
let asked = 0;
let endpoint: Endpoint;
let clock = 10_000_000;

beforeEach(async () => {
  await freshIndexedDb();
  clock = 10_000_000;
  asked = 0;
  answer = { status: 200, body: { id: validReport().id, status: 'under_review', note: 'Looking at it', updatedAt: '2026-11-24T11:00:00Z' } };
  server = createServer((_req, res) => {
    asked++;
    res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't' };
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function storeSent(tracking = initialTracking(endpoint.base, 'received', clock)) {
  const report = validReport();
  await addReport({ id: report.id, report, status: 'sent', attempts: 1, nextAttemptAt: 0, createdAt: clock, updatedAt: clock, tracking });
  return report.id;
}

function tracker() {
  const scheduleWakeUp = vi.fn(async () => {});
  return { scheduleWakeUp, tracker: createTracker({ endpoint: async () => endpoint, scheduleWakeUp, notify: () => {}, now: () => clock }) };
}

describe('status tracking', () => {
  test('nothing is asked before the first check is due; the wake-up is scheduled for it', async () => {
    const id = await storeSent();
    const { tracker: t, scheduleWakeUp } = tracker();
    await t.poll();
    expect(asked).toBe(0);
    expect(scheduleWakeUp).toHaveBeenCalledWith((await getReport(id))!.tracking!.nextCheckAt);
  });

  test('a due check records the status and note, then backs off', async () => {
    const id = await storeSent();
    clock += 5 * 60_000;
    await tracker().tracker.poll();
    const tracking = (await getReport(id))!.tracking!;
    expect(tracking).toMatchObject({ status: 'under_review', note: 'Looking at it', checks: 1, checkedAt: clock });
    expect(tracking.nextCheckAt - clock).toBeGreaterThanOrEqual(nextCheckDelay(1, () => 0));
  });

  test('opening the popup checks at once, but not twice within a minute', async () => {
    const id = await storeSent();
    const { tracker: t } = tracker();
    await t.poll({ refresh: true });
    await t.poll({ refresh: true });
    expect(asked).toBe(1);
    clock += REFRESH_MIN_INTERVAL_MS;
    await t.poll({ refresh: true });
    expect(asked).toBe(2);
    expect((await getReport(id))!.tracking!.status).toBe('under_review');
  });

  test('a final status stops the checks', async () => {
    answer.body = { id: validReport().id, status: 'actioned', outcome: 'removed' };
    const id = await storeSent();
    clock += 5 * 60_000;
    const { tracker: t, scheduleWakeUp } = tracker();
    await t.poll();
    clock += 48 * 3600_000;
    await t.poll();
    expect(asked).toBe(1);
    expect((await getReport(id))!.tracking).toMatchObject({ status: 'actioned', outcome: 'removed' });
    expect(scheduleWakeUp).not.toHaveBeenCalled();
  });

  test('an endpoint without status tracking (404) is not asked again', async () => {
    answer = { status: 404, body: { error: { message: 'no such route' } } };
    const id = await storeSent();
    clock += 5 * 60_000;
    const { tracker: t } = tracker();
    await t.poll();
    clock += 48 * 3600_000;
    await t.poll();
    await t.poll({ refresh: true });
    expect(asked).toBe(1);
    expect((await getReport(id))!.tracking!.status).toBe('received');
  });

  test('a report sent to another endpoint is never asked about here', async () => {
    await storeSent(initialTracking('https://previous-endpoint.example', 'received', clock));
    clock += 5 * 60_000;
    const { tracker: t } = tracker();
    await t.poll();
    await t.poll({ refresh: true });
    expect(asked).toBe(0);
  });

  test('a nonsense answer changes nothing but the schedule', async () => {
    answer.body = { status: '<script>alert(1)</script>' };
    const id = await storeSent();
    clock += 5 * 60_000;
    await tracker().tracker.poll();
    expect((await getReport(id))!.tracking).toMatchObject({ status: 'received', checks: 1 });
  });
  test('a new status does not keep the previous status\'s note, outcome and date when its answer leaves them out', async () => {
    clock = Date.parse('2026-11-20T00:00:00Z');
    const id = await storeSent();
    clock += 10 * 60_000;
    await tracker().tracker.poll();
    answer.body = { id, status: 'actioned' };
    clock = Date.parse('2026-11-30T00:00:00Z');
    await tracker().tracker.poll({ refresh: true });
    const tracking = (await getReport(id))!.tracking!;
    expect(tracking.status).toBe('actioned');
    expect(tracking).not.toHaveProperty('note');
    expect(tracking).not.toHaveProperty('updatedAt');
    // The action is then dated when Flagpost learned it (10 days), not by the under-review answer (4.5).
    expect(computeFigures([(await getReport(id))!]).medianDaysToAction).toBe(10);
  });

  test('an answer with the same status and no note keeps the note it had', async () => {
    const id = await storeSent();
    clock += 10 * 60_000;
    await tracker().tracker.poll();
    answer.body = { id, status: 'under_review' };
    clock += REFRESH_MIN_INTERVAL_MS;
    await tracker().tracker.poll({ refresh: true });
    expect((await getReport(id))!.tracking).toMatchObject({ status: 'under_review', note: 'Looking at it' });
  });
});

describe('the status-change hook (the toolbar badge and outcome notices)', () => {
  test('is told once per change the endpoint reports, after it is stored; a check that changes nothing tells nothing', async () => {
    const id = await storeSent();
    const changes: { id: string; from: string; to: string; stored?: string }[] = [];
    const statusChanged = vi.fn(async ({ record, from, to }: { record: { id: string }; from: string; to: string }) => {
      changes.push({ id: record.id, from, to, stored: (await getReport(record.id))?.tracking?.status });
    });
    const t = createTracker({ endpoint: async () => endpoint, scheduleWakeUp: async () => {}, notify: () => {}, statusChanged, now: () => clock });
    clock += 5 * 60_000;
    await t.poll();
    clock += 48 * 3600_000;
    await t.poll();
    answer.body = { id, status: 'actioned', outcome: 'removed' };
    clock += 48 * 3600_000;
    await t.poll();
    expect(changes).toEqual([
      { id, from: 'received', to: 'under_review', stored: 'under_review' },
      { id, from: 'under_review', to: 'actioned', stored: 'actioned' },
    ]);
  });

  test('a hook that fails does not stop the tracker', async () => {
    const id = await storeSent();
    const t = createTracker({
      endpoint: async () => endpoint, scheduleWakeUp: async () => {}, notify: () => {}, now: () => clock,
      statusChanged: async () => { throw new Error('badge unavailable'); },
    });
    clock += 5 * 60_000;
    await t.poll();
    expect((await getReport(id))!.tracking!.status).toBe('under_review');
  });
});
