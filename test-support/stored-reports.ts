/** Many stored reports of every kind, for the tracker's tests (unit and end-to-end). */
import type { Platform } from '../utils/schema/report';
import type { Stage } from '../utils/store/report-filter';
import type { StoredReport } from '../utils/store/reports';
import { validReport } from './fixtures';

export const seedPlatforms: readonly Platform[] = ['x', 'facebook', 'youtube', 'telegram', 'reddit'];
export const seedStages: readonly Stage[] = ['sent', 'received', 'failed', 'queued', 'under_review', 'actioned', 'withdrawn', 'forwarded'];
const HOUR_MS = 3600_000;

/** A v4-shaped id that differs for every n. */
export function seedId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/**
 * Report n of a seed: made n hours before `newest`, on a platform and at a stage that cycle, by
 * author "@author{n % 100}", at https://{platform}.example/post/{n}. Tracked reports were sent to `endpointBase`.
 */
export function seededReport(n: number, newest: number, endpointBase = 'https://endpoint.example'): StoredReport {
  const platform = seedPlatforms[n % seedPlatforms.length]!;
  const stage = seedStages[n % seedStages.length]!;
  const createdAt = newest - n * HOUR_MS;
  const base = validReport();
  const report = {
    ...base,
    id: seedId(n),
    createdAt: new Date(createdAt).toISOString(),
    target: {
      ...base.target,
      url: `https://${platform}.example/post/${n}`,
      platform,
      author: { handle: `@author${n % 100}` },
    },
  };
  const delivery = stage === 'queued' || stage === 'failed' || stage === 'sent' ? stage : 'sent';
  const tracked = delivery === 'sent' && stage !== 'sent';
  return {
    id: report.id,
    report,
    status: delivery,
    attempts: delivery === 'queued' ? 0 : 1,
    // Queued ones wait far ahead, so no drain sends them during a test.
    nextAttemptAt: delivery === 'queued' ? newest + 365 * 24 * HOUR_MS : 0,
    ...(delivery === 'failed' ? { lastError: { key: 'deliveryHttpError', detail: '500' } } : {}),
    createdAt,
    updatedAt: createdAt,
    ...(tracked
      ? { tracking: { endpointBase, status: stage as never, checks: 1, checkedAt: newest, nextCheckAt: newest + 365 * 24 * HOUR_MS } }
      : {}),
  };
}
