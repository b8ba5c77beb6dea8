import { describe, expect, it } from "vitest";
import { localeCookieFrom, localeFromHeaders, negotiateLocale, resolveLocale } from "@/i18n/resolve-locale";

describe("resolveLocale: cookie, then the saved language, then Accept-Language, then English", () => {
  it("takes the NEXT_LOCALE cookie over everything", () => {
    expect(resolveLocale({ cookie: "hi", saved: "en", acceptLanguage: "en-US,en" })).toBe("hi");
    expect(resolveLocale({ cookie: "en", saved: "hi", acceptLanguage: "hi-IN,hi" })).toBe("en");
  });

  it("takes the account's saved language when there is no cookie", () => {
    expect(resolveLocale({ saved: "hi", acceptLanguage: "en-US,en" })).toBe("hi");
    expect(resolveLocale({ cookie: null, saved: "en", acceptLanguage: "hi" })).toBe("en");
  });

  it("ignores junk in the cookie and in the saved value", () => {
    for (const junk of ["fr", "HI", "hi-IN", "", "hi; Path=/", "<script>", "en\u0000", "x".repeat(5000)]) {
      expect(resolveLocale({ cookie: junk, acceptLanguage: "hi" })).toBe("hi");
      expect(resolveLocale({ cookie: junk, saved: junk, acceptLanguage: "en" })).toBe("en");
    }
  });

  it("falls back to English", () => {
    expect(resolveLocale({})).toBe("en");
    expect(resolveLocale({ acceptLanguage: "fr-FR,de;q=0.8" })).toBe("en");
  });
});

describe("negotiateLocale: the browser's languages by q-value", () => {
  it.each([
    ["hi-IN,hi;q=0.9,en;q=0.8", "hi"],
    ["en-IN,en;q=0.9,hi;q=0.8", "en"],
    ["hi", "hi"],
    ["hi-Deva-IN", "hi"],
    // Order in the header does not matter; q does.
    ["en;q=0.2, hi;q=0.9", "hi"],
    ["hi;q=0.1, de, en;q=0.5", "en"],
    // A language we do not speak is skipped for the next one we do.
    ["fr-FR,fr;q=0.9,hi;q=0.5", "hi"],
    // q=0 means "not this one".
    ["hi;q=0, en;q=0.1", "en"],
    ["hi;q=0", "en"],
    ["*", "en"],
    ["", "en"],
    // A malformed tag spoils only itself.
    ["@@@, hi;q=0.5", "hi"],
    ["!!;q=oops", "en"],
  ])("%j -> %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("reads an absurdly long header as no header", () => {
    expect(negotiateLocale(`${"x-y,".repeat(500)}hi`)).toBe("en");
  });
});

describe("the language of a request with no account (a sign-in code's SMS)", () => {
  it("reads the cookie out of the Cookie header, then Accept-Language", () => {
    expect(localeCookieFrom("a=1; NEXT_LOCALE=hi; b=2")).toBe("hi");
    expect(localeCookieFrom("XNEXT_LOCALE=hi")).toBeNull();
    expect(localeFromHeaders(new Headers({ cookie: "NEXT_LOCALE=hi", "accept-language": "en" }))).toBe("hi");
    expect(localeFromHeaders(new Headers({ cookie: "NEXT_LOCALE=klingon", "accept-language": "hi-IN" }))).toBe("hi");
    expect(localeFromHeaders(new Headers({ "accept-language": "en-GB" }))).toBe("en");
    expect(localeFromHeaders(new Headers())).toBe("en");
  });
});
