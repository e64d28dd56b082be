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
