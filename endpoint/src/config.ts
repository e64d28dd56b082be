import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadForwardingSettings } from './forwarding-config.ts';
import { describeIssues, z } from './shared.ts';

/** endpoint/, wherever the process was started from. */
export const ENDPOINT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Digits only before the number: coercion alone reads blanks as 0 (a random port, a quota of nothing) and `0x50` as 80.
const int = (min: number, max: number, fallback: number) =>
  z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(min).max(max)).default(fallback);
const flag = (fallback: boolean) => z.enum(['on', 'off', 'true', 'false', '1', '0']).default(fallback ? 'on' : 'off').transform((v) => ['on', 'true', '1'].includes(v));
const list = z.string().default('').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
/** Host names as a URL's `hostname` has them (what the removal check compares), so that a URL or a port is refused, not ignored. */
const hostList = list.pipe(z.array(z.string().toLowerCase().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'expected host names separated by commas, e.g. mastodon.social')));

/** Every setting comes from the environment (FLAGPOST_*, DATABASE_URL), bounded and checked at start. */
const Env = z.object({
  FLAGPOST_HOST: z.string().min(1).default('127.0.0.1'),
  FLAGPOST_PORT: int(0, 65535, 8787),
  FLAGPOST_NAME: z.string().min(1).max(200).default('Flagpost reference endpoint'),
  FLAGPOST_DATA_DIR: z.string().min(1).optional(),
  FLAGPOST_SQLITE_PATH: z.string().min(1).optional(),
  FLAGPOST_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://…').optional(),
  // 4 MiB: a report with up to 11 TMK signatures (352 KB of base64 each; core/tmk-intake.ts).
  FLAGPOST_BODY_LIMIT: int(16 * 1024, 16 * 1024 * 1024, 4 * 1024 * 1024),
  FLAGPOST_RATE_PER_MINUTE: int(1, 1_000_000, 120),
  FLAGPOST_RATE_BURST: int(1, 1_000_000, 60),
  FLAGPOST_CORS_ORIGINS: z.string().default('*'),
  FLAGPOST_HASH_QUOTA_PER_DAY: int(0, 10_000_000, 2000),
  FLAGPOST_REMOVAL_CHECK: flag(true),
  FLAGPOST_REMOVAL_PER_MINUTE: int(1, 600, 10),
  FLAGPOST_REMOVAL_INTERVAL_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(6),
  FLAGPOST_CHECK_HOSTS: hostList,
  // How often a round of the removal check starts (at most FLAGPOST_REMOVAL_PER_MINUTE requests each).
  FLAGPOST_REMOVAL_ROUND_SECONDS: int(1, 3600, 60),
  // How many proxies stand in front: the client address is the one the nearest of them saw. `on` is
  // one. Never "trust every hop": the left end of X-Forwarded-For is whatever the client wrote.
  FLAGPOST_TRUST_PROXY: z
    .string()
    .regex(/^(on|off|true|false|[0-9])$/, 'expected on, off, or the number of proxies in front (1-9)')
    .default('off')
    .transform((v) => (['off', 'false', '0'].includes(v) ? false : ['on', 'true'].includes(v) ? 1 : Number(v))),
  // Forwarding tokens and the notifier (forward/settings.ts): a file, so secrets stay out of the environment.
  FLAGPOST_FORWARDING_FILE: z.string().min(1).optional(),
  // The public transparency page (/transparency): aggregates only, off unless the operator publishes them.
  FLAGPOST_TRANSPARENCY: flag(false),
  FLAGPOST_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Error(`configuration: ${describeIssues(parsed.error)}`);
  const e = parsed.data;
  const dataDir = resolve(ENDPOINT_DIR, e.FLAGPOST_DATA_DIR ?? 'data');
  return {
    host: e.FLAGPOST_HOST,
    port: e.FLAGPOST_PORT,
    name: e.FLAGPOST_NAME,
    dataDir,
    sqlitePath: resolve(dataDir, e.FLAGPOST_SQLITE_PATH ?? 'flagpost.sqlite'),
    sqliteSynchronous: e.FLAGPOST_SQLITE_SYNCHRONOUS,
    databaseUrl: e.DATABASE_URL,
    bodyLimit: e.FLAGPOST_BODY_LIMIT,
    rate: { perMinute: e.FLAGPOST_RATE_PER_MINUTE, burst: e.FLAGPOST_RATE_BURST },
    hashQuotaPerDay: e.FLAGPOST_HASH_QUOTA_PER_DAY,
    corsOrigins: e.FLAGPOST_CORS_ORIGINS === '*' ? ('*' as const) : e.FLAGPOST_CORS_ORIGINS.split(',').map((s) => s.trim()),
    removal: {
      enabled: e.FLAGPOST_REMOVAL_CHECK,
      perMinute: e.FLAGPOST_REMOVAL_PER_MINUTE,
      intervalMs: Math.round(e.FLAGPOST_REMOVAL_INTERVAL_HOURS * 3600_000),
      extraHosts: e.FLAGPOST_CHECK_HOSTS,
      roundMs: e.FLAGPOST_REMOVAL_ROUND_SECONDS * 1000,
    },
    trustProxy: e.FLAGPOST_TRUST_PROXY,
    logLevel: e.FLAGPOST_LOG_LEVEL,
    transparency: e.FLAGPOST_TRANSPARENCY,
    forwarding: loadForwardingSettings(e.FLAGPOST_FORWARDING_FILE),
  };
}
