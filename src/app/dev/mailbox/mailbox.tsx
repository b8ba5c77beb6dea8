"use client";

import { LinkedText } from "@/components/linked-text";
import { trpc, useErrorMessage } from "@/lib/trpc";

const OTP = /\b(\d{6})\b/;

export function Mailbox() {
  const errorMessage = useErrorMessage();
  const mailbox = trpc.dev.mailbox.useQuery(undefined, { refetchInterval: 2_000 });
  if (mailbox.error) return <p className="error">{errorMessage(mailbox.error)}</p>;
  if (!mailbox.data) return <p>Loading…</p>;
  if (mailbox.data.length === 0) {
    return <p className="empty">No messages yet. Ask for a sign-in code and it appears here once the background worker has sent it.</p>;
  }
  return (
    <ul className="mailbox" data-testid="mailbox">
      {mailbox.data.map((m) => {
        const code = m.kind === "otp" ? OTP.exec(m.body)?.[1] : undefined;
        return (
          <li key={m.id} className="card message" data-testid="message" data-recipient={m.recipient}>
            <div className="message-meta">
              <span className="badge">{m.channel.toUpperCase()}</span> to <strong>{m.recipient}</strong>
              <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toLocaleString()}</time>
              <span className={`status status-${m.status}`}>{m.status}</span>
            </div>
            {m.subject && <p className="message-subject">{m.subject}</p>}
            {code && (
              <p className="otp" data-testid="otp-code">
                {code}
              </p>
            )}
            <p className="message-body">
              <LinkedText text={m.body} />
            </p>
          </li>
        );
      })}
    </ul>
  );
}
