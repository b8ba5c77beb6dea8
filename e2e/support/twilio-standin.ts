/** A stand-in for Twilio's Messages API (what SMS_PROVIDER=twilio calls): it keeps every SMS it is sent. */
import { createServer } from "node:http";

export interface Sms {
  to: string;
  from: string;
  body: string;
}

export async function startTwilioStandin(): Promise<{ url: string; messages: () => Sms[]; close: () => Promise<void> }> {
  const messages: Sms[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.method !== "POST" || !/^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(req.url ?? "")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "not found" }));
        return;
      }
      const form = new URLSearchParams(raw);
      messages.push({ to: form.get("To") ?? "", from: form.get("From") ?? "", body: form.get("Body") ?? "" });
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ sid: `SM${messages.length.toString().padStart(32, "0")}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, messages: () => [...messages], close: () => new Promise((r) => server.close(() => r())) };
}
