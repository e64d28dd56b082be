// Plain constants, free of zod, so the content script can use them without the schema code.

/** Longer URLs are refused: indexes at endpoints (and people reading exports) need a bound. */
export const MAX_URL_LENGTH = 2048;

/** A post's text, as the page shows it; longer is cut (utils/platforms/read-dom.ts `extractedPost`). */
export const MAX_TEXT_LENGTH = 5000;
/** Media of one post (or report); further ones are left out. */
export const MAX_MEDIA = 50;
/** Posts one post quotes or shares; further ones are left out. */
export const MAX_QUOTED = 10;
/** An author's handle or display name. */
export const MAX_NAME_LENGTH = 300;

/** A medium's `error`: why a hash is missing; longer is cut. */
export const MAX_MEDIUM_ERROR_LENGTH = 500;

/** A Reason's `detail` (utils/domain.ts): what the background said went wrong, shown after our sentence. */
export const MAX_REASON_DETAIL = 600;

/** The reporter's explanation (DSA Art. 16(2)(a)). */
export const MAX_EXPLANATION_LENGTH = 2000;

/** A platform's id for a post: longer is not an id but something the page put there. */
export const MAX_POST_ID_LENGTH = 200;

/** Report 1.2, an account report: the platform's id of the account (a YouTube channel id, a Reddit t2_ id). */
export const MAX_ACCOUNT_ID_LENGTH = 200;
/** Report 1.2: posts of a reported account attached by reference (the ones in view); further ones are left out. */
export const MAX_RECENT_POSTS = 20;
/** Report 1.2: outbound links of one post; further ones are left out. */
export const MAX_OUT_LINKS = 20;
/** Report 1.2: what the page shows for an outbound link (a card's domain or title); longer is cut. */
export const MAX_SHOWN_AS_LENGTH = 300;

/** Wellbeing: posts, and on-screen media, asked about in one message at most. */
export const WELLBEING_BATCH = 200;
export const WELLBEING_MEDIA_BATCH = 24;
/** Media URLs of one post the wellbeing check looks at. */
export const WELLBEING_MEDIA_PER_POST = 20;

/** A TMK+PDQF `.tmk` with the reference's default parameters (4 periods, 32 coefficients, 256 floats): 263,344
 *  bytes. Its base64 is the longest a report's `tmk` hash may be. */
export const TMK_DEFAULT_BYTES = 263_344;
export const MAX_TMK_BASE64_CHARS = Math.ceil(TMK_DEFAULT_BYTES / 3) * 4;
