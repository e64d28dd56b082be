/**
 * The second half of `npm run zip`: checks the store listing (store/listing.json) and copies it to
 * dist/store-listing/, beside the packages WXT made: images, documents, and per language a short
 * and a long description. Fails, and copies nothing, when a listed file is missing or the wrong size.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { uiLanguages } from '../utils/ui-languages';
import { listingProblems, longDescriptionPath, readListing, ROOT, shortDescription } from './store-listing-files';

const listing = readListing();
const problems = listingProblems(listing);
if (problems.length > 0) {
  console.error(`The store listing is not ready:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}

const out = resolve(ROOT, 'dist/store-listing');
rmSync(out, { recursive: true, force: true });
const copy = (from: string, to: string) => {
  mkdirSync(dirname(resolve(out, to)), { recursive: true });
  cpSync(resolve(ROOT, from), resolve(out, to));
};
// public/icon/16.png → icons/16.png; store/promo/x.png → promo/x.png
for (const image of listing.images) copy(image.path, image.path.replace(/^public\/icon\//, 'icons/').replace(/^store\//, ''));
for (const document of listing.documents) copy(document, relative('store', document).startsWith('..') ? document : relative('store', document));
for (const language of uiLanguages) {
  mkdirSync(resolve(out, 'descriptions', language), { recursive: true });
  writeFileSync(resolve(out, 'descriptions', language, 'short.txt'), `${shortDescription(language)}\n`);
  copy(longDescriptionPath(language), `descriptions/${language}/long.txt`);
}
console.log(`Store listing: ${relative(ROOT, out)} (${listing.images.length} images, ${listing.documents.length} documents, ${uiLanguages.length} languages)`);
