import "server-only";
import { env, type Env } from "../config/env";
import { localStore } from "./local-store";
import type { ObjectStore } from "./object-store";
import { s3Store } from "./s3-store";

/** The store the environment names (STORAGE=local, the default, or s3), built from its settings. */
export function storeFromEnv(e: Env): ObjectStore {
  if (e.STORAGE === "s3") {
    return s3Store({
      bucket: e.S3_BUCKET!,
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    });
  }
  return localStore(e.UPLOADS_DIR);
}

// One per process, kept on globalThis like the database handle (Next bundles each route apart).
const globalForStore = globalThis as unknown as { civiclensStore?: ObjectStore };

export function storage(): ObjectStore {
  globalForStore.civiclensStore ??= storeFromEnv(env());
  return globalForStore.civiclensStore;
}

/** Tests put a store of their own in place (or drop it, to build the environment's again). */
export function setStorage(store: ObjectStore | undefined) {
  globalForStore.civiclensStore = store;
}
