/**
 * Which URLs the background may fetch for a report, checked for every URL and every redirect hop
 * (utils/pipeline/fetch-hops.ts). The page chooses media URLs, and the background's fetch is not the
 * page's: it must never become the page's way into the user's own machine or network (a router's admin
 * page, an intranet, a local dev server).
 *
 * - The platforms' declared media hosts (adapters' `mediaHosts`, https only): always.
 * - The page's own origin (`scope.pageOrigin`), even when it is a private address (an intranet page
 *   reporting its own picture).
 * - Other public http(s) hosts only with `scope.publicHosts`.
 * - Never any other private, loopback, link-local or otherwise local address.
 * A report gives the page's origin and public hosts only once the user has seen the URLs and agreed
 * (utils/background/drafts.ts); before that its scope is empty: the platforms' media hosts only.
 *
 * A host NAME that resolves to a private address cannot be caught here: Chrome gives extensions no DNS
 * API. SECURITY.md says what that leaves.
 */
import { isMediaUrl } from '../platforms';

import type { FetchScope } from '../domain';


export type UrlVerdict = { allowed: true } | { allowed: false; reason: string };

/** Names that only mean something on the user's own machine or network. */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'localdomain'];

export function urlVerdict(raw: string, scope: FetchScope = {}): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { allowed: false, reason: `not an http(s) URL (${url.protocol})` };
  // user:password@ would be sent to the host as Basic credentials.
  if (url.username || url.password) return { allowed: false, reason: 'a URL with a user name or password' };
  if (scope.pageOrigin !== undefined && url.origin === scope.pageOrigin) return { allowed: true };
  if (isLocalHost(url.hostname)) return { allowed: false, reason: `${url.hostname} is a local or private network address, not the page's own` };
  if (isMediaUrl(url.href)) return { allowed: true };
  if (scope.publicHosts) return { allowed: true };
  return { allowed: false, reason: `${url.hostname} is not a media host of a supported platform` };
}

/**
 * A host on the user's machine or local network: a local name, or an IP address outside the public
 * internet. `hostname` as the WHATWG URL parser gives it, which already turns every IPv4 spelling
 * (`0x7f.1`, `017700000001`, `2130706433`) into dotted decimal and IPv6 into its short form in brackets.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return isLocalIpv6(host.slice(1, -1));
  const v4 = ipv4(host);
  if (v4) return isLocalIpv4(v4);
  // A single label ("router", "intranet") is looked up in the local network's own names.
  if (!host.includes('.')) return true;
  return LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

/** Not public: RFC 6890's special-purpose blocks (this network, private, shared, loopback, link-local, test, multicast, reserved). */
function isLocalIpv4(bytes: readonly number[]): boolean {
  const [a = 0, b = 0, c = 0] = bytes;
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  );
}

/** The eight 16-bit groups of an IPv6 address in the URL parser's form (no dotted tail, `::` at most once). */
function ipv6Groups(text: string): number[] | undefined {
  const [head, tail, ...rest] = text.split('::');
  if (rest.length) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
  return all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : undefined;
}

function isLocalIpv6(text: string): boolean {
  const g = ipv6Groups(text);
  if (!g) return true; // not an address we can read: not fetched
  const v4At = (hi: number, lo: number) => isLocalIpv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4At(g[6]!, g[7]!); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeros(0, 6)) return g[6] === 0 || v4At(g[6]!, g[7]!); // ::, ::1, and the old IPv4-compatible ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4At(g[6]!, g[7]!); // NAT64 64:ff9b::a.b.c.d
  if (g[0] === 0x2002) return v4At(g[1]!, g[2]!); // 6to4
  if (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) return true; // Teredo (hides its IPv4), documentation
  if (g[0] === 0x100 && zeros(1, 4)) return true; // discard-only
  const first = g[0]!;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00;
}
