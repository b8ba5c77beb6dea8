import "server-only";
import type { Executor } from "../../db/client";
import { classifyReport, prioritize } from "../../triage";
import type { TriageResult } from "./apply-triage";
import { findReport } from "./report-queries";

/**
 * The triage verdict on a filed report, or null when there is no such report: the classifier's
 * category and hazard from its text, and a priority from its severity, the hazard and the category,
 * where the citizen's own category, when they chose one, counts over the classifier's.
 */
export async function assessReport(db: Executor, reportId: string): Promise<TriageResult | null> {
  const report = await findReport(db, reportId);
  if (!report) return null;
  const c = classifyReport({ title: report.title, description: report.description });
  const category = (report.citizen_category as typeof c.category | null) ?? c.category;
  const p = prioritize({ severity: report.severity, category, hazard: c.hazard, supportCount: report.support_count });
  return { classification: c.category, confidence: c.confidence, hazard: c.hazard, priority: p.priority, reasons: p.reasons, modelVersion: c.modelVersion };
}
