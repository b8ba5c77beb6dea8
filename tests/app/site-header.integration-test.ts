import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { CATALOGS } from "@/i18n/messages";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SiteHeader } from "@/components/site-header";
import { createDb, setDb } from "@/server/db/client";
import type { Role } from "@/server/db/schema";
import type { ViewerSummary } from "@/shared/viewer";
import { env } from "@/server/config/env";
import { loadViewer } from "@/server/auth/viewer";
import { createUser } from "../support/factories";
import { useTestDb } from "../support/test-db";

// The session cookie as next-auth would decode it: claims frozen at sign-in. The header reads the
// request's cookie (next/headers), and next-auth's view of it when the database is down.
type Claims = { user: { id: string; role: Role; phone: string; name: string | null } };
const session = vi.hoisted(() => ({ current: null as null | Claims, cookie: "" }));
vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(session.cookie ? { cookie: session.cookie } : {}) }));

const db = useTestDb();

/** Signs `claims.user` in: a session cookie with its own id, under the account's epoch 0. */
async function signIn(claims: Claims) {
  session.current = claims;
  const { id, role, phone, name } = claims.user;
  const jwt = await encode({ token: { uid: id, role, phone, name, sid: randomUUID(), epoch: 0 }, secret: env().NEXTAUTH_SECRET });
  session.cookie = `next-auth.session-token=${jwt}`;
}

/** The header as the root layout renders it: drawn from the viewer the server loads for the request. */
async function header(): Promise<string> {
  return render(await loadViewer());
}

// next-intl's provider as the root layout sets it up (its children prop typed as required).
function IntlProvider({ locale, children }: { locale: "en" | "hi"; children?: ReactNode }) {
  const config = { locale: `${locale}-IN`, messages: CATALOGS[locale], timeZone: "Asia/Kolkata" } as ComponentProps<typeof NextIntlClientProvider>;
  return createElement(NextIntlClientProvider, config, children);
}

function render(viewer: ViewerSummary, locale: "en" | "hi" = "en"): string {
  return renderToStaticMarkup(createElement(IntlProvider, { locale }, createElement(SiteHeader, { viewer })));
}

describe("site header", () => {
  beforeEach(() => {
    session.current = null;
    session.cookie = "";
  });

  it("shows Sign in when signed out, and offers Report a problem through sign-in back to the form", async () => {
    const html = await header();
    expect(html).toContain(">Sign in<");
    expect(html).not.toContain('data-testid="signed-in"');
    expect(html).toMatch(/href="\/signin\?callbackUrl=%2Freports%2Fnew"[^>]*>\s*Report a problem\s*</);
  });

  it("sends a signed-in citizen's Report a problem straight to the form", async () => {
    const user = await createUser(db(), { role: "citizen" });
    await signIn({ user: { id: user.id, role: "citizen", phone: user.phone, name: null } });
    expect(await header()).toMatch(/href="\/reports\/new"[^>]*>\s*Report a problem\s*</);
  });

  it("shows the role and name the database has now, not the ones in the cookie", async () => {
    const user = await createUser(db(), { role: "citizen" });
    await signIn({ user: { id: user.id, role: "citizen", phone: user.phone, name: null } });
    expect(await header()).not.toContain(">Admin<");

    await db().updateTable("users").set({ role: "moderator", name: "Asha K" }).where("id", "=", user.id).execute();
    const promoted = await header();
    expect(promoted).toContain(">Admin<");
    expect(promoted).toContain("Asha K");

    await db().updateTable("users").set({ role: "citizen" }).where("id", "=", user.id).execute();
    await signIn({ user: { id: user.id, role: "moderator", phone: user.phone, name: "Asha K" } });
    expect(await header()).not.toContain(">Admin<");
  });

  it("treats a signed-out session as signed out, though its cookie is still sent", async () => {
    const user = await createUser(db(), { role: "moderator" });
    await signIn({ user: { id: user.id, role: "moderator", phone: user.phone, name: null } });
    expect(await header()).toContain(">Admin<");
    await db().updateTable("users").set({ session_epoch: 1 }).where("id", "=", user.id).execute(); // signed out everywhere
    const html = await header();
    expect(html).toContain(">Sign in<");
    expect(html).not.toContain(">Admin<");
  });

  it("treats a suspended account as signed out", async () => {
    const user = await createUser(db(), { role: "moderator" });
    await signIn({ user: { id: user.id, role: "moderator", phone: user.phone, name: null } });
    await db().updateTable("users").set({ status: "suspended" }).where("id", "=", user.id).execute();
    const html = await header();
    expect(html).toContain(">Sign in<");
    expect(html).not.toContain(">Admin<");
  });

  it("links the dev mailbox only where the mailbox is on", async () => {
    const viewer = await loadViewer();
    expect(viewer.devMailbox).toBe(env().DEV_MAILBOX);
    expect(render({ ...viewer, devMailbox: true })).toContain(">Dev mailbox<");
    expect(render({ ...viewer, devMailbox: false })).not.toContain("Dev mailbox");
  });

  it("speaks Hindi in Hindi, offers English in English, and puts the navigation behind a Menu button", async () => {
    const hi = render({ user: null, devMailbox: false }, "hi");
    expect(hi).toContain(">रिपोर्टें<");
    expect(hi).toContain(">साइन इन<");
    expect(hi).toMatch(/<button[^>]*aria-expanded="false"[^>]*aria-controls="([^"]+)"[^>]*>.*मेनू<\/button><div[^>]*id="\1"/);
    expect(hi).toMatch(/<form[^>]*action="\/api\/locale" method="post"><input type="hidden" name="returnTo"[^>]*\/><button type="submit" value="en" lang="en"[^>]*name="locale">English</);
    expect(render({ user: null, devMailbox: false }, "en")).toMatch(/value="hi"[^>]*lang="hi"[^>]*>हिन्दी</);
  });

  it("falls back to the cookie's view while the database is unreachable, instead of failing the page", async () => {
    const user = await createUser(db(), { role: "moderator" });
    await signIn({ user: { id: user.id, role: "moderator", phone: "+919876543210", name: null } });
    const down = createDb({ pgliteDir: "memory://" });
    await down.destroy(); // every query now fails, as with the database down
    setDb(down);
    try {
      const html = await header();
      expect(html).toContain('data-testid="signed-in"');
      expect(html).toContain("+91 98765 43210");
      expect(html).toContain(">Admin<");
    } finally {
      setDb(db());
    }
  });
});
