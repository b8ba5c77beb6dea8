/**
 * Every request has an id: the caller's when it is a short safe token, else a fresh one; on the
 * answer, on the request the app reads, and on every line logged while it is answered.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/trpc/[trpc]/route";
import { createLogger } from "@/server/logging/logger";
import { requestIdFrom, serveWithRequestId } from "@/server/logging/request-id";
import { useTestDb } from "../../support/test-db";

useTestDb();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request ids", () => {
  it("reuses a short safe token and replaces anything else", () => {
    expect(requestIdFrom("lb-7f3a.2:9_x")).toBe("lb-7f3a.2:9_x");
    for (const unsafe of [undefined, null, "", "a b", "x".repeat(65), "id\"><script>", "+919876543210", ["a", "b"]]) {
      expect(requestIdFrom(unsafe), String(unsafe)).toMatch(UUID);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });

  it("the production server's requests carry theirs on the answer, the request and each line logged", async () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", output: "json", destination: { write: (line: string) => void lines.push(line) } });
    const server = createServer((req, res) =>
      serveWithRequestId(req, res, () => {
        setTimeout(() => {
          log.info("answering");
          res.end(String(req.headers["x-request-id"]));
        }, 1);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const given = await fetch(url, { headers: { "x-request-id": "edge-42" } });
      expect(given.headers.get("x-request-id")).toBe("edge-42");
      expect(await given.text()).toBe("edge-42");

      const fresh = await fetch(url, { headers: { "x-request-id": "not safe at all" } });
      const id = fresh.headers.get("x-request-id");
      expect(id).toMatch(UUID);
      expect(await fresh.text()).toBe(id);

      expect(lines.map((l) => (JSON.parse(l) as { requestId?: string }).requestId)).toEqual(["edge-42", id]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("the Next tRPC route's answers carry theirs", async () => {
    const given = await GET(new Request("http://localhost:3000/api/trpc/system.ping", { headers: { "x-request-id": "edge-43" } }));
    expect(given.status).toBe(200);
    expect(given.headers.get("x-request-id")).toBe("edge-43");
    const refused = await GET(new Request(`http://localhost:3000/api/trpc/${Array(12).fill("system.ping").join(",")}?batch=1`));
    expect(refused.status).toBe(400);
    expect(refused.headers.get("x-request-id")).toMatch(UUID);
  });
});
