import "server-only";
import type { ContractEvent } from "@/shared/events";
import type { AuditEntry } from "./audit";

export type AuditedEvent = ContractEvent<"report/created" | "report/status.changed" | "user/email.verified">;

/**
 * The audit row an event gets once delivered: under its event id (so a redelivery is a no-op),
 * keeping every field of the payload as metadata but those the row has columns for.
 */
export function auditEntryFor(event: AuditedEvent): AuditEntry & { eventId: string } {
  const eventId = event.id;
  if (event.name === "report/created") {
    const { ip, userAgent, reporterId, reportId, ...metadata } = event.data;
    return { eventId, action: "report.created", actorId: reporterId, resourceType: "report", resourceId: reportId, description: `Report ${metadata.ref} filed`, metadata, ip, userAgent };
  }
  if (event.name === "report/status.changed") {
    const { actorId, reportId, ...metadata } = event.data;
    const description = `Report ${metadata.ref}: ${metadata.from} → ${metadata.to}`;
    return { eventId, action: "report.status_changed", actorId, resourceType: "report", resourceId: reportId, description, metadata };
  }
  const { userId, ...metadata } = event.data;
  return { eventId, action: "user.email_verified", actorId: userId, resourceType: "user", resourceId: userId, description: `Email ${metadata.email} verified`, metadata };
}
