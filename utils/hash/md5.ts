/**
 * MD5 of exact bytes, as hex. WebCrypto has no MD5 (it is broken for security, but the
 * hash-sharing databases still key files by it).
 *
 * Pure TypeScript (@noble/hashes, audited, no dependencies) rather than a WebAssembly build such
 * as hash-wasm: WebAssembly would need 'wasm-unsafe-eval' in the extension's CSP, and Flagpost
 * keeps the default MV3 policy ("script-src 'self'"). Measured: fast enough for the 25 MB image
 * and 50 MB fetch limits (see `npm run bench`).
 */
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export async function md5Hex(bytes: Uint8Array): Promise<string> {
  return bytesToHex(md5(bytes));
}
