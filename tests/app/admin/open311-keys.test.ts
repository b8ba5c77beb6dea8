import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink } from "@trpc/client";
import { getQueryKey } from "@trpc/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { LimitStep, Open311Keys, RevokeStep } from "@/app/admin/open311/open311-keys";
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
function render(locale: Locale, element: ReactElement = createElement(Open311Keys)): string {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  queryClient.setQueryData(getQueryKey(trpc.admin.open311Keys, undefined, "query"), KEYS);
  const client = trpc.createClient({ links: [httpBatchLink({ url: "http://127.0.0.1:9/api/trpc", transformer: superjson })] });
  const withApi = createElement(trpc.Provider, { client, queryClient } as ComponentProps<typeof trpc.Provider>, createElement(QueryClientProvider, { client: queryClient }, element));
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

  it("changes a limit and revokes in place, not with the browser's prompt or confirm: each action a button that opens its step", () => {
    const html = render("en");
    expect(html).toContain('aria-expanded="false">Change limit</button>');
    expect(html).toContain('aria-expanded="false">Revoke</button>');
    expect(html).not.toContain("open311-limit-step");
    expect(html).not.toContain("open311-revoke-step");
  });

  const noop = () => undefined;
  const limitStep = (over: Partial<ComponentProps<typeof LimitStep>> = {}) => createElement(LimitStep, { name: "City CRM", requestsPerHour: 600, pending: false, error: null, onSave: noop, onCancel: noop, ...over });
  const revokeStep = (over: Partial<ComponentProps<typeof RevokeStep>> = {}) => createElement(RevokeStep, { name: "City CRM", pending: false, error: null, onRevoke: noop, onCancel: noop, ...over });

  it("asks the new limit in a form whose number field is labelled with the client's name, within the limits the server takes", () => {
    const html = render("en", limitStep());
    const label = /<label id="([^"]+)" for="([^"]+)">Requests an hour for City CRM<\/label>/.exec(html);
    expect(label).not.toBeNull();
    expect(html).toContain(`role="group" aria-labelledby="${label![1]}"`);
    const input = new RegExp(`<input id="${label![2]}"[^>]*>`).exec(html)?.[0] ?? "";
    expect(input).toMatch(/type="number"/);
    expect(input).toMatch(/min="1"/);
    expect(input).toMatch(/max="100000"/);
    expect(input).toMatch(/required/);
    expect(input).toMatch(/value="600"/);
    expect(text(html)).toMatch(/Save limit Cancel/);
  });

  it("ties a refused limit's message to the field", () => {
    const html = render("en", limitStep({ error: "requestsPerHour must be at most 100000" }));
    const id = /<p id="([^"]+)" class="error" role="alert">requestsPerHour must be at most 100000<\/p>/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toMatch(new RegExp(`aria-invalid="true" aria-describedby="${id}"`));
  });

  it("asks before revoking, naming the client and what follows, with a way back", () => {
    const html = render("en", revokeStep());
    const question = /<p id="([^"]+)" tabindex="-1">Revoke the key of City CRM\? Its requests will be refused at once\.<\/p>/.exec(html);
    expect(question).not.toBeNull();
    expect(html).toContain(`role="group" aria-labelledby="${question![1]}"`);
    expect(text(html)).toMatch(/Revoke the key Keep it/);
    expect(text(render("en", revokeStep({ pending: true })))).toContain("Revoking…");
  });

  it("says the steps in Hindi", () => {
    expect(text(render("hi", limitStep()))).toMatch(/City CRM के लिए प्रति घंटा अनुरोध .*सीमा सहेजें रहने दें/);
    expect(text(render("hi", revokeStep()))).toMatch(/City CRM की कुंजी रद्द करें\? .*कुंजी रद्द करें इसे रखें/);
  });
});
