/**
 * H.264 samples no other frame refers to: every slice has nal_ref_idc == 0 (non-reference B/P pictures,
 * ~30–45 % of the sample videos' frames). A frame vPDQ does not hash and nothing refers to need not be
 * decoded at all: frame numbers come from the container's timestamps (video-demux.ts), and leaving out
 * non-reference pictures creates no frame_num gap (only reference pictures advance PrevRefFrameNum), so
 * every other frame decodes to the same pixels. Checked bit-identical on every fixture (e2e).
 */

/** `lengthSize` from the avcC record (its 5th byte), or undefined for Annex B (start codes, e.g. MPEG-TS). */
export function nalLengthSize(codec: string, description: AllowSharedBufferSource | undefined): number | undefined | false {
  if (!/^avc[13]\./.test(codec)) return false; // not H.264: never skipped
  if (!description) return undefined;
  const bytes = ArrayBuffer.isView(description)
    ? new Uint8Array(description.buffer, description.byteOffset, description.byteLength)
    : new Uint8Array(description);
  return bytes.length > 4 ? (bytes[4]! & 3) + 1 : false;
}

/** True when the sample has slices and none of them is a reference (nal_unit_type 1 or 5, nal_ref_idc 0). */
export function isDisposableH264(data: Uint8Array, lengthSize: number | undefined): boolean {
  let slices = 0;
  for (const header of nalHeaders(data, lengthSize)) {
    const type = header & 0x1f;
    if (type !== 1 && type !== 5) continue;
    if (header & 0x60) return false;
    slices += 1;
  }
  return slices > 0;
}

/** True when the sample holds an IDR slice (nal_unit_type 5): no frame after it refers to any frame before it. */
export function isIdrH264(data: Uint8Array, lengthSize: number | undefined): boolean {
  for (const header of nalHeaders(data, lengthSize)) if ((header & 0x1f) === 5) return true;
  return false;
}

/**
 * Samples (decode order) that can be left out because no hashed frame needs them: those after the last hashed
 * sample of a GOP, when the next GOP starts with an IDR (it refers to nothing before it; an open GOP's I frame
 * can, so its predecessor's tail is kept). Every sample before a hashed one in its GOP may be a reference it
 * needs and is kept. With a keyframe every 2 s and one frame hashed a second, about half of each GOP goes.
 */
export function gopTailsToSkip(count: number, hashed: (i: number) => boolean, isKey: (i: number) => boolean, isIdr: (i: number) => boolean): boolean[] {
  const skip = new Array<boolean>(count).fill(false);
  let tailGoes = true; // after the last sample, nothing follows that could need it
  for (let i = count - 1; i >= 0; i--) {
    if (hashed(i)) tailGoes = false;
    else if (tailGoes) skip[i] = true;
    // Stepping back into the previous GOP: its tail may go only if this GOP's first sample is an IDR.
    if (isKey(i)) tailGoes = isIdr(i);
  }
  return skip;
}

/** The first byte of each NAL unit. */
function* nalHeaders(data: Uint8Array, lengthSize: number | undefined): Generator<number> {
  if (lengthSize === undefined) {
    // Annex B: a NAL unit starts after each 00 00 01.
    for (let i = 2; i + 1 < data.length; i++) {
      if (data[i] === 1 && data[i - 1] === 0 && data[i - 2] === 0) yield data[i + 1]!;
    }
    return;
  }
  let at = 0;
  while (at + lengthSize < data.length) {
    let length = 0;
    for (let k = 0; k < lengthSize; k++) length = length * 256 + data[at + k]!;
    yield data[at + lengthSize]!;
    at += lengthSize + length;
  }
}
