/** MD5 (@noble/hashes): RFC 1321's test suite, and agreement with Node's crypto on a large buffer. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { md5Hex } from '../../utils/hash/md5';

const text = (s: string) => new TextEncoder().encode(s);

describe('md5Hex', () => {
  test.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('RFC 1321: MD5(%j)', async (input, expected) => {
    expect(await md5Hex(text(input))).toBe(expected);
  });

  test('equals Node for 5 MB of varied bytes, also when called concurrently and on a subarray', async () => {
    const big = Uint8Array.from({ length: 5 * 1024 * 1024 + 3 }, (_, i) => (i * 2654435761) >>> 24);
    const node = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
    const slice = big.subarray(1000, 70_000);
    expect(await Promise.all([md5Hex(big), md5Hex(slice)])).toEqual([node(big), node(slice)]);
  });
});
