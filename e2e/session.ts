/** The usual setting of an end-to-end test file: one browser with Flagpost, the X profile served, a test endpoint configured. */
import { afterAll, beforeAll } from 'vitest';
import { configureEndpoint, EXTENSION_DIR, xProfileRoutes } from './flagpost';
import { launchWithExtension, type LaunchedExtension } from './harness';
import { startTestEndpoint, type TestEndpoint } from './test-endpoint';

export interface XProfileSession {
  extension: LaunchedExtension;
  endpoint: TestEndpoint;
}

/**
 * Starts the session before the tests of the file (or `describe` block) it is called in, and closes
 * it after them. `ready` receives it once it is up: the file keeps what it needs, seeds what it needs.
 */
export function xProfileSession(ready: (session: XProfileSession) => unknown): void {
  let session: Partial<XProfileSession> = {};
  beforeAll(async () => {
    const endpoint = await startTestEndpoint();
    session = { endpoint };
    const extension = await launchWithExtension(EXTENSION_DIR, { routes: xProfileRoutes().routes });
    session.extension = extension;
    await configureEndpoint(extension.browser, extension.extensionId, endpoint.baseUrl);
    await ready({ extension, endpoint });
  }, 90_000);
  afterAll(async () => {
    await session.extension?.close();
    await session.endpoint?.close();
  });
}
