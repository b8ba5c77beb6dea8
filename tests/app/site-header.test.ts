import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SiteHeader } from "@/components/site-header";
import { createDb, setDb } from "@/server/db/client";
import { createUser } from "../support/factories";
import { useTestDb } from "../support/test-db";

// The session cookie as next-auth would decode it: claims frozen at sign-in.
const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; role: string; phone: string; name: string | null } } }));
vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: async () => session.current }));

const db = useTestDb();

async function header(): Promise<string> {
  return renderToStaticMarkup(await SiteHeader());
}

describe("site header", () => {
  beforeEach(() => {
    session.current = null;
  });

  it("shows Sign in when signed out", async () => {
    const html = await header();
    expect(html).toContain(">Sign in<");
    expect(html).not.toContain('data-testid="signed-in"');
  });

  it("shows the role and name the database has now, not the ones in the cookie", async () => {
    const user = await createUser(db(), { role: "citizen" });
    session.current = { user: { id: user.id, role: "citizen", phone: user.phone, name: null } };
    expect(await header()).not.toContain(">Admin<");

    await db().updateTable("users").set({ role: "moderator", name: "Asha K" }).where("id", "=", user.id).execute();
    const promoted = await header();
    expect(promoted).toContain(">Admin<");
    expect(promoted).toContain("Asha K");

    await db().updateTable("users").set({ role: "citizen" }).where("id", "=", user.id).execute();
    session.current = { user: { id: user.id, role: "moderator", phone: user.phone, name: "Asha K" } };
    expect(await header()).not.toContain(">Admin<");
  });

  it("treats a suspended account as signed out", async () => {
    const user = await createUser(db(), { role: "moderator" });
    session.current = { user: { id: user.id, role: "moderator", phone: user.phone, name: null } };
    await db().updateTable("users").set({ status: "suspended" }).where("id", "=", user.id).execute();
    const html = await header();
    expect(html).toContain(">Sign in<");
    expect(html).not.toContain(">Admin<");
  });

  it("falls back to the cookie's view while the database is unreachable, instead of failing the page", async () => {
    const user = await createUser(db(), { role: "moderator" });
    session.current = { user: { id: user.id, role: "moderator", phone: "+919876543210", name: null } };
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
