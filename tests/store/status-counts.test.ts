// @vitest-environment node
/** The status filter's numbers are the rows it shows: each choice's count is what choosing it lists. */
import { beforeEach, describe, expect, test } from 'vitest';
import { noFilter, stageOf, stages, type ReportFilter } from '../../utils/store/report-filter';
import { addReport, queryReports } from '../../utils/store/reports';
import { freshIndexedDb } from '../fresh-indexeddb';
import { seededReport } from '../../test-support/stored-reports';

const NOW = Date.UTC(2026, 10, 24, 12);

beforeEach(async () => {
  await freshIndexedDb();
  for (let n = 0; n < 97; n++) await addReport(seededReport(n, NOW));
});

const filters: [string, ReportFilter][] = [
  ['no filter', noFilter],
  ['one platform', { ...noFilter, platforms: ['x'] }],
  ['a search', { ...noFilter, search: 'author1' }],
  ['a date range', { ...noFilter, from: NOW - 40 * 3600_000, to: NOW }],
];

describe('status filter counts', () => {
  test.each(filters)('with %s, every status count equals the rows that status lists, and they add up to the total', async (_, filter) => {
    const all = await queryReports(filter);
    let sum = 0;
    for (const stage of stages) {
      const chosen = await queryReports({ ...filter, stages: [stage] });
      expect(chosen.total, stage).toBe(all.counts[stage] ?? 0);
      expect(chosen.page.every((record) => stageOf(record) === stage), stage).toBe(true);
      // Choosing a status does not change the numbers the other choices show.
      expect(chosen.counts).toEqual(all.counts);
      sum += chosen.total;
    }
    expect(sum).toBe(all.total);
  });
});
