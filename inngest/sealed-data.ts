import { LibSodiumEncryptionService } from "@inngest/middleware-encryption/strategies/libSodium";
import { NonRetriableError } from "inngest";

/**
 * The middleware's LibSodium service, except that data it cannot open fails the run at once: a
 * wrong INNGEST_ENCRYPTION_KEY is not fixed by retrying five times.
 */
export class SealedDataService extends LibSodiumEncryptionService {
  override async decrypt(value: string): Promise<unknown> {
    try {
      return await super.decrypt(value);
    } catch (err) {
      throw new NonRetriableError(`cannot open sealed data (wrong INNGEST_ENCRYPTION_KEY?): ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
}
