import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { loadConfig } from '../config.ts';
import { changeStatus, statusAnswer } from '../core/status.ts';
import { ApiError } from '../errors.ts';
import { ExportQuery } from '../export/query.ts';
import { reportExportLines } from '../export/report-stream.ts';
import { exportLines } from '../export/stream.ts';
import { tmkArchive, TmkArchiveQuery } from '../export/tmk-archive.ts';
import { RemovalChecker } from '../jobs/removal-check.ts';
import { describeIssues, EndpointStatus } from '../shared.ts';
import { openStorage } from '../storage/open.ts';
import type { Storage } from '../storage/types.ts';
import { fail, parse, UsageError, USAGE, type Args } from './args.ts';
import { printable, printableStream } from './printable.ts';
import { tokenCommand } from './tokens.ts';

async function run(storage: Storage, [command, ...rest]: string[], args: Args, config: ReturnType<typeof loadConfig>): Promise<string | undefined> {
  switch (command) {
    case 'token':
      return tokenCommand(storage, rest, args);
    case 'status': {
      const [action, id, status] = rest;
      if (!id) fail('status: which report id?');
      if (action === 'show') {
        const state = await storage.reportState(id);
        return state ? JSON.stringify(statusAnswer(state), null, 2) : fail(`status show: no report ${id}`);
      }
      if (action !== 'set') fail('status: set or show');
      const parsed = EndpointStatus.safeParse(status);
      if (!parsed.success) fail(`status set: STATUS is one of ${EndpointStatus.options.join(', ')}`);
      const state = await changeStatus(storage, { id, status: parsed.data, by: 'reviewer', who: { name: 'cli' }, note: args.note, outcome: args.outcome }, () => new Date());
      return JSON.stringify(statusAnswer(state), null, 2);
    }
    case 'export': {
      const { out, format, since, until, platform, category, status } = args;
      if (format === 'tmk') return exportTmk(storage, args);
      const query = ExportQuery.safeParse(Object.fromEntries(Object.entries({ format, since, until, platform, category, status }).filter(([, v]) => v !== undefined)));
      if (!query.success) fail(`export: ${describeIssues(query.error)}`);
      const lines = Readable.from((args['per-report'] ? reportExportLines : exportLines)(storage, query.data));
      // A file (or a pipe) gets the exact bytes; a terminal gets them with control characters neutralised.
      if (out) await pipeline(lines, createWriteStream(out));
      else if (process.stdout.isTTY) await pipeline(lines, printableStream(), process.stdout);
      else await pipeline(lines, process.stdout);
      return out ? `wrote ${out}` : undefined;
    }
    case 'removal': {
      if (rest[0] !== 'check') fail('removal: check');
      const limit = args.limit ? Number(args.limit) : config.removal.perMinute;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) fail('removal check: --limit is 1 to 10000');
      const checker = new RemovalChecker({ storage, perMinute: config.removal.perMinute, intervalMs: config.removal.intervalMs, extraHosts: config.removal.extraHosts });
      return `checked ${await checker.runOnce(limit)} URL(s)`;
    }
    default:
      return fail(command ? `unknown command ${command}` : 'which command?');
  }
}

/** `export --format tmk`: the TMK+PDQF signatures as a tar, the same bytes as GET /v1/export/tmk. */
async function exportTmk(storage: Storage, { out, since, until, platform, category, status }: Args): Promise<string | undefined> {
  const query = TmkArchiveQuery.safeParse(Object.fromEntries(Object.entries({ since, until, platform, category, status }).filter(([, v]) => v !== undefined)));
  if (!query.success) fail(`export: ${describeIssues(query.error)}`);
  // A tar is binary: never to a terminal.
  if (!out && process.stdout.isTTY) fail('export --format tmk: write it with --out FILE.tar or to a pipe');
  await pipeline(tmkArchive(storage, query.data), out ? createWriteStream(out) : process.stdout);
  return out ? `wrote ${out}` : undefined;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help || !parsed.positionals.length) {
    console.log(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const config = loadConfig();
  const storage = await openStorage(config);
  try {
    const output = await run(storage, parsed.positionals, parsed.values, config);
    if (output) console.log(printable(output));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${printable(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ApiError) {
      console.error(`error: ${printable(error.message)}`);
      return 1;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
