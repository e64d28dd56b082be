/**
 * Least privilege, as rules on a manifest: shared by the unit test on wxt.config.ts's manifests and
 * the end-to-end check of the built ones (WXT adds keys of its own at build time).
 */
import { OPTIONAL_API_PERMISSIONS } from '../utils/optional-permissions';
import { REPORT_FRAME_PATH } from '../utils/report-frame';

export interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  content_security_policy?: unknown;
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
  browser_specific_settings?: {
    gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[]; optional?: string[] } };
  };
  [key: string]: unknown;
}

/** API permissions, each justified in the README's table. */
export const ALLOWED_API_PERMISSIONS = ['storage', 'contextMenus', 'alarms', 'scripting', 'activeTab', 'offscreen', 'webRequest'];

/**
 * API permissions that may only ever be optional, asked when the user turns on the feature that needs them
 * (README's table says which): never granted at install.
 */
export const OPTIONAL_ONLY_API_PERMISSIONS: readonly string[] = OPTIONAL_API_PERMISSIONS;

/** Host patterns that grant every site: never at install, only ever optional (one origin asked for at a time). */
const EVERY_SITE = /^(<all_urls>|\*:\/\/\*\/.*|https?:\/\/\*\/.*)$/;

const isHostPattern = (entry: string) => entry === '<all_urls>' || entry.includes('://');

/** The manifest's host permissions asked at install (MV2 lists them among `permissions`). */
export function requiredHosts(manifest: Manifest): string[] {
  return [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? []).filter(isHostPattern)];
}

export function apiPermissions(manifest: Manifest): string[] {
  return (manifest.permissions ?? []).filter((entry) => !isHostPattern(entry));
}

export function optionalEntries(manifest: Manifest): string[] {
  return [...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])];
}

/** Every way this manifest asks for more than it needs; empty when it is least-privilege. */
export function leastPrivilegeProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const host of requiredHosts(manifest)) {
    if (EVERY_SITE.test(host)) problems.push(`install-time host permission for every site: ${host}`);
  }
  for (const script of manifest.content_scripts ?? []) {
    for (const match of script.matches ?? []) {
      if (EVERY_SITE.test(match)) problems.push(`content script on every site: ${match}`);
    }
  }
  for (const permission of apiPermissions(manifest)) {
    if (!ALLOWED_API_PERMISSIONS.includes(permission)) problems.push(`unjustified permission: ${permission}`);
  }
  for (const entry of optionalEntries(manifest)) {
    if (OPTIONAL_ONLY_API_PERMISSIONS.includes(entry)) continue;
    if (!isHostPattern(entry) || entry === '<all_urls>') problems.push(`optional permission that is not one origin pattern or a listed optional API permission: ${entry}`);
  }
  for (const permission of apiPermissions(manifest)) {
    if (OPTIONAL_ONLY_API_PERMISSIONS.includes(permission)) problems.push(`asked at install, but must stay optional: ${permission}`);
  }
  // The browser's default CSP (no remote script, no eval) is the one we want: no override at all.
  if (manifest.content_security_policy !== undefined) problems.push('content_security_policy overrides the default');
  // Only our own extension talks to us: no web page and no other extension may connect.
  if (manifest.externally_connectable !== undefined) problems.push('externally_connectable is set');
  // Pages may embed the report frame and nothing else; in MV3 only at its per-session URL, so no page probes for us.
  if (!onlyTheReportFrame(manifest)) problems.push(`web_accessible_resources is more than the report frame: ${JSON.stringify(manifest.web_accessible_resources)}`);
  return problems;
}

const REPORT_FRAME = REPORT_FRAME_PATH.slice(1);

function onlyTheReportFrame({ web_accessible_resources: listed }: Manifest): boolean {
  if (!Array.isArray(listed) || listed.length !== 1) return false;
  // MV2 lists paths (Firefox: a random host per install); MV3 lists rules.
  if (typeof listed[0] === 'string') return listed[0] === REPORT_FRAME;
  const entry = listed[0] as { resources?: unknown; use_dynamic_url?: unknown; extension_ids?: unknown };
  return JSON.stringify(entry.resources) === JSON.stringify([REPORT_FRAME]) && entry.use_dynamic_url === true && entry.extension_ids === undefined;
}
