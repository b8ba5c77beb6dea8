import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { localStore } from "@/server/storage/local-store";
import type { ObjectStore } from "@/server/storage/object-store";
import { setStorage } from "@/server/storage/storage";

/**
 * Photo storage for one test file: a local store in a fresh temp directory, set as the app's
 * storage for the file and removed after it. Read `store` inside tests (it is set in beforeAll).
 */
export function useTempStorage(): { readonly store: ObjectStore; readonly dir: string } {
  const temp = { dir: "", store: null as ObjectStore | null };
  beforeAll(async () => {
    temp.dir = await mkdtemp(join(tmpdir(), "civiclens-uploads-"));
    temp.store = localStore(temp.dir);
    setStorage(temp.store);
  });
  afterAll(async () => {
    setStorage(undefined);
    await rm(temp.dir, { recursive: true, force: true });
  });
  return {
    get store() {
      if (!temp.store) throw new Error("useTempStorage: the store is set in beforeAll; read it inside a test");
      return temp.store;
    },
    get dir() {
      return temp.dir;
    },
  };
}
