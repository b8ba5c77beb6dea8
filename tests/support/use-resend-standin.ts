import { afterAll, beforeAll, beforeEach } from "vitest";
import { setEnv } from "../inngest/helpers";
import { createResendStandin, type ResendStandin } from "./resend-standin";

/**
 * A Resend stand-in for the tests of one file (or describe block): listening, with the app's env
 * pointing its Resend client at it (plus `env`), before them; emptied before each; closed and the
 * env restored after them.
 */
export function useResendStandin(env: Record<string, string> = {}): ResendStandin {
  const resend = createResendStandin();
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    await resend.listen();
    restoreEnv = setEnv({ RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: resend.url, ...env });
  });
  afterAll(async () => {
    restoreEnv?.();
    await resend.close();
  });
  beforeEach(() => resend.reset());
  return resend;
}
