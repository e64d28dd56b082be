// Set by wxt.config.ts at build time: true in the test build only (build-config/test-build.ts).
interface ImportMetaEnv {
  readonly FLAGPOST_TEST_HOOKS: boolean;
}
