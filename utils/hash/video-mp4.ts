/**
 * The smallest MP4 (ISO BMFF) reader vPDQ needs: the first video track's H.264 decoder config and its
 * sample table, with the timing FFmpeg's mov demuxer would give (the reference decodes with libavformat).
 * Progressive files only (Telegram previews, X GIF mp4s, Mastodon attachments are progressive): kept beside
 * mediabunny (video-container.ts) because it drops the frames an edit list cuts exactly as libavformat does,
 * synchronously and without loading a demuxer into the service worker. Fragmented MP4 goes to mediabunny.
 */

export interface Mp4Sample {
  offset: number;
  size: number;
  /** Composition (presentation) time in track timescale units: dts + ctts offset. */
  cts: number;
  key: boolean;
  /** Presentation rank among the samples FFmpeg outputs = the reference's frame number; -1 when an edit list drops it. */
  frame: number;
}

export interface Mp4VideoTrack {
  /** WebCodecs codec string, e.g. `avc1.64001f`. */
  codec: string;
  /** The avcC record, WebCodecs' `description`. */
  description: Uint8Array;
  width: number;
  height: number;
  /** avg_frame_rate as libavformat computes it: samples × timescale / sum of stts durations. */
  frameRate: number;
  durationS: number;
  /** Samples in decode order. */
  samples: Mp4Sample[];
  /** How many samples are output (not dropped by an edit list). */
  frameCount: number;
  /** Units of `cts` per second (mdhd). */
  timescale: number;
  /** Tracks in the file (audio and others too): ffmpeg's frame-rate conversion treats a lone stream differently (TMK). */
  trackCount: number;
  /** Display rotation from the tkhd matrix, as ffprobe prints it (degrees counter-clockwise; TMK's autorotation). */
  rotationDegrees: number;
}

/** Checked on the headers, before the sample table is even built. */
export interface Mp4Limits {
  maxDurationS: number;
  maxFrames: number;
  maxFrameSide: number;
}

export class VideoFormatError extends Error {}

interface Box {
  type: string;
  start: number; // payload start
  end: number;
}

export function readMp4VideoTrack(bytes: Uint8Array, limits: Mp4Limits): Mp4VideoTrack {
  refuseOtherFormats(bytes);
  try {
    return readVideoTrack(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  } catch (error) {
    // A field pointing past the end of the file: DataView's RangeError says nothing useful to a reader.
    if (error instanceof RangeError) throw new VideoFormatError('truncated or malformed MP4');
    throw error;
  }
}

function readVideoTrack(view: DataView, limits: Mp4Limits): Mp4VideoTrack {
  const top = children(view, 0, view.byteLength);
  const moov = find(top, 'moov');
  if (!moov) throw new VideoFormatError('MP4 without a movie header (moov)');
  const inMoov = children(view, moov.start, moov.end);
  const mvhd = need(inMoov, 'mvhd');
  const movieTimescale = view.getUint32(mvhd.start + (view.getUint8(mvhd.start) === 1 ? 20 : 12));

  // libavformat hashes the FIRST video stream, in track order.
  for (const trak of inMoov.filter((box) => box.type === 'trak')) {
    const inTrak = children(view, trak.start, trak.end);
    const mdia = children(view, ...range(need(inTrak, 'mdia')));
    const hdlr = need(mdia, 'hdlr');
    if (fourcc(view, hdlr.start + 8) !== 'vide') continue;
    if (find(inMoov, 'mvex')) throw new VideoFormatError('fragmented MP4 is not supported');
    const trackCount = inMoov.filter((box) => box.type === 'trak').length;
    return { ...readTrack(view, inTrak, mdia, movieTimescale, limits), trackCount, rotationDegrees: readRotation(view, inTrak) };
  }
  throw new VideoFormatError('no video track');
}

function readTrack(
  view: DataView, inTrak: Box[], mdia: Box[], movieTimescale: number, limits: Mp4Limits,
): Omit<Mp4VideoTrack, 'trackCount' | 'rotationDegrees'> {
  const mdhd = need(mdia, 'mdhd');
  const v1 = view.getUint8(mdhd.start) === 1;
  const timescale = view.getUint32(mdhd.start + (v1 ? 20 : 12));
  const mediaDuration = v1 ? u64(view, mdhd.start + 24) : view.getUint32(mdhd.start + 16);
  if (!timescale) throw new VideoFormatError('MP4 track without a timescale');
  const durationS = mediaDuration / timescale;

  const minf = children(view, ...range(need(mdia, 'minf')));
  const stbl = children(view, ...range(need(minf, 'stbl')));
  const entry = readSampleEntry(view, need(stbl, 'stsd'));

  // Limits on what the headers claim, before any per-sample work.
  if (durationS > limits.maxDurationS) {
    throw new VideoFormatError(`video too long: ${Math.round(durationS)} s, the limit is ${limits.maxDurationS} s`);
  }
  if (Math.max(entry.width, entry.height) > limits.maxFrameSide) {
    const size = `${entry.width}×${entry.height}`;
    throw new VideoFormatError(`video frames too large: ${size}, the limit is ${limits.maxFrameSide} px a side`);
  }
  const sizes = readSizes(view, stbl, limits.maxFrames);
  const { dts, frameRate, totalS } = readTimes(view, need(stbl, 'stts'), sizes.length, timescale);
  if (totalS > limits.maxDurationS) {
    throw new VideoFormatError(`video too long: ${Math.round(totalS)} s, the limit is ${limits.maxDurationS} s`);
  }
  const offsets = readOffsets(view, stbl, sizes);
  const ctts = find(stbl, 'ctts');
  const stss = find(stbl, 'stss');
  const keys = stss ? readSyncSamples(view, stss) : undefined;
  const cttsOffsets = ctts ? readCompositionOffsets(view, ctts, sizes.length) : undefined;
  const samples: Mp4Sample[] = sizes.map((size, i) => ({
    offset: offsets[i]!,
    size,
    cts: dts[i]! + (cttsOffsets?.[i] ?? 0),
    key: keys ? keys.has(i + 1) : true,
    frame: -1,
  }));

  const edit = readEdit(view, inTrak, movieTimescale, timescale);
  // mov.c compares the edit window with cts + dts_shift, the shift that makes negative ctts offsets positive.
  const shift = cttsOffsets ? cttsOffsets.reduce((most, offset) => Math.max(most, -offset), 0) : 0;
  const inEdit = (cts: number) => !edit || (cts + shift >= edit.start && (edit.end === undefined || cts + shift < edit.end));
  const shown = samples.filter((sample) => inEdit(sample.cts));
  shown.sort((a, b) => a.cts - b.cts);
  shown.forEach((sample, rank) => (sample.frame = rank));
  return { ...entry, frameRate, durationS: durationS || totalS, samples, frameCount: shown.length, timescale };
}

/**
 * libavutil's av_display_rotation_get on the tkhd matrix (mov.c keeps it as the display matrix): −atan2 of the
 * first column's rotation, in degrees. A phone's portrait video (a = 0, b = 1, c = −1, d = 0) gives −90.
 */
function readRotation(view: DataView, inTrak: Box[]): number {
  const tkhd = find(inTrak, 'tkhd');
  if (!tkhd) return 0;
  // version/flags, times, track id, reserved, duration, reserved(8), layer, group, volume, reserved: then the matrix.
  const matrix = tkhd.start + (view.getUint8(tkhd.start) === 1 ? 52 : 40);
  if (matrix + 16 > tkhd.end) return 0;
  const [a, b, c, d] = [0, 4, 12, 16].map((at) => view.getInt32(matrix + at) / 65536) as [number, number, number, number];
  const scale0 = Math.hypot(a, c);
  const scale1 = Math.hypot(b, d);
  if (!scale0 || !scale1) return 0;
  const degrees = -(Math.atan2(b / scale1, a / scale0) * 180) / Math.PI;
  return degrees === 0 ? 0 : degrees; // no −0
}

function readSampleEntry(view: DataView, stsd: Box) {
  // stsd: version/flags, entry count, then the first sample entry.
  const start = stsd.start + 8;
  const type = fourcc(view, start + 4);
  if (type !== 'avc1' && type !== 'avc3') {
    throw new VideoFormatError(`video codec ${JSON.stringify(type)} is not supported (H.264 only)`);
  }
  const width = view.getUint16(start + 8 + 24);
  const height = view.getUint16(start + 8 + 26);
  // A VisualSampleEntry is 78 bytes after its 8-byte header; its child boxes follow.
  const avcC = find(children(view, start + 8 + 78, start + view.getUint32(start)), 'avcC');
  if (!avcC || avcC.end - avcC.start < 4) throw new VideoFormatError('H.264 track without its decoder configuration (avcC)');
  const description = new Uint8Array(view.buffer, view.byteOffset + avcC.start, avcC.end - avcC.start).slice();
  const hex = (b: number) => description[b]!.toString(16).padStart(2, '0');
  return { codec: `${type}.${hex(1)}${hex(2)}${hex(3)}`, description, width, height };
}

function readSizes(view: DataView, stbl: Box[], maxFrames: number): number[] {
  const checkFrames = (count: number) => {
    if (count > maxFrames) throw new VideoFormatError(`video has too many frames: ${count}, the limit is ${maxFrames}`);
  };
  const stsz = find(stbl, 'stsz');
  if (stsz) {
    const fixed = view.getUint32(stsz.start + 4);
    const count = view.getUint32(stsz.start + 8);
    checkFrames(count);
    checkCount(count, stsz, fixed ? 0 : 4);
    return Array.from({ length: count }, (_, i) => fixed || view.getUint32(stsz.start + 12 + 4 * i));
  }
  const stz2 = need(stbl, 'stz2');
  const bits = view.getUint8(stz2.start + 7);
  const count = view.getUint32(stz2.start + 8);
  checkFrames(count);
  checkCount(count, stz2, bits / 8);
  return Array.from({ length: count }, (_, i) => {
    const at = stz2.start + 12;
    if (bits === 16) return view.getUint16(at + 2 * i);
    if (bits === 8) return view.getUint8(at + i);
    return (view.getUint8(at + (i >> 1)) >> (i & 1 ? 0 : 4)) & 0xf;
  });
}

/** Decode times, and the frame rate exactly as mov.c derives avg_frame_rate: every stts entry counts. */
function readTimes(view: DataView, stts: Box, count: number, timescale: number) {
  const entries = view.getUint32(stts.start + 4);
  checkCount(entries, stts, 8);
  const dts: number[] = [];
  let t = 0;
  let total = 0;
  for (let e = 0; e < entries; e++) {
    const n = view.getUint32(stts.start + 8 + 8 * e);
    const delta = view.getUint32(stts.start + 12 + 8 * e);
    for (let k = 0; k < n && dts.length < count; k++) dts.push(t + k * delta);
    t += n * delta;
    total += n;
  }
  if (dts.length < count) throw new VideoFormatError('MP4 time table shorter than its sample table');
  if (t <= 0) throw new VideoFormatError('MP4 track with zero duration');
  return { dts, frameRate: (total * timescale) / t, totalS: t / timescale };
}

function readCompositionOffsets(view: DataView, ctts: Box, count: number): Int32Array {
  const entries = view.getUint32(ctts.start + 4);
  checkCount(entries, ctts, 8);
  const out = new Int32Array(count);
  let i = 0;
  for (let e = 0; e < entries && i < count; e++) {
    const n = view.getUint32(ctts.start + 8 + 8 * e);
    // Signed in version 1; libavformat reads version 0 as signed too (encoders write negative offsets there).
    const offset = view.getInt32(ctts.start + 12 + 8 * e);
    for (let k = 0; k < n && i < count; k++) out[i++] = offset;
  }
  return out;
}

function readSyncSamples(view: DataView, stss: Box): Set<number> {
  const entries = view.getUint32(stss.start + 4);
  checkCount(entries, stss, 4);
  return new Set(Array.from({ length: entries }, (_, i) => view.getUint32(stss.start + 8 + 4 * i)));
}

function readOffsets(view: DataView, stbl: Box[], sizes: number[]): number[] {
  const stco = find(stbl, 'stco');
  const co64 = stco ? undefined : need(stbl, 'co64');
  const chunkBox = (stco ?? co64)!;
  const chunkCount = view.getUint32(chunkBox.start + 4);
  checkCount(chunkCount, chunkBox, stco ? 4 : 8);
  const chunkOffset = (c: number) =>
    stco ? view.getUint32(stco.start + 8 + 4 * c) : u64(view, co64!.start + 8 + 8 * c);

  const stsc = need(stbl, 'stsc');
  const runs = view.getUint32(stsc.start + 4);
  checkCount(runs, stsc, 12);
  const offsets: number[] = [];
  for (let r = 0; r < runs; r++) {
    const first = view.getUint32(stsc.start + 8 + 12 * r) - 1;
    const last = r + 1 < runs ? view.getUint32(stsc.start + 8 + 12 * (r + 1)) - 1 : chunkCount;
    const perChunk = view.getUint32(stsc.start + 12 + 12 * r);
    for (let c = first; c < last && offsets.length < sizes.length; c++) {
      let at = chunkOffset(c);
      for (let k = 0; k < perChunk && offsets.length < sizes.length; k++) {
        offsets.push(at);
        at += sizes[offsets.length - 1]!;
      }
    }
  }
  if (offsets.length < sizes.length) throw new VideoFormatError('MP4 chunk table shorter than its sample table');
  if (offsets.some((o, i) => o + sizes[i]! > view.byteLength)) throw new VideoFormatError('MP4 sample outside the file');
  return offsets;
}

/**
 * The presentation window of the track's edit list, in media time. libavformat (advanced_editlist, the
 * default) decodes but discards frames outside [media_time, media_time + duration), so they get no frame
 * number. Only the usual single non-empty edit is applied; an empty leading edit (a delay) changes nothing.
 */
function readEdit(view: DataView, inTrak: Box[], movieTimescale: number, timescale: number) {
  const edts = find(inTrak, 'edts');
  const elst = edts && find(children(view, edts.start, edts.end), 'elst');
  if (!elst) return undefined;
  const v1 = view.getUint8(elst.start) === 1;
  const entries = view.getUint32(elst.start + 4);
  const size = v1 ? 20 : 12;
  checkCount(entries, elst, size);
  const edits = Array.from({ length: entries }, (_, i) => {
    const at = elst.start + 8 + size * i;
    const duration = v1 ? u64(view, at) : view.getUint32(at);
    const mediaTime = v1 ? Number(view.getBigInt64(at + 8)) : view.getInt32(at + 4);
    return { duration, mediaTime };
  }).filter((edit) => edit.mediaTime >= 0);
  if (edits.length !== 1) return undefined;
  const { duration, mediaTime } = edits[0]!;
  const end = duration > 0 && movieTimescale ? mediaTime + (duration * timescale) / movieTimescale : undefined;
  return { start: mediaTime, end };
}

const MP4_FIRST_BOXES = ['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot'];

/** An MP4 whose samples are all in its moov (no mvex, no moof). A malformed MP4 counts: this reader says why. */
export function isProgressiveMp4(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 8 || !MP4_FIRST_BOXES.includes(String.fromCharCode(...bytes.subarray(4, 8)))) return false;
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const top = children(view, 0, view.byteLength);
    const moov = find(top, 'moov');
    return !find(top, 'moof') && !(moov && find(children(view, moov.start, moov.end), 'mvex'));
  } catch {
    return true;
  }
}

/** Says what a file is when it is not an MP4, rather than "malformed". */
function refuseOtherFormats(bytes: Uint8Array): void {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === 'GIF8') throw new VideoFormatError('GIF files are not hashed with vPDQ (MP4 only)');
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    throw new VideoFormatError('WebM/Matroska video is not supported (MP4 only)');
  }
  // An MP4 starts with a box; files from old QuickTime may not start with ftyp.
  if (!MP4_FIRST_BOXES.includes(ascii(4, 8))) {
    throw new VideoFormatError('not an MP4 file');
  }
}

// ----- boxes ----------------------------------------------------------------------------------------------------

function children(view: DataView, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = u64(view, at + 8);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) throw new VideoFormatError('truncated or malformed MP4');
    boxes.push({ type: fourcc(view, at + 4), start: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

const find = (boxes: Box[], type: string) => boxes.find((box) => box.type === type);

function need(boxes: Box[], type: string): Box {
  const box = find(boxes, type);
  if (!box) throw new VideoFormatError(`MP4 without a ${type} box`);
  return box;
}

const range = (box: Box): [number, number] => [box.start, box.end];

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function u64(view: DataView, at: number): number {
  return view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
}

/** A count field must fit in its box: a hostile file cannot make us allocate for billions of entries. */
function checkCount(count: number, box: Box, entrySize: number): void {
  const header = box.type === 'stsz' || box.type === 'stz2' ? 12 : 8;
  if (header + count * entrySize > box.end - box.start) throw new VideoFormatError(`MP4 ${box.type} box is truncated`);
}
