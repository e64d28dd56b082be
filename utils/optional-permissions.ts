/**
 * API permissions Flagpost never asks for at install, only when the user turns on the feature that needs them:
 * `notifications`, for the opt-in notice that a report was actioned or rejected. One list, read by the manifest
 * (wxt.config.ts), the least-privilege rules (test-support/manifest-policy.ts) and the settings page.
 */
export const OPTIONAL_API_PERMISSIONS = ['notifications'] as const;
export type OptionalApiPermission = (typeof OPTIONAL_API_PERMISSIONS)[number];
