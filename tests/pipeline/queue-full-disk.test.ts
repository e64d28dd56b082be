import { beforeEach, expect, test, vi } from 'vitest';
import { createQueue } from '../../utils/pipeline/queue';
import { addReport, listReports } from '../../utils/store/reports';
import { validReport } from '../../test-support/fixtures';
import { freshIndexedDb } from '../fresh-indexeddb';

// The real store, with addReport observable so one test can make the disk full.
vi.mock('../../utils/store/reports', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../utils/store/reports')>();
  return { ...real, addReport: vi.fn(real.addReport) };
});

beforeEach(async () => {
  await freshIndexedDb();
});

test('a full disk is said in plain words, nothing is half-stored, and the same report goes through once there is room', async () => {
  const deliver = vi.fn(async () => ({ kind: 'sent' as const, status: 'received' as const }));
  const queue = createQueue({ deliver, endpoint: async () => ({ base: 'https://endpoint.example', token: '' }), scheduleWakeUp: async () => {}, notify: () => {} });
  vi.mocked(addReport).mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
  const report = validReport();
  // The catalogue's words in the extension; its key here, where the test browser has no catalogue.
  await expect(queue.submit(report)).rejects.toThrow(/storageFull|no room left/);
  expect(await listReports()).toEqual([]);
  expect(deliver).not.toHaveBeenCalled();

  expect((await queue.submit(report)).status).toBe('sent');
  expect(deliver).toHaveBeenCalledTimes(1);
});
