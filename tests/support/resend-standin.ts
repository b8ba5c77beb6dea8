import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Resend API (POST /emails), so tests run the real `resend` client over
 * HTTP. Like Resend, a repeated Idempotency-Key gets the first answer back instead of a second
 * email. Answers are scripted per request (status, delay); errors use Resend's JSON error shape.
 */
export interface ResendRequest {
  path: string;
  authorization: string;
  idempotencyKey: string | null;
  body: { from?: string; to?: string | string[]; subject?: string; html?: string; text?: string };
  status: number;
}

export interface ResendReply {
  status: number;
  delayMs?: number;
}

const ERROR_NAMES: Record<number, string> = {
  401: "missing_api_key",
  403: "invalid_api_key",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  503: "application_error",
};

export interface ResendStandin {
  url: string;
  requests: ResendRequest[];
  /** Emails really "sent": successful answers, one per idempotency key. */
  sent: ResendRequest[];
  /** Replies for the next requests, in order; when empty, `fallback` answers. */
  script: ResendReply[];
  fallback: ResendReply;
  reset(): void;
  close(): Promise<void>;
}

export interface ListenOptions {
  port?: number;
  host?: string;
}

export async function startResendStandin(opts: ListenOptions = {}): Promise<ResendStandin> {
  const standin = createResendStandin();
  await standin.listen(opts);
  return standin;
}

/** A stand-in whose server starts with `listen()`; until then its url is empty. */
export function createResendStandin(): ResendStandin & { listen(opts?: ListenOptions): Promise<void> } {
  const byKey = new Map<string, { status: number; body: unknown }>();
  let n = 0;
  const state: ResendStandin = {
    url: "",
    requests: [],
    sent: [],
    script: [],
    fallback: { status: 200 },
    reset() {
      state.requests.length = 0;
      state.sent.length = 0;
      state.script.length = 0;
      state.fallback = { status: 200 };
      byKey.clear();
      n = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const reply = state.script.shift() ?? state.fallback;
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      let body: ResendRequest["body"] = {};
      try {
        body = JSON.parse(raw || "{}");
      } catch {
        /* recorded as empty */
      }
      const record: ResendRequest = { path: req.url ?? "", authorization: req.headers.authorization ?? "", idempotencyKey: key, body, status: reply.status };
      state.requests.push(record);
      const respond = () => {
        if (res.destroyed) return;
        if (req.method !== "POST" || req.url !== "/emails") {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ statusCode: 404, name: "not_found", message: "Not found" }));
          return;
        }
        const previous = key ? byKey.get(key) : undefined;
        if (previous) {
          res.writeHead(previous.status, { "content-type": "application/json" }).end(JSON.stringify(previous.body));
          return;
        }
        if (reply.status >= 200 && reply.status < 300) {
          n += 1;
          const ok = { id: `re_email_${n.toString().padStart(4, "0")}` };
          if (key) byKey.set(key, { status: 200, body: ok });
          state.sent.push(record);
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(ok));
          return;
        }
        const name = ERROR_NAMES[reply.status] ?? "application_error";
        res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify({ statusCode: reply.status, name, message: `stand-in answered ${reply.status}` }));
      };
      if (reply.delayMs) setTimeout(respond, reply.delayMs);
      else respond();
    });
  });
  // Idle connections are never closed from this side (close() drops them all). With Node's 5 s
  // default, a loaded test process could close a socket in the same tick as the client reused it,
  // and the send failed as if Resend were unreachable.
  server.keepAliveTimeout = 0;
  return Object.assign(state, {
    async listen(opts: ListenOptions = {}) {
      await new Promise<void>((r) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", r));
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
  });
}
