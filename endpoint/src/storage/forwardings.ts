import { serialKey, type Driver } from './driver.ts';
import { insertAudit, type AuditActor } from './audit.ts';

/**
 * Forwardings (issue 19): when, how and by whom an item went to its platform. One row per
 * forward that the platform accepted (or, for a notice, that the reviewer says was sent); a
 * forward that failed leaves no row and can be tried again.
 */
export function forwardingsDdl(dialect: Driver['dialect']): string {
  const serial = serialKey(dialect);
  return `
CREATE TABLE IF NOT EXISTS forwardings (
  id ${serial},
  report_id TEXT NOT NULL REFERENCES reports(id),
  at TEXT NOT NULL,
  channel TEXT NOT NULL,
  destination TEXT NOT NULL,
  remote_id TEXT,
  by_token_id TEXT,
  by_name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS forwardings_by_report ON forwardings (report_id, id);
`;
}

/** `mastodon`: POST /api/v1/reports; `bluesky`: createReport; `notice`: the DSA notice, sent by hand. */
export type ForwardChannel = 'mastodon' | 'bluesky' | 'notice';

export interface Forwarding {
  reportId: string;
  at: string;
  channel: ForwardChannel;
  /** The instance, PDS, or notice form it went to. */
  destination: string;
  /** The platform's id for the report, when it gives one. */
  remoteId?: string;
  by: AuditActor;
}

type ForwardingRow = {
  report_id: string; at: string; channel: ForwardChannel; destination: string; remote_id: string | null; by_token_id: string | null; by_name: string;
};

export interface ForwardingStore {
  /** The forwarding and its audit entry, in one transaction. */
  record(forwarding: Forwarding, status: string): Promise<void>;
  /** A report's forwardings, oldest first. */
  ofReport(reportId: string): Promise<Forwarding[]>;
}

export const forwardingStore = (db: Driver): ForwardingStore => ({
  record(f, status) {
    return db.transaction(async (tx) => {
      await tx.run('INSERT INTO forwardings (report_id, at, channel, destination, remote_id, by_token_id, by_name) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [f.reportId, f.at, f.channel, f.destination, f.remoteId ?? null, f.by.tokenId ?? null, f.by.name]);
      await insertAudit(tx, {
        reportId: f.reportId, at: f.at, actor: f.by, action: 'forward', fromStatus: status, toStatus: status,
        detail: `${f.channel} → ${f.destination}${f.remoteId ? ` (#${f.remoteId})` : ''}`,
      });
    });
  },
  async ofReport(reportId) {
    const rows = await db.all<ForwardingRow>('SELECT * FROM forwardings WHERE report_id = ? ORDER BY id', [reportId]);
    return rows.map((r) => ({
      reportId: r.report_id, at: r.at, channel: r.channel, destination: r.destination,
      ...(r.remote_id ? { remoteId: r.remote_id } : {}),
      by: { role: 'reviewer', ...(r.by_token_id ? { tokenId: r.by_token_id } : {}), name: r.by_name },
    }));
  },
});
