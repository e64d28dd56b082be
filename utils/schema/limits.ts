// Plain constants, free of zod, so the content script can use them without the schema code.

/** Longer URLs are refused: indexes at endpoints (and people reading exports) need a bound. */
export const MAX_URL_LENGTH = 2048;
