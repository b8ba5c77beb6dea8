/**
 * Every tRPC procedure x {anonymous, citizen, moderator, admin}: allowed past the auth tier or
 * denied (UNAUTHORIZED/FORBIDDEN). The procedure list is walked from the router itself, so a new
 * procedure without a line in EXPECTED fails this test instead of shipping unreviewed.
 * "Allowed" means anything but a denial: BAD_REQUEST on the empty input below is allowed past auth.
 */
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/server/db/schema";
import { appRouter } from "@/server/trpc/root";
import { callerFor } from "../support/caller";
import { createUser } from "../support/factories";
import { useTestDb } from "../support/test-db";

type Tier = "public" | "authed" | "moderator" | "admin";
type Who = "anonymous" | Role;

/** The least a caller must be for each procedure. Add a line here for every new procedure. */
const EXPECTED: Record<string, Tier> = {
  "auth.requestOtp": "public",
  "auth.deliveryStatus": "public",
  "reports.create": "authed",
  "reports.mine": "authed",
  "reports.byId": "public",
  "reports.support": "authed",
  "reports.unsupport": "authed",
  "reports.feed": "public",
  "reports.map": "public",
  "reports.similar": "public",
  "reports.follow": "authed",
  // The link in a message must work in a browser that is not signed in; the signed token is the credential.
  "reports.unfollow": "public",
  "reports.unfollowLink": "public",
  "profile.me": "authed",
  "profile.reputation": "authed",
  "profile.update": "authed",
  "profile.sendEmailVerification": "authed",
  // The link in the email must work in a browser that is not signed in; the token is the credential.
  "profile.verifyEmail": "public",
  "profile.setNotificationPrefs": "authed",
  "profile.signOutEverywhere": "authed",
  "profile.setLocale": "authed",
  "dev.mailbox": "public",
  "system.ping": "public",
  "admin.queue": "moderator",
  "admin.report": "moderator",
  "admin.moderate": "moderator",
  "admin.moderateBulk": "moderator",
  "admin.moveReport": "moderator",
  "admin.hidePhoto": "moderator",
  "admin.auditLog": "moderator",
  "admin.auditActions": "moderator",
  "admin.auditChain": "moderator",
  "admin.verifyAuditChain": "moderator",
  "admin.tasks": "moderator",
  "admin.users": "admin",
  "admin.setRole": "admin",
  "admin.setStatus": "admin",
  "admin.resendDeadLetter": "admin",
  "admin.hideUpdate": "moderator",
  "updates.list": "public",
  "updates.add": "authed",
  "alerts.subscribe": "authed",
  "alerts.list": "authed",
  "alerts.update": "authed",
  "alerts.unsubscribe": "authed",
  // The unsubscribe link in a message must work in a browser that is not signed in; the signed token is the credential.
  "alerts.unsubscribeLink": "public",
  "alerts.unsubscribeByLink": "public",
  "admin.bodies": "moderator",
  "admin.saveBody": "admin",
  "admin.moderatorBodies": "admin",
  "admin.setModeratorBodies": "admin",
  "admin.open311Keys": "admin",
  "admin.issueOpen311Key": "admin",
  "admin.setOpen311KeyLimit": "admin",
  "admin.revokeOpen311Key": "admin",
  "serviceLevels.list": "public",
  "serviceLevels.set": "admin",
  "serviceLevels.compliance": "moderator",
};

const RANK: Record<Who, number> = { anonymous: 0, citizen: 1, moderator: 2, admin: 3 };
const NEEDS: Record<Tier, number> = { public: 0, authed: 1, moderator: 2, admin: 3 };
const WHO: Who[] = ["anonymous", "citizen", "moderator", "admin"];

const procedures = Object.keys((appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures).sort();

const db = useTestDb();
const users = {} as Record<Role, { id: string; phone: string; role: Role }>;
beforeAll(async () => {
  for (const role of ["citizen", "moderator", "admin"] as const) users[role] = await createUser(db(), { role });
});

/** Calls `path` as `who` with an empty input; "denied" for UNAUTHORIZED/FORBIDDEN, else "allowed". */
async function outcome(path: string, who: Who): Promise<{ verdict: "allowed" | "denied"; code: string }> {
  // A fresh session under the account's current epoch: a procedure walked earlier (sign out everywhere) may have moved it.
  const signedIn = who === "anonymous" ? undefined : await db().selectFrom("users").selectAll().where("id", "=", users[who].id).executeTakeFirstOrThrow();
  const caller = callerFor(db(), signedIn) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  try {
    await fn({});
    return { verdict: "allowed", code: "OK" };
  } catch (err) {
    if (!(err instanceof TRPCError)) return { verdict: "allowed", code: `threw ${String(err)}` };
    return { verdict: err.code === "UNAUTHORIZED" || err.code === "FORBIDDEN" ? "denied" : "allowed", code: err.code };
  }
}

describe("authorization matrix", () => {
  it("walks a non-trivial router", () => {
    expect(procedures.length).toBeGreaterThan(15);
    expect(procedures).toContain("admin.setRole");
  });

  it("has an expectation for every procedure, and none for procedures that do not exist", () => {
    expect(procedures.filter((p) => !(p in EXPECTED)), "procedures missing from EXPECTED").toEqual([]);
    expect(Object.keys(EXPECTED).filter((p) => !procedures.includes(p)), "EXPECTED lines for procedures that no longer exist").toEqual([]);
  });

  it.each(procedures)("%s admits exactly the roles its tier allows", async (path) => {
    const tier = EXPECTED[path];
    if (!tier) throw new Error(`${path} has no line in EXPECTED`);
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const who of WHO) {
      const o = await outcome(path, who);
      got[who] = o.verdict;
      want[who] = RANK[who] >= NEEDS[tier] ? "allowed" : "denied";
      // Denials must be the right kind: anonymous is asked to sign in, a signed-in caller is forbidden.
      if (o.verdict === "denied") expect(o.code, `${path} as ${who}`).toBe(who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
    }
    expect(got).toEqual(want);
  });
});
