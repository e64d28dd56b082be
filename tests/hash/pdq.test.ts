/**
 * PDQ vs the C++ reference. Fixtures: ../shared/fixtures/pdq (see its README).
 * `pixels/*.ppm|pgm` are the exact 8-bit arrays the C++ CLI hashed (already decoded, already squashed), so
 * hashing them must reproduce `expected-cpp.tsv` bit for bit — hash AND quality.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { hammingDistance } from '../../utils/hash/pdq-distance';
import {
  PDQ_DIHEDRAL_ORDER,
  pdqDihedral,
  pdqHash,
  pdqHashFromLuma,
  PdqHasher,
  type PdqChannels,
} from '../../utils/hash/pdq';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/pdq');

interface Image {
  width: number;
  height: number;
  channels: PdqChannels;
  data: Uint8Array;
}

/** Binary PPM (P6) / PGM (P5) with maxval 255; header tokens may be separated by any whitespace or comments. */
function readPnm(file: string): Image {
  const buf = readFileSync(file);
  const tokens: string[] = [];
  let pos = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    if (buf[pos] === 0x23 /* # */) {
      while (buf[pos] !== 0x0a) pos++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) token += String.fromCharCode(buf[pos++]!);
    tokens.push(token);
  }
  pos++; // the single whitespace byte after maxval
  const [magic, w, h, maxval] = tokens;
  if ((magic !== 'P6' && magic !== 'P5') || maxval !== '255') throw new Error(`unsupported PNM ${file}`);
  const width = Number(w);
  const height = Number(h);
  const channels = magic === 'P6' ? 3 : 1;
  const data = new Uint8Array(buf.buffer, buf.byteOffset + pos, width * height * channels);
  return { width, height, channels, data: data.slice() };
}

function readTsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path.join(FIXTURES, name), 'utf8').trim().split('\n');
  const cols = header!.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [cols[i]!, v])));
}

const expected = new Map(readTsv('expected-cpp.tsv').map((r) => [r.file!, r]));
const pixelFiles = readdirSync(path.join(FIXTURES, 'pixels')).filter((f) => /\.(ppm|pgm)$/.test(f)).sort();
const load = (name: string): Image => readPnm(path.join(FIXTURES, 'pixels', name));

/** Nearest-neighbour upscale to W×H that the reference's 512 squash (src = floor(dst·W/512)) maps back exactly. */
function upscaleInvertingSquash(img: Image, width: number, height: number): Image {
  const { channels } = img;
  const data = new Uint8Array(width * height * channels);
  // For W > 512, floor(x·W/512) = X implies ceil(X·512/W) = x, so sampling big[X] = small[ceil(X·512/W)] is undone.
  const sx = (x: number) => Math.min(img.width - 1, Math.ceil((x * img.width) / width));
  const sy = (y: number) => Math.min(img.height - 1, Math.ceil((y * img.height) / height));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (sy(y) * img.width + sx(x)) * channels;
      data.set(img.data.subarray(s, s + channels), (y * width + x) * channels);
    }
  }
  return { width, height, channels, data };
}

function popcountBigInt(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  for (; x; x >>= 1n) n += Number(x & 1n);
  return n;
}

describe('pdqHash on the reference pixel arrays (bit-exact)', () => {
  test('fixtures are present', () => {
    expect(pixelFiles.length).toBeGreaterThanOrEqual(9);
  });

  test.each(pixelFiles)('%s', (name) => {
    const row = expected.get(`pixels/${name}`);
    expect(row, `no expected-cpp.tsv row for pixels/${name}`).toBeDefined();
    const img = load(name);
    const result = pdqHash(img.data, img.width, img.height, img.channels);
    expect(result).toEqual({ hash: row!.pdq_hex, quality: Number(row!.quality) });
  });

  test('RGBA input ignores alpha (the reference drops it, even where alpha = 0)', () => {
    const img = load('misc-c.ppm');
    const n = img.width * img.height;
    const rgba = new Uint8ClampedArray(n * 4);
    for (let i = 0; i < n; i++) {
      rgba.set(img.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = i % 3 === 0 ? 0 : 255;
    }
    expect(pdqHash(rgba, img.width, img.height, 4)).toEqual(pdqHash(img.data, img.width, img.height, 3));
    expect(pdqHash(rgba, img.width, img.height, 4).hash).toBe(expected.get('pixels/misc-c.ppm')!.pdq_hex);
  });

  test('grey + alpha (2 channels) hashes the grey channel', () => {
    const img = load('modes-L.pgm');
    const ga = new Uint8Array(img.data.length * 2);
    img.data.forEach((v, i) => {
      ga[i * 2] = v;
      ga[i * 2 + 1] = 7;
    });
    expect(pdqHash(ga, img.width, img.height, 2).hash).toBe(expected.get('pixels/modes-L.pgm')!.pdq_hex);
  });

  test('pdqHashFromLuma on grey-as-float matches the grey path', () => {
    const img = load('misc-small.pgm');
    const luma = Float32Array.from(img.data);
    const copy = luma.slice();
    const row = expected.get('pixels/misc-small.pgm')!;
    expect(pdqHashFromLuma(luma, img.width, img.height)).toEqual({ hash: row.pdq_hex, quality: Number(row.quality) });
    expect(luma).toEqual(copy); // input left untouched
  });

  test('float256Into (no quality metric) writes float256\'s feature, at 64×64 (no blur) and at another size', () => {
    const hasher = new PdqHasher();
    for (const side of [64, 96]) {
      const rgb = Uint8Array.from({ length: side * side * 3 }, (_, i) => (i * 2654435761) >>> 24);
      const into = new Float32Array(256);
      expect(hasher.float256Into(rgb, side, side, 3, into, { squash: false })).toBe(into);
      expect(into).toEqual(hasher.float256(rgb, side, side, 3, { squash: false }).feature);
    }
    expect(() => hasher.float256Into(new Uint8Array(64 * 64 * 3), 64, 64, 3, new Float32Array(255))).toThrow(RangeError);
  });

  test('scratch buffers are reused safely across sizes', () => {
    const big = load('dih-bridge-1-original.ppm');
    const small = load('misc-wee.ppm');
    const hasher = new PdqHasher();
    const first = hasher.hash(big.data, big.width, big.height, big.channels);
    expect(hasher.hash(small.data, small.width, small.height, small.channels).hash).toBe(
      expected.get('pixels/misc-wee.ppm')!.pdq_hex,
    );
    expect(hasher.hash(big.data, big.width, big.height, big.channels)).toEqual(first);
  });
});

describe('512×512 nearest-neighbour squash', () => {
  test.each([
    ['dih-bridge-1-original.ppm', 1024, 1024],
    ['misc-c.ppm', 1000, 700],
    ['misc-pen-and-coaster.ppm', 513, 2048],
    ['modes-L.pgm', 777, 1300],
    // Only one side over 512: both sides still go to 512 (the short side is stretched). 512 → 600 → 512.
    ['modes-CMYK.ppm', 600, 512],
  ])('%s upscaled to %ix%i squashes back to the reference hash', (name, w, h) => {
    const img = load(name);
    const big = upscaleInvertingSquash(img, w, h);
    const row = expected.get(`pixels/${name}`)!;
    expect(pdqHash(big.data, w, h, big.channels)).toEqual({ hash: row.pdq_hex, quality: Number(row.quality) });
  });

  test('squash samples floor(x·W/512) on both axes; squash: false hashes full resolution', () => {
    // 513×513: the squash drops exactly one source column and row (index 256, since floor(x·513/512) skips it).
    const img = load('misc-pen-and-coaster.ppm');
    const big = upscaleInvertingSquash(img, 513, 513);
    const squashed = pdqHash(big.data, 513, 513, 3);
    expect(squashed.hash).toBe(expected.get('pixels/misc-pen-and-coaster.ppm')!.pdq_hex);
    expect(pdqHash(big.data, 513, 513, 3, { squash: true })).toEqual(squashed);
    const full = pdqHash(big.data, 513, 513, 3, { squash: false });
    expect(full.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(full.hash).not.toBe(squashed.hash); // 513 wide → window 5 instead of 4: a different blur
  });

  test('images at most 512 on both sides are not resampled', () => {
    const img = load('misc-small.pgm'); // 224×399
    expect(pdqHash(img.data, img.width, img.height, 1, { squash: false })).toEqual(
      pdqHash(img.data, img.width, img.height, 1),
    );
  });
});

describe('pdqDihedral vs expected-cpp-dihedral.tsv (--pdqdih-across)', () => {
  // `images/<dir>/<stem>.<ext>` ↔ `pixels/<dir>-<stem>.ppm|pgm`
  const cases = readTsv('expected-cpp-dihedral.tsv').flatMap((row) => {
    const key = row.file!.replace(/^images\//, '').replace(/\.[^.]+$/, '').replace(/\//g, '-');
    const pixels = pixelFiles.find((f) => f.replace(/\.(ppm|pgm)$/, '') === key);
    return pixels ? [[pixels, row] as const] : [];
  });

  test('at least the 3 images with both a pixel array and a dihedral row are covered', () => {
    expect(cases.map(([p]) => p).sort()).toEqual(
      expect.arrayContaining(['dih-bridge-1-original.ppm', 'misc-c.ppm', 'misc-pen-and-coaster.ppm']),
    );
  });

  test.each(cases)('%s', (name, row) => {
    const img = load(name);
    const result = pdqDihedral(img.data, img.width, img.height, img.channels);
    expect(result.hashes).toEqual(PDQ_DIHEDRAL_ORDER.map((k) => row[k]));
    expect(result.quality).toBe(Number(row.quality));
    // For a non-64×64 image the orig variant is the plain hash.
    expect(result.hashes[0]).toBe(pdqHash(img.data, img.width, img.height, img.channels).hash);
  });
});

describe('tiny images', () => {
  test('under 5 px on a side: all-zero hash, quality 0', () => {
    const zero = '0'.repeat(64);
    const px = new Uint8Array(4 * 100 * 3).fill(200);
    expect(pdqHash(px, 4, 100, 3)).toEqual({ hash: zero, quality: 0 });
    expect(pdqHash(px, 100, 4, 3)).toEqual({ hash: zero, quality: 0 });
    expect(pdqDihedral(px, 100, 4, 3)).toEqual({ hashes: Array(8).fill(zero), quality: 0 });
  });

  test('a 4×1000 image is squashed to 512×512 first, so it IS hashed (as the CLI does)', () => {
    const px = new Uint8Array(4 * 1000);
    for (let i = 0; i < px.length; i++) px[i] = (i * 37) % 251;
    expect(pdqHash(px, 4, 1000, 1).hash).not.toBe('0'.repeat(64));
    expect(pdqHash(px, 4, 1000, 1, { squash: false }).hash).toBe('0'.repeat(64));
  });

  test('bad arguments throw', () => {
    expect(() => pdqHash(new Uint8Array(10), 5, 5, 3)).toThrow(RangeError);
    expect(() => pdqHash(new Uint8Array(75), 0, 5, 3)).toThrow(RangeError);
    expect(() => pdqHash(new Uint8Array(75), 5, 5, 5 as PdqChannels)).toThrow(RangeError);
  });
});

describe('hammingDistance', () => {
  const zero = '0'.repeat(64);
  const ones = 'f'.repeat(64);

  test('basics', () => {
    expect(hammingDistance(zero, zero)).toBe(0);
    expect(hammingDistance(zero, ones)).toBe(256);
    expect(hammingDistance(zero, `${'0'.repeat(63)}1`)).toBe(1);
    expect(hammingDistance(zero, `8${'0'.repeat(63)}`)).toBe(1);
    expect(hammingDistance(ones.toUpperCase(), ones)).toBe(0);
  });

  test('matches a BigInt popcount on real hashes', () => {
    const hashes = readTsv('expected-cpp-dihedral.tsv').flatMap((r) => PDQ_DIHEDRAL_ORDER.map((k) => r[k]!));
    for (let i = 0; i < hashes.length; i += 7) {
      for (let j = 0; j < hashes.length; j += 5) {
        expect(hammingDistance(hashes[i]!, hashes[j]!)).toBe(popcountBigInt(hashes[i]!, hashes[j]!));
      }
    }
  });

  test('edits of one photo stay close; unrelated images are far', () => {
    const hashOf = (file: string): string => expected.get(file)?.pdq_hex ?? '';
    const orig = hashOf('images/bridge-mods/aaa-orig.jpg');
    expect(hammingDistance(orig, hashOf('images/bridge-mods/sharpen-a-lot.jpg'))).toBeLessThanOrEqual(31);
    expect(hammingDistance(orig, hashOf('images/misc/c.png'))).toBeGreaterThan(31);
  });

  test('rejects malformed hashes', () => {
    expect(() => hammingDistance(zero, '0'.repeat(63))).toThrow(TypeError);
    expect(() => hammingDistance(`${'0'.repeat(63)}g`, zero)).toThrow(TypeError);
  });
});
