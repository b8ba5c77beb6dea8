import { describe, expect, it } from "vitest";
import { answer, jsonChunks } from "@/server/open311/render";

const item = (i: number) => ({ service_request_id: `CL-2026-${String(i).padStart(6, "0")}`, description: `Pothole "${i}" — गड्ढा\n`, lat: 12.9 + i / 1e4, media_url: null, extended_attributes: { status: "submitted" } });
const list = (n: number) => Array.from({ length: n }, (_, i) => item(i));

async function read(stream: ReadableStream<Uint8Array>): Promise<{ text: string; pieces: number }> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return { text: Buffer.concat(parts).toString("utf8"), pieces: parts.length };
}

describe("Open311 JSON answers of long lists, written in pieces", () => {
  it("are byte for byte JSON.stringify of the whole list, at any length", async () => {
    for (const n of [0, 1, 2, 99, 100, 101, 250, 1000]) {
      expect((await read(jsonChunks(list(n), 100))).text).toBe(JSON.stringify(list(n)));
    }
  });

  it("come a hundred items a piece, so no piece holds the whole answer", async () => {
    expect((await read(jsonChunks(list(1000)))).pieces).toBe(11);
  });

  it("answer a page of 1000 requests as application/json with the list's exact JSON", async () => {
    const res = answer("json", list(1000), { root: "service_requests", item: "request" });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.text()).toBe(JSON.stringify(list(1000)));
    const small = answer("json", [{ code: 404, description: "No such request" }], { root: "errors", item: "error" }, 404);
    expect(small.status).toBe(404);
    expect(await small.json()).toEqual([{ code: 404, description: "No such request" }]);
  });
});
