/**
 * What store/listing.json lists, and how to check it: shared by `npm run zip` (which copies the
 * listing beside the packages) and tests/store-listing.test.ts. Node only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { uiLanguages, type UiLanguage } from '../utils/ui-languages';

export const ROOT = resolve(__dirname, '..');

export interface ListedImage {
  path: string;
  width: number;
  height: number;
  for: string;
}
export interface Listing {
  images: ListedImage[];
  documents: string[];
}

/** Chrome Web Store's limit on the manifest description, which is also the short description. */
export const SHORT_DESCRIPTION_MAX = 132;
/** The Chrome Web Store's and Edge's limit on the long description. */
export const LONG_DESCRIPTION_MAX = 16_000;

export function readListing(): Listing {
  return JSON.parse(readFileSync(resolve(ROOT, 'store/listing.json'), 'utf8')) as Listing;
}

/**
 * A PNG's size, from its IHDR chunk (bytes 16–23, big-endian). Written here rather than taken from
 * an image library: eight bytes at a fixed offset, and the signature check makes a wrong file fail.
 */
export function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  const signature = '89504e470d0a1a0a';
  if (bytes.subarray(0, 8).toString('hex') !== signature || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') {
    throw new Error(`${path} is not a PNG`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function shortDescription(language: UiLanguage): string {
  const catalogue = JSON.parse(readFileSync(resolve(ROOT, `public/_locales/${language}/messages.json`), 'utf8'));
  return catalogue.extDescription.message as string;
}

export const longDescriptionPath = (language: UiLanguage) => `store/descriptions/${language}.txt`;

/** Every problem with the listing: a missing file, a wrong size, a description too long or absent. */
export function listingProblems(listing: Listing = readListing()): string[] {
  const problems: string[] = [];
  for (const image of listing.images) {
    const path = resolve(ROOT, image.path);
    if (!existsSync(path)) {
      problems.push(`${image.path}: missing`);
      continue;
    }
    const { width, height } = pngSize(path);
    if (width !== image.width || height !== image.height) problems.push(`${image.path}: ${width}×${height}, not ${image.width}×${image.height}`);
  }
  for (const document of listing.documents) {
    if (!existsSync(resolve(ROOT, document))) problems.push(`${document}: missing`);
  }
  for (const language of uiLanguages) {
    const short = shortDescription(language);
    if ([...short].length > SHORT_DESCRIPTION_MAX) problems.push(`${language}: short description over ${SHORT_DESCRIPTION_MAX} characters`);
    const long = resolve(ROOT, longDescriptionPath(language));
    if (!existsSync(long)) problems.push(`${longDescriptionPath(language)}: missing`);
    else if (readFileSync(long, 'utf8').trim().length === 0 || [...readFileSync(long, 'utf8')].length > LONG_DESCRIPTION_MAX) {
      problems.push(`${longDescriptionPath(language)}: empty or over ${LONG_DESCRIPTION_MAX} characters`);
    }
  }
  return problems;
}
