import { describe, expect, it } from "vitest";
import { DRAFT_KEY_PREFIX, type ReportDraft, clearAllDrafts, clearDraft, readDraft, writeDraft } from "@/lib/report-draft";

/** sessionStorage as a browser tab has it, in memory. */
class MemoryStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const ALICE = "6f1d2c1e-0000-4000-8000-000000000001";
const BOB = "6f1d2c1e-0000-4000-8000-000000000002";

const draft: ReportDraft = {
  title: "Pothole near the bus stop",
  description: "",
  severity: "high",
  category: "",
  address: "",
  latitude: "12.93",
  longitude: "",
  submissionKey: "5b0c3f0e-2a4b-4c1d-9e8f-0a1b2c3d4e5f",
};

describe("the report draft kept in the tab", () => {
  it("comes back as it was written, key included, for the account that wrote it only", () => {
    const storage = new MemoryStorage();
    writeDraft(storage, ALICE, draft);
    expect(readDraft(storage, ALICE)).toEqual(draft);
    expect(readDraft(storage, BOB)).toBeNull();
  });

  it("is not kept for an untouched form, and an emptied form drops the one kept", () => {
    const storage = new MemoryStorage();
    const empty = { ...draft, title: "", latitude: "" };
    writeDraft(storage, ALICE, empty);
    expect(storage.length).toBe(0);
    writeDraft(storage, ALICE, draft);
    writeDraft(storage, ALICE, { ...empty, title: "   " });
    expect(readDraft(storage, ALICE)).toBeNull();
    expect(storage.length).toBe(0);
    // A chosen category alone is something the citizen did.
    writeDraft(storage, ALICE, { ...empty, category: "roads" });
    expect(readDraft(storage, ALICE)?.category).toBe("roads");
  });

  it("reads anything that is not a draft as none", () => {
    const storage = new MemoryStorage();
    const key = DRAFT_KEY_PREFIX + ALICE;
    for (const stored of [
      "{not json",
      "null",
      '"a string"',
      JSON.stringify({ ...draft, severity: "apocalyptic" }),
      JSON.stringify({ ...draft, category: "moon" }),
      JSON.stringify({ ...draft, submissionKey: "not-a-uuid" }),
      JSON.stringify({ ...draft, title: 42 }),
      JSON.stringify({ title: "Only a title" }),
    ]) {
      storage.setItem(key, stored);
      expect(readDraft(storage, ALICE), stored).toBeNull();
    }
  });

  it("is dropped when filed, and every account's is dropped on sign-out; other keys stay", () => {
    const storage = new MemoryStorage();
    storage.setItem("something-else", "1");
    writeDraft(storage, ALICE, draft);
    writeDraft(storage, BOB, draft);
    clearDraft(storage, ALICE);
    expect(readDraft(storage, ALICE)).toBeNull();
    expect(readDraft(storage, BOB)).toEqual(draft);
    writeDraft(storage, ALICE, draft);
    clearAllDrafts(storage);
    expect(readDraft(storage, ALICE)).toBeNull();
    expect(readDraft(storage, BOB)).toBeNull();
    expect(storage.getItem("something-else")).toBe("1");
  });

  it("works on without storage: refused, full, or absent", () => {
    const refusing = {
      length: 0,
      key: () => null,
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(() => writeDraft(refusing, ALICE, draft)).not.toThrow();
    expect(readDraft(refusing, ALICE)).toBeNull();
    expect(() => clearDraft(refusing, ALICE)).not.toThrow();
    expect(() => clearAllDrafts(refusing)).not.toThrow();
    expect(readDraft(null, ALICE)).toBeNull();
    expect(() => writeDraft(null, ALICE, draft)).not.toThrow();
  });
});
