// Plain constants, free of zod, so the content script can use them without the schema code.

/** Longer URLs are refused: indexes at endpoints (and people reading exports) need a bound. */
export const MAX_URL_LENGTH = 2048;

/** A platform's id for a post: longer is not an id but something the page put there. */
export const MAX_POST_ID_LENGTH = 200;

/** Wellbeing: posts, and on-screen media, asked about in one message at most. */
export const WELLBEING_BATCH = 200;
export const WELLBEING_MEDIA_BATCH = 24;
/** Media URLs of one post the wellbeing check looks at. */
export const WELLBEING_MEDIA_PER_POST = 20;
