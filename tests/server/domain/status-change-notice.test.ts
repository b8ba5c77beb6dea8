import { describe, expect, it } from "vitest";
import { notifiesReporter } from "@/server/domain/reports/status-change-notice";
import { STATUSES } from "@/shared/report-catalog";

describe("notifiesReporter (which status changes the reporter hears about)", () => {
  it("tells the reporter of a moderator's decision, and of nothing else", () => {
    const notified = STATUSES.filter((to) => notifiesReporter({ from: "submitted", to }));
    expect(notified).toEqual(["acknowledged", "in_progress", "resolved", "rejected", "duplicate"]);
  });

  it("says nothing for a change that keeps the status (a correction of category or severity)", () => {
    expect(notifiesReporter({ from: "acknowledged", to: "acknowledged" })).toBe(false);
  });
});
