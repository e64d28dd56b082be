import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from '../storage/types.ts';
import { createToken, findActiveToken } from './tokens.ts';

export const LOCAL_TOKEN_FILE = 'local-token';

/**
 * For `npm start` on one's own machine: a reviewer token named "local", created when the endpoint
 * has no active token at all, and kept (secret included, file mode 0600) in the data folder so every
 * start can print it again. The database itself keeps only its hash, like every other token's.
 */
export async function ensureLocalToken(storage: Storage, dataDir: string, now: Date): Promise<{ secret: string; created: boolean } | undefined> {
  const file = join(dataDir, LOCAL_TOKEN_FILE);
  let saved: string | undefined;
  try {
    saved = readFileSync(file, 'utf8').trim();
  } catch {
    saved = undefined;
  }
  if (saved && (await findActiveToken(storage, saved))) return { secret: saved, created: false };
  const active = (await storage.listTokens()).filter((t) => !t.revokedAt);
  if (active.length) return undefined;
  const { secret } = await createToken(storage, { name: 'local', reviewer: true }, now);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, created: true };
}
