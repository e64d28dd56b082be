import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message);
}

export const USAGE = `flagpost endpoint CLI (npm run cli -- …)
  token create --name NAME [--reviewer | --admin]
                                          make a token (reporter, reviewer, or admin: a reviewer
                                          who also manages accounts at /review/accounts); prints it once
  token revoke ID                         stop accepting a token
  token list
  status set ID STATUS [--note TEXT] [--outcome TEXT]
                                          received → under_review → forwarded → actioned | rejected
  status show ID
  export [--format csv|ndjson|tmk] [--since DATE] [--until DATE] [--platform P] [--category C] [--status S] [--out FILE]
                                          tmk: the TMK+PDQF signatures, a tar of .tmk files
         [--per-report]                   the long form: one row per report (GET /v1/export/reports)
  removal check [--limit N]               re-check due URLs now
Storage: DATABASE_URL (PostgreSQL) or FLAGPOST_SQLITE_PATH / endpoint/data/flagpost.sqlite.`;

export function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      reviewer: { type: 'boolean' },
      admin: { type: 'boolean' },
      note: { type: 'string' },
      outcome: { type: 'string' },
      format: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      platform: { type: 'string' },
      category: { type: 'string' },
      status: { type: 'string' },
      out: { type: 'string' },
      'per-report': { type: 'boolean' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, positionals };
}

export type Args = ReturnType<typeof parse>['values'];

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
