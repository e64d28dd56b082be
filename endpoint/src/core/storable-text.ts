/**
 * Text that JSON and SQLite carry but PostgreSQL's `text` and `json` types refuse: a NUL, or half
 * of a UTF-16 surrogate pair (both reach a parsed body only through `\u` escapes). Refused at intake
 * on either database, so a report gets the same answer wherever the endpoint stores it.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether PostgreSQL can store `text` (see above). For form fields and query parameters: `z.string().refine(…)`. */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/** What a refused field is told. */
export const UNSTORABLE_MESSAGE = 'contains a NUL character or half of a UTF-16 surrogate pair; send text without them';

/** The path of the first string (or object key) in `value` that cannot be stored, e.g. `target.text`. */
export function unstorableTextAt(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '(body)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (UNSTORABLE.test(key)) return at;
    const found = unstorableTextAt(item, at);
    if (found) return found;
  }
  return undefined;
}
