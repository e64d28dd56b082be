import { endpointOriginPattern, parseEndpointBase } from './endpoint/base';
import { instanceOrigin } from './instances';

/**
 * What Save asks the browser for, in one request while the click still counts as a user gesture:
 * the endpoint's host (so reports need no CORS) and, on Firefox, consent to send the reporter's name
 * and email, which the manifest declares as optional data collection (`personallyIdentifyingInfo`).
 */
export interface SaveRequest {
  origins?: string[];
  data_collection?: string[];
}

export const NAMED_REPORTER_CONSENT = 'personallyIdentifyingInfo';

export function saveRequest(endpointPattern: string | undefined, named: boolean, firefox: boolean): SaveRequest {
  return {
    ...(endpointPattern ? { origins: [endpointPattern] } : {}),
    ...(named && firefox ? { data_collection: [NAMED_REPORTER_CONSENT] } : {}),
  };
}

/**
 * What Save gives back once it has stored the new settings, the mirror of saveRequest: the previous endpoint's host
 * when another endpoint, or none, is saved (unless a Mastodon instance the user added is on that same origin and
 * still needs it), and on Firefox the consent to send name and email when the mode saved is not named. The other
 * hosts Flagpost may hold are the manifest's required ones, which the browser never lets go.
 */
export function saveRelease(previousBase: string, next: { endpointBase: string; reporterMode: string }, instances: readonly string[], firefox: boolean): SaveRequest {
  const previous = originOf(previousBase);
  return {
    ...(previous && !originInUse(previous, next.endpointBase, instances) ? { origins: [previous] } : {}),
    ...(firefox && next.reporterMode !== 'named' ? { data_collection: [NAMED_REPORTER_CONSENT] } : {}),
  };
}

/** Whether a host Flagpost asked for is still used: by the saved endpoint, or by a Mastodon instance the user added. */
export function originInUse(origin: string, endpointBase: string, instances: readonly string[]): boolean {
  return origin === originOf(endpointBase) || instances.map(instanceOrigin).includes(origin);
}

function originOf(base: string): string | undefined {
  const parsed = parseEndpointBase(base);
  return parsed.ok ? endpointOriginPattern(parsed.value) : undefined;
}
