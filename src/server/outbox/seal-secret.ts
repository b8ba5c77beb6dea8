import { LibSodiumEncryptionService } from "@inngest/middleware-encryption/strategies/libSodium";
import { env } from "../config/env";

/**
 * Seals a secret (an OTP code, later an email token) for an event's `encrypted` field, in the
 * exact envelope @inngest/middleware-encryption decrypts before a function sees the event. Sealing
 * happens before the outbox write, so the code is unreadable in the outbox, in Inngest and in logs.
 */
let service: LibSodiumEncryptionService | undefined;
export async function sealSecret(value: unknown): Promise<unknown> {
  service ??= new LibSodiumEncryptionService(env().INNGEST_ENCRYPTION_KEY);
  return { __ENCRYPTED__: true, __STRATEGY__: service.identifier, data: await service.encrypt(value) };
}
