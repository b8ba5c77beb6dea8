import { describe, expect, it, vi } from "vitest";
import { SESSION_CHANNEL, announceSessionChange, onSessionChange } from "@/lib/session-sync";

// Node's BroadcastChannel delivers between channel objects of one process as a browser does between
// tabs: a second object stands in for another tab.
describe("session sync between tabs", () => {
  it("tells other tabs of a sign-out, hears theirs, and does not hear its own", async () => {
    const heard: string[] = [];
    const stop = onSessionChange((change) => heard.push(change));
    const otherTab = new BroadcastChannel(SESSION_CHANNEL);
    const otherHeard: unknown[] = [];
    otherTab.onmessage = (e) => otherHeard.push((e as MessageEvent).data);
    try {
      announceSessionChange("signed-out");
      await vi.waitFor(() => expect(otherHeard).toEqual(["signed-out"]));
      otherTab.postMessage("signed-in");
      await vi.waitFor(() => expect(heard).toEqual(["signed-in"]));
      // This tab's own announcement never came back to it (it navigates by itself).
      await new Promise((r) => setTimeout(r, 50));
      expect(heard).toEqual(["signed-in"]);

      stop();
      otherTab.postMessage("signed-out");
      await new Promise((r) => setTimeout(r, 50));
      expect(heard).toEqual(["signed-in"]);
    } finally {
      otherTab.close();
    }
  });
});
