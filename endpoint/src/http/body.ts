import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';

/** Fatal: a byte sequence that is not UTF-8 is refused, never turned into U+FFFD and stored as if the reporter wrote it. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ApiError(400, 'invalid_utf8', `body: not valid UTF-8 (at byte ${firstInvalidByte(body)}); send the report encoded as UTF-8`);
  }
}

/** Where decoding fails: the longest prefix that decodes. Only on the error path. */
function firstInvalidByte(body: Buffer): number {
  let good = 0;
  let bad = body.length;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    try {
      // A prefix may end inside a valid character: allow that with `stream`.
      new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  return good;
}

/**
 * The two body types the endpoint reads. JSON is parsed by JSON.parse itself: a key named
 * `__proto__` is then an ordinary own property (JSON.parse never sets a prototype), which the
 * report schema judges like any other unknown key. Fastify's default parser threw on it, and the
 * client was told its valid JSON was "not valid JSON".
 */
export function bodyParsers(app: FastifyInstance, formLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      const text = decodeUtf8(body as Buffer);
      if (!text.trim()) throw new ApiError(400, 'invalid_json', 'body: empty');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        // The position, not V8's message: that quotes the body back.
        const at = /position (\d+)/.exec((error as Error).message)?.[1];
        throw new ApiError(400, 'invalid_json', `body: not valid JSON${at ? ` (at character ${at})` : ''}`);
      }
      done(null, value);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // URL-encoded forms for the reviewer page, bounded like everything else.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: formLimit }, (_request, body, done) => {
    try {
      done(null, formFields(new URLSearchParams(decodeUtf8(body as Buffer))));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** A form's fields; a name sent more than once (checkboxes: the review queue's bulk selection) gives all its values. */
function formFields(params: URLSearchParams): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    fields[key] = values.length > 1 ? values : values[0]!;
  }
  return fields;
}
