import { describe, expect, it, vi } from "vitest";
import { afterThisResponse, withAfterResponse } from "@/server/outbox/after-response";

describe("after-response queue (production server's after())", () => {
  it("runs queued work only once the response is done, in order, past a failing task", async () => {
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    const ran: string[] = [];
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const queued = await withAfterResponse(finished, async () => {
      await Promise.resolve(); // still the same request after an await
      return [
        afterThisResponse(() => ran.push("relay")),
        afterThisResponse(() => {
          throw new Error("provider down");
        }),
        afterThisResponse(async () => ran.push("second")),
      ];
    });
    expect(queued).toEqual([true, true, true]);
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual([]);
    finish();
    await vi.waitFor(() => expect(ran).toEqual(["relay", "second"]));
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it("says no outside a request, so the caller can fall back", () => {
    expect(afterThisResponse(() => {})).toBe(false);
  });
});
