import { db } from "@/server/db/client";
import { recordAudit as record } from "@/server/domain/audit";
import { inngest } from "../client";
import { reportCreated } from "../events";

/** One audit row per event (event id unique), keeping every field of metadata the event carries. */
export const recordAudit = inngest.createFunction(
  { id: "record-audit", name: "Record audit entry", triggers: [reportCreated], retries: 5 },
  async ({ event, step }) => {
    const { ip, userAgent, reporterId, reportId, ...metadata } = event.data;
    const inserted = await step.run("append-audit-row", () =>
      record(db(), {
        eventId: event.id!,
        action: "report.created",
        actorId: reporterId,
        resourceType: "report",
        resourceId: reportId,
        description: `Report ${event.data.ref} filed`,
        metadata,
        ip,
        userAgent,
      }),
    );
    return { inserted };
  },
);
