import { describe, expect, test } from 'vitest';
import { hashListEntries } from '../../endpoint/src/core/intake';
import { PDQ_MATCH_DISTANCE } from '../../utils/hash/pdq-distance';
import { permalinkHash, ReportedIndex } from '../../utils/wellbeing/reported-index';

const PERMALINK = 'https://x.com/lcMenci/status/1985395058229817831';
const BRIDGE = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';

/** `hex` with its first `bits` bits flipped. */
function flip(hex: string, bits: number): string {
  const words = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));
  for (let bit = 0; bit < bits; bit++) words[bit >> 5]! ^= 1 << (bit & 31);
  return words.map((word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
}

describe('permalink hashes', () => {
  test('are what the reference endpoint lists as url_sha256 for a report of that post', async () => {
    const entries = hashListEntries({ target: { url: PERMALINK }, media: [] } as never);
    expect(entries).toEqual([{ algorithm: 'url_sha256', value: await permalinkHash(PERMALINK) }]);
    // No normalisation on either side: another spelling of the URL is another hash.
    expect(await permalinkHash(`${PERMALINK}/`)).not.toBe(entries[0]!.value);
  });

  test('a post whose permalink is on the list is reported; its neighbour is not', async () => {
    const index = new ReportedIndex();
    index.setHashList([{ algorithm: 'url_sha256', value: await permalinkHash(PERMALINK) }]);
    expect(await index.isReported({ permalink: PERMALINK, media: [] })).toBe(true);
    expect(await index.isReported({ permalink: 'https://x.com/lcMenci/status/1', media: [] })).toBe(false);
    expect(await index.isReported({ media: [] })).toBe(false);
  });
});

describe('the user\'s own reports', () => {
  test('mark nothing: the index holds the endpoint\'s list only (a page would read a mark back)', async () => {
    const index = new ReportedIndex();
    expect(index.isEmpty).toBe(true);
    expect(await index.isReported({ permalink: PERMALINK, media: ['https://pbs.twimg.com/media/A?format=png&name=orig'] })).toBe(false);
  });
});

describe('media matching', () => {
  test(`PDQ matches at distance ${PDQ_MATCH_DISTANCE} and not at ${PDQ_MATCH_DISTANCE + 1}`, () => {
    const index = new ReportedIndex();
    index.setHashList([{ algorithm: 'pdq', value: BRIDGE }, { algorithm: 'pdq', value: flip(BRIDGE, 200) }]);
    expect(index.nearestPdqDistance(BRIDGE)).toBe(0);
    expect(index.nearestPdqDistance(flip(BRIDGE, 31))).toBe(31);
    expect(index.matchesMedia([{ algorithm: 'pdq', value: flip(BRIDGE, 31) }])).toBe(true);
    expect(index.matchesMedia([{ algorithm: 'pdq', value: flip(BRIDGE, 32) }])).toBe(false);
  });

  test('exact hashes match exactly; malformed list items are skipped, not trusted', () => {
    const index = new ReportedIndex();
    const sha = 'ab'.repeat(32);
    index.setHashList([
      { algorithm: 'sha256', value: sha.toUpperCase() },
      { algorithm: 'md5', value: 'not hex' },
      { algorithm: 'pdq', value: 'short' },
      { algorithm: 'constructor', value: sha },
    ]);
    expect(index.matchesMedia([{ algorithm: 'sha256', value: sha }])).toBe(true);
    expect(index.matchesMedia([{ algorithm: 'md5', value: 'not hex' }])).toBe(false);
    expect(index.nearestPdqDistance(BRIDGE)).toBe(Infinity);
    expect(index.hasMediaHashes).toBe(true);
  });

  test('a list of permalinks only has no media hashes (no on-screen media is fetched for nothing)', async () => {
    const index = new ReportedIndex();
    index.setHashList([{ algorithm: 'url_sha256', value: await permalinkHash(PERMALINK) }]);
    expect(index.hasMediaHashes).toBe(false);
  });
});
