/**
 * Base64 for binary results that cross a JSON runtime message (a Uint8Array would arrive as an object of
 * numbered keys). Chunked: String.fromCharCode(...bytes) on a whole 260 KB .tmk would overflow the call stack.
 */
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  // The engine's own where it has it (Chromium 140, Firefox 133): a .tmk in well under a millisecond, where
  // the loop below takes about 10 ms in a video worker, which is new for each video and so always cold.
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
