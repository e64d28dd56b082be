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
 * The host Save gives back once it has stored another endpoint, or none: the previous endpoint's, which nothing
 * uses any more, unless a Mastodon instance the user added is on that same origin and still needs it. The other
 * hosts Flagpost may hold are the manifest's required ones, which the browser never lets go (the refusal is ignored).
 */
export function endpointOriginToGiveBack(previousBase: string, nextBase: string, instances: readonly string[]): string | undefined {
  const previous = originOf(previousBase);
  if (!previous || previous === originOf(nextBase) || instances.map(instanceOrigin).includes(previous)) return undefined;
  return previous;
}

function originOf(base: string): string | undefined {
  const parsed = parseEndpointBase(base);
  return parsed.ok ? endpointOriginPattern(parsed.value) : undefined;
}
