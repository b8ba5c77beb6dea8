import { LibSodiumEncryptionService } from "@inngest/middleware-encryption/strategies/libSodium";
import { expect } from "vitest";
import { env, resetEnvForTests } from "@/server/config/env";

/**
 * The client's encryption middleware seals every function result, so `execute().result` is an
 * envelope. Open it with the app's key to assert on what the function really returned.
 */
export async function openResult(result: unknown): Promise<unknown> {
  expect(result).toMatchObject({ __ENCRYPTED__: true, __STRATEGY__: "inngest/libsodium", data: expect.any(String) });
  const service = new LibSodiumEncryptionService(env().INNGEST_ENCRYPTION_KEY);
  return service.decrypt((result as { data: string }).data);
}

/** `state` maps hashed step ids to promises of each step's output (plaintext); settle them all. */
export async function stepOutputs(state: Record<string, Promise<unknown>>): Promise<unknown[]> {
  return Promise.all(Object.values(state));
}

/** Sets environment variables for a test; returns the undo. env() is cached, so both reset it. */
export function setEnv(vars: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetEnvForTests();
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  };
}
