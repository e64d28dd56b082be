/**
 * What the registry, the manifest and the build derive from the adapters themselves, so that adding a
 * platform is its adapter file (utils/platforms/<id>.ts), its fixture and its test, and nothing else.
 * Pure: the registry feeds it the bundler's view of the folder (import.meta.glob), the build its own
 * (build-config/platform-entrypoints.ts), and a test holds the two to the same list.
 */
import { PLATFORM_ID } from '../schema/report';
import type { PlatformAdapter } from './types';

export interface FoundAdapter {
  /** The file's name without `.ts`: the platform's id, and the name of its content script. */
  file: string;
  /** The export holding the adapter (the build's generated entrypoint imports it by name). */
  exportName: string;
  adapter: PlatformAdapter;
}

function isAdapter(value: unknown): value is PlatformAdapter {
  const candidate = value as Partial<PlatformAdapter> | null;
  return typeof candidate?.platform === 'string' && typeof candidate.postSelector === 'string' && typeof candidate.extract === 'function';
}

/**
 * The adapters among a folder's modules (keyed by path), sorted by id. A file holds at most one, and its
 * name is its id: a mismatch would give the content script a name the background cannot find.
 */
export function adaptersIn(modules: Record<string, Record<string, unknown>>): FoundAdapter[] {
  const found = Object.entries(modules).flatMap(([path, module]) => {
    const file = path.replace(/^.*\//, '').replace(/\.ts$/, '');
    const exported = Object.entries(module).filter(([, value]) => isAdapter(value)) as [string, PlatformAdapter][];
    if (exported.length > 1) throw new Error(`${path}: one adapter per file, found ${exported.length}`);
    return exported.map(([exportName, adapter]) => {
      if (adapter.platform !== file || !PLATFORM_ID.test(file)) {
        throw new Error(`${path}: an adapter's file is named after its platform id ("${adapter.platform}")`);
      }
      return { file, exportName, adapter };
    });
  });
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/** Content-script match patterns of the platforms with fixed hosts (each has its own script). */
export const contentScriptMatchesOf = (adapters: readonly PlatformAdapter[]) => adapters.flatMap((adapter) => adapter.matches);

/**
 * Where a content script may be registered at runtime once the user grants the host (Mastodon
 * instances): these belong in the manifest's optional host permissions, never in the required ones.
 */
export const optionalMatchesOf = (adapters: readonly PlatformAdapter[]) => [
  ...new Set(adapters.flatMap((adapter) => adapter.optionalMatches ?? [])),
];

/** Declared at install: the supported sites and their media hosts, and nothing else. */
export const hostPermissionsOf = (adapters: readonly PlatformAdapter[]) => [
  ...new Set(adapters.flatMap((adapter) => [...adapter.matches, ...adapter.mediaHosts])),
];

/** The content script that carries one platform's adapter alone (built from build-config/platform-entrypoints.ts). */
export const platformContentScript = (platform: string) => `/content-scripts/${platform}.js` as const;
