/**
 * CSV that a spreadsheet opens safely: shared by the extension's own export and the reference
 * endpoint's (endpoint/src/shared.ts). Pure, with no imports, so both packages can use it.
 */

/** A spreadsheet opens UTF-8 CSV as UTF-8 only when it starts with a byte-order mark. */
export const CSV_BOM = '\uFEFF';

/** Lists inside a cell are joined with this (see the README's export section). */
const LIST_SEPARATOR = ';';

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab / CR, which some strip first) as a
 * formula: a reported post's author or text could then call out or exfiltrate. A leading
 * apostrophe makes it text (OWASP "CSV injection"). (Character codes, not a regular expression:
 * the endpoint's export calls this for every cell of a million-row file.)
 */
function neutralise(text: string): string {
  const first = text.charCodeAt(0);
  // = + - @ tab CR
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${text}` : text;
}

/** A list's items, each neutralised, joined: split on the separator first only when an item holds one. */
function listText(items: readonly string[]): string {
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const piece = item.includes(LIST_SEPARATOR) ? item.split(LIST_SEPARATOR).map(neutralise).join(LIST_SEPARATOR) : neutralise(item);
    text = i === 0 ? piece : `${text}${LIST_SEPARATOR}${piece}`;
  }
  return text;
}

/**
 * One CSV cell. A list is neutralised item by item before it is joined: a spreadsheet set to a
 * `;`-separated locale (common in the EU), or a researcher splitting the list into columns,
 * turns `ok;=HYPERLINK(...)` into two cells, and the second would run. An item that itself holds
 * a `;` is neutralised after it too, since it splits the same way. A cell holding `;` is always
 * quoted (as are `,`, `"` and line breaks), so `;`-separated spreadsheets keep it one cell.
 */
export function csvCell(value: string | number | boolean | string[]): string {
  const text = Array.isArray(value) ? listText(value) : neutralise(typeof value === 'string' ? value : String(value));
  if (!/[",;\r\n]/.test(text)) return text;
  return `"${text.includes('"') ? text.replace(/"/g, '""') : text}"`;
}

/** A whole CSV file: BOM, header, CRLF line ends. */
export function csvDocument<Row>(columns: readonly (keyof Row & string)[], rows: Iterable<Row>): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column] as Parameters<typeof csvCell>[0])).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
