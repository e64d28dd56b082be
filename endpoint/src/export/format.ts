import { columns, type UrlRow } from './rows.ts';

/** A spreadsheet opens UTF-8 CSV as UTF-8 only when it starts with a byte-order mark. */
export const CSV_BOM = '\uFEFF';

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab / CR, which some strip first) as a
 * formula: a reported post's author or text could then call out or exfiltrate. A leading
 * apostrophe makes it text (OWASP "CSV injection").
 */
export function csvCell(value: string | number | boolean | string[]): string {
  let text = Array.isArray(value) ? value.join(';') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvHeader = () => `${CSV_BOM}${columns.join(',')}\r\n`;
export const csvLine = (row: UrlRow) => `${columns.map((c) => csvCell(row[c])).join(',')}\r\n`;
export const ndjsonLine = (row: UrlRow) => `${JSON.stringify(row)}\n`;
