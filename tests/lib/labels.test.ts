import { describe, expect, it } from "vitest";
import { CITIZEN_PROGRESS_LABELS, CITIZEN_WORK_LABELS, STATUS_LABELS, TIMELINE_KIND_LABELS, humanize, labelOf, timelineEntryText } from "@/lib/labels";
import { STATUSES } from "@/shared/report-catalog";

describe("labels", () => {
  it("says a category correction in words, from and to", () => {
    expect(timelineEntryText("category_changed", { category: { from: "roads", to: "garbage" } })).toBe("Category changed from Roads & potholes to Garbage & sanitation");
    expect(timelineEntryText("category_changed", { category: { from: null, to: "garbage" }, severity: { from: "low", to: "high" } })).toBe(
      "Category changed to Garbage & sanitation; Severity changed from Low to High",
    );
    expect(timelineEntryText("priority_changed", { priority: { from: "normal", to: "urgent" } })).toBe("Priority changed from Normal priority to Urgent");
  });

  it("never shows a raw code: known kinds by their label, unknown ones made readable", () => {
    expect(timelineEntryText("category_changed", null)).toBe("Category changed");
    expect(timelineEntryText("status_changed", null)).toBe(TIMELINE_KIND_LABELS.status_changed);
    expect(labelOf(STATUS_LABELS, "under_review")).toBe("Under review");
    expect(labelOf(STATUS_LABELS, "escalated_to_ward")).toBe("Escalated to ward");
    expect(humanize("notify-followers")).toBe("Notify followers");
    for (const s of STATUSES) expect(STATUS_LABELS[s]).not.toMatch(/_/);
  });

  it("tells citizens about background work as plain progress, with no function ids or timings", () => {
    for (const label of [...Object.values(CITIZEN_WORK_LABELS), ...Object.values(CITIZEN_PROGRESS_LABELS)]) {
      expect(label).not.toMatch(/[a-z]+-[a-z]+|\bms\b|\d/);
    }
    expect(labelOf(CITIZEN_WORK_LABELS, "triage-report")).toBe("Checking your report");
    expect(labelOf(CITIZEN_PROGRESS_LABELS, "completed")).toBe("Done");
  });
});
