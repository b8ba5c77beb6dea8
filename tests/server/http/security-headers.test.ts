import { describe, expect, it } from "vitest";
import { newNonce, securityHeaders, securityHeadersFor, tileSource } from "@/server/http/security-headers";

const OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const production = { appUrl: "http://localhost:3000", tileUrl: OSM, dev: false };

/** The policy as directive name -> its sources. */
function directives(headers: Record<string, string>): Map<string, string[]> {
  const csp = headers["Content-Security-Policy"];
  expect(csp).toBeDefined();
  return new Map(csp!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

describe("securityHeaders", () => {
  it("sends the fixed headers on every answer", () => {
    const headers = securityHeaders(production);
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(headers["Permissions-Policy"]).toContain("geolocation=(self)");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
  });

  it("lets only the nonce's scripts run, and nothing frame the app", () => {
    const csp = directives(securityHeaders({ ...production, nonce: "bm9uY2U=" }));
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-bm9uY2U='"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("worker-src")).toEqual(["'self'"]);
    expect(csp.get("manifest-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("without a nonce allows no inline script or style at all", () => {
    const csp = directives(securityHeaders(production));
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("style-src")).toEqual(["'self'"]);
  });

  it("allows eval and inline styles in development only", () => {
    const dev = directives(securityHeaders({ ...production, dev: true, nonce: "abc=" }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("style-src")).toContain("'unsafe-inline'");
    const prod = directives(securityHeaders({ ...production, nonce: "abc=" }));
    expect([...prod.values()].flat()).not.toContain("'unsafe-eval'");
    expect([...prod.values()].flat()).not.toContain("'unsafe-inline'");
  });

  it("admits images from the configured tile host", () => {
    expect(directives(securityHeaders(production)).get("img-src")).toEqual(["'self'", "data:", "blob:", "https://tile.openstreetmap.org"]);
    const local = securityHeaders({ ...production, tileUrl: "http://127.0.0.1:8088/tiles/{z}/{x}/{y}.png" });
    expect(directives(local).get("img-src")).toContain("http://127.0.0.1:8088");
  });

  it("pins an https app to https: HSTS and upgrade-insecure-requests", () => {
    const https = securityHeaders({ ...production, appUrl: "https://civiclens.example.org" });
    expect(https["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(directives(https).has("upgrade-insecure-requests")).toBe(true);
    const http = securityHeaders(production);
    expect(http["Strict-Transport-Security"]).toBeUndefined();
    expect(directives(http).has("upgrade-insecure-requests")).toBe(false);
  });

  it("reads its settings from the environment's names", () => {
    const headers = securityHeadersFor({ APP_URL: "https://civiclens.example.org", MAP_TILE_URL: "https://tiles.example.net/{z}/{x}/{y}.png", NODE_ENV: "development" }, "n0nce");
    const csp = directives(headers);
    expect(headers["Strict-Transport-Security"]).toBeDefined();
    expect(csp.get("img-src")).toContain("https://tiles.example.net");
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-n0nce'", "'strict-dynamic'", "'unsafe-eval'"]);
    const production = directives(securityHeadersFor({ APP_URL: "http://localhost:3000", MAP_TILE_URL: OSM, NODE_ENV: "production" }));
    expect(production.get("script-src")).toEqual(["'self'"]);
  });
});

describe("tileSource", () => {
  it("keeps the scheme, host and port of a tile template", () => {
    expect(tileSource(OSM)).toBe("https://tile.openstreetmap.org");
    expect(tileSource("http://localhost:8080/{z}/{x}/{y}{r}.png")).toBe("http://localhost:8080");
    expect(tileSource("HTTPS://Tiles.Example.NET/{z}/{x}/{y}.png?key=abc")).toBe("https://tiles.example.net");
  });

  it("turns placeholder labels into a wildcard", () => {
    expect(tileSource("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")).toBe("https://*.tile.openstreetmap.org");
    expect(tileSource("https://tiles-{s}.a.{r}.example.net/{z}/{x}/{y}.png")).toBe("https://*.example.net");
    expect(tileSource("https://{host}/{z}/{x}/{y}.png")).toBe("https:");
  });

  it("leaves tiles on this app's own paths to 'self', and a scheme-relative host to the page's scheme", () => {
    expect(tileSource("/tiles/{z}/{x}/{y}.png")).toBeNull();
    expect(tileSource("//tiles.example.net/{z}/{x}/{y}.png")).toBe("tiles.example.net");
  });

  it("refuses a value that would change the policy, naming MAP_TILE_URL", () => {
    expect(() => tileSource("https://tiles.example.net; script-src *")).toThrow(/MAP_TILE_URL/);
    expect(() => tileSource("https://tiles.example.net'/{z}")).toThrow(/MAP_TILE_URL/);
    expect(() => tileSource("ftp://tiles.example.net/{z}/{x}/{y}.png")).toThrow(/MAP_TILE_URL/);
    expect(() => tileSource("tiles.example.net/{z}/{x}/{y}.png")).toThrow(/MAP_TILE_URL/);
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
