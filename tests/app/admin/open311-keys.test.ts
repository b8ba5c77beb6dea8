import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink } from "@trpc/client";
import { getQueryKey } from "@trpc/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { Open311Keys } from "@/app/admin/open311/open311-keys";
import { FORMATS, TIME_ZONE } from "@/i18n/formats";
import { CATALOGS } from "@/i18n/messages";
import { trpc } from "@/lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { intlLocale, type Locale } from "@/shared/locales";

type Keys = inferRouterOutputs<AppRouter>["admin"]["open311Keys"];
const KEYS: Keys = [
  { id: "k1", name: "City CRM", key_prefix: "o311_AbCdEf", requests_per_hour: 600, created_at: new Date("2026-03-04T10:15:00Z"), revoked_at: null, created_by_name: "Asha", reports: 12 },
  { id: "k2", name: "Old app", key_prefix: "o311_ZyXwVu", requests_per_hour: 50, created_at: new Date("2026-01-04T10:15:00Z"), revoked_at: new Date("2026-02-01T08:00:00Z"), created_by_name: null, reports: 1 },
];

/** The keys page's client component as the admin layout gives it (intl and tRPC, the list already cached). */
function render(locale: Locale): string {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  queryClient.setQueryData(getQueryKey(trpc.admin.open311Keys, undefined, "query"), KEYS);
  const client = trpc.createClient({ links: [httpBatchLink({ url: "http://127.0.0.1:9/api/trpc", transformer: superjson })] });
  const withApi = createElement(trpc.Provider, { client, queryClient } as ComponentProps<typeof trpc.Provider>, createElement(QueryClientProvider, { client: queryClient }, createElement(Open311Keys)));
  const intl: ComponentProps<typeof NextIntlClientProvider> = { locale: intlLocale(locale), messages: CATALOGS[locale], formats: FORMATS, timeZone: TIME_ZONE, children: withApi };
  return renderToStaticMarkup(createElement(NextIntlClientProvider, intl));
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("admin Open311 keys page", () => {
  it("lists keys by name and prefix, their limits and reports; revocable only while live", () => {
    const words = text(render("en"));
    expect(words).toContain("City CRM o311_AbCdEf…");
    expect(words).toContain("600 requests an hour · 12 reports · issued");
    expect(words).toContain("by the command line");
    expect(words).toContain("revoked");
    expect(words.match(/Revoke\b/g)).toHaveLength(1);
    expect(words).toContain("Issue key");
  });

  it("says it all in Hindi, keeping the clients' names", () => {
    const words = text(render("hi"));
    expect(words).toContain("कुंजी जारी करें");
    expect(words).toContain("प्रति घंटा 600 अनुरोध · 12 शिकायतें");
    expect(words).toContain("City CRM");
    expect(words).not.toMatch(/Issue key|requests an hour/);
  });
});
