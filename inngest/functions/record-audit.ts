import { backgroundDb } from "@/server/db/client";
import { recordAudit as record } from "@/server/domain/audit";
import { inngest } from "../client";
import type { z } from "zod";
import { emailVerified, type emailVerifiedData, reportCreated, reportStatusChanged } from "../events";

/**
 * One audit row per event (event id unique), keeping every field of metadata the event carries.
 * Moderation actions also write a synchronous audit row in their own transaction; this one records
 * that the event was emitted and delivered, under its event id.
 */
export const recordAudit = inngest.createFunction(
  { id: "record-audit", name: "Record audit entry", triggers: [reportCreated, reportStatusChanged, emailVerified], retries: 5, concurrency: { limit: 3 } },
  async ({ event, step }) => {
    if (event.name === "report/created") {
      const { ip, userAgent, reporterId, reportId, ...metadata } = event.data;
      const inserted = await step.run("append-audit-row", () =>
        record(backgroundDb(), {
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
    }
    if (event.name === "report/status.changed") {
      const { actorId, reportId, ...metadata } = event.data;
      const inserted = await step.run("append-audit-row", () =>
        record(backgroundDb(), {
          eventId: event.id!,
          action: "report.status_changed",
          actorId,
          resourceType: "report",
          resourceId: reportId,
          description: `Report ${event.data.ref}: ${event.data.from} → ${event.data.to}`,
          metadata,
        }),
      );
      return { inserted };
    }
    // The SDK types event.data as the union of the three payloads; the name already told them apart.
    const data = event.data as z.infer<typeof emailVerifiedData>;
    const { userId, ...metadata } = data;
    const inserted = await step.run("append-audit-row", () =>
      record(backgroundDb(), {
        eventId: event.id!,
        action: "user.email_verified",
        actorId: userId,
        resourceType: "user",
        resourceId: userId,
        description: `Email ${data.email} verified`,
        metadata,
      }),
    );
    return { inserted };
  },
);
