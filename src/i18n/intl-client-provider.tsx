import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { clientMessages } from "./client-messages";

/**
 * Translations for the "use client" components of a section, given in that section's layout.tsx
 * (as the tRPC client is): the root layout leaves it out, so pages whose client components need no
 * translation (the home page) do not load next-intl's browser runtime. Server Components translate
 * without it.
 */
export async function IntlClientProvider({ children }: { children: ReactNode }) {
  return <NextIntlClientProvider messages={clientMessages(await getMessages())}>{children}</NextIntlClientProvider>;
}
