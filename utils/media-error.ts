/** A medium that could not be fetched or hashed, with the reason the report carries as its `error`. */
export class MediaError extends Error {}
