import { describe, expect, it } from "vitest";
import { humanize, labelOf, labelsFrom } from "@/lib/labels";
import { STATUSES } from "@/shared/report-catalog";
import { labelsIn } from "../support/labels";

const en = labelsIn("en");
const hi = labelsIn("hi");

describe("labels", () => {
  it("says a category correction in words, from and to", () => {
    expect(en.timelineEntryText("category_changed", { category: { from: "roads", to: "garbage" } })).toBe("Category changed from Roads & potholes to Garbage & sanitation");
    expect(en.timelineEntryText("category_changed", { category: { from: null, to: "garbage" }, severity: { from: "low", to: "high" } })).toBe(
      "Category changed to Garbage & sanitation; Severity changed from Low to High",
    );
    expect(en.timelineEntryText("priority_changed", { priority: { from: "normal", to: "urgent" } })).toBe("Priority changed from Normal priority to Urgent");
  });

  it("says it in Hindi too, with the Hindi labels inside the sentence", () => {
    expect(hi.timelineEntryText("category_changed", { category: { from: "roads", to: "garbage" } })).toBe("श्रेणी सड़कें और गड्ढे से बदलकर कूड़ा और सफ़ाई की गई");
    expect(hi.timelineEntryText("priority_changed", { priority: { from: null, to: "urgent" } })).toBe("प्राथमिकता बदलकर अति आवश्यक की गई");
    expect(hi.timelineEntryText("note", null)).toBe("टीम की ओर से टिप्पणी");
    expect(labelOf(hi.STATUS_LABELS, "under_review")).toBe("समीक्षा में");
  });

  it("says CivicLens's own notes in the reader's language, and people's notes as they wrote them", () => {
    const triaged = { kind: "triaged", actorRole: "system", note: "Sorted as Roads & potholes, priority high.", change: { category: { from: null, to: "roads" }, priority: { from: null, to: "high" } } };
    // English reads exactly as the stored note did.
    expect(en.timelineNote(triaged)).toBe("Sorted as Roads & potholes, priority high.");
    expect(hi.timelineNote(triaged)).toBe("सड़कें और गड्ढे में छाँटा गया, प्राथमिकता ऊँची।");
    const raised = { kind: "priority_changed", actorRole: "system", note: "Priority raised to high: 5 residents support it.", change: { priority: { from: "normal", to: "high" }, supportCount: 5 } };
    expect(en.timelineNote(raised)).toBe("Priority raised to high: 5 residents support it.");
    expect(hi.timelineNote({ ...raised, change: { ...raised.change, supportCount: 1 } })).toBe("प्राथमिकता बढ़ाकर ऊँची की गई: 1 निवासी इसका समर्थन करता है।");
    expect(en.timelineNote({ ...raised, change: { priority: { from: "urgent", to: "high" }, supportCount: 1 } })).toBe("Priority lowered to high: 1 resident supports it.");
    // A moderator's words, and an older entry that recorded nothing to say it from, stay as stored.
    expect(hi.timelineNote({ kind: "status_changed", actorRole: "moderator", note: "Crew sent on Monday", change: null })).toBe("Crew sent on Monday");
    expect(hi.timelineNote({ ...triaged, change: null })).toBe("Sorted as Roads & potholes, priority high.");
  });

  it("never shows a raw code: known kinds by their label, unknown ones made readable", () => {
    expect(en.timelineEntryText("category_changed", null)).toBe("Category changed");
    expect(en.timelineEntryText("status_changed", null)).toBe(en.TIMELINE_KIND_LABELS.status_changed);
    expect(labelOf(en.STATUS_LABELS, "under_review")).toBe("Under review");
    expect(labelOf(en.STATUS_LABELS, "escalated_to_ward")).toBe("Escalated to ward");
    expect(hi.timelineEntryText("escalated", null)).toBe("Escalated");
    expect(humanize("notify-followers")).toBe("Notify followers");
    for (const s of STATUSES) expect(en.STATUS_LABELS[s]).not.toMatch(/_/);
  });

  it("tells citizens about background work as plain progress, with no function ids or timings", () => {
    for (const labels of [en, hi]) {
      for (const label of [...Object.values(labels.CITIZEN_WORK_LABELS), ...Object.values(labels.CITIZEN_PROGRESS_LABELS)]) {
        expect(label).not.toMatch(/[a-z]+[-_][a-z]+|\bms\b|\d/);
      }
    }
    expect(labelOf(en.CITIZEN_WORK_LABELS, "triage-report")).toBe("Checking your report");
    expect(labelOf(en.CITIZEN_PROGRESS_LABELS, "completed")).toBe("Done");
    expect(labelOf(hi.CITIZEN_WORK_LABELS, "triage-report")).toBe("आपकी रिपोर्ट जाँची जा रही है");
  });

  it("builds only the vocabularies a component reads, once each", () => {
    const keys: string[] = [];
    const labels = labelsFrom((key) => (keys.push(key), key));
    expect(keys).toEqual([]);
    const { STATUS_LABELS } = labels;
    expect(keys).toHaveLength(Object.keys(STATUS_LABELS).length);
    expect(labels.STATUS_LABELS).toBe(STATUS_LABELS);
    expect(keys.every((k) => k.startsWith("status."))).toBe(true);
  });
});
