import type { ReactElement } from "react";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A notice rendered for the channel its reader is told on: an email, or an SMS's text alone. */
export type ChannelMessage = ({ channel: "email" } & RenderedEmail) | { channel: "sms"; subject: null; html: null; text: string };

/**
 * Static HTML for an email. react-dom/server is imported lazily: Next.js refuses a static import of it
 * in the server-component graph that route handlers (here /api/inngest) are compiled in.
 */
export async function renderHtml(element: ReactElement): Promise<string> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  return `<!doctype html>${renderToStaticMarkup(element)}`;
}
