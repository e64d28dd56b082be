/// <reference types="vite/client" />
import { adaptersIn, contentScriptMatchesOf, hostPermissionsOf, optionalMatchesOf } from './derive';
import { guarded } from './guarded';
import { hostMatches, hostOfPattern } from './hosts';
import type { PlatformAdapter } from './types';

/**
 * Every supported platform: each `utils/platforms/<id>.ts` that exports an adapter (./derive.ts). Adding
 * one is that file, its fixture and its test; the manifest, the content scripts, the popup's names and
 * the generic test suites follow from it.
 */
export const adapters: readonly PlatformAdapter[] = adaptersIn(
  import.meta.glob<Record<string, unknown>>(['./*.ts', '!./index.ts'], { eager: true }),
).map(({ adapter }) => guarded(adapter));

/** The adapter whose `matches` cover `hostname`; adapters found by markup (`matches: []`) never are. */
export function adapterForHost(hostname: string): PlatformAdapter | undefined {
  const host = hostname.toLowerCase();
  return adapters.find((adapter) => adapter.matches.some((pattern) => hostMatches(hostOfPattern(pattern), host)));
}

export const contentScriptMatches = contentScriptMatchesOf(adapters);
export const optionalContentScriptMatches = optionalMatchesOf(adapters);
export const supportedHostPermissions = hostPermissionsOf(adapters);

/** A platform's name as it writes it (`YouTube`), or its id for one this version does not know. */
export function platformName(platform: string): string {
  return adapters.find((adapter) => adapter.platform === platform)?.name ?? platform;
}

/** The stream manifests the background observes the pages' players request (see PlatformAdapter.streamRequests). */
export const streamRequestPatterns = adapters.flatMap((adapter) => adapter.streamRequests ?? []);
/** The pages of those platforms: loading a new one starts a tab's list of manifests over. */
export const streamPageMatches = adapters.flatMap((adapter) => (adapter.streamRequests?.length ? adapter.matches : []));

/** Whether `url` is an https URL on one of the adapters' media hosts (what the background may fetch for a page). */
export function isMediaUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  return adapters.some((adapter) => adapter.mediaHosts.some((pattern) => hostMatches(hostOfPattern(pattern), host)));
}
