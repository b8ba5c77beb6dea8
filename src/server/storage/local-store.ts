import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createWriteStream } from "node:fs";
import { randomBytes } from "node:crypto";
import type { ObjectStore, StoredObject } from "./object-store";

const CONTENT_TYPE_SUFFIX = ".type";

/**
 * Objects as files under one directory (default .data/uploads). A write goes to a temporary file
 * first and is renamed into place, so a reader never sees half an object. The content type is kept
 * in a small file beside it.
 */
export function localStore(root: string): ObjectStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const p = resolve(base, key);
    if (!p.startsWith(base + sep) || key.includes("\0")) throw new Error("object key outside the store");
    return p;
  };
  const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === "ENOENT";

  return {
    async put(key, body, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.${randomBytes(6).toString("hex")}.partial`);
      try {
        if (Buffer.isBuffer(body)) await writeFile(temp, body);
        else await pipeline(body as Readable, createWriteStream(temp));
        await writeFile(path + CONTENT_TYPE_SUFFIX, contentType);
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async stream(key): Promise<StoredObject | null> {
      const path = pathOf(key);
      try {
        const [info, contentType] = await Promise.all([stat(path), readFile(path + CONTENT_TYPE_SUFFIX, "utf8")]);
        return { body: createReadStream(path), contentType, size: info.size };
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      const path = pathOf(key);
      await rm(path, { force: true });
      await rm(path + CONTENT_TYPE_SUFFIX, { force: true });
    },
  };
}
