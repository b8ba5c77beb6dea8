import "server-only";
import { getServerSession } from "next-auth";
import type { ViewerSummary } from "@/shared/viewer";
import { authOptions } from "./auth-options";
import { env } from "../config/env";
import { signedInUser } from "./session";

/**
 * From the database, not the cookie: a role taken away hides Admin at the next page load, and a new
 * display name shows at once. With the database unreachable, the cookie's view, so that every page
 * does not fail with it (the pages and calls that need the database say so themselves).
 */
async function viewerUser(): Promise<ViewerSummary["user"]> {
  try {
    const user = await signedInUser();
    return user && { role: user.role, name: user.name, phone: user.phone };
  } catch {
    const claims = (await getServerSession(authOptions))?.user;
    return claims ? { role: claims.role, name: claims.name ?? null, phone: claims.phone } : null;
  }
}

/** The site header's data for this request (the layout hands it over as props). */
export async function loadViewer(): Promise<ViewerSummary> {
  return { user: await viewerUser(), devMailbox: env().DEV_MAILBOX };
}
