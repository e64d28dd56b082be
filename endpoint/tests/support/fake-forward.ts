import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A stand-in for a Mastodon instance and for Bluesky (AppView and PDS on one server) on 127.0.0.1.
 * Each checks what the real service would refuse — the token, the app password, the fields — and
 * answers as the service's documentation says. `failNext` makes the next report answer an error.
 */
export interface FakeForwardServer {
  origin: string;
  requests: SeenRequest[];
  /** The next report (Mastodon's POST /api/v1/reports, Bluesky's createReport) answers this status. */
  failNext?: number;
  close(): Promise<void>;
}

export const MASTODON_TOKEN = 'mastodon-secret-token';
export const BLUESKY = { identifier: 'referral.example', appPassword: 'abcd-efgh-ijkl-mnop', did: 'did:plc:postauthor', jwt: 'jwt-of-the-session' };
export const LABELER_PROXY = 'did:plc:ar7c4by46qjdydhdevvrndac#atproto_labeler';

/** The error a test asked for, once. */
function takeFailure(fake: FakeForwardServer): [number, unknown] | undefined {
  const status = fake.failNext;
  fake.failNext = undefined;
  return status ? [status, { error: 'Service Unavailable', message: 'try later' }] : undefined;
}

type Handler = (seen: SeenRequest, url: URL, fake: FakeForwardServer) => [number, unknown];

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

async function serve(handler: Handler): Promise<FakeForwardServer> {
  const fake = { requests: [] as SeenRequest[] } as FakeForwardServer;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      fake.requests.push(seen);
      const [status, body] = handler(seen, new URL(seen.path, 'http://fake'), fake);
      json(response, status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  fake.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

/** Mastodon: statuses by id, a resolving search, and reports; every call needs the account's token. */
export const startFakeMastodon = () => serve((seen, url, fake) => {
  if (seen.headers.authorization !== `Bearer ${MASTODON_TOKEN}`) return [401, { error: 'The access token is invalid' }];
  const status = (id: string) => ({ id, account: { id: `acct-of-${id}` } });
  const byId = /^\/api\/v1\/statuses\/([0-9]+)$/.exec(url.pathname);
  if (seen.method === 'GET' && byId) return [200, status(byId[1]!)];
  if (seen.method === 'GET' && url.pathname === '/api/v2/search') {
    const ok = url.searchParams.get('resolve') === 'true' && url.searchParams.get('type') === 'statuses';
    return ok ? [200, { accounts: [], hashtags: [], statuses: [status('777')] }] : [422, { error: 'expected resolve=true&type=statuses' }];
  }
  if (seen.method === 'POST' && url.pathname === '/api/v1/reports') {
    const failure = takeFailure(fake);
    if (failure) return failure;
    if (seen.headers['content-type'] !== 'application/x-www-form-urlencoded') return [415, { error: 'form expected' }];
    const form = new URLSearchParams(seen.body);
    if (!form.get('account_id')) return [422, { error: 'Validation failed: Target account must exist' }];
    if (form.get('category') === 'violation' && !form.getAll('rule_ids[]').length) return [422, { error: 'rule_ids required for violation' }];
    return [200, { id: '4242', category: form.get('category'), forwarded: form.get('forward') === 'true', status_ids: form.getAll('status_ids[]') }];
  }
  return [404, { error: 'Record not found' }];
});

/** Bluesky: handle resolution and records (AppView), sessions and reports (PDS, proxied to the labeler). */
export const startFakeBluesky = () => serve((seen, url, fake) => {
  const xrpc = url.pathname.replace(/^\/xrpc\//, '');
  if (seen.method === 'GET' && xrpc === 'com.atproto.identity.resolveHandle') {
    return url.searchParams.get('handle') === 'author.bsky.social' ? [200, { did: BLUESKY.did }] : [400, { error: 'InvalidRequest', message: 'Unable to resolve handle' }];
  }
  if (seen.method === 'GET' && xrpc === 'com.atproto.repo.getRecord') {
    const { repo, collection, rkey } = Object.fromEntries(url.searchParams);
    if (repo !== BLUESKY.did || collection !== 'app.bsky.feed.post') return [400, { error: 'RecordNotFound', message: 'Could not locate record' }];
    return [200, { uri: `at://${repo}/${collection}/${rkey}`, cid: 'bafyreicidofthepost', value: {} }];
  }
  if (seen.method === 'POST' && xrpc === 'com.atproto.server.createSession') {
    const body = JSON.parse(seen.body) as { identifier?: string; password?: string };
    if (body.identifier !== BLUESKY.identifier || body.password !== BLUESKY.appPassword) return [401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' }];
    return [200, { accessJwt: BLUESKY.jwt, refreshJwt: 'refresh', did: 'did:plc:referral', handle: BLUESKY.identifier }];
  }
  if (seen.method === 'POST' && xrpc === 'com.atproto.moderation.createReport') {
    if (seen.headers.authorization !== `Bearer ${BLUESKY.jwt}`) return [401, { error: 'AuthenticationRequired', message: 'Authentication Required' }];
    if (seen.headers['atproto-proxy'] !== LABELER_PROXY) return [400, { error: 'InvalidRequest', message: 'no labeler to proxy to' }];
    const failure = takeFailure(fake);
    if (failure) return failure;
    const body = JSON.parse(seen.body) as { reasonType?: string; subject?: { $type?: string; uri?: string; cid?: string } };
    if (!body.reasonType?.startsWith('com.atproto.moderation.defs#')) return [400, { error: 'InvalidRequest', message: 'Input/reasonType must be a known reason' }];
    if (body.subject?.$type !== 'com.atproto.repo.strongRef' || !body.subject.uri || !body.subject.cid) return [400, { error: 'InvalidRequest', message: 'Input/subject must be a strongRef' }];
    return [200, { id: 99, reasonType: body.reasonType, subject: body.subject, reportedBy: 'did:plc:referral', createdAt: new Date().toISOString() }];
  }
  return [501, { error: 'MethodNotImplemented', message: `${xrpc} not implemented` }];
});
