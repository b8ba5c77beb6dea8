import "server-only";
import { z } from "zod";

/** Admin inputs for keys. */
export const issueKeyInput = z.object({
  name: z.string({ error: "name is required" }).trim().min(2, "name must be at least 2 characters").max(80, "name must be at most 80 characters"),
  requestsPerHour: z.number({ error: "requestsPerHour must be a number" }).int("requestsPerHour must be a whole number").min(1, "requestsPerHour must be at least 1").max(100_000, "requestsPerHour must be at most 100000").default(600),
});
export const keyIdInput = z.object({ keyId: z.uuid({ error: "keyId must be a key id" }) });
export const setKeyLimitInput = keyIdInput.extend({
  requestsPerHour: z.number({ error: "requestsPerHour must be a number" }).int("requestsPerHour must be a whole number").min(1, "requestsPerHour must be at least 1").max(100_000, "requestsPerHour must be at most 100000"),
});

/** The spec's default span and row count, and the largest span a query may ask for. */
export const MAX_SPAN_DAYS = 90;
export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 1000;
export const MAX_PAGE = 1000;
/** How many ids or codes one comma list may name. */
export const MAX_LIST = 100;

export interface RequestFilters {
  ids: string[] | null;
  serviceCodes: string[] | null;
  statuses: ("open" | "closed")[] | null;
  start: Date;
  end: Date;
  page: number;
  pageSize: number;
}
