import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  tokenId: string;
  /** Sent back in every form: a cross-site form post cannot know it. */
  csrf: string;
  expires: number;
}

/**
 * Reviewer sessions after the login form: a random id in an HttpOnly, SameSite=Strict cookie,
 * mapped in memory to the reviewer token that logged in. A restart logs everyone out, and the
 * token is re-checked on every request, so revoking it ends its sessions too.
 */
export const SESSION_TTL_MS = 8 * 3600_000;

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs = SESSION_TTL_MS,
    private readonly max = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  create(tokenId: string): { id: string; session: Session } {
    this.prune();
    if (this.sessions.size >= this.max) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    const session = { tokenId, csrf: randomBytes(24).toString('base64url'), expires: this.now() + this.ttlMs };
    this.sessions.set(id, session);
    return { id, session };
  }

  get(id: string | undefined): Session | undefined {
    const session = id ? this.sessions.get(id) : undefined;
    if (session && session.expires > this.now()) return session;
    if (id) this.sessions.delete(id);
    return undefined;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expires <= now) this.sessions.delete(id);
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
