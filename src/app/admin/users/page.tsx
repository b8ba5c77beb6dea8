import type { Metadata } from "next";
import { checkStaff } from "../staff";
import { UserAdmin } from "./user-admin";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const who = await checkStaff();
  // The layout has already turned away non-staff; this page is for admins only.
  if (who.kind !== "staff" || !who.isAdmin) {
    return (
      <section className="narrow" data-testid="admin-only">
        <h1>403 — admins only</h1>
        <p>Managing users and roles needs the admin role.</p>
      </section>
    );
  }
  return (
    <section>
      <h1>Users</h1>
      <UserAdmin selfId={who.user.id} />
    </section>
  );
}
