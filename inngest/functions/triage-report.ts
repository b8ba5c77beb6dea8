import { NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { applyTriage } from "@/server/domain/reports/apply-triage";
import { findReport } from "@/server/domain/reports/report-queries";
import { classifyReport, prioritize } from "@/server/triage";
import { inngest } from "../client";
import { reportCreated } from "../events";

/** Sorts a new report: category and priority with a confidence, then under_review with a timeline entry. */
export const triageReport = inngest.createFunction(
  { id: "triage-report", name: "Triage report", triggers: [reportCreated], retries: 4, concurrency: { limit: 3 } },
  async ({ event, step }) => {
    const verdict = await step.run("classify", async () => {
      const report = await findReport(backgroundDb(), event.data.reportId);
      if (!report) throw new NonRetriableError(`report ${event.data.reportId} does not exist`);
      const c = classifyReport({ title: report.title, description: report.description });
      const category = (report.citizen_category as typeof c.category | null) ?? c.category;
      const p = prioritize({ severity: report.severity, category, hazard: c.hazard });
      return { classification: c.category, confidence: c.confidence, hazard: c.hazard, priority: p.priority, reasons: p.reasons, modelVersion: c.modelVersion };
    });
    return step.run("apply-triage", () => applyTriage(backgroundDb(), event.data.reportId, verdict, event.id!));
  },
);
