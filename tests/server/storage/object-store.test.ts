import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localStore } from "@/server/storage/local-store";
import { isPublicKey, keyOfMediaName, newObjectKey, publicUrl, type ObjectStore } from "@/server/storage/object-store";
import { s3Store } from "@/server/storage/s3-store";
import { startS3Standin } from "../../support/s3-standin";

/** The same behaviour, asked of both adapters. */
function behavesAsAStore(name: string, open: () => Promise<{ store: ObjectStore; close: () => Promise<void> }>) {
  describe(name, () => {
    let store: ObjectStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => close());

    it("puts, gets, streams and deletes an object, keeping its content type", async () => {
      const key = newObjectKey("public", "-thumb.webp");
      const bytes = Buffer.from("RIFF....WEBPVP8 some bytes");
      await store.put(key, bytes, "image/webp");
      expect(await store.get(key)).toEqual(bytes);
      const streamed = await store.stream(key);
      expect(streamed).toMatchObject({ contentType: "image/webp", size: bytes.length });
      expect(Buffer.concat(await streamed!.body.toArray())).toEqual(bytes);
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      expect(await store.stream(key)).toBeNull();
    });

    it("takes a stream as the body", async () => {
      const key = newObjectKey("quarantine");
      await store.put(key, Readable.from([Buffer.from("part one, "), Buffer.from("part two")]), "image/jpeg");
      expect((await store.get(key))?.toString()).toBe("part one, part two");
      await store.delete(key);
    });

    it("answers null for a missing object, and deleting one twice is not an error", async () => {
      const key = newObjectKey("quarantine");
      expect(await store.get(key)).toBeNull();
      await store.delete(key);
      await store.delete(key);
    });
  });
}

behavesAsAStore("local directory store", async () => {
  const dir = await mkdtemp(join(tmpdir(), "civiclens-uploads-"));
  return { store: localStore(dir), close: () => rm(dir, { recursive: true, force: true }) };
});

behavesAsAStore("S3 store (against s3rver, a local S3-compatible server)", async () => {
  const s3 = await startS3Standin();
  return { store: s3Store(s3.settings), close: s3.stop };
});

describe("local directory store, its files", () => {
  it("leaves no partial file when a streamed body fails, and refuses a key that leaves its directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "civiclens-uploads-"));
    const store = localStore(dir);
    const failing = new Readable({
      read() {
        this.push(Buffer.from("some"));
        this.destroy(new Error("client went away"));
      },
    });
    const key = newObjectKey("quarantine");
    await expect(store.put(key, failing, "image/jpeg")).rejects.toThrow(/client went away/);
    expect(await readdir(join(dir, "quarantine"))).toEqual([]);
    await expect(store.put("../outside", Buffer.from("x"), "text/plain")).rejects.toThrow(/outside the store/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe("object keys and public URLs", () => {
  it("are random, and only processed images have a URL", () => {
    const a = newObjectKey("public", "-display.webp");
    expect(a).toMatch(/^public\/[A-Za-z0-9_-]{22}-display\.webp$/);
    expect(newObjectKey("public", "-display.webp")).not.toBe(a);
    expect(isPublicKey(a)).toBe(true);
    expect(publicUrl(a)).toBe(`/media/${a.slice("public/".length)}`);
    expect(keyOfMediaName(a.slice("public/".length))).toBe(a);
    for (const key of [newObjectKey("quarantine"), "public/../quarantine/x", "public/abc.webp", `${a}\0`]) {
      expect(isPublicKey(key)).toBe(false);
      expect(() => publicUrl(key)).toThrow();
    }
    for (const name of ["../quarantine/x", "..%2Fquarantine", "", `${a.slice(7)}/x`]) expect(keyOfMediaName(name)).toBeNull();
  });
});
