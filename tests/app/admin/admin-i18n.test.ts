import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink } from "@trpc/client";
import { getQueryKey } from "@trpc/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { TaskMonitor } from "@/app/admin/tasks/task-monitor";
import { RoleChange } from "@/app/admin/users/role-change";
import { FORMATS, TIME_ZONE } from "@/i18n/formats";
import { CATALOGS } from "@/i18n/messages";
import { trpc } from "@/lib/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { intlLocale, type Locale } from "@/shared/locales";

type Tasks = inferRouterOutputs<AppRouter>["admin"]["tasks"];

// What a moderator's task monitor shows: one function with runs in both windows, one dead letter.
const TASKS: Tasks = {
  outbox: { pending: 2, oldestPendingAgeSeconds: 300, failing: 0, lastSentAt: new Date("2026-03-04T10:15:00Z"), lastError: null, warning: false },
  functions: [
    {
      functionId: "triage-report",
      hour: { runs: 40, failures: 2, failureRate: 0.05, p50Ms: 120, p95Ms: 2400 },
      day: { runs: 1200, failures: 12, failureRate: 0.01, p50Ms: 110, p95Ms: 900 },
      lastError: null,
      lastErrorAt: null,
      lastErrorRunId: null,
    },
  ],
  recentRuns: [],
  deadLetters: [],
  inngestUiUrl: null,
  contactMasked: true,
  generatedAt: new Date("2026-03-04T10:20:00Z"),
};

/** An admin client component as the admin layout gives it: next-intl's provider (catalog, formats, India's time) and the tRPC client, with the API's answers already in the cache. */
function render(locale: Locale, element: ReactElement): string {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  queryClient.setQueryData(getQueryKey(trpc.admin.tasks, undefined, "query"), TASKS);
  const client = trpc.createClient({ links: [httpBatchLink({ url: "http://127.0.0.1:9/api/trpc", transformer: superjson })] });
  const withApi = createElement(trpc.Provider, { client, queryClient } as ComponentProps<typeof trpc.Provider>, createElement(QueryClientProvider, { client: queryClient }, element));
  const intl: ComponentProps<typeof NextIntlClientProvider> = { locale: intlLocale(locale), messages: CATALOGS[locale], formats: FORMATS, timeZone: TIME_ZONE, children: withApi };
  const tree = createElement(NextIntlClientProvider, intl);
  return renderToStaticMarkup(tree);
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("admin dashboard in Hindi", () => {
  it("renders the task monitor's table, figures and dates in Hindi, keeping function names", () => {
    const html = render("hi", createElement(TaskMonitor, { isAdmin: false }));
    expect(html).toContain('<caption id="function-stats-caption">हर फ़ंक्शन के रन, पिछला घंटा और पिछला दिन</caption>');
    expect(html).toContain(">फ़ंक्शन</th>");
    // The scroll region is named by the caption and reachable by keyboard.
    expect(html).toMatch(/class="table-scroll" role="region" aria-labelledby="function-stats-caption" tabindex="0"/i);
    const words = text(html);
    expect(words).toContain("इवेंट आउटबॉक्स");
    expect(words).toContain("triage-report");
    expect(words).toContain("2.4 से.");
    expect(words).toContain("120 मि.से.");
    expect(words).toContain("5 मिनट");
    expect(words).toContain("5.0%");
    // The date is formatted for hi-IN in India's time (15:50 IST), not in English.
    expect(words).toContain(new Intl.DateTimeFormat("hi-IN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Kolkata" }).format(TASKS.generatedAt));
    expect(words).not.toMatch(/Event outbox|Runs per function|Loading/);
  });

  it("keeps today's English wording, which the browser journeys look for", () => {
    const words = text(render("en", createElement(TaskMonitor, { isAdmin: false })));
    expect(words).toContain("Runs per function, last hour and last day");
    expect(words).toContain("Event outbox");
    expect(words).toContain("2.4 s");
    expect(words).toContain("120 ms");
    expect(words).toContain("5 min");
    expect(words).toContain("2 (5.0%)");
  });

  it("asks for a role in Hindi and says why one's own role cannot be changed", () => {
    const words = text(render("hi", createElement(RoleChange, { user: { id: "u1", name: "Kavya", role: "moderator" }, self: true })));
    expect(words).toContain("भूमिका");
    expect(words).toContain("आप अपनी भूमिका नहीं बदल सकते।");
    // The roles offered come from the shared labels, in Hindi too.
    expect(words).toContain("मॉडरेटर");
    expect(words).not.toContain("You cannot change your own role.");
  });
});
