/**
 * Elements, attributes and text of a small XML document (a DASH manifest), without DOMParser: Chrome's
 * service worker and Node have none. Not a validating parser: no DTDs, namespaces reduced to local names,
 * the five predefined entities and numeric references. mpd-parser would bring @xmldom/xmldom, `global`
 * and @babel/runtime into the service worker for the same job.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity] ?? whole;
  });

/** The root element; throws on a document whose tags do not nest. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const open: XmlElement[] = [root];
  for (const [token, cdata, closing, name, attrs, selfClosing, text] of source.matchAll(TOKEN)) {
    const parent = open.at(-1)!;
    if (text !== undefined || cdata !== undefined) {
      parent.text += cdata ?? decode(text!);
    } else if (name !== undefined) {
      if (closing) {
        if (open.length < 2 || parent.name !== localName(name)) throw new Error(`malformed XML: unexpected </${name}>`);
        open.pop();
        continue;
      }
      const element: XmlElement = { name: localName(name), attributes: {}, children: [], text: '' };
      for (const [, key, double, single] of attrs!.matchAll(ATTRIBUTE)) element.attributes[localName(key!)] = decode(double ?? single!);
      parent.children.push(element);
      if (!selfClosing) open.push(element);
    } else if (token === '<') {
      throw new Error('malformed XML: a stray <');
    }
  }
  if (open.length !== 1) throw new Error(`malformed XML: <${open.at(-1)!.name}> is not closed`);
  const [element] = root.children;
  if (!element) throw new Error('malformed XML: no root element');
  return element;
}

export const childrenNamed = (element: XmlElement | undefined, name: string) =>
  element?.children.filter((child) => child.name === name) ?? [];
export const childNamed = (element: XmlElement | undefined, name: string) =>
  element?.children.find((child) => child.name === name);
