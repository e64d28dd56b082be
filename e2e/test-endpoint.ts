/**
 * A tiny referral endpoint for end-to-end tests, on 127.0.0.1 with a random free port.
 *
 *   GET  /v1              → discovery document
 *   POST /v1/reports      → 201 {id, status:'received', receivedAt}; idempotent by the
 *                           Idempotency-Key header (replay → 200 same answer; same key
 *                           with a different body → 409)
 *   GET  /v1/reports/:id  → {id, status, updatedAt}
 *   POST /v1/reports/:id/withdraw → {id, status:'withdrawn', updatedAt} when the discovery document
 *                           says `withdraw: true` (else 404); 409 once the status is final
 *   GET  /v1/hashes       → {items, next}: the `hashList` entries after the `since` cursor (an
 *                           index into the list), at most `limit`; advertised when `hashList` is set
 *
 * Every response carries `Access-Control-Allow-Origin: *` and preflights are answered,
 * so an extension can call it without host permission. Loopback is never intercepted
 * by the harness (see harness.ts), so the browser really talks to this server.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * ok: normal; unauthorized: every non-OPTIONS request gets 401; error500: every
 * non-OPTIONS request gets 500; down: the port is closed (connections refused);
 * store-then-hang: a new report is stored but never answered (the sender waits until it
 * gives up or dies); store-then-drop: stored, then the connection is cut (the answer is lost).
 *
 * Faults and hostile answers, to every non-OPTIONS request, nothing stored:
 * rate-limited: 429 with `Retry-After: 120`; hang: never answers; html: 200 with an HTML page
 * (scripts and markup that must never be rendered); huge: 200 with a 10 MB JSON body (a valid
 * receipt, padded); wrong-types: 200/201 JSON whose fields have the wrong types; redirect: 307 to
 * `redirectTo` + the same path (another origin: a token must never follow).
 */
export type EndpointMode =
  | 'ok' | 'unauthorized' | 'error500' | 'down' | 'store-then-hang' | 'store-then-drop'
  | 'rate-limited' | 'hang' | 'html' | 'huge' | 'wrong-types' | 'redirect';

/** What the html mode answers: markup that would show (and run) if it were ever rendered. */
export const HOSTILE_HTML =
  '<!doctype html><h1 id="pwned">Endpoint HTML</h1><img src="x" onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';

export interface TestEndpointOptions {
  /** When set, /v1/reports* require `Authorization: Bearer <token>` (GET /v1 stays public). */
  token?: string;
  /** Override the discovery document (merged over the default). */
  info?: Record<string, unknown>;
  /** Where the redirect mode sends every request (an origin, no trailing slash). */
  redirectTo?: string;
  /** Entries of GET /v1/hashes; when given, the discovery document says `hashList: true`. */
  hashList?: HashListEntry[];
}

export interface HashListEntry {
  algorithm: string;
  value: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body as received (UTF-8), for the privacy tests. */
  body: string;
}

export interface StoredReport {
  id: string;
  status: string;
  receivedAt: string;
  updatedAt: string;
  idempotencyKey?: string;
  note?: string;
  /** The body as received: parsed JSON when it parses, else the raw string. */
  body: unknown;
}

export interface TestEndpoint {
  /** e.g. http://127.0.0.1:43567 (no trailing slash); the API lives under `${baseUrl}/v1`. */
  baseUrl: string;
  port: number;
  /** Bodies of accepted reports, one per record (replays do not add). */
  reports: unknown[];
  /** Accepted records with their ids and statuses. */
  records: StoredReport[];
  /** Every request, including preflights and refused ones, in arrival order. */
  requests: LoggedRequest[];
  /** What GET /v1/hashes lists; push to it to list more. */
  hashList: HashListEntry[];
  mode(): EndpointMode;
  /** Switch mode; 'down' closes the port, any other mode re-opens it on the same port. */
  setMode(mode: EndpointMode): Promise<void>;
  /** Move a report along (e.g. 'received' → 'actioned') for status-tracking tests. */
  setReportStatus(id: string, status: string, note?: string): void;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key',
  'Access-Control-Max-Age': '600',
  // Without it a cross-origin caller cannot read Retry-After (not a CORS-safelisted header).
  'Access-Control-Expose-Headers': 'Retry-After',
};

export async function startTestEndpoint(opts: TestEndpointOptions = {}): Promise<TestEndpoint> {
  let mode: EndpointMode = 'ok';
  const requests: LoggedRequest[] = [];
  const records: StoredReport[] = [];
  const reports: unknown[] = [];
  // Idempotency-Key → hash of the body it was first used with, and the answer given.
  const byKey = new Map<string, { bodyHash: string; record: StoredReport }>();
  const info = {
    name: 'test',
    accepts: ['flagpost.report/1'],
    statusTracking: true,
    hashList: false,
    withdraw: false,
    ...(opts.hashList ? { hashList: true } : {}),
    ...opts.info,
  };
  const hashList = opts.hashList ?? [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: { ...req.headers }, body: body.toString('utf8') });

    const send = (status: number, payload?: unknown, extra: Record<string, string> = {}) => {
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(status, {
        ...CORS_HEADERS,
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...extra,
      });
      res.end(text);
    };

    if (req.method === 'OPTIONS') {
      // Private Network Access preflight (a public https page calling loopback) needs this too.
      const pna: Record<string, string> = req.headers['access-control-request-private-network']
        ? { 'Access-Control-Allow-Private-Network': 'true' }
        : {};
      return send(204, undefined, pna);
    }
    if (mode === 'unauthorized') return send(401, { error: { code: 'unauthorized', message: 'Invalid or missing token' } });
    if (mode === 'error500') return send(500, { error: { code: 'internal', message: 'Test endpoint error mode' } });
    if (mode === 'rate-limited') return send(429, { error: { code: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': '120' });
    if (mode === 'hang') return; // the socket stays open, unanswered
    if (mode === 'html') {
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(HOSTILE_HTML);
    }
    if (mode === 'huge') {
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ id: 'huge', status: 'received', receivedAt: new Date().toISOString(), pad: 'x'.repeat(10 * 1024 * 1024) }));
    }
    if (mode === 'wrong-types') {
      return send(req.method === 'POST' ? 201 : 200, { id: 12, name: 5, accepts: 'flagpost.report/1', status: ['received'], note: { html: HOSTILE_HTML }, receivedAt: false });
    }
    if (mode === 'redirect') {
      res.writeHead(307, { ...CORS_HEADERS, Location: `${opts.redirectTo}${url.pathname}${url.search}` });
      return void res.end();
    }

    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/v1') {
      return req.method === 'GET' ? send(200, info) : send(405, { error: { code: 'method_not_allowed', message: 'method_not_allowed' } });
    }
    if (path === '/v1/hashes' && req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '1000');
      const items = hashList.slice(since, since + limit);
      return send(200, { items, next: String(since + items.length) });
    }
    if (!path.startsWith('/v1/reports')) return send(404, { error: { code: 'not_found', message: 'not_found' } });
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      return send(401, { error: { code: 'unauthorized', message: 'Invalid or missing token' } });
    }

    if (path === '/v1/reports') {
      if (req.method !== 'POST') return send(405, { error: { code: 'method_not_allowed', message: 'method_not_allowed' } });
      const key = headerValue(req.headers['idempotency-key']);
      const bodyHash = createHash('sha256').update(body).digest('hex');
      if (key) {
        const prior = byKey.get(key);
        if (prior && prior.bodyHash !== bodyHash) {
          return send(409, { error: { code: 'idempotency_conflict', message: 'Idempotency-Key reused with a different body' } });
        }
        if (prior && mode === 'store-then-drop') return void req.socket.destroy();
        if (prior) return send(200, receipt(prior.record));
      }
      let parsed: unknown = body.toString('utf8');
      try {
        parsed = JSON.parse(parsed as string);
      } catch {
        // keep the raw string
      }
      const now = new Date().toISOString();
      const record: StoredReport = {
        // The protocol's id is the report's own (client-made, also the Idempotency-Key).
        id: key ?? randomUUID(),
        status: 'received',
        receivedAt: now,
        updatedAt: now,
        idempotencyKey: key,
        body: parsed,
      };
      records.push(record);
      reports.push(parsed);
      if (key) byKey.set(key, { bodyHash, record });
      if (mode === 'store-then-hang') return;
      if (mode === 'store-then-drop') return void req.socket.destroy();
      return send(201, receipt(record));
    }

    const match = /^\/v1\/reports\/([^/]+)$/.exec(path);
    if (match && req.method === 'GET') {
      const record = records.find((r) => r.id === decodeURIComponent(match[1]!));
      if (!record) return send(404, { error: { code: 'not_found', message: 'not_found' } });
      return send(200, {
        id: record.id,
        status: record.status,
        updatedAt: record.updatedAt,
        ...(record.note ? { note: record.note } : {}),
      });
    }
    const withdraw = /^\/v1\/reports\/([^/]+)\/withdraw$/.exec(path);
    if (withdraw && req.method === 'POST' && info.withdraw) {
      const record = records.find((r) => r.id === decodeURIComponent(withdraw[1]!));
      if (!record) return send(404, { error: { code: 'not_found', message: 'not_found' } });
      if (['actioned', 'rejected'].includes(record.status)) {
        return send(409, { error: { code: 'invalid_transition', message: 'status: final' } });
      }
      record.status = 'withdrawn';
      record.updatedAt = new Date().toISOString();
      return send(200, { id: record.id, status: record.status, updatedAt: record.updatedAt });
    }
    return send(404, { error: { code: 'not_found', message: 'not_found' } });
  };

  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    const s = createServer((req, res) => {
      handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, CORS_HEADERS);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    if (!s) return;
    server = undefined;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    // Keep-alive sockets from Chromium would otherwise keep the server (and port) busy.
    s.closeAllConnections();
    await closed;
  };

  await listen();

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    reports,
    records,
    requests,
    hashList,
    mode: () => mode,
    async setMode(next) {
      mode = next;
      if (next === 'down') await stop();
      else if (!server) await listen();
    },
    setReportStatus(id, status, note) {
      const record = records.find((r) => r.id === id);
      if (!record) throw new Error(`No report ${id}`);
      record.status = status;
      record.note = note;
      record.updatedAt = new Date().toISOString();
    },
    close: stop,
  };
}

function receipt(record: StoredReport) {
  return { id: record.id, status: 'received', receivedAt: record.receivedAt };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
