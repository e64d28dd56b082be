import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../core/crypto.ts';
import type { Storage } from '../storage/types.ts';

export interface Session {
  tokenId: string;
  /** Sent back in every form: a cross-site form post cannot know it. */
  csrf: string;
  expires: number;
}

/**
 * Reviewer sessions after the login form: a random id in an HttpOnly, SameSite=Strict cookie. The
 * database keeps the SHA-256 of the id (a copy of the database logs nobody in) with the reviewer
 * token that logged in, so any process behind the proxy knows the session. The token is
 * re-checked on every request, so revoking it ends its sessions too.
 */
export const SESSION_TTL_MS = 8 * 3600_000;

export class Sessions {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = SESSION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async create(tokenId: string): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const session = { tokenId, csrf: randomBytes(24).toString('base64url'), expires: this.now() + this.ttlMs };
    await this.storage.createSession(sha256Hex(id), session, this.now());
    return { id, session };
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    // Ids are 43 characters; anything else was never given out.
    if (!id || id.length > 100) return undefined;
    return this.storage.session(sha256Hex(id), this.now());
  }

  async delete(id: string | undefined): Promise<void> {
    if (id && id.length <= 100) await this.storage.deleteSession(sha256Hex(id));
  }
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const SESSION_COOKIE = 'flagpost_review';

/** The session cookie; `Secure` everywhere but plain http on loopback (http/transport.ts). */
export function sessionCookie(value: string, maxAgeS: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/review; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
