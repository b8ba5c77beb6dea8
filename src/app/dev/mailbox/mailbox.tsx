"use client";

import { useFormatter, useTranslations } from "next-intl";
import { LinkedText } from "@/components/linked-text";
import { trpc, useErrorMessage } from "@/lib/trpc";

const OTP = /\b(\d{6})\b/;

export function Mailbox() {
  const t = useTranslations("DevMailbox");
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const mailbox = trpc.dev.mailbox.useQuery(undefined, { refetchInterval: 2_000 });
  if (mailbox.error) return <p className="error">{errorMessage(mailbox.error)}</p>;
  if (!mailbox.data) return <p>{t("loading")}</p>;
  if (mailbox.data.length === 0) {
    return <p className="empty">{t("empty")}</p>;
  }
  return (
    <ul className="mailbox" data-testid="mailbox">
      {mailbox.data.map((m) => {
        const code = m.kind === "otp" ? OTP.exec(m.body)?.[1] : undefined;
        return (
          <li key={m.id} className="card message" data-testid="message" data-recipient={m.recipient}>
            <div className="message-meta">
              <span className="badge">{m.channel.toUpperCase()}</span> {t.rich("to", { recipient: m.recipient, strong: (chunks) => <strong>{chunks}</strong> })}
              <time dateTime={m.createdAt.toISOString()}>{format.dateTime(m.createdAt, "dateTime")}</time>
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
