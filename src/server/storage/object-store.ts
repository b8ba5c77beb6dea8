import "server-only";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";

/** One stored object as read back: its bytes as a stream, with what was said about them when stored. */
export interface StoredObject {
  body: Readable;
  contentType: string;
  size: number;
}

/**
 * Where uploaded and processed photos live: a local directory or an S3-compatible bucket
 * (storage.ts picks one from the environment). Keys are paths of the store's own making
 * (newObjectKey); the two areas are told apart by their first segment: `quarantine/` holds what
 * people sent, never served; `public/` holds what processing wrote, the only area with a URL.
 */
export interface ObjectStore {
  put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  /** The whole object, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** The object as a stream, or null when there is none. */
  stream(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing one that is not there is not an error (steps retry). */
  delete(key: string): Promise<void>;
}

export const QUARANTINE = "quarantine";
export const PUBLIC = "public";
export type StorageArea = typeof QUARANTINE | typeof PUBLIC;

/** A key nobody can guess from the report or the uploader: 128 random bits. */
export function newObjectKey(area: StorageArea, suffix = ""): string {
  return `${area}/${randomBytes(16).toString("base64url")}${suffix}`;
}

const PUBLIC_KEY = /^public\/[A-Za-z0-9_-]{22}(-display|-thumb)\.webp$/;

/** Whether a key names a processed image (the only objects anyone may be served); everything else, quarantine included, is not. */
export function isPublicKey(key: string): boolean {
  return PUBLIC_KEY.test(key);
}

/** The URL a processed image is read at: the app's media route (src/app/media), for either store. */
export function publicUrl(key: string): string {
  if (!isPublicKey(key)) throw new Error("only processed images have a public URL");
  return `/media/${key.slice(`${PUBLIC}/`.length)}`;
}

/** The key a media URL's file name stands for, or null when it names no processed image. */
export function keyOfMediaName(name: string): string | null {
  const key = `${PUBLIC}/${name}`;
  return isPublicKey(key) ? key : null;
}
