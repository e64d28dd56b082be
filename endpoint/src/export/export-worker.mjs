// The export's worker thread starts here: a worker does not inherit the main thread's TypeScript
// loader (bin/start.mjs), so it registers tsx for itself, as the endpoint's bin/ scripts do.
import { register } from 'tsx/esm/api';

register();
await import('./export-worker.ts');
