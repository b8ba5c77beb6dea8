import type { ReactNode } from "react";
import { Providers } from "@/lib/trpc";

/** This section's pages call the API from the browser: the tRPC client is loaded here, not on every page (root layout). */
export default function SectionLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
