import type { ReactNode } from "react";
import { IntlClientProvider } from "@/i18n/intl-client-provider";

/** The mailbox translates in the browser; the tRPC client comes from the dev section's layout. */
export default function MailboxLayout({ children }: { children: ReactNode }) {
  return <IntlClientProvider>{children}</IntlClientProvider>;
}
