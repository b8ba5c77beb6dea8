import { createServer, type Server } from "node:http";

/**
 * A Resend API stand-in that answers POST /emails after `delayMs` (3.5 s by default): a provider
 * having a bad day. The bench's Inngest is a sink that runs no functions, so nothing on the request
 * path ever calls it; it is wired in so that a regression that did (sending from the request) would
 * show up as 3.5 s latencies and a non-zero `calls()`.
 */
export async function slowResend(delayMs = 3_500): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      calls += 1;
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: `re_bench_${calls}` }));
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
