import type { PlatformAdapter } from './types';
import { xAdapter } from './x';

/** Every supported platform. Adding one is a new adapter file and one line here. */
export const adapters: readonly PlatformAdapter[] = [xAdapter];

export function adapterForHost(hostname: string): PlatformAdapter | undefined {
  return adapters.find((adapter) =>
    adapter.matches.some((pattern) => hostOfPattern(pattern) === hostname),
  );
}

/** `*://x.com/*` → `x.com` */
function hostOfPattern(pattern: string): string {
  return pattern.replace(/^[^:]+:\/\//, '').replace(/\/.*$/, '');
}

export const contentScriptMatches = adapters.flatMap((adapter) => adapter.matches);
/** Declared at install: the supported sites and their media hosts, and nothing else. */
export const supportedHostPermissions = [
  ...new Set(adapters.flatMap((adapter) => [...adapter.matches, ...adapter.mediaHosts])),
];
