import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { OfflineSupport } from "@/components/offline-support";
import { getLocale, getTranslations } from "next-intl/server";
import { SessionSync } from "@/components/session-sync";
import { SiteHeader } from "@/components/site-header";
import { loadViewer } from "@/server/auth/viewer";
import { devanagari } from "./fonts";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("Metadata");
  return {
    title: { default: "CivicLens", template: "%s · CivicLens" },
    description: tMeta("description"),
    icons: { icon: "/favicon.svg" },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f5c4d" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [viewer, locale] = await Promise.all([loadViewer(), getLocale()]);
  const t = await getTranslations("Layout");
  return (
    <html lang={locale} className={devanagari.variable}>
      <body>
        {/* The first thing a keyboard reaches on every page. */}
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <SessionSync />
        <OfflineSupport />
        <SiteHeader viewer={viewer} />
        {/*
          No API client and no client-side translations here: the sections that need them load them
          (their layout.tsx: Providers, IntlClientProvider), so the home page stays light.
        */}
        <main id="main" tabIndex={-1} className="page">
          {children}
        </main>
      </body>
    </html>
  );
}
