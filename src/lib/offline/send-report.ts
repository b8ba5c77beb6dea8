import type { QueuedReportInput } from "./queue";

/**
 * One attempt to file a kept report: the same call the form makes (`reports.create`), as a plain
 * fetch, so the service worker can make it too. Same-origin, so the session cookie goes with it.
 */
export type SendOutcome =
  /** The server has it (filed now, or by an earlier attempt whose answer was lost). */
  | { kind: "filed"; ref: string }
  /** No answer, or one that says to come back later (offline, 5xx, 408, 429): kept for another try. */
  | { kind: "unreachable" }
  /** The session is gone: kept until the citizen signs in again. */
  | { kind: "sign-in"; message: string }
  /** Refused for what it says (validation, a key that filed another report): the citizen edits it. */
  | { kind: "refused"; message: string };

const CREATE_URL = "/api/trpc/reports.create";
const SEND_TIMEOUT_MS = 30_000;

export async function sendReport(input: QueuedReportInput, fetchImpl: typeof fetch = fetch): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(CREATE_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      // tRPC's superjson envelope; the input is plain JSON (a coordinate left empty goes as null and
      // is refused naming it, as the form's own send is), so superjson itself is not loaded here.
      body: JSON.stringify({ json: input }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch {
    return { kind: "unreachable" };
  }
  const body = (await response.json().catch(() => null)) as TrpcAnswer | null;
  if (response.ok) {
    const ref = body?.result?.data?.json?.ref;
    return typeof ref === "string" ? { kind: "filed", ref } : { kind: "unreachable" };
  }
  if (response.status >= 500 || response.status === 408 || response.status === 429) return { kind: "unreachable" };
  const message = body?.error?.json?.message ?? "The report could not be filed as written.";
  if (response.status === 401) return { kind: "sign-in", message };
  return { kind: "refused", message };
}

interface TrpcAnswer {
  result?: { data?: { json?: { ref?: unknown } } };
  error?: { json?: { message?: string } };
}
