import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from '../storage/types.ts';
import { createToken, findActiveToken } from './tokens.ts';

export const LOCAL_TOKEN_FILE = 'local-token';
/** Where an earlier version's local token went once it turned out to be a reviewer's (see below). */
export const LOCAL_REVIEWER_TOKEN_FILE = 'local-reviewer-token';

function readSecret(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function writeSecret(file: string, secret: string): void {
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * For `npm start` on one's own machine: a token for the extension named "local", created when the
 * endpoint has no active token at all, and kept (secret included, file mode 0600) in the data
 * folder so every start can print it again. The database itself keeps only its hash.
 *
 * It is a reporter token: the extension only sends, follows and withdraws reports, and a token
 * pasted into a browser should not also open the reviewer page and the export. Earlier versions
 * made it a reviewer token; such a file is moved to `local-reviewer-token` (still valid, for the
 * reviewer page) and a reporter token takes its place.
 */
export async function ensureLocalToken(
  storage: Storage,
  dataDir: string,
  now: Date,
): Promise<{ secret: string; created: boolean; reviewerFile?: string } | undefined> {
  const file = join(dataDir, LOCAL_TOKEN_FILE);
  const saved = readSecret(file);
  const token = saved ? await findActiveToken(storage, saved) : undefined;
  if (saved && token && !token.reviewer) return { secret: saved, created: false };
  if (!token) {
    const active = (await storage.listTokens()).filter((t) => !t.revokedAt);
    if (active.length) return undefined;
  }
  mkdirSync(dataDir, { recursive: true });
  let reviewerFile: string | undefined;
  if (saved && token?.reviewer) {
    reviewerFile = join(dataDir, LOCAL_REVIEWER_TOKEN_FILE);
    writeSecret(reviewerFile, saved);
  }
  const { secret } = await createToken(storage, { name: 'local', reviewer: false }, now);
  writeSecret(file, secret);
  return { secret, created: true, reviewerFile };
}
