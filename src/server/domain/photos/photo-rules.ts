import "server-only";

/** How many photos a report may carry (failed ones do not count: they can be sent again). */
export const MAX_PHOTOS_PER_REPORT = 4;
/** How many photos one update may carry (failed ones do not count), and how long after posting its author may add them. */
export const MAX_PHOTOS_PER_UPDATE = 3;
export const UPDATE_PHOTOS_WINDOW_MINUTES = 60;
/** The largest upload accepted; the body is read up to this and no further. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Decoding refuses anything larger (decompression bombs): phone cameras stay well under it. */
export const MAX_PHOTO_PIXELS = 50_000_000;
/** The longer side of the display image and of the thumbnail. */
export const DISPLAY_SIZE = 1600;
export const THUMB_SIZE = 320;
/** What the uploader is told when processing finds the file is not a photo. */
export const UNREADABLE_PHOTO = "this file could not be read as a photo";
export const PHOTO_FIELD = "photo";
