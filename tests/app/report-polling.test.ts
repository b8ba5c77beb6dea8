import { describe, expect, it } from "vitest";
import { POLL_EVERY_MS, POLL_FOR_AT_MOST_MS, reportRefetchInterval } from "@/app/reports/[ref]/report-polling";

const run = (functionId: string, status = "completed") => ({ functionId, status });
const allDone = [run("award-reputation"), run("triage-report"), run("record-audit")];

describe("reportRefetchInterval (the report page's polling)", () => {
  it("polls while the report is still submitted, whatever the runs say", () => {
    expect(reportRefetchInterval({ status: "submitted", runs: allDone }, 0)).toBe(POLL_EVERY_MS);
    expect(reportRefetchInterval({ status: "submitted", runs: null }, 0)).toBe(POLL_EVERY_MS);
  });

  it("keeps polling after triage while another run is not recorded yet", () => {
    // The bug: triage had moved the report on and the page stopped before the other runs showed up.
    expect(reportRefetchInterval({ status: "under_review", runs: [run("triage-report")] }, 5_000)).toBe(POLL_EVERY_MS);
    expect(reportRefetchInterval({ status: "under_review", runs: [] }, 5_000)).toBe(POLL_EVERY_MS);
  });

  it.each(["running", "retrying"])("keeps polling while a run is %s", (status) => {
    const runs = [run("award-reputation", status), run("triage-report"), run("record-audit")];
    expect(reportRefetchInterval({ status: "under_review", runs }, 5_000)).toBe(POLL_EVERY_MS);
  });

  it("stops once every expected run has finished, failed ones included", () => {
    expect(reportRefetchInterval({ status: "under_review", runs: allDone }, 5_000)).toBe(false);
    const oneFailed = [run("award-reputation", "failed"), run("triage-report"), run("record-audit")];
    expect(reportRefetchInterval({ status: "under_review", runs: oneFailed }, 5_000)).toBe(false);
  });

  it("waits for later runs too (a moderator's status change starts more)", () => {
    const runs = [...allDone, run("notify-reporter", "running")];
    expect(reportRefetchInterval({ status: "resolved", runs }, 5_000)).toBe(POLL_EVERY_MS);
  });

  it("stops for people who cannot see the runs once the report is sorted", () => {
    expect(reportRefetchInterval({ status: "under_review", runs: null }, 5_000)).toBe(false);
  });

  it("gives up after the cap, even with work outstanding", () => {
    expect(reportRefetchInterval({ status: "submitted", runs: [] }, POLL_FOR_AT_MOST_MS - 1)).toBe(POLL_EVERY_MS);
    expect(reportRefetchInterval({ status: "submitted", runs: [] }, POLL_FOR_AT_MOST_MS)).toBe(false);
    expect(reportRefetchInterval({ status: "under_review", runs: [run("triage-report", "running")] }, POLL_FOR_AT_MOST_MS)).toBe(false);
  });

  it("does not poll before there is a report (still loading, or not found)", () => {
    expect(reportRefetchInterval(undefined, 0)).toBe(false);
  });
});
