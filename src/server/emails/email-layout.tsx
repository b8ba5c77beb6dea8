import type { ReactNode } from "react";
import type { Locale } from "@/shared/locales";

export const APP_NAME = "CivicLens";

// Devanagari needs a font that carries it; mail clients fall back through this list.
const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Devanagari', 'Nirmala UI', Mangal, sans-serif";
const body = { fontFamily: FONT_STACK, color: "#17201d", background: "#f5f7f6", margin: 0, padding: "24px 12px" };
const card = { maxWidth: 520, margin: "0 auto", background: "#ffffff", border: "1px solid #d9e1de", borderRadius: 12, padding: 24 };

/** The frame every email shares: the app's name on top, a plain footer saying why it was sent. */
export function EmailLayout({ locale, title, footer, children }: { locale: Locale; title: string; footer: string; children: ReactNode }) {
  return (
    <html lang={locale}>
      {/* An email document, not a Next.js page: next/head does not apply here. */}
      {/* eslint-disable-next-line @next/next/no-head-element */}
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={body}>
        <div style={card}>
          <p style={{ fontWeight: 700, fontSize: 18, color: "#0f5c4d", margin: "0 0 16px" }}>{APP_NAME}</p>
          {children}
        </div>
        <p style={{ maxWidth: 520, margin: "16px auto 0", color: "#5a6763", fontSize: 12 }}>{footer}</p>
      </body>
    </html>
  );
}

export function EmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p style={{ margin: "20px 0" }}>
      <a href={href} style={{ background: "#0f5c4d", color: "#ffffff", padding: "12px 18px", borderRadius: 8, textDecoration: "none", fontWeight: 600 }}>
        {children}
      </a>
    </p>
  );
}
