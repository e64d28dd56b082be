import type { Storage } from '../storage/types.ts';
import { csvCell, CSV_BOM } from '../shared.ts';
import type { ExportQuery } from './query.ts';
import { reportCsvColumns, reportCsvLines, reportRow, type ReportRow } from './report-rows.ts';
import { exportPages } from './stream.ts';

const csvLines = (row: ReportRow) =>
  reportCsvLines(row).map((line) => `${reportCsvColumns.map((c) => csvCell(line[c])).join(',')}\r\n`).join('');
const ndjsonLine = (row: ReportRow) => `${JSON.stringify(row)}\n`;

/**
 * The long form: one row per report (CSV: a line per medium), the export's filters, read page by
 * page like the export (exportPages) with each page's bodies, notes and outcomes in one more read.
 */
export async function* reportExportLines(storage: Storage, query: ExportQuery): AsyncGenerator<string> {
  const format = query.format === 'csv' ? csvLines : ndjsonLine;
  if (query.format === 'csv') yield `${CSV_BOM}${reportCsvColumns.join(',')}\r\n`;
  for await (const page of exportPages(storage, query)) {
    const details = await storage.feeds.reportDetails(page.map((r) => r.id));
    const chunk = page.flatMap((report) => {
      const stored = details.get(report.id);
      return stored ? [format(reportRow(report, stored))] : [];
    });
    if (chunk.length) yield chunk.join('');
  }
}
