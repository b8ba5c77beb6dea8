import { backgroundDb } from "@/server/db/client";
import { recordAudit as record } from "@/server/domain/audit";
import { auditEntryFor } from "@/server/domain/event-audit";
import { inngest } from "../client";
import { emailVerified, reportCreated, reportStatusChanged } from "../events";
import { assertTriggered } from "../triggered";

/**
 * One audit row per event (event id unique), keeping every field of metadata the event carries.
 * Moderation actions also write a synchronous audit row in their own transaction; this one records
 * that the event was emitted and delivered, under its event id.
 */
export const recordAudit = inngest.createFunction(
  { id: "record-audit", name: "Record audit entry", triggers: [reportCreated, reportStatusChanged, emailVerified], retries: 5, concurrency: { limit: 3 } },
  async ({ event, step }) => {
    assertTriggered(event);
    const inserted = await step.run("append-audit-row", () => record(backgroundDb(), auditEntryFor(event)));
    return { inserted };
  },
);
