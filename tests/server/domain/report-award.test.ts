import { describe, expect, it } from "vitest";
import { REPORT_ACKNOWLEDGED_POINTS, REPORT_FILED_POINTS, reportAwardFor } from "@/server/domain/reputation";
import type { ContractEvent, EventPayload } from "@/shared/events";

const created: ContractEvent<"report/created"> = {
  id: "evt-created",
  name: "report/created",
  data: { reportId: "r-1", reporterId: "u-1", ref: "CL-2026-000001", category: null, severity: "high", latitude: 12.97, longitude: 77.59, ip: null, userAgent: null, createdAt: "2026-12-05T10:00:00.000Z" },
};
const changed = (over: Partial<EventPayload<"report/status.changed">>): ContractEvent<"report/status.changed"> => ({
  id: "evt-changed",
  name: "report/status.changed",
  data: { reportId: "r-1", ref: "CL-2026-000001", reporterId: "u-1", from: "under_review", to: "acknowledged", action: "acknowledge", actorId: "m-1", note: null, at: "2026-12-05T11:00:00.000Z", ...over },
});
const award = { userId: "u-1", sourceType: "report", sourceId: "r-1" };

describe("reportAwardFor (the reputation rules)", () => {
  it("awards the filing of a report", () => {
    expect(reportAwardFor(created)).toEqual({ ...award, reason: "report_filed", points: REPORT_FILED_POINTS, eventId: "evt-created" });
  });

  it.each(["acknowledged", "in_progress", "resolved"])("awards a report accepted as a real problem (%s), under one reason", (to) => {
    expect(reportAwardFor(changed({ to }))).toEqual({ ...award, reason: "report_acknowledged", points: REPORT_ACKNOWLEDGED_POINTS, eventId: "evt-changed" });
  });

  it("takes the filing award back from a report rejected as spam", () => {
    expect(reportAwardFor(changed({ to: "rejected", action: "reject", rejectReason: "spam" }))).toMatchObject({ reason: "report_rejected_spam", points: -REPORT_FILED_POINTS });
  });

  it.each([
    ["rejected for another reason", { to: "rejected", action: "reject", rejectReason: "out_of_scope" }],
    ["marked a duplicate", { to: "duplicate", action: "duplicate" }],
    ["moved back to review", { to: "under_review" }],
  ] as const)("gives and takes nothing for a report %s", (_what, over) => {
    expect(reportAwardFor(changed(over))).toBeNull();
  });
});
