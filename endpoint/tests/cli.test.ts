import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint.ts';
import { aReport } from './support/reports.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'cli.mjs');
/** Each CLI run is a new Node process compiling TypeScript: seconds on a busy machine. */
const SLOW = 180_000;

describe.each(backends)('CLI on $name', (backend) => {
  let ep: TestEndpoint;
  beforeAll(async () => {
    ep = await startTestEndpoint(backend);
  });
  afterAll(() => ep.close());

  /** The real CLI in its own process, on the same database as the running endpoint. */
  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...ep.env } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });

  it('token create / list / revoke, and the endpoint honours each at once', async () => {
    const created = await cli('token', 'create', '--name', 'carol');
    expect(created.code).toBe(0);
    const secret = /token: (fpt_\S+)/.exec(created.stdout)![1]!;
    const id = /token (tok_[0-9a-f]+)/.exec(created.stdout)![1]!;
    expect((await ep.post(aReport(), { token: secret })).status).toBe(201);
    expect((await ep.request('/v1/export', { token: secret })).status).toBe(403);

    const reviewer = await cli('token', 'create', '--name', 'dana', '--reviewer');
    const reviewerSecret = /token: (fpt_\S+)/.exec(reviewer.stdout)![1]!;
    expect((await ep.request('/v1/export', { token: reviewerSecret })).status).toBe(200);

    const list = await cli('token', 'list');
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+carol\\s+reporter`));
    expect(list.stdout).toMatch(/dana\s+reviewer/);
    expect(list.stdout).not.toContain(secret);

    expect((await cli('token', 'revoke', id)).stdout).toContain(`revoked ${id}`);
    expect((await ep.post(aReport(), { token: secret })).status).toBe(401);
    expect((await cli('token', 'revoke', id)).code).not.toBe(0);
  }, SLOW);

  it('status set moves a report along; GET /v1/reports/{id} reflects it; bad steps fail with a message', async () => {
    const report = aReport();
    await ep.post(report);
    const set = await cli('status', 'set', report.id, 'under_review', '--note', 'A reviewer is on it');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ status: 'under_review', note: 'A reviewer is on it' });
    expect((await ep.request(`/v1/reports/${report.id}`, { token: ep.tokens.alice })).json).toMatchObject({ status: 'under_review', note: 'A reviewer is on it' });
    const bad = await cli('status', 'set', report.id, 'received');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('an under_review report cannot become received');
    expect((await cli('status', 'set', report.id, 'sideways')).stderr).toContain('STATUS is one of');
    // Withdrawing is the reporter's move, not the operator's.
    const withdraw = await cli('status', 'set', report.id, 'withdrawn');
    expect(withdraw.code).toBe(1);
    expect(withdraw.stderr).toContain('only its reporter can withdraw');
  }, SLOW);

  it('prints what strangers wrote without the control characters a terminal would obey', async () => {
    const report = aReport();
    await ep.post(report);
    // A note with a one-byte CSI (0x9B) and a right-to-left override: JSON.stringify leaves both raw.
    await ep.storage.updateStatus({ id: report.id, expected: 'received', status: 'received', note: 'ok\u009b2J\u202Eevil', at: new Date().toISOString() });
    const shown = await cli('status', 'show', report.id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('ok\\x9b2J\\u202eevil');
    expect(shown.stdout).not.toMatch(/[\u0080-\u009f\u202e]/);
  }, SLOW);

  it('export writes the same bytes as GET /v1/export', async () => {
    await ep.post(aReport((r) => (r.target.url = 'https://x.com/cli/status/1')));
    const out = join(ep.env.FLAGPOST_DATA_DIR!, 'export.csv');
    expect((await cli('export', '--format', 'csv', '--platform', 'x', '--out', out)).code).toBe(0);
    const http = await ep.request('/v1/export?format=csv&platform=x', { token: ep.tokens.reviewer });
    expect(readFileSync(out, 'utf8')).toBe(http.text);
    const ndjson = await cli('export', '--format', 'ndjson', '--category', 'incitement');
    expect(ndjson.stdout).toBe((await ep.request('/v1/export?format=ndjson&category=incitement', { token: ep.tokens.reviewer })).text);
    expect((await cli('export', '--since', 'last week')).stderr).toContain('since');
    const long = await cli('export', '--per-report', '--format', 'ndjson', '--platform', 'x');
    expect(long.stdout).toBe((await ep.request('/v1/export/reports?format=ndjson&platform=x', { token: ep.tokens.reviewer })).text);
  }, SLOW);

  it('explains its usage on a wrong command', async () => {
    const wrong = await cli('frobnicate');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('token create --name NAME');
  }, SLOW);
});
