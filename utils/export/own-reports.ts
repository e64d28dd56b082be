/** The volunteer's own reports as files: CSV for a spreadsheet, NDJSON and JSON for tools, hashes included. */
import type { StoredReport } from '../store/reports';
import { stageOf } from '../store/report-filter';
import { csvDocument } from './csv';

export type ExportFormat = 'csv' | 'ndjson' | 'json';
export const exportFormats: readonly ExportFormat[] = ['csv', 'ndjson', 'json'];

/** One row per report: what a spreadsheet holds. */
export interface OwnReportRow {
  id: string;
  created_at: string;
  url: string;
  platform: string;
  author: string;
  categories: string[];
  threat_to_life: boolean;
  stage: string;
  delivery_status: string;
  endpoint_status: string;
  endpoint: string;
  endpoint_note: string;
  endpoint_outcome: string;
  endpoint_updated_at: string;
  last_error: string;
  hashes: string[];
}

export const ownReportColumns: readonly (keyof OwnReportRow)[] = [
  'id', 'created_at', 'url', 'platform', 'author', 'categories', 'threat_to_life', 'stage', 'delivery_status',
  'endpoint_status', 'endpoint', 'endpoint_note', 'endpoint_outcome', 'endpoint_updated_at', 'last_error', 'hashes',
];

export function ownReportRow(record: StoredReport): OwnReportRow {
  const { report, tracking } = record;
  return {
    id: record.id,
    created_at: report.createdAt,
    url: report.target.url,
    platform: report.target.platform,
    author: report.target.author?.handle ?? '',
    categories: report.classification.tco,
    threat_to_life: report.classification.threatToLife,
    stage: stageOf(record),
    delivery_status: record.status,
    endpoint_status: tracking?.status ?? '',
    endpoint: tracking?.endpointBase ?? '',
    endpoint_note: tracking?.note ?? '',
    endpoint_outcome: tracking?.outcome ?? '',
    endpoint_updated_at: tracking?.updatedAt ?? '',
    last_error: record.lastError?.key ?? '',
    // vPDQ frames are too many for a cell, and a TMK (a whole .tmk, 351,128 characters) is over a spreadsheet's
    // cell limit; the JSON formats carry both in full.
    hashes: report.media.flatMap((media) =>
      media.hashes.flatMap((hash) => ('frames' in hash || hash.algorithm === 'tmk' ? [] : [`${hash.algorithm}:${hash.value}`])),
    ),
  };
}

/** The JSON formats keep the report exactly as sent (every hash), with what became of it. */
function jsonRecord(record: StoredReport) {
  return {
    id: record.id,
    stage: stageOf(record),
    deliveryStatus: record.status,
    ...(record.tracking ? { endpoint: record.tracking.endpointBase, endpointStatus: record.tracking.status } : {}),
    ...(record.tracking?.note ? { endpointNote: record.tracking.note } : {}),
    ...(record.tracking?.outcome ? { endpointOutcome: record.tracking.outcome } : {}),
    ...(record.tracking?.updatedAt ? { endpointUpdatedAt: record.tracking.updatedAt } : {}),
    report: record.report,
  };
}

export function exportReports(records: readonly StoredReport[], format: ExportFormat): { text: string; mimeType: string } {
  switch (format) {
    case 'csv':
      return { text: csvDocument(ownReportColumns, records.map(ownReportRow)), mimeType: 'text/csv;charset=utf-8' };
    case 'ndjson':
      return { text: records.map((record) => `${JSON.stringify(jsonRecord(record))}\n`).join(''), mimeType: 'application/x-ndjson' };
    case 'json':
      return { text: `${JSON.stringify(records.map(jsonRecord), null, 2)}\n`, mimeType: 'application/json' };
  }
}

/** e.g. flagpost-reports-2026-11-24.csv; the local day, the one the volunteer exported on (not UTC's). */
export function exportFileName(format: ExportFormat, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `flagpost-reports-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${format}`;
}
