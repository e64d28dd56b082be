import type { PlatformAdapter } from '../../utils/platforms/types';
import { parseInert, readDomFixture } from '../../test-support/dom-fixtures';

export { readHandBuiltFixture } from '../../test-support/dom-fixtures';

/** The posts of a page, as the content script finds them. */
export function postsOf(adapter: PlatformAdapter, html: string): Element[] {
  return Array.from(parseInert(html).querySelectorAll(adapter.postSelector));
}

/** The posts of a real capture in shared/fixtures/dom. */
export function postsInCapture(adapter: PlatformAdapter, relativePath: string): Element[] {
  return postsOf(adapter, readDomFixture(relativePath));
}

/** A single post from test markup. */
export function postFrom(adapter: PlatformAdapter, html: string): Element {
  const post = parseInert(html).querySelector(adapter.postSelector);
  if (!post) throw new Error('no post in test markup');
  return post;
}

/**
 * A document holding `html`, for `detect(doc)`. Built inertly: scripts, stylesheets and frames are
 * dropped before the markup joins a document, so nothing runs and nothing is fetched.
 */
export function documentOf(html: string): Document {
  const doc = document.implementation.createHTMLDocument('');
  const fragment = parseInert(html);
  fragment.querySelectorAll('script, link, iframe, object, embed').forEach((el) => el.remove());
  doc.body.append(doc.importNode(fragment, true));
  return doc;
}
