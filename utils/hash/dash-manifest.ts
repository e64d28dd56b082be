/**
 * DASH manifests (ISO/IEC 23009-1), as much as hashing needs: the first period's video representations,
 * the chosen one (rendition.ts) as byte ranges: SegmentTemplate with $Number$ or SegmentTimeline $Time$,
 * SegmentList (URLs or mediaRange), SegmentBase with a sidx (indexRange, fetched to list its subsegments).
 * Segment information on the AdaptationSet is inherited, the Representation's wins; BaseURLs nest.
 */
import { chooseRendition, type Rendition } from './rendition';
import { resolveUrl, type ByteRangeRef, type StreamPlan } from './stream-plan';
import { VideoFormatError } from './video-mp4';
import { childNamed, childrenNamed, parseXml, type XmlElement } from './xml-elements';

type FetchRange = (ref: ByteRangeRef) => Promise<Uint8Array>;
interface Choice extends Rendition {
  representation: XmlElement;
  adaptationSet: XmlElement;
}

/** Segments listed at most: a 10-minute limit at 1-second segments is 600. */
const MAX_SEGMENTS = 20_000;

export async function parseDashManifest(text: string, manifestUrl: string, fetchRange: FetchRange): Promise<StreamPlan> {
  let mpd: XmlElement;
  try {
    mpd = parseXml(text);
  } catch (error) {
    throw new VideoFormatError(`unreadable DASH manifest: ${(error as Error).message}`);
  }
  if (mpd.name !== 'MPD') throw new VideoFormatError('not a DASH manifest (no <MPD>)');
  const period = childrenNamed(mpd, 'Period')[0];
  if (!period) throw new VideoFormatError('the DASH manifest has no period');
  const durationS = isoDuration(period.attributes.duration) ?? isoDuration(mpd.attributes.mediaPresentationDuration);
  const base = [mpd, period].reduce((url, element) => baseUrlOf(element, url), manifestUrl);

  const choices: Choice[] = childrenNamed(period, 'AdaptationSet').flatMap((adaptationSet) =>
    childrenNamed(adaptationSet, 'Representation')
      .filter((representation) => isVideo(adaptationSet, representation))
      .map((representation) => {
        const at = (name: string) => Number(representation.attributes[name] ?? adaptationSet.attributes[name]) || undefined;
        const url = baseUrlOf(representation, baseUrlOf(adaptationSet, base));
        const [width, height, bitrate] = [at('width'), at('height'), at('bandwidth')];
        return { url, representation, adaptationSet, ...(width && height ? { width, height } : {}), ...(bitrate ? { bitrate } : {}) };
      }),
  );
  if (choices.length === 0) throw new VideoFormatError('the DASH manifest lists no video representation');
  const { representation, adaptationSet, ...rendition } = chooseRendition(choices);
  const parts = await segmentsOf(representation, adaptationSet, rendition.url, durationS, fetchRange);
  // Named by its first file (init section or the single file): a BaseURL alone may be just the manifest's folder.
  const named = { ...rendition, url: parts[0]?.url ?? rendition.url };
  return { format: 'dash', rendition: named, parts, ...(durationS !== undefined ? { durationS } : {}) };
}

function isVideo(adaptationSet: XmlElement, representation: XmlElement): boolean {
  const attr = (name: string) => representation.attributes[name] ?? adaptationSet.attributes[name] ?? '';
  return adaptationSet.attributes.contentType === 'video' || attr('mimeType').startsWith('video/');
}

function baseUrlOf(element: XmlElement, base: string): string {
  const baseUrl = childNamed(element, 'BaseURL')?.text.trim();
  return baseUrl ? resolveUrl(baseUrl, base) : base;
}

/** `PT1H2M3.5S` → seconds (days and larger units are not used by manifests of short videos). */
export function isoDuration(value: string | undefined): number | undefined {
  const match = value && /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
  if (!match) return undefined;
  const [, d = 0, h = 0, m = 0, s = 0] = match;
  return Number(d) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** `first-last` (inclusive, as in the manifest) → [start, end). */
function range(spec: string | undefined): { start: number; end: number } | undefined {
  const match = spec && /^(\d+)-(\d+)$/.exec(spec.trim());
  return match ? { start: Number(match[1]), end: Number(match[2]) + 1 } : undefined;
}

async function segmentsOf(
  representation: XmlElement,
  adaptationSet: XmlElement,
  baseUrl: string,
  periodS: number | undefined,
  fetchRange: FetchRange,
): Promise<ByteRangeRef[]> {
  // The Representation's element, its attributes over the AdaptationSet's.
  const pick = (name: string): XmlElement | undefined => {
    const [own, inherited] = [childNamed(representation, name), childNamed(adaptationSet, name)];
    if (!own && !inherited) return undefined;
    return { ...(own ?? inherited)!, attributes: { ...inherited?.attributes, ...own?.attributes } };
  };
  const template = pick('SegmentTemplate');
  if (template) return templateSegments(template, representation, baseUrl, periodS);
  const list = pick('SegmentList');
  if (list) {
    const init = childNamed(list, 'Initialization');
    const parts = childrenNamed(list, 'SegmentURL').map((segment) => ({
      url: segment.attributes.media ? resolveUrl(segment.attributes.media, baseUrl) : baseUrl,
      ...range(segment.attributes.mediaRange),
    }));
    return init ? [{ url: resolveUrl(init.attributes.sourceURL ?? '', baseUrl), ...range(init.attributes.range) }, ...parts] : parts;
  }
  const segmentBase = pick('SegmentBase');
  const index = range(segmentBase?.attributes.indexRange);
  if (!index) return [{ url: baseUrl }]; // a single self-initialising file
  const init = range(childNamed(segmentBase, 'Initialization')?.attributes.range) ?? { start: 0, end: index.start };
  return [{ url: baseUrl, ...init }, ...subsegments(await fetchRange({ url: baseUrl, ...index }), index.end, baseUrl)];
}

function templateSegments(template: XmlElement, representation: XmlElement, baseUrl: string, periodS: number | undefined): ByteRangeRef[] {
  const a = template.attributes;
  const timescale = Number(a.timescale ?? 1);
  const startNumber = Number(a.startNumber ?? 1);
  const presentationTimeOffset = Number(a.presentationTimeOffset ?? 0);
  const fill = (pattern: string, number?: number, time?: number) =>
    resolveUrl(
      pattern.replace(/\$(RepresentationID|Number|Time|Bandwidth)(%0(\d+)d)?\$|\$\$/g, (whole, name?: string, _f?: string, width?: string) => {
        if (!name) return '$';
        const value = { RepresentationID: representation.attributes.id, Number: number, Time: time, Bandwidth: representation.attributes.bandwidth }[name];
        if (value === undefined) throw new VideoFormatError(`DASH template ${whole} has no value here`);
        return String(value).padStart(Number(width ?? 0), '0');
      }),
      baseUrl,
    );
  if (!a.media) throw new VideoFormatError('DASH SegmentTemplate without a media pattern');
  const parts: ByteRangeRef[] = a.initialization ? [{ url: fill(a.initialization) }] : [];
  const timeline = childrenNamed(childNamed(template, 'SegmentTimeline'), 'S');
  const push = (time: number) => {
    if (parts.length > MAX_SEGMENTS) throw new VideoFormatError('the DASH manifest lists too many segments');
    parts.push({ url: fill(a.media!, startNumber + parts.length - (a.initialization ? 1 : 0), time) });
  };
  if (timeline.length > 0) {
    let time = 0;
    // In media time, as t is: the period starts at presentationTimeOffset (as dash.js counts it).
    const periodEnd = periodS !== undefined ? presentationTimeOffset + periodS * timescale : Infinity;
    timeline.forEach((s, i) => {
      time = s.attributes.t !== undefined ? Number(s.attributes.t) : time;
      const d = Number(s.attributes.d);
      if (!(d > 0)) throw new VideoFormatError('DASH SegmentTimeline entry without a duration');
      const nextT = timeline[i + 1]?.attributes.t;
      let repeat = Number(s.attributes.r ?? 0);
      // r = -1: repeat up to the next entry's start, or the period's end.
      if (repeat < 0) repeat = Math.ceil(((nextT !== undefined ? Number(nextT) : periodEnd) - time) / d) - 1;
      if (!Number.isFinite(repeat)) throw new VideoFormatError('DASH SegmentTimeline repeats without an end');
      for (let k = 0; k <= repeat; k++, time += d) push(time);
    });
  } else {
    const duration = Number(a.duration);
    if (!(duration > 0) || periodS === undefined) throw new VideoFormatError('DASH SegmentTemplate without a duration or timeline');
    const count = Math.ceil((periodS * timescale) / duration - 1e-9);
    for (let k = 0; k < count; k++) push(k * duration);
  }
  // An init section alone holds no frame: better said here than by the demuxer after the fetch.
  if (parts.length === (a.initialization ? 1 : 0)) throw new VideoFormatError('the DASH manifest lists no segment');
  return parts;
}

/** sidx (ISO/IEC 14496-12 8.16.3): subsegment byte ranges, which start after the box plus first_offset. */
function subsegments(sidx: Uint8Array, sidxEnd: number, url: string): ByteRangeRef[] {
  const view = new DataView(sidx.buffer, sidx.byteOffset, sidx.byteLength);
  if (sidx.byteLength < 32 || String.fromCharCode(...sidx.subarray(4, 8)) !== 'sidx') {
    throw new VideoFormatError('the DASH indexRange is not a sidx box');
  }
  const v1 = view.getUint8(8) === 1;
  let at = 8 + 4 + 8 + (v1 ? 16 : 8); // header, version/flags, reference_ID + timescale, earliest time + first_offset
  // Version 1's 64-bit times need 8 bytes more than the 32 checked above.
  if (at + 4 > sidx.byteLength) throw new VideoFormatError(`the DASH sidx box is truncated: ${sidx.byteLength} bytes, a version ${v1 ? 1 : 0} header needs ${at + 4}`);
  const firstOffset = v1 ? Number(view.getBigUint64(at - 8)) : view.getUint32(at - 4);
  const count = view.getUint16(at + 2);
  at += 4;
  if (at + 12 * count > sidx.byteLength) throw new VideoFormatError('the DASH sidx box is truncated');
  let start = sidxEnd + firstOffset;
  return Array.from({ length: count }, (_, i) => {
    const word = view.getUint32(at + 12 * i);
    if (word >>> 31) throw new VideoFormatError('DASH sidx pointing to other sidx boxes is not supported');
    const part = { url, start, end: start + (word & 0x7fffffff) };
    start = part.end;
    return part;
  });
}
