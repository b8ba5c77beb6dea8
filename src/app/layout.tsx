import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { OfflineSupport } from "@/components/offline-support";
import { SessionSync } from "@/components/session-sync";
import { SiteHeader } from "@/components/site-header";
import { Providers } from "@/lib/trpc";
import { loadViewer } from "@/server/auth/viewer";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CivicLens", template: "%s · CivicLens" },
  description: "Report problems in your city — potholes, garbage, broken streetlights — and follow them to resolution.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f5c4d" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await loadViewer();
  return (
    <html lang="en">
      <body>
        <Providers>
          <SessionSync />
          <OfflineSupport />
          <SiteHeader viewer={viewer} />
          <main className="page">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
