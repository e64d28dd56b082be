/**
 * Readers of the industry's formats, written from their public descriptions and never from the
 * endpoint's writers, so a test that passes shows the format, not only a round trip:
 *
 * - RFC 4180 CSV (what a spreadsheet reads).
 * - HMA's `local_file` signal exchange (python-threatexchange `LocalFileSignalExchangeAPI.fetch_iter`):
 *   each line stripped, split at its first space into signal type and signal; a line missing either is skipped.
 * - TCAP's Hash List v2 (python-threatexchange `TATHashListAPI.fetch_hashes_iter` and
 *   `TATSignalExchangeAPI`): GET with `order=asc&after=<checkpoint>`, starting from an empty `after`;
 *   each page `{count, next, previous, checkpoint, results}`; keep going while `next` is truthy, with
 *   the page's `checkpoint` as the next `after`. An entry is taken when its algorithm is PDQ, or MD5
 *   of a video file type (mov, m4v, mp4, webm); a deleted entry removes its signal.
 * - TCAP's URL records: `url`, `terrorist_group`, `url_status` (ACT active, INA inactive),
 *   `status_tested_on`, `created_on`.
 */

/**
 * A minimal RFC 4180 reader: a CSV document's rows of cells, as a spreadsheet would see them. Strip a BOM
 * first. Also what the extension's own export is read with (tests/export/own-reports.test.ts).
 */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') rows.at(-1)!.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') rows.at(-1)!.push(cell), (cell = ''), rows.push([]), i++;
    else cell += c;
  }
  // A last line with no CRLF after it is a row too; the empty "line" after a final CRLF is not.
  if (cell !== '' || rows.at(-1)!.length > 0) rows.at(-1)!.push(cell);
  else rows.pop();
  return rows;
}

/** The rows of a CSV document (see parseCsvRows) as records keyed by its header; blank lines are skipped. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows = parseCsvRows(text);
  const [header, ...body] = rows.filter((r) => r.length > 1);
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** `LocalFileSignalExchangeAPI.fetch_iter`: `{signal type: signals}`. Values are checked as PDQ / MD5 hex. */
export function parseHmaLocalFile(text: string): Map<string, Set<string>> {
  const signals = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const stripped = line.trim();
    const space = stripped.indexOf(' ');
    const [type, signal] = space < 0 ? [stripped, ''] : [stripped.slice(0, space), stripped.slice(space + 1)];
    if (!type || !signal) continue;
    const shape = { pdq: /^[0-9a-f]{64}$/, video_md5: /^[0-9a-f]{32}$/ }[type];
    if (!shape) throw new Error(`HMA: unknown signal type ${type}`);
    if (!shape.test(signal)) throw new Error(`HMA: not a ${type}: ${signal}`);
    if (!signals.has(type)) signals.set(type, new Set());
    signals.get(type)!.add(signal);
  }
  return signals;
}

export interface TcapEntry {
  hash_digest: string;
  algorithm: string;
  file_type: string;
  deleted: boolean;
  created_on: number;
  updated_on: number;
  id: number;
}

const VIDEO_TYPES = ['mov', 'm4v', 'mp4', 'webm'];

function checkEntry(entry: Record<string, unknown>): TcapEntry {
  const types: Record<string, string> = {
    hash_digest: 'string', algorithm: 'string', file_type: 'string', deleted: 'boolean', created_on: 'number', updated_on: 'number', id: 'number',
  };
  for (const [field, type] of Object.entries(types)) {
    if (typeof entry[field] !== type) throw new Error(`TCAP: ${field} is not a ${type}: ${JSON.stringify(entry)}`);
  }
  if (!Number.isInteger(entry.id)) throw new Error('TCAP: id is not an integer');
  return entry as unknown as TcapEntry;
}

/**
 * The TCAP client's sync: from `checkpoint` (empty: the start) to the end. Returns the signals as
 * the signal exchange keeps them (`type value` → present; a deletion removes it), every raw entry,
 * the pages read and the checkpoint to resume from.
 */
export async function tcapSync(get: (query: string) => Promise<unknown>, checkpoint = '') {
  const signals = new Set<string>();
  const deleted = new Set<string>();
  const entries: TcapEntry[] = [];
  let pages = 0;
  for (let more = true; more; pages++) {
    const page = (await get(`order=asc&after=${encodeURIComponent(checkpoint)}`)) as Record<string, unknown>;
    for (const field of ['count', 'checkpoint', 'results']) if (!(field in page)) throw new Error(`TCAP: page without ${field}`);
    if (typeof page.count !== 'number' || typeof page.checkpoint !== 'string' || !Array.isArray(page.results)) throw new Error('TCAP: page fields');
    // TATCheckpoint.get_progress_timestamp: int(float(checkpoint.partition(",")[0])).
    if (page.checkpoint && !Number.isFinite(Number(page.checkpoint.split(',')[0]))) throw new Error(`TCAP: checkpoint ${page.checkpoint}`);
    for (const raw of page.results as Record<string, unknown>[]) {
      const entry = checkEntry(raw);
      entries.push(entry);
      const type = entry.algorithm === 'PDQ' ? 'pdq' : entry.algorithm === 'MD5' && VIDEO_TYPES.includes(entry.file_type) ? 'video_md5' : '';
      if (!type) continue;
      const key = `${type} ${entry.hash_digest}`;
      if (entry.deleted) signals.delete(key), deleted.add(key);
      else signals.add(key), deleted.delete(key);
    }
    checkpoint = page.checkpoint;
    more = Boolean(page.next);
  }
  return { signals, deleted, entries, pages, checkpoint };
}

export interface TcapUrl {
  url: string;
  terrorist_group: string | null;
  url_status: 'ACT' | 'INA';
  status_tested_on: string | null;
  created_on: string;
}

const isTime = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Checks one URL record's fields against TCAP's description. */
export function checkTcapUrl(record: Record<string, unknown>): TcapUrl {
  if (typeof record.url !== 'string' || !/^https?:\/\//.test(record.url)) throw new Error(`TCAP URL: url ${String(record.url)}`);
  if (record.terrorist_group !== null && typeof record.terrorist_group !== 'string') throw new Error('TCAP URL: terrorist_group');
  if (record.url_status !== 'ACT' && record.url_status !== 'INA') throw new Error(`TCAP URL: url_status ${String(record.url_status)}`);
  if (record.status_tested_on !== null && !isTime(record.status_tested_on)) throw new Error('TCAP URL: status_tested_on');
  if (!isTime(record.created_on)) throw new Error('TCAP URL: created_on');
  return record as unknown as TcapUrl;
}

/** NDJSON: one JSON value a line, each line ended by `\n`. */
export function parseNdjson(text: string): unknown[] {
  if (text && !text.endsWith('\n')) throw new Error('NDJSON: the last line has no line end');
  return text.split('\n').slice(0, -1).map((line) => JSON.parse(line));
}
