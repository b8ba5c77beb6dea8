import type { Role } from "./roles";

/** What the site header shows of who is looking: the server reads it, the header only draws it. */
export interface ViewerSummary {
  user: { role: Role; name: string | null; phone: string } | null;
  /** The dev mailbox link shows only where the mailbox is on (never in production). */
  devMailbox: boolean;
}
