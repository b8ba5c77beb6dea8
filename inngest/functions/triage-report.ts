import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { applyTriage } from "@/server/domain/reports/apply-triage";
import { assessReport } from "@/server/domain/reports/assess-report";
import { inngest } from "../client";
import { reportCreated } from "../events";

/** Sorts a new report: category and priority with a confidence, then under_review with a timeline entry. */
export const triageReport = inngest.createFunction(
  { id: "triage-report", name: "Triage report", triggers: [reportCreated], retries: 4, concurrency: { limit: 3 } },
  async ({ event, step }) => {
    const verdict = await step.run("classify", async () => {
      const assessed = await assessReport(backgroundDb(), event.data.reportId);
      if (!assessed) throw new NonRetriableError(`report ${event.data.reportId} does not exist`);
      return assessed;
    });
    return step.run("apply-triage", () => applyTriage(backgroundDb(), event.data.reportId, verdict, event.id));
  },
);
