"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import { useCallback, useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";
import { type FormMessages, useLabels } from "./labels";

export const trpc = createTRPCReact<AppRouter>();

/**
 * The message to show a person for a failed call: the server's, in plain words (the field it is
 * about is in `err.data.field`); a call that got no answer at all says so, not "Failed to fetch".
 */
export function errorMessage(err: unknown, form: Pick<FormMessages, "noAnswer" | "unknown">): string {
  if (err instanceof TRPCClientError) return err.data ? err.message : form.noAnswer;
  if (err instanceof Error) return err.message;
  return form.unknown;
}

/** `errorMessage` in the reader's language, for a component: `const errorMessage = useErrorMessage();`. */
export function useErrorMessage(): (err: unknown) => string {
  const { FORM_MESSAGES } = useLabels();
  return useCallback((err: unknown) => errorMessage(err, FORM_MESSAGES), [FORM_MESSAGES]);
}

function newQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, retry: (count, err) => !(err instanceof TRPCClientError && err.data?.httpStatus < 500) && count < 2 },
    },
  });
}

/**
 * In the browser, one cache for the tab: each section that calls the API mounts `Providers` in its
 * own layout (the home page loads none of this), and moving between sections keeps what was
 * fetched. On the server, a cache per render, never shared between requests.
 */
let browserQueryClient: QueryClient | undefined;
function queryClientForTab(): QueryClient {
  if (typeof window === "undefined") return newQueryClient();
  browserQueryClient ??= newQueryClient();
  return browserQueryClient;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(queryClientForTab);
  const [client] = useState(() =>
    trpc.createClient({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }),
  );
  // No next-auth SessionProvider: pages read the session on the server. The provider fetched
  // /api/auth/session on mount and on every tab focus, and next-auth re-issues the session cookie on
  // each such call, so one still in flight when "Sign out" cleared the cookie set it again and the
  // person stayed signed in.
  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
