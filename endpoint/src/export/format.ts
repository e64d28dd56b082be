import { CSV_BOM, csvCell } from '../shared.ts';
import { columns, type UrlRow } from './rows.ts';

// One CSV-safety rule for the endpoint's export and the extension's (utils/export/csv.ts).
export { csvCell };

export const csvHeader = () => `${CSV_BOM}${columns.join(',')}\r\n`;
/** One row's line: a loop rather than map and join, since it runs once for every URL in the collection. */
export function csvLine(row: UrlRow): string {
  let line = csvCell(row[columns[0]!]);
  for (let i = 1; i < columns.length; i++) line += `,${csvCell(row[columns[i]!])}`;
  return `${line}\r\n`;
}
export const ndjsonLine = (row: UrlRow) => `${JSON.stringify(row)}\n`;
