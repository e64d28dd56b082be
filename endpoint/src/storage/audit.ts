import { serialKey, type Driver } from './driver.ts';

/**
 * The audit log (issue 19): who changed what, when and why, one row per status change, note or
 * forward. Each row is written in the transaction of the change it records, so the log never
 * misses a change and never shows one that rolled back.
 */
export function auditDdl(dialect: Driver['dialect']): string {
  const serial = serialKey(dialect);
  return `
CREATE TABLE IF NOT EXISTS audit_log (
  id ${serial},
  report_id TEXT NOT NULL REFERENCES reports(id),
  at TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_token_id TEXT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_report ON audit_log (report_id, id);
`;
}

/** Who acted: a reviewer (page, API or CLI) or the reporter withdrawing. Names, never secrets. */
export interface AuditActor {
  role: 'reviewer' | 'reporter';
  /** The token's id (not its secret); none for the operator's CLI. */
  tokenId?: string;
  name: string;
}

export type AuditAction = 'status' | 'note' | 'forward';

export interface AuditEntry {
  reportId: string;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  fromStatus?: string;
  toStatus?: string;
  /** The why: the note and outcome given, or how and where the item was forwarded. */
  detail?: string;
}

/** Inside the change's own transaction (`tx`). */
export async function insertAudit(tx: Driver, entry: AuditEntry): Promise<void> {
  await tx.run(
    `INSERT INTO audit_log (report_id, at, actor_role, actor_token_id, actor_name, action, from_status, to_status, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [entry.reportId, entry.at, entry.actor.role, entry.actor.tokenId ?? null, entry.actor.name, entry.action,
      entry.fromStatus ?? null, entry.toStatus ?? null, entry.detail ?? null],
  );
}

type AuditRow = {
  report_id: string; at: string; actor_role: AuditActor['role']; actor_token_id: string | null; actor_name: string;
  action: AuditAction; from_status: string | null; to_status: string | null; detail: string | null;
};

export interface AuditStore {
  /** A report's entries, oldest first. */
  ofReport(reportId: string): Promise<AuditEntry[]>;
}

export const auditStore = (db: Driver): AuditStore => ({
  async ofReport(reportId) {
    const rows = await db.all<AuditRow>('SELECT * FROM audit_log WHERE report_id = ? ORDER BY id', [reportId]);
    return rows.map((r) => ({
      reportId: r.report_id,
      at: r.at,
      actor: { role: r.actor_role, ...(r.actor_token_id ? { tokenId: r.actor_token_id } : {}), name: r.actor_name },
      action: r.action,
      ...(r.from_status ? { fromStatus: r.from_status } : {}),
      ...(r.to_status ? { toStatus: r.to_status } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
    }));
  },
});
