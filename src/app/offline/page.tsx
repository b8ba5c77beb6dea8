import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Offline" };

/** What the service worker shows for a page it does not keep when there is no connection. */
export default function OfflinePage() {
  return (
    <section className="narrow">
      <h1>You are offline</h1>
      <p>This page needs a connection. It opens again as soon as you are back online.</p>
      <p>
        You can still report a problem: a report filed without a connection is kept on this device and sent by itself when the
        connection returns.
      </p>
      <div className="row">
        <Link className="button" href="/reports/new">Report a problem</Link>
        <Link className="button button-quiet" href="/">Home</Link>
      </div>
    </section>
  );
}
