import { describe, expect, it } from "vitest";
import { authorRoleOf, effectOf, pendingRequest, postRefusal } from "@/server/domain/updates/update-rules";

const reporter = { id: "r", role: "citizen" as const };
const neighbour = { id: "n", role: "citizen" as const };
const moderator = { id: "m", role: "moderator" as const };
const on = (status: "submitted" | "in_progress" | "resolved" | "rejected" | "duplicate") => ({ status, reporter_id: "r" });

describe("update rules", () => {
  it("names the author by what they are to the report", () => {
    expect(authorRoleOf(on("submitted"), reporter)).toBe("reporter");
    expect(authorRoleOf(on("submitted"), neighbour)).toBe("citizen");
    expect(authorRoleOf(on("submitted"), moderator)).toBe("staff");
  });

  it("a reporter's 'fixed' confirms a resolved report and asks to close an open one", () => {
    expect(effectOf(on("resolved"), reporter, "fixed")).toBe("confirms_resolution");
    expect(effectOf(on("in_progress"), reporter, "fixed")).toBe("close_request");
    // A neighbour cannot confirm for the reporter; on an open report their word is a request too.
    expect(effectOf(on("resolved"), neighbour, "fixed")).toBeNull();
    expect(effectOf(on("submitted"), neighbour, "fixed")).toBe("close_request");
  });

  it("'still there' on a resolved report asks to reopen; on an open one it is on the record only", () => {
    expect(effectOf(on("resolved"), neighbour, "still_there")).toBe("reopen_request");
    expect(effectOf(on("resolved"), reporter, "still_there")).toBe("reopen_request");
    expect(effectOf(on("in_progress"), neighbour, "still_there")).toBeNull();
    expect(effectOf(on("resolved"), neighbour, "note")).toBeNull();
    expect(effectOf(on("resolved"), moderator, "staff")).toBeNull();
  });

  it("refuses rejected and duplicate reports, and keeps staff and citizen kinds apart", () => {
    expect(postRefusal(on("rejected"), reporter, "note")).toMatchObject({ code: "CONFLICT", field: "reportId" });
    expect(postRefusal(on("duplicate"), neighbour, "still_there")).toMatchObject({ code: "CONFLICT", field: "reportId" });
    expect(postRefusal(on("submitted"), neighbour, "staff")).toMatchObject({ code: "FORBIDDEN", field: "kind" });
    expect(postRefusal(on("submitted"), moderator, "note")).toMatchObject({ code: "FORBIDDEN", field: "kind" });
    expect(postRefusal(on("resolved"), neighbour, "still_there")).toBeNull();
    expect(postRefusal(on("resolved"), moderator, "staff")).toBeNull();
  });

  it("a request waits until a status change or a staff update answers it; hidden ones never wait", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const close = { kind: "fixed" as const, effect: "close_request" as const, created_at: at(10), hidden_at: null };
    const reopen = { kind: "still_there" as const, effect: "reopen_request" as const, created_at: at(20), hidden_at: null };
    const staff = { kind: "staff" as const, effect: null, created_at: at(30), hidden_at: null };
    expect(pendingRequest([close], null)).toBe(close);
    expect(pendingRequest([close], at(15))).toBeNull();
    expect(pendingRequest([close, reopen], at(15))).toBe(reopen);
    expect(pendingRequest([close, reopen, staff], null)).toBeNull();
    expect(pendingRequest([{ ...reopen, hidden_at: at(25) }], null)).toBeNull();
  });
});
