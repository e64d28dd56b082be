import { describe, expect, test } from 'vitest';
import { inTimeZone } from '../time-zone';
import { CSV_BOM, csvCell, csvDocument } from '../../utils/export/csv';
import { exportFileName, exportReports, ownReportColumns, ownReportRow } from '../../utils/export/own-reports';
import type { StoredReport } from '../../utils/store/reports';
import { parseCsvRows } from '../../endpoint/tests/support/industry-formats';
import { seededReport } from '../../test-support/stored-reports';

const NOW = Date.UTC(2026, 10, 24, 12);

/** A report whose author and URL are attacks on a spreadsheet. */
function hostile(): StoredReport {
  const record = seededReport(1, NOW);
  return {
    ...record,
    report: {
      ...record.report,
      target: { ...record.report.target, url: 'https://x.example/post/1?a=1,b="2"', author: { handle: '=HYPERLINK("https://evil.example","x")' } },
    },
  };
}

describe('csvCell: safe in a spreadsheet', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "\"'\rx\""],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['a;b', '"a;b"'],
  ])('%j → %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  test('each item of a list is neutralised, even one hidden after a separator', () => {
    expect(csvCell(['ok', '=cmd', 'x;@y'])).toBe(`"ok;'=cmd;x;'@y"`);
  });
});

describe('exportReports', () => {
  test('CSV: BOM, header, one row per report with its hashes, hostile cells neutralised and quoted', () => {
    const { text, mimeType } = exportReports([hostile(), seededReport(2, NOW)], 'csv');
    expect(mimeType).toBe('text/csv;charset=utf-8');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const rows = parseCsvRows(text.slice(1));
    expect(rows[0]).toEqual([...ownReportColumns]);
    expect(rows).toHaveLength(3);
    const row = Object.fromEntries(ownReportColumns.map((column, i) => [column, rows[1]![i]]));
    expect(row.author).toBe(`'=HYPERLINK("https://evil.example","x")`);
    expect(row.url).toBe('https://x.example/post/1?a=1,b="2"');
    expect(row.hashes).toBe(`sha256:${'a'.repeat(64)}`);
    expect(row.stage).toBe('received');
    expect(rows[2]![ownReportColumns.indexOf('last_error')]).toBe('deliveryHttpError');
  });

  test('NDJSON: one parseable line per report, holding the report as sent', () => {
    const records = [hostile(), seededReport(2, NOW)];
    const { text } = exportReports(records, 'ndjson');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id: records[0]!.id, stage: 'received', deliveryStatus: 'sent', endpointStatus: 'received' });
    expect(lines[0].report).toEqual(records[0]!.report);
    expect(lines[1]).toMatchObject({ stage: 'failed', deliveryStatus: 'failed' });
    expect(lines[1]).not.toHaveProperty('endpointStatus');
  });

  test('JSON: one array, same records', () => {
    const records = [seededReport(0, NOW), seededReport(1, NOW)];
    expect(JSON.parse(exportReports(records, 'json').text)).toEqual(JSON.parse(`[${exportReports(records, 'ndjson').text.trimEnd().split('\n').join(',')}]`));
    expect(JSON.parse(exportReports([], 'json').text)).toEqual([]);
  });

  test('an empty CSV still has its header; file names carry the date', () => {
    expect(exportReports([], 'csv').text).toBe(`${CSV_BOM}${ownReportColumns.join(',')}\r\n`);
    expect(exportFileName('ndjson', new Date(NOW))).toBe('flagpost-reports-2026-11-24.ndjson');
  });

  test('a TMK (a whole .tmk, over a spreadsheet cell\'s limit) stays out of the CSV hashes; NDJSON keeps it', () => {
    const record = seededReport(5, NOW);
    const tmk = 'A'.repeat(351_128);
    record.report.media[0]!.hashes.push({ algorithm: 'tmk', value: tmk });
    expect(ownReportRow(record).hashes.some((hash) => hash.startsWith('tmk:'))).toBe(false);
    expect(exportReports([record], 'ndjson').text).toContain(tmk);
  });

  test.each(['csv', 'ndjson', 'json'] as const)('%s carries the endpoint outcome the popup shows, and its date', (format) => {
    const base = seededReport(1, NOW);
    const record = { ...base, tracking: { ...base.tracking!, status: 'actioned' as const, outcome: 'removed by platform', updatedAt: '2026-11-24T11:00:00Z' } };
    const { text } = exportReports([record], format);
    if (format === 'csv') {
      const rows = parseCsvRows(text.slice(1));
      expect(rows[1]![ownReportColumns.indexOf('endpoint_outcome')]).toBe('removed by platform');
      expect(rows[1]![ownReportColumns.indexOf('endpoint_updated_at')]).toBe('2026-11-24T11:00:00Z');
    } else {
      const [exported] = format === 'json' ? JSON.parse(text) : [JSON.parse(text)];
      expect(exported).toMatchObject({ endpointOutcome: 'removed by platform', endpointUpdatedAt: '2026-11-24T11:00:00Z' });
    }
  });

  test('csvDocument and ownReportRow agree on the columns', () => {
    const row = ownReportRow(seededReport(4, NOW));
    expect(Object.keys(row).sort()).toEqual([...ownReportColumns].sort());
    expect(csvDocument(ownReportColumns, [row]).split('\r\n')).toHaveLength(3);
  });
});

describe('exportFileName in a time zone ahead of UTC (Europe/Paris)', () => {
  inTimeZone('Europe/Paris');

  test('the file is named after the local day, zero-padded', () => {
    const justAfterMidnight = new Date(2026, 10, 25, 0, 30); // 24 Nov 23:30 UTC
    expect(exportFileName('csv', justAfterMidnight)).toBe('flagpost-reports-2026-11-25.csv');
    expect(exportFileName('json', new Date(2026, 0, 5, 0, 30))).toBe('flagpost-reports-2026-01-05.json');
  });
});
