import type { ExportReport, Storage } from '../storage/types.ts';
import { exportFilter, type ExportQuery } from './query.ts';
import { csvHeader, csvLine, ndjsonLine } from './format.ts';
import { urlRow } from './rows.ts';

/**
 * Reports a page. On PostgreSQL fewer, larger pages cost less per report. On SQLite a page is read
 * (and then formatted) without returning to the event loop, so a page is kept short for the
 * requests waiting behind it.
 */
const PAGE = { postgres: 2_000, sqlite: 500 } as const;

/** What the export reads: the endpoint's storage, or the worker's own connection (export-worker.ts). */
export type PageSource = Pick<Storage, 'dialect' | 'exportReports'>;

/**
 * Between pages, back to the event loop: on SQLite a page is read synchronously, and the pages'
 * awaits alone are microtasks, so an export streaming to a fast client kept every other request
 * (intake included) waiting until it ended.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The filtered reports page by page in (url, id) order, so that memory holds one page however large
 * the collection. The next page is read while this one is turned into lines: the database and the
 * formatting overlap. (If the client goes away first, that read's failure is nobody's: caught here.)
 */
export async function* exportPages(storage: PageSource, query: ExportQuery): AsyncGenerator<ExportReport[]> {
  const filter = exportFilter(query);
  const size = PAGE[storage.dialect];
  const read = (after: { url: string; id: string } | null) => {
    const page = storage.exportReports(filter, after, size);
    page.catch(() => undefined);
    return page;
  };
  let next = read(null);
  for (;;) {
    const page = await next;
    const last = page[page.length - 1];
    if (page.length === size) next = read({ url: last!.url, id: last!.id });
    yield page;
    if (page.length < size) break;
    await nextTurn();
  }
}

/** The export as text chunks, one URL's reports folded into its row (memory: a page and one URL's reports). */
export async function* exportLines(storage: PageSource, query: ExportQuery): AsyncGenerator<string> {
  const line = query.format === 'csv' ? csvLine : ndjsonLine;
  if (query.format === 'csv') yield csvHeader();
  let group: ExportReport[] = [];
  for await (const page of exportPages(storage, query)) {
    const chunk: string[] = [];
    for (const report of page) {
      if (group.length && group[0]!.url !== report.url) {
        chunk.push(line(urlRow(group)));
        group = [];
      }
      group.push(report);
    }
    if (chunk.length) yield chunk.join('');
  }
  if (group.length) yield line(urlRow(group));
}

export const exportContentType = (format: ExportQuery['format']) =>
  format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';

export const exportFileName = (format: ExportQuery['format'], now: Date) =>
  `flagpost-export-${now.toISOString().slice(0, 10)}.${format === 'csv' ? 'csv' : 'ndjson'}`;
