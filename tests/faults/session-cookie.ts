import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import type { Role } from "@/server/db/schema";
import { env } from "@/server/config/env";

/**
 * A Cookie header carrying a next-auth session for `user`, as sign-in sets it: a session id of its
 * own, issued under the account's current epoch. It opens on any server sharing this process's
 * NEXTAUTH_SECRET (a test's in-process handlers, or a production build started with the same env).
 */
export async function sessionCookie(user: { id: string; phone: string; role: Role; session_epoch?: number }): Promise<string> {
  const claims = { uid: user.id, role: user.role, phone: user.phone, sid: randomUUID(), epoch: user.session_epoch ?? 0 };
  const token = await encode({ token: claims, secret: env().NEXTAUTH_SECRET });
  return `next-auth.session-token=${token}`;
}
