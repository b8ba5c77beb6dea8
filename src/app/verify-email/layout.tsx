import type { ReactNode } from "react";
import { IntlClientProvider } from "@/i18n/intl-client-provider";
import { Providers } from "@/lib/trpc";

/** This section's pages call the API and translate in the browser: the tRPC client and the translations are loaded here, not on every page (root layout). */
export default function SectionLayout({ children }: { children: ReactNode }) {
  return (
    <IntlClientProvider>
      <Providers>{children}</Providers>
    </IntlClientProvider>
  );
}
