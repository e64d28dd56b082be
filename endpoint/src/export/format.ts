import { CSV_BOM, csvCell } from '../shared.ts';
import { columns, type UrlRow } from './rows.ts';

// One CSV-safety rule for the endpoint's export and the extension's (utils/export/csv.ts).
export { csvCell };

export const csvHeader = () => `${CSV_BOM}${columns.join(',')}\r\n`;
export const csvLine = (row: UrlRow) => `${columns.map((c) => csvCell(row[c])).join(',')}\r\n`;
export const ndjsonLine = (row: UrlRow) => `${JSON.stringify(row)}\n`;
