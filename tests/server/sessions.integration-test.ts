/**
 * Sessions end when they should, not when their cookie expires: signing out ends that session,
 * "sign out everywhere", a role change and a suspension end all of the account's sessions. Checked
 * on the API tiers, on reports.create (whose single statement checks it), and on what byId shows.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/auth-options";
import type { User } from "@/server/db/schema";
import { cleanupExpired } from "@/server/domain/cleanup";
import { callerFor, trpcFailure as failure } from "../support/caller";
import { createUser, reportInput } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

/** A session of `user` as a cookie would carry it: its own id, under the account's epoch at sign-in. */
const session = (user: User, sid = randomUUID()) => ({ ...user, sid });

/** What next-auth calls when a browser signs out with this session's cookie. */
const signOut = (user: User, sid: string, exp = Math.floor(Date.now() / 1000) + 3600) =>
  authOptions.events!.signOut!({ token: { uid: user.id, sid, epoch: user.session_epoch, exp }, session: undefined as never });

describe("signing out", () => {
  it("ends that session on every tier and on reports.create; the account's other sessions go on", async () => {
    const user = await createUser(db());
    const phone = session(user);
    const laptop = session(user);
    await callerFor(db(), phone).profile.me();
    await signOut(user, phone.sid);

    expect((await failure(callerFor(db(), phone).profile.me())).code).toBe("UNAUTHORIZED");
    expect((await failure(callerFor(db(), phone).reports.create(reportInput()))).code).toBe("UNAUTHORIZED");
    expect(await db().selectFrom("reports").selectAll().execute()).toHaveLength(0);

    expect((await callerFor(db(), laptop).profile.me()).id).toBe(user.id);
    expect((await callerFor(db(), laptop).reports.create(reportInput())).ref).toMatch(/^CL-/);
  });

  it("a resend of a filing from a signed-out session is refused, not answered with the report", async () => {
    const user = await createUser(db());
    const s = session(user);
    const input = reportInput({ submissionKey: randomUUID() });
    await callerFor(db(), s).reports.create(input);
    await signOut(user, s.sid);
    expect((await failure(callerFor(db(), s).reports.create(input))).code).toBe("UNAUTHORIZED");
  });

  it("keeps a signed-out session's id only until its cookie would have expired", async () => {
    const user = await createUser(db());
    await signOut(user, "expired-session", Math.floor(Date.now() / 1000) - 60);
    await signOut(user, "live-session");
    expect((await cleanupExpired(db())).revokedSessions).toBe(1);
    expect((await db().selectFrom("revoked_sessions").select("sid").execute()).map((r) => r.sid)).toEqual(["live-session"]);
  });
});

describe("sign out everywhere", () => {
  it("ends every session of the account, this one included, and is audited; a new sign-in works", async () => {
    const user = await createUser(db());
    const a = session(user);
    const b = session(user);
    expect(await callerFor(db(), a).profile.signOutEverywhere()).toEqual({ signedOut: true });
    for (const s of [a, b]) {
      expect((await failure(callerFor(db(), s).profile.me())).code).toBe("UNAUTHORIZED");
      expect((await failure(callerFor(db(), s).reports.create(reportInput()))).code).toBe("UNAUTHORIZED");
    }
    const fresh = await db().selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(fresh.session_epoch).toBe(user.session_epoch + 1);
    expect((await callerFor(db(), session(fresh)).profile.me()).id).toBe(user.id);
    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "user.signed_out_everywhere").execute();
    expect(audit).toMatchObject([{ actor_id: user.id, resource_id: user.id }]);
  });
});

describe("role changes and suspensions", () => {
  it("a demoted moderator's sessions end: the old cookie opens neither the queue nor staff views", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const moderator = await createUser(db(), { role: "moderator" });
    const citizen = await createUser(db());
    const filed = await callerFor(db(), session(citizen)).reports.create(reportInput());
    const modSession = session(moderator);
    expect((await callerFor(db(), modSession).reports.byId({ id: filed.id })).runs).toBeDefined();

    await callerFor(db(), session(admin)).admin.setRole({ userId: moderator.id, role: "citizen" });
    expect((await failure(callerFor(db(), modSession).admin.queue({}))).code).toBe("UNAUTHORIZED");
    // The report reads as it does for anyone: nothing the moderator's old cookie claimed is honoured.
    const publicView = await callerFor(db()).reports.byId({ id: filed.id });
    expect(await callerFor(db(), modSession).reports.byId({ id: filed.id })).toEqual(publicView);
  });

  it("a suspension ends every session at once and needs a reason; restoring does not revive old sessions", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const citizen = await createUser(db());
    const s = session(citizen);
    const adminCaller = callerFor(db(), session(admin));

    const noReason = await failure(adminCaller.admin.setStatus({ userId: citizen.id, status: "suspended", reason: "" }));
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(noReason.message).toMatch(/reason/);

    expect(await adminCaller.admin.setStatus({ userId: citizen.id, status: "suspended", reason: "Spam reports" })).toMatchObject({ changed: true, to: "suspended" });
    expect((await failure(callerFor(db(), s).profile.me())).code).toBe("UNAUTHORIZED");
    expect((await failure(callerFor(db(), s).reports.create(reportInput()))).code).toBe("UNAUTHORIZED");

    await adminCaller.admin.setStatus({ userId: citizen.id, status: "active", reason: "Appeal accepted" });
    expect((await failure(callerFor(db(), s).profile.me())).code).toBe("UNAUTHORIZED");
    const restored = await db().selectFrom("users").selectAll().where("id", "=", citizen.id).executeTakeFirstOrThrow();
    expect((await callerFor(db(), session(restored)).profile.me()).id).toBe(citizen.id);

    const actions = (await db().selectFrom("audit_log").select("action").where("resource_id", "=", citizen.id).orderBy("created_at").execute()).map((r) => r.action);
    expect(actions).toEqual(["user.suspended", "user.restored"]);
  });

  it("an admin cannot suspend themselves", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const err = await failure(callerFor(db(), session(admin)).admin.setStatus({ userId: admin.id, status: "suspended", reason: "testing" }));
    expect(err.code).toBe("CONFLICT");
  });
});
