/**
 * `npm start` (and the root `npm start` after it builds the extension): the endpoint on
 * 127.0.0.1:8787 with SQLite in endpoint/data/, plus a local token printed for the extension.
 */
import { loadConfig, type Config } from './config.ts';
import { ensureLocalToken } from './core/local-token.ts';
import { startEndpoint } from './server.ts';

/** A plain sentence for the usual causes, rather than a stack on the console. */
function fatal(error: NodeJS.ErrnoException, config?: Config): never {
  const reason = error.code === 'EADDRINUSE' ? `port ${config?.port} is in use; set FLAGPOST_PORT` : error.message;
  console.error(`Flagpost endpoint could not start: ${reason}`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  fatal(error as Error);
}
const endpoint = await startEndpoint(config).catch((error) => fatal(error, config));
// Before the banner: whoever reads it may stop us at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    endpoint.close().then(() => process.exit(0), () => process.exit(1));
  });
}
const local = await ensureLocalToken(endpoint.storage, config.dataDir, new Date());

const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqlitePath;
console.log(`
Flagpost endpoint is running.
  Base URL (paste into Flagpost's Settings): ${endpoint.baseUrl}
  Access token: ${local ? `${local.secret}${local.created ? '   (new: local reviewer token)' : ''}` : '(tokens exist already; make one with: npm run cli -- token create --name you)'}
  Reviewer page: ${endpoint.baseUrl}/review  (log in with a reviewer token)
  Data: ${where}
  Removal check: ${config.removal.enabled ? `on, at most ${config.removal.perMinute} requests/min` : 'off'}
Stop with Ctrl+C.
`);
