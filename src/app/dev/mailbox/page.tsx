import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/server/config/env";
import { Mailbox } from "./mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

export default function MailboxPage() {
  if (!env().DEV_MAILBOX) notFound();
  return (
    <section>
      <h1>Dev mailbox</h1>
      <p className="lead">
        Every SMS and email CivicLens sends while no real provider is configured lands here. It exists only in
        development.
      </p>
      <Mailbox />
    </section>
  );
}
