import { describe, expect, test } from 'vitest';
import { inTimeZone } from '../time-zone';
import { dateRange, matchesReport, noFilter, stageOf } from '../../utils/store/report-filter';
import { seededReport } from '../../test-support/stored-reports';

const NOW = new Date(2026, 10, 24, 15, 30).getTime();

describe('stageOf', () => {
  test('delivery until sent, then what the endpoint says; plain "sent" when it tracks nothing', () => {
    expect(stageOf(seededReport(2, NOW))).toBe('failed');
    expect(stageOf(seededReport(3, NOW))).toBe('queued');
    expect(stageOf(seededReport(0, NOW))).toBe('sent');
    expect(stageOf(seededReport(6, NOW))).toBe('withdrawn');
  });
});

describe('matchesReport', () => {
  const record = seededReport(1, NOW); // facebook, received, @author1
  test.each([
    [{ search: 'FACEBOOK.example/post/1' }, true],
    [{ search: '@Author1' }, true],
    [{ search: 'nobody' }, false],
    [{ platforms: ['facebook' as const] }, true],
    [{ platforms: ['x' as const] }, false],
    [{ stages: ['received' as const] }, true],
    [{ stages: ['sent' as const] }, false],
    [{ from: record.createdAt, to: record.createdAt }, true],
    [{ from: record.createdAt + 1 }, false],
    [{ to: record.createdAt - 1 }, false],
  ])('%j → %s', (filter, expected) => {
    expect(matchesReport(record, { ...noFilter, ...filter })).toBe(expected);
  });
});

describe('dateRange', () => {
  const startOfToday = new Date(2026, 10, 24).getTime();
  test('presets count back from the start of today, in local time', () => {
    const none = { from: '', to: '' };
    expect(dateRange('any', NOW, none)).toEqual({});
    expect(dateRange('today', NOW, none)).toEqual({ from: startOfToday });
    expect(dateRange('week', NOW, none)).toEqual({ from: new Date(2026, 10, 18).getTime() });
    expect(dateRange('month', NOW, none)).toEqual({ from: new Date(2026, 9, 26).getTime() });
  });

  test('custom dates include the whole last day; a missing or bad date leaves that end open', () => {
    expect(dateRange('custom', NOW, { from: '2026-11-01', to: '2026-11-02' })).toEqual({
      from: new Date(2026, 10, 1).getTime(),
      to: new Date(2026, 10, 2, 23, 59, 59, 999).getTime(),
    });
    expect(dateRange('custom', NOW, { from: 'yesterday', to: '' })).toEqual({ from: undefined, to: undefined });
  });
});

describe('dateRange across a daylight-saving change (Europe/Paris)', () => {
  inTimeZone('Europe/Paris');

  test('"last 7 days" starts at local midnight 6 days ago, also across the spring change', () => {
    const now = new Date(2026, 3, 1, 12, 0).getTime(); // DST began 29 March
    const { from } = dateRange('week', now, { from: '', to: '' });
    expect(from).toBe(new Date(2026, 2, 26).getTime());
    // Made at 23:30 on 25 March, the 8th day back: not in "last 7 days".
    const late = { ...seededReport(1, now), createdAt: new Date(2026, 2, 25, 23, 30).getTime() };
    expect(matchesReport(late, { ...noFilter, from })).toBe(false);
  });

  test('"last 30 days" across the autumn change keeps the first hour of its first day', () => {
    const now = new Date(2026, 10, 1, 12, 0).getTime(); // DST ended 25 October
    expect(dateRange('month', now, { from: '', to: '' }).from).toBe(new Date(2026, 9, 3).getTime());
  });
});
