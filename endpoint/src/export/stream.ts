import type { Storage } from '../storage/types.ts';
import { exportFilter, type ExportQuery } from './query.ts';
import { csvHeader, csvLine, ndjsonLine } from './format.ts';
import { urlRow } from './rows.ts';

const PAGE = 500;

/**
 * The export as text chunks, read page by page in (url, id) order so that memory holds one page
 * and one URL's reports, however large the collection.
 */
export async function* exportLines(storage: Storage, query: ExportQuery): AsyncGenerator<string> {
  const filter = exportFilter(query);
  const line = query.format === 'csv' ? csvLine : ndjsonLine;
  if (query.format === 'csv') yield csvHeader();
  let after: { url: string; id: string } | null = null;
  let group: Awaited<ReturnType<Storage['exportReports']>> = [];
  for (;;) {
    const page = await storage.exportReports(filter, after, PAGE);
    const chunk: string[] = [];
    for (const report of page) {
      if (group.length && group[0]!.url !== report.url) {
        chunk.push(line(urlRow(group)));
        group = [];
      }
      group.push(report);
    }
    if (chunk.length) yield chunk.join('');
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { url: last.url, id: last.id };
  }
  if (group.length) yield line(urlRow(group));
}

export const exportContentType = (format: ExportQuery['format']) =>
  format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';

export const exportFileName = (format: ExportQuery['format'], now: Date) =>
  `flagpost-export-${now.toISOString().slice(0, 10)}.${format === 'csv' ? 'csv' : 'ndjson'}`;
