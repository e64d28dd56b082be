import { z } from '../shared.ts';
import { provenanceKey } from '../storage/feeds.ts';
import type { Storage } from '../storage/types.ts';
import { hmaSignalType, tcapAlgorithm, tcapFileType } from './indicators.ts';

const PAGE = 1000;

/** Unix seconds, as TCAP's `created_on` and `updated_on` are. */
const seconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : null);

/**
 * The live hash list as HMA's `local_file` signal exchange reads it (python-threatexchange
 * LocalFileSignalExchangeAPI): one `<signal type> <value>` a line. A whole file is a snapshot, so
 * deleted entries are left out. Read page by page by sequence number: memory holds one page.
 */
export async function* hmaLines(storage: Storage): AsyncGenerator<string> {
  for (let seq = 0; ;) {
    const rows = await storage.hashesAfter(seq, PAGE);
    const provenance = await storage.feeds.provenance(rows.filter((r) => r.algorithm === 'md5'));
    const lines = rows.flatMap((r) => {
      const type = hmaSignalType(r.algorithm, provenance.get(provenanceKey(r))?.kinds ?? []);
      return type ? [`${type} ${r.value}\n`] : [];
    });
    if (lines.length) yield lines.join('');
    if (rows.length < PAGE) return;
    seq = rows[rows.length - 1]!.seq;
  }
}

/** The query of TCAP's Hash List v2 (`order=asc&after=<checkpoint>`), plus a page size. */
export const TcapHashQuery = z.strictObject({
  after: z.string().regex(/^(\d+(\.\d+)?,\d{1,15})?$/, 'expected the `checkpoint` of an earlier page').default(''),
  order: z.literal('asc', 'only `asc`: the list is read in the order entries change').default('asc'),
  limit: z.coerce.number().int().min(1).max(5000).default(PAGE),
});
export type TcapHashQuery = z.infer<typeof TcapHashQuery>;

export interface TcapHashEntry {
  id: number;
  hash_digest: string;
  algorithm: string;
  file_type: string;
  ideology: null;
  deleted: boolean;
  created_on: number | null;
  updated_on: number | null;
}

export interface TcapHashPage {
  count: number;
  next: string | null;
  previous: null;
  checkpoint: string;
  results: TcapHashEntry[];
}

/**
 * One page of the media hashes, shaped like TCAP's Hash List v2 (python-threatexchange
 * TATHashListAPI.fetch_hashes_iter): entries whose state changed after the checkpoint, deletions
 * included, oldest change first. `checkpoint` is `<unix time>,<id>` of the page's last entry, given
 * back as `after`; `next` is null on the last page. `count`: media entries from this page on.
 */
export async function tcapHashPage(storage: Storage, query: TcapHashQuery, pageUrl: (after: string) => string): Promise<TcapHashPage> {
  const seq = query.after ? Number(query.after.split(',')[1]) : 0;
  const rows = await storage.hashesAfter(seq, query.limit, { deletions: true });
  const provenance = await storage.feeds.provenance(rows);
  const results = rows.flatMap((r): TcapHashEntry[] => {
    const algorithm = tcapAlgorithm(r.algorithm);
    if (!algorithm) return [];
    const known = provenance.get(provenanceKey(r));
    return [{
      id: r.seq, hash_digest: r.value, algorithm, file_type: tcapFileType(known?.kinds ?? []), ideology: null, deleted: r.deleted,
      created_on: seconds(known?.createdAt), updated_on: seconds(known?.updatedAt),
    }];
  });
  const last = rows[rows.length - 1];
  const checkpoint = last ? `${Math.floor(seconds(provenance.get(provenanceKey(last))?.updatedAt) ?? 0)},${last.seq}` : query.after;
  return {
    count: await storage.feeds.mediaEntriesAfter(seq),
    next: rows.length === query.limit ? pageUrl(checkpoint) : null,
    previous: null,
    checkpoint,
    results,
  };
}
