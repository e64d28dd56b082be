import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors.ts';
import type { Storage, TokenRecord, TokenRole } from '../storage/types.ts';
import { sha256Hex } from './crypto.ts';

/**
 * Bearer tokens are 256 random bits, stored only as their SHA-256. A slow password hash (bcrypt,
 * scrypt, argon2) protects low-entropy secrets from guessing; nobody can guess 2^256 values, so it
 * would add nothing but cost: ~100 ms of CPU on every request, and no way to find a token by its
 * hash (a salted hash cannot be looked up by index, so each request would compare against every token).
 */
const SECRET_PREFIX = 'fpt_';

export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

/**
 * `role` wins over `reviewer` (the older way to ask for a reviewer token). `formNonce`: the create
 * form's (routes/review-accounts.ts); a 409 `already_created` if that form already made its token.
 */
export async function createToken(storage: Storage, input: { name: string; reviewer?: boolean; role?: TokenRole; formNonce?: string }, now: Date) {
  const name = input.name.trim();
  if (!name || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ApiError(422, 'invalid_name', 'name: 1 to 100 printable characters');
  }
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  const role = input.role ?? (input.reviewer ? 'reviewer' : 'reporter');
  const record: TokenRecord = {
    id: `tok_${randomBytes(6).toString('hex')}`, name, reviewer: role !== 'reporter', role, createdAt: now.toISOString(), revokedAt: null,
  };
  if (!(await storage.createToken({ ...record, secretSha256: hashSecret(secret), formNonce: input.formNonce }))) {
    throw new ApiError(409, 'already_created', 'nonce: this form already created its token');
  }
  return { record, secret };
}

/** The SHA-256 a secret is stored under, or undefined for what cannot be one of ours (not looked up). */
export function secretLookupKey(secret: string): string | undefined {
  return secret.startsWith(SECRET_PREFIX) && secret.length <= 100 ? hashSecret(secret) : undefined;
}

/** The active token with this secret, or undefined (unknown or revoked). */
export async function findActiveToken(storage: Storage, secret: string): Promise<TokenRecord | undefined> {
  const key = secretLookupKey(secret);
  const token = key === undefined ? undefined : await storage.tokenBySecret(key);
  return token && !token.revokedAt ? token : undefined;
}
