/**
 * A no-op tRPC query (`system.ping`: no session, no database) five times a second while a part runs.
 * Its latency is the server's own queueing (a busy event loop, CPU the process cannot get): when it
 * climbs with reports.create's, the wait is in front of the handler, where neither admission control
 * nor the database pool sees it; when it stays low, the wait is behind it (the database).
 */
import { Agent, request } from "node:http";

export interface Ping {
  /** performance.now() when it was due. */
  dueAt: number;
  /** From due to the end of the answer (or the give-up). */
  ms: number;
  /** 0 when no answer came in time. */
  status: number;
}

export function startPingProbe(url: string, everyMs = 200, timeoutMs = 10_000) {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const pings: Ping[] = [];
  const inFlight = new Set<Promise<void>>();
  const send = () => {
    const dueAt = performance.now();
    const p = new Promise<void>((resolve) => {
      let settled = false;
      const done = (status: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        pings.push({ dueAt, ms: performance.now() - dueAt, status });
        resolve();
      };
      const req = request({ host: base.hostname, port: base.port, path: "/api/trpc/system.ping", agent }, (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode ?? 0));
        res.on("error", () => done(0));
      });
      const timer = setTimeout(() => {
        done(0);
        req.destroy();
      }, timeoutMs);
      req.on("error", () => done(0));
      req.end();
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const timer = setInterval(send, everyMs);
  return {
    pings,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
      return pings;
    },
  };
}
