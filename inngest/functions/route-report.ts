import { backgroundDb } from "@/server/db/client";
import { routeReport } from "@/server/domain/bodies/route-report";
import { inngest } from "../client";
import { reportCreated, reportRouteRequested } from "../events";

/**
 * Sends a report to the body responsible for its place and category (ADR 0022): on filing, and
 * again when a moderator recategorises it or moves its location. One run per report at a time; the domain routes from the
 * report as it is now and writes nothing when the body is unchanged, so a duplicate delivery is a no-op.
 */
export const routeReportFn = inngest.createFunction(
  {
    id: "route-report",
    name: "Route report to its body",
    triggers: [reportCreated, reportRouteRequested],
    retries: 4,
    // A few at a time for the whole function; one at a time per report (the row lock would serialise them anyway).
    concurrency: [{ limit: 3 }, { limit: 1, key: "event.data.reportId" }],
  },
  async ({ event, step }) => {
    const reason = "reason" in event.data ? event.data.reason : "created";
    return step.run("route", () => routeReport(backgroundDb(), event.data.reportId, { eventId: event.id, reason }));
  },
);
