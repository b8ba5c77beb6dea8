import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { OfflineSupport } from "@/components/offline-support";
import { SessionSync } from "@/components/session-sync";
import { SiteHeader } from "@/components/site-header";
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
        <SessionSync />
        <OfflineSupport />
        <SiteHeader viewer={viewer} />
        {/* No API client here: the sections that call the API load it (their layout.tsx), so the home page stays light. */}
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
