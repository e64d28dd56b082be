/** utils/hash/base64.ts: what carries a .tmk across JSON messages. */
import { describe, expect, test } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../utils/hash/base64';

describe('base64', () => {
  test('round-trips every byte value, across the chunk boundary (a .tmk is 263,344 bytes)', () => {
    const bytes = Uint8Array.from({ length: 263_344 }, (_, i) => (i * 131 + (i >> 8)) & 0xff);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(text)).toEqual(bytes);
  });

  test('empty stays empty', () => {
    expect(bytesToBase64(new Uint8Array())).toBe('');
    expect(base64ToBytes('')).toEqual(new Uint8Array());
  });
});
