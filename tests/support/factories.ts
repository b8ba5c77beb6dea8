import type { DB } from "@/server/db/client";
import type { Role } from "@/server/db/schema";
import type { SubmitReportInput } from "@/server/domain/reports/report.schemas";

let n = 0;
/** A user with a unique phone number. */
export async function createUser(db: DB, over: { role?: Role; name?: string } = {}) {
  n += 1;
  const phone = `+9198${String(Date.now() % 1e6).padStart(6, "0")}${String(n).padStart(2, "0")}`.slice(0, 13);
  return db
    .insertInto("users")
    .values({ phone, role: over.role ?? "citizen", name: over.name ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function reportInput(over: Partial<SubmitReportInput> = {}): SubmitReportInput {
  return {
    title: "Deep pothole near the bus stop",
    description: "A deep pothole has opened on the left lane; two-wheelers swerve into traffic to avoid it.",
    latitude: 12.9716,
    longitude: 77.5946,
    severity: "high",
    ...over,
  };
}

export const client = { ip: "203.0.113.5", userAgent: "vitest" };
export const limits = { perUser: 10, windowSeconds: 3600 };
