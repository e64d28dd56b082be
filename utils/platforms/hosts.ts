/** Host matching with match-pattern semantics, for adapters' `matches` and `mediaHosts`. */

/** `*://x.com/*` → `x.com`; `https://*.example.com/*` → `*.example.com` */
export function hostOfPattern(pattern: string): string {
  return pattern.replace(/^[^:]+:\/\//, '').replace(/\/.*$/, '').toLowerCase();
}

/** Match-pattern host semantics: `*.example.com` is example.com and its subdomains; a bare `*` is not used here. */
export function hostMatches(patternHost: string, host: string): boolean {
  if (patternHost.startsWith('*.')) {
    const domain = patternHost.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  }
  return patternHost === host;
}
