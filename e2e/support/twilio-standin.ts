/** A stand-in for Twilio's Messages API (what SMS_PROVIDER=twilio calls): it keeps every SMS it is sent. */
import { createServer } from "node:http";
import { codeOf, CookieJar, getSession, randomIndianMobile, signInWithCode, trpcMutation, until, type SignedInCitizen } from "./http";

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

/** The SMS texts the stand-in has received for `phone`, oldest first. */
export function smsTo(twilio: TwilioStandin, phone: string): Sms[] {
  return twilio.messages().filter((m) => m.to === phone);
}

/** A sign-in code SMS: in every language its text opens with the code (messages/<locale>/core.json OtpSms.body). */
export const isOtpSms = (m: Sms) => /^\d{6}\s/.test(m.body);

/**
 * Waits for the `nth` sign-in code SMS (1-based) the stand-in got for `phone`; returns it. The stand-in
 * keeps every message, so a second sign-in of the same phone asks for the second, never re-reading
 * the first; a status SMS (whose reference also holds six digits) is never taken for one.
 */
export async function otpSms(twilio: TwilioStandin, phone: string, nth = 1, timeoutMs = 30_000): Promise<Sms> {
  return until(`sign-in SMS #${nth} to ${phone}`, async () => smsTo(twilio, phone).filter(isOtpSms)[nth - 1], timeoutMs);
}

/** Signs `phone` in over HTTP with the code the stand-in received for this request; the jar holds the session. */
export async function signInBySms(base: string, twilio: TwilioStandin, phone: string, jar = new CookieJar()): Promise<CookieJar> {
  const before = smsTo(twilio, phone).filter(isOtpSms).length;
  const requested = await trpcMutation(base, "auth.requestOtp", { phone });
  if (requested.status !== 200) throw new Error(`auth.requestOtp answered ${requested.status}: ${JSON.stringify(requested.raw)}`);
  const sms = await otpSms(twilio, phone, before + 1);
  const signedIn = await signInWithCode(base, jar, phone, codeOf(sms));
  if (signedIn.status !== 200) throw new Error(`sign-in of ${phone} answered ${signedIn.status}: ${JSON.stringify(signedIn)}`);
  return jar;
}

/**
 * A new citizen (random phone, or `phone`) signed in over HTTP as the sign-in page does it, with the
 * code "Twilio" (the stand-in) received: the production server refuses the dev mailbox.
 * Needs the server started with twilioEnv(twilio), and MANY_SIGN_INS when a file signs in more than
 * a few people.
 */
export async function signInNewCitizenBySms(base: string, twilio: TwilioStandin, phone = randomIndianMobile()): Promise<SignedInCitizen> {
  const jar = await signInBySms(base, twilio, phone);
  const session = await getSession(base, jar);
  if (!session?.user?.id) throw new Error(`no session after signing in ${phone}: ${JSON.stringify(session)}`);
  return { jar, phone, userId: session.user.id };
}
