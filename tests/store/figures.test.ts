/** The popup's personal figures: counts, median days to action and removal rate per platform. */
import { describe, expect, test } from 'vitest';
import type { EndpointStatus, Platform } from '../../utils/schema/report';
import { computeFigures, median } from '../../utils/store/figures';
import type { StoredReport } from '../../utils/store/reports';
import { validReport } from '../../test-support/fixtures';

const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 10, 1);
let n = 0;

function stored(platform: Platform, status: EndpointStatus | 'queued' | 'sent', actedAfterDays?: number): StoredReport {
  const report = validReport();
  const id = `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
  const delivered = status !== 'queued';
  return {
    id, report: { ...report, id, target: { ...report.target, platform } },
    status: delivered ? 'sent' : 'queued', attempts: 1, nextAttemptAt: 0, createdAt: T0, updatedAt: T0,
    ...(delivered && status !== 'sent'
      ? { tracking: {
          endpointBase: 'https://e.example', status, checks: 1, checkedAt: T0 + 30 * DAY, nextCheckAt: Infinity,
          ...(actedAfterDays === undefined ? {} : { updatedAt: new Date(T0 + actedAfterDays * DAY).toISOString() }),
        } }
      : {}),
  };
}

describe('median', () => {
  test('odd and even counts, unsorted input, none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('computeFigures', () => {
  test('sent, actioned and rejected; only delivered reports count as sent', () => {
    const figures = computeFigures([
      stored('x', 'actioned', 2), stored('x', 'rejected'), stored('x', 'under_review'), stored('x', 'sent'), stored('x', 'queued'),
    ]);
    expect(figures).toMatchObject({ sent: 4, actioned: 1, rejected: 1 });
  });

  test('median days to action, from the endpoint’s updatedAt, to a tenth; else when Flagpost learned it', () => {
    expect(computeFigures([stored('x', 'actioned', 1), stored('x', 'actioned', 4), stored('x', 'actioned', 2)]).medianDaysToAction).toBe(2);
    expect(computeFigures([stored('x', 'actioned', 1), stored('x', 'actioned', 2.25)]).medianDaysToAction).toBe(1.6);
    // No updatedAt: checkedAt, 30 days after.
    expect(computeFigures([stored('x', 'actioned')]).medianDaysToAction).toBe(30);
    // A time before the report was made is left out, not counted as negative.
    expect(computeFigures([stored('x', 'actioned', -3)]).medianDaysToAction).toBeUndefined();
    expect(computeFigures([stored('x', 'rejected', 1)]).medianDaysToAction).toBeUndefined();
  });

  test('removal rate per platform: actioned of decided; withdrawn and open reports are no decision', () => {
    const figures = computeFigures([
      stored('x', 'actioned', 1), stored('x', 'actioned', 1), stored('x', 'rejected'), stored('x', 'withdrawn'),
      stored('telegram', 'rejected'),
      stored('youtube', 'under_review'),
    ]);
    expect(figures.platforms).toEqual([
      { platform: 'x', actioned: 2, decided: 3, rate: 2 / 3 },
      { platform: 'telegram', actioned: 0, decided: 1, rate: 0 },
      { platform: 'youtube', actioned: 0, decided: 0, rate: undefined },
    ]);
  });

  test('nothing stored: zeros, no median, no platforms', () => {
    expect(computeFigures([])).toEqual({ sent: 0, actioned: 0, rejected: 0, medianDaysToAction: undefined, platforms: [] });
  });
});
