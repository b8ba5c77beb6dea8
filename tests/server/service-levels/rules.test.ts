import { describe, expect, it } from "vitest";
import { deadlinesFrom, targetFor, type ServiceLevelTarget } from "@/server/domain/service-levels/deadlines";
import { digestHour, groupDigest, type OverdueItem } from "@/server/domain/service-levels/digest";
import { reachedAt, stageMet, stageMetExpression, stageOutcome } from "@/server/domain/service-levels/stages";
import { onTimePercent, quantile } from "@/server/domain/service-levels/statistics";
import { prioritize } from "@/server/triage/priority";

const targets: ServiceLevelTarget[] = [
  { category: "roads", priority: "any", acknowledgeHours: 48, resolveDays: 14 },
  { category: "roads", priority: "urgent", acknowledgeHours: 2, resolveDays: 1 },
  { category: "other", priority: "any", acknowledgeHours: 72, resolveDays: 30 },
];
const t0 = new Date("2026-12-01T10:00:00Z");
const h = (n: number) => new Date(t0.getTime() + n * 3_600_000);

describe("service-level rules", () => {
  it("picks the priority's own target, else the category's default, else other's", () => {
    expect(targetFor(targets, "roads", "urgent")?.acknowledgeHours).toBe(2);
    expect(targetFor(targets, "roads", "low")?.acknowledgeHours).toBe(48);
    expect(targetFor(targets, "garbage", "low")?.acknowledgeHours).toBe(72);
    expect(targetFor(targets, null, null)?.acknowledgeHours).toBe(72);
    expect(targetFor([], "roads", null)).toBeNull();
  });

  it("counts deadlines from filing", () => {
    expect(deadlinesFrom(t0, { acknowledgeHours: 48, resolveDays: 14 })).toEqual({ acknowledgeBy: h(48), resolveBy: h(14 * 24) });
  });

  it("a stage is met, late, overdue, pending or not applicable", () => {
    expect(stageOutcome(h(24), h(24), h(30))).toBe("met");
    expect(stageOutcome(h(24), h(25), h(30))).toBe("late");
    expect(stageOutcome(h(24), null, h(25))).toBe("overdue");
    expect(stageOutcome(h(24), null, h(23))).toBe("pending");
    expect(stageOutcome(null, null, h(23))).toBe("not-applicable");
    expect(stageOutcome(h(24), null, h(25), { endedWithoutResolution: true })).toBe("not-applicable");
    expect([stageMet("met"), stageMet("late"), stageMet("overdue"), stageMet("pending")]).toEqual([true, false, false, null]);
  });

  it("reads when a stage was first reached from the timeline; triage's under_review does not acknowledge", () => {
    const timeline = [
      { toStatus: "submitted", createdAt: h(0) },
      { toStatus: "under_review", createdAt: h(1) },
      { toStatus: null, createdAt: h(2) },
      { toStatus: "in_progress", createdAt: h(5) },
      { toStatus: "resolved", createdAt: h(9) },
    ];
    expect(reachedAt("acknowledge", timeline)).toEqual(h(5));
    expect(reachedAt("resolve", timeline)).toEqual(h(9));
    expect(reachedAt("resolve", timeline.slice(0, 3))).toBeNull();
  });

  it("the wait's expression names this report and the statuses that meet the stage, and takes nothing else", () => {
    const id = "0b7f6c1e-3f1a-4c52-9a43-5d2f0e4b8a11";
    expect(stageMetExpression("resolve", id)).toBe(`async.data.reportId == '${id}' && (async.data.to == 'resolved' || async.data.to == 'rejected' || async.data.to == 'duplicate')`);
    expect(() => stageMetExpression("resolve", "x' || true || '")).toThrow(/not a report id/);
  });

  it("a missed deadline raises the priority one level by the rule, up to urgent", () => {
    const base = { severity: "medium" as const, category: "roads" as const, hazard: false };
    expect(prioritize(base).priority).toBe("normal");
    expect(prioritize({ ...base, missedDeadlines: 1 }).priority).toBe("high");
    expect(prioritize({ ...base, missedDeadlines: 2 }).priority).toBe("urgent");
    expect(prioritize({ ...base, supportCount: 5, missedDeadlines: 2 }).priority).toBe("urgent");
  });

  it("groups a digest: unacknowledged first, longest overdue first", () => {
    const item = (ref: string, stage: OverdueItem["stage"], deadline: Date): OverdueItem => ({ reportId: ref, ref, title: ref, category: "roads", stage, deadline });
    const groups = groupDigest([item("B", "resolve", h(3)), item("C", "acknowledge", h(2)), item("A", "acknowledge", h(1)), item("D", "resolve", h(1))]);
    expect(groups.map((g) => [g.stage, g.items.map((i) => i.ref)])).toEqual([
      ["acknowledge", ["A", "C"]],
      ["resolve", ["D", "B"]],
    ]);
    expect(groupDigest([])).toEqual([]);
    expect(digestHour(new Date("2026-12-01T10:59:59.999Z"))).toEqual(new Date("2026-12-01T10:00:00Z"));
  });

  it("statistics: on-time share of decided cases, quantiles as percentile_cont", () => {
    expect(onTimePercent(1, 3)).toBe(33);
    expect(onTimePercent(0, 0)).toBeNull();
    expect(quantile([2, 30], 0.5)).toBe(16);
    expect(quantile([2, 30], 0.9)).toBeCloseTo(27.2);
    expect(quantile([], 0.5)).toBeNull();
  });
});
