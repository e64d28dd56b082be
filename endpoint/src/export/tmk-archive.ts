import tar from 'tar-stream';
import type { Storage } from '../storage/types.ts';
import type { TmkMember } from '../storage/tmk.ts';
import { ExportQuery, exportFilter } from './query.ts';

/** The export's filters; the archive has one format. */
export const TmkArchiveQuery = ExportQuery.omit({ format: true });
export type TmkArchiveQuery = ReturnType<typeof TmkArchiveQuery.parse>;

const PAGE = 500;

/** The name of one signature in the archive and as a download: its group, its report and its medium. */
export function tmkFileName(member: TmkMember, refTaken = false): string {
  return `${member.reportId}-${refTaken ? `${member.ref}-${member.position}` : member.ref}.tmk`;
}

/**
 * The TMK+PDQF signatures of an export's reports (the same filters as the CSV, read page by page in
 * the same order) as a tar archive: `GROUP/REPORT-REF.tmk`, each file the bytes the extension sent,
 * as the reference's tools read them (tmk-two-level-score, tmk-query). `ungrouped/` holds signatures
 * still waiting for a grouping pass. tar-stream writes the format; each entry is written after the
 * previous one was taken by the reader, so memory holds one signature and one page of report ids.
 */
export function tmkArchive(storage: Storage, query: TmkArchiveQuery): NodeJS.ReadableStream {
  const pack = tar.pack();
  void (async () => {
    const filter = exportFilter({ ...query, format: 'csv' });
    let after: { url: string; id: string } | null = null;
    for (;;) {
      const page = await storage.exportReports(filter, after, PAGE);
      const members = await storage.tmk.ofReports(page.map((r) => r.id));
      const refs = new Set<string>();
      for (const member of members) {
        const bytes = await storage.tmk.bytes(member.id);
        if (!bytes) continue;
        const key = `${member.reportId}/${member.ref}`;
        const name = `${member.groupId ?? 'ungrouped'}/${tmkFileName(member, refs.has(key))}`;
        refs.add(key);
        await new Promise<void>((resolve, reject) => pack.entry({ name, size: bytes.length }, bytes, (error) => (error ? reject(error) : resolve())));
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1]!;
      after = { url: last.url, id: last.id };
    }
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  return pack as unknown as NodeJS.ReadableStream;
}
