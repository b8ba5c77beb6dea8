import "server-only";
import { AppError } from "../errors";
import type { Status } from "@/shared/report-catalog";
import { said } from "../server-messages";

/**
 * The report lifecycle, in one place. submitted -> under_review (triage) -> acknowledged ->
 * in_progress -> resolved; any open report can be rejected or marked a duplicate. Closed reports
 * (resolved, rejected, duplicate) do not move again.
 */
const TRANSITIONS: Record<Status, readonly Status[]> = {
  submitted: ["under_review", "acknowledged", "rejected", "duplicate"],
  under_review: ["acknowledged", "in_progress", "rejected", "duplicate"],
  acknowledged: ["in_progress", "resolved", "rejected", "duplicate"],
  in_progress: ["resolved", "rejected", "duplicate"],
  resolved: [],
  rejected: [],
  duplicate: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: Status): readonly Status[] {
  return TRANSITIONS[from];
}

export function assertTransition(from: Status, to: Status): void {
  if (!canTransition(from, to)) {
    throw new AppError("CONFLICT", said("transitionRefused", { from, to }), {
      field: "action",
    });
  }
}

export function isClosed(status: Status): boolean {
  return TRANSITIONS[status].length === 0;
}
