/** A stand-in for Twilio's Messages API (what SMS_PROVIDER=twilio calls): it keeps every SMS it is sent. */
import { createServer } from "node:http";
import { codeOf, CookieJar, signInWithCode, trpcMutation, until } from "./http";

export interface Sms {
  to: string;
  from: string;
  body: string;
}

export interface TwilioStandin {
  url: string;
  messages: () => Sms[];
  close: () => Promise<void>;
}

export async function startTwilioStandin(): Promise<TwilioStandin> {
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

/** The server env that sends sign-in codes by "Twilio" to this stand-in (production refuses the dev mailbox). */
export function twilioEnv(twilio: TwilioStandin): Record<string, string> {
  return { SMS_PROVIDER: "twilio", TWILIO_BASE_URL: twilio.url, TWILIO_ACCOUNT_SID: "ACe2e", TWILIO_AUTH_TOKEN: "e2e-token", TWILIO_FROM: "+15005550006" };
}

/** Signs `phone` in over HTTP with the code the stand-in received; the jar holds the session. */
export async function signInBySms(base: string, twilio: TwilioStandin, phone: string, jar = new CookieJar()): Promise<CookieJar> {
  const requested = await trpcMutation(base, "auth.requestOtp", { phone });
  if (requested.status !== 200) throw new Error(`auth.requestOtp answered ${requested.status}: ${JSON.stringify(requested.raw)}`);
  const sms = await until(`the sign-in SMS to ${phone}`, async () => twilio.messages().find((m) => m.to === phone), 30_000);
  const signedIn = await signInWithCode(base, jar, phone, codeOf(sms));
  if (signedIn.status !== 200) throw new Error(`sign-in of ${phone} answered ${signedIn.status}: ${JSON.stringify(signedIn)}`);
  return jar;
}
