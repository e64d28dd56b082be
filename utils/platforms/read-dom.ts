/** Reading a hostile page safely: every adapter and the right-click path use these. */

const MAX_URL_LENGTH = 2048;

/** Parses an href against `base`; only short http(s) URLs survive (no javascript:, data:, blob:). */
export function httpUrl(raw: string | null | undefined, base: string): URL | null {
  if (!raw || raw.length > MAX_URL_LENGTH) return null;
  try {
    const url = new URL(raw, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** Cuts at `max` UTF-16 units without leaving half a surrogate pair. */
export function capText(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Visible text, with emoji drawn as `<img alt="💖">` turned back into characters. */
export function visibleText(node: Node): string {
  // nodeType, not instanceof: page nodes seen from a content script may come from another realm.
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue ?? '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const element = node as Element;
  if (element.localName === 'img') return element.getAttribute('alt') ?? '';
  if (element.localName === 'br') return '\n';
  return Array.from(element.childNodes, visibleText).join('');
}
