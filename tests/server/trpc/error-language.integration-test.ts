import { randomUUID } from "node:crypto";
import { TRPCError, type TRPCDefaultErrorShape } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { said, sayIn } from "@/server/domain/server-messages";
import { formatError } from "@/server/trpc/errors";
import { requestLanguage } from "@/server/trpc/locale";
import { createCaller } from "@/server/trpc/root";
import { trpcFailure as failure } from "../../support/caller";
import { createUser, reportInput } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

// A refusal is said in the asker's language, chosen as a page's is: the NEXT_LOCALE cookie, else the
// account's saved language, else Accept-Language. The field it names and its code do not change.
const db = useTestDb();
beforeEach(async () => truncateAll(db()));

type Caller = { id: string; phone: string; session_epoch: number };
function callerWith(headers: Record<string, string>, user?: Caller) {
  const session = user
    ? { user: { id: user.id, phone: user.phone, role: "citizen" as const }, expires: new Date(Date.now() + 3600_000).toISOString(), sid: randomUUID(), epoch: user.session_epoch }
    : null;
  return createCaller({ db: db(), session, client: { ip: "203.0.113.9", userAgent: "vitest" }, language: requestLanguage(new Headers(headers)) });
}

const BAD_EMAIL_EN = "Enter a valid email address, like name@example.com";
const BAD_EMAIL_HI = "सही ईमेल पता लिखें, जैसे name@example.com";

describe("a refusal in the asker's language", () => {
  it("answers a schema's message in Hindi for NEXT_LOCALE=hi, naming the same field", async () => {
    const user = await createUser(db());
    const err = await failure(callerWith({ cookie: "theme=dark; NEXT_LOCALE=hi" }, user).profile.update({ email: "not-an-email" }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toBe(BAD_EMAIL_HI);
    expect(err.cause).toMatchObject({ field: "email", fieldErrors: { email: [BAD_EMAIL_HI] } });
  });

  it("keeps English byte for byte when nothing asks for Hindi", async () => {
    const user = await createUser(db());
    const err = await failure(callerWith({}, user).profile.update({ email: "not-an-email" }));
    expect(err.message).toBe(BAD_EMAIL_EN);
    expect(err.cause).toMatchObject({ field: "email", fieldErrors: { email: [BAD_EMAIL_EN] } });
  });

  it("follows Accept-Language by q-value when there is no cookie and no saved language", async () => {
    const user = await createUser(db());
    const hi = await failure(callerWith({ "accept-language": "en;q=0.5, hi-IN;q=0.9" }, user).reports.create(reportInput({ title: "abc" })));
    expect(hi.message).toBe("शीर्षक कम से कम 5 अक्षरों का होना चाहिए");
    expect(hi.cause).toMatchObject({ field: "title" });
    const en = await failure(callerWith({ "accept-language": "en-GB" }, user).reports.create(reportInput({ title: "abc" })));
    expect(en.message).toBe("Title must be at least 5 characters");
  });

  it("prefers the account's saved language to the browser's, and the cookie to both", async () => {
    const user = await createUser(db());
    await db().updateTable("users").set({ locale: "hi" }).where("id", "=", user.id).execute();
    const saved = await failure(callerWith({ "accept-language": "en" }, user).reports.follow({ reportId: randomUUID() }));
    expect(saved.code).toBe("NOT_FOUND");
    expect(saved.message).toBe("इस आईडी की कोई रिपोर्ट नहीं है।");
    expect(saved.cause).toMatchObject({ field: "reportId" });
    const cookie = await failure(callerWith({ cookie: "NEXT_LOCALE=en", "accept-language": "hi" }, user).reports.follow({ reportId: randomUUID() }));
    expect(cookie.message).toBe("No report with that id.");
  });

  it("says a domain refusal with values in Hindi (a report already filed by this form)", async () => {
    const user = await createUser(db());
    const submissionKey = randomUUID();
    const filed = await callerWith({}, user).reports.create(reportInput({ submissionKey }));
    const err = await failure(callerWith({ cookie: "NEXT_LOCALE=hi" }, user).reports.create(reportInput({ submissionKey, title: "A different title here" })));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toContain(filed.ref);
    expect(err.message).toMatch(/[\u0900-\u097F]/);
    expect(err.cause).toMatchObject({ field: "submissionKey" });
  });

  it("says 'sign in' in Hindi to a visitor whose browser asks for it", async () => {
    const err = await failure(callerWith({ "accept-language": "hi" }).profile.me());
    expect(err.code).toBe("UNAUTHORIZED");
    expect(err.message).toBe("आगे बढ़ने के लिए साइन इन करें।");
  });

  it("hides an unexpected failure behind an apology in the request's language", () => {
    const error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "secret detail" });
    const shape: TRPCDefaultErrorShape = { message: "secret detail", code: -32603, data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 } };
    expect(formatError({ shape, error, ctx: { language: requestLanguage(new Headers({ "accept-language": "hi" })) } }).message).toBe("हमारी ओर से कुछ गड़बड़ हो गई। कृपया फिर कोशिश करें।");
    expect(formatError({ shape, error }).message).toBe("Something went wrong on our side. Please try again.");
  });

  it("keeps an AppError's English message and fields as they were", () => {
    const err = new AppError("INVALID_INPUT", "plain text for API clients", { field: "bbox" });
    expect(err.inLocale("hi")).toMatchObject({ message: "plain text for API clients", field: "bbox", fieldErrors: { bbox: ["plain text for API clients"] } });
  });

  it("writes apostrophes and values in English as before (ICU quoting leaves them alone)", () => {
    expect(sayIn("en", said("accountSuspended"))).toBe("This account is suspended. Contact your city's CivicLens team.");
    expect(sayIn("en", said("recategorizeUnchanged"))).toBe("That is already the report's category and severity.");
    expect(sayIn("en", said("transitionRefused", { from: "under_review", to: "submitted" }))).toBe("A report that is under review cannot become submitted.");
    expect(sayIn("en", said("reportChanged", { status: "in_progress" }))).toBe("This report changed since you opened it (now in progress); reload and try again.");
  });
});
