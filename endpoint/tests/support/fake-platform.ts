import { createServer, type IncomingMessage } from 'node:http';

/**
 * A stand-in for the platforms on 127.0.0.1: the removal check is pointed at it (its `route`
 * option), so no test ever reaches the internet. What a path answers is set per test.
 */
export interface FakePlatform {
  origin: string;
  /** Every request, in order, with when it arrived. */
  requests: { path: string; at: number; headers: IncomingMessage['headers'] }[];
  /** path (with query) → [status, body, headers]; unknown paths answer 200 "<html>a post</html>". */
  answers: Map<string, [number, string, Record<string, string>?]>;
  /** https://any.host/path?query → the same path on this server. */
  route(url: string): string;
  close(): Promise<void>;
}

export async function startFakePlatform(): Promise<FakePlatform> {
  const requests: FakePlatform['requests'] = [];
  const answers: FakePlatform['answers'] = new Map();
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ path, at: performance.now(), headers: request.headers });
    const [status, body, headers] = answers.get(path) ?? [200, '<html>a post</html>'];
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    requests,
    answers,
    route: (url) => {
      const parsed = new URL(url);
      return `${origin}${parsed.pathname}${parsed.search}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
