/**
 * The data a page ships for its own app, as `<script type="application/json">` (Facebook's and
 * Instagram's server-rendered payloads): a video's file URLs are there, never in the DOM, which
 * streams it from a `blob:`. Read on report only, never on the feed: it parses every such script.
 * Parsed as JSON, never run; walked iteratively, so a deep payload cannot overflow the stack.
 */

/** Scripts larger than this are skipped (the payloads that carry a post's video are far smaller). */
const MAX_SCRIPT_CHARS = 8 * 1024 * 1024;

/** The first value `pick` returns for an object anywhere in the page's JSON scripts, or undefined. */
export function findInPageJson<T>(root: ParentNode, pick: (object: Record<string, unknown>) => T | undefined): T | undefined {
  for (const script of root.querySelectorAll('script[type="application/json"]')) {
    const text = script.textContent ?? '';
    if (text.length > MAX_SCRIPT_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    while (stack.length > 0) {
      const value = stack.pop();
      if (!value || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
        continue;
      }
      const object = value as Record<string, unknown>;
      const found = pick(object);
      if (found !== undefined) return found;
      stack.push(...Object.values(object).reverse());
    }
  }
  return undefined;
}

/** The page's root to search from an element (its document, or the fragment it was parsed into). */
export function pageRootOf(element: Element): ParentNode | null {
  const root = element.getRootNode();
  return 'querySelectorAll' in root ? (root as ParentNode) : null;
}
