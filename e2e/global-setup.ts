// Once per e2e run, before any file launches a browser: the test build is there and current (e2e/test-build.ts).
import { ensureTestBuild } from './test-build';

export default function setup(): void {
  ensureTestBuild();
}
