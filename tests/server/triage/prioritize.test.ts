import { describe, expect, it } from "vitest";
import { CATEGORIES, type Category, type Priority, prioritize, type Severity, SEVERITIES } from "@/server/triage";

describe("prioritize", () => {
  it.each<[Severity, Category, boolean, Priority]>([
    // Rule 1: severity is the base.
    ["low", "roads", false, "low"],
    ["medium", "roads", false, "normal"],
    ["high", "garbage", false, "high"],
    ["critical", "water_supply", false, "urgent"],
    // Rule 2: a hazard raises one level, to at least high.
    ["low", "drainage", true, "high"],
    ["medium", "trees_parks", true, "high"],
    ["high", "roads", true, "urgent"],
    ["critical", "streetlights", true, "urgent"],
    // Rule 3: a hazard in a life-safety category is always urgent.
    ["low", "electricity", true, "urgent"],
    ["medium", "public_safety", true, "urgent"],
    ["low", "electricity", false, "low"],
    // Rule 4: public_safety is never below normal.
    ["low", "public_safety", false, "normal"],
    ["high", "public_safety", false, "high"],
    // Rule 5: `other` without a hazard is capped at normal.
    ["critical", "other", false, "normal"],
    ["high", "other", false, "normal"],
    ["low", "other", false, "low"],
    ["critical", "other", true, "urgent"],
  ])("%s / %s / hazard=%s → %s", (severity, category, hazard, expected) => {
    const { priority, reasons } = prioritize({ severity, category, hazard });
    expect(priority).toBe(expected);
    expect(reasons[0]).toContain(`severity ${severity}`);
  });

  it("explains every change it makes", () => {
    expect(prioritize({ severity: "medium", category: "electricity", hazard: true }).reasons).toEqual([
      "severity medium → normal",
      "hazard detected → high",
      "life-safety hazard (electricity) → urgent",
    ]);
    expect(prioritize({ severity: "critical", category: "other", hazard: false }).reasons).toHaveLength(2);
  });

  it("never lowers the priority of a hazard and is total over all inputs", () => {
    const order = ["low", "normal", "high", "urgent"];
    for (const severity of SEVERITIES)
      for (const category of CATEGORIES) {
        const without = prioritize({ severity, category, hazard: false }).priority;
        const withHazard = prioritize({ severity, category, hazard: true }).priority;
        expect(order.indexOf(withHazard)).toBeGreaterThanOrEqual(Math.max(order.indexOf(without), order.indexOf("high")));
      }
  });

  it("rejects an unknown severity", () => {
    expect(() => prioritize({ severity: "extreme" as Severity, category: "roads", hazard: false })).toThrow(/severity/);
  });

  describe("rule 6: support", () => {
    it.each<[Severity, Category, boolean, number, Priority]>([
      ["low", "roads", false, 0, "low"],
      ["low", "roads", false, 4, "low"],
      ["low", "roads", false, 5, "normal"],
      ["low", "roads", false, 9, "normal"],
      ["low", "roads", false, 10, "high"],
      ["low", "roads", false, 15, "urgent"],
      ["low", "roads", false, 1000, "urgent"],
      ["medium", "garbage", false, 5, "high"],
      ["high", "drainage", true, 5, "urgent"],
      // On top of the cap for `other`.
      ["critical", "other", false, 5, "high"],
    ])(
      "%s / %s / hazard=%s / %i supports → %s",
      (severity, category, hazard, supportCount, expected) => {
        expect(prioritize({ severity, category, hazard, supportCount }).priority).toBe(expected);
      },
    );

    it("says why it raised, and never lowers", () => {
      expect(prioritize({ severity: "low", category: "roads", hazard: false, supportCount: 12 }).reasons).toEqual(["severity low → low", "12 supports → high"]);
      const order = ["low", "normal", "high", "urgent"];
      for (const severity of SEVERITIES)
        for (const category of CATEGORIES)
          for (const supportCount of [0, 3, 5, 11, 30]) {
            const without = prioritize({ severity, category, hazard: false }).priority;
            expect(order.indexOf(prioritize({ severity, category, hazard: false, supportCount }).priority)).toBeGreaterThanOrEqual(order.indexOf(without));
          }
    });
  });
});
