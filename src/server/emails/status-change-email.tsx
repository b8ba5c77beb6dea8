import { STATUS_LABELS } from "@/shared/report-catalog";
import { APP_NAME, EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";

export interface StatusChangeProps {
  ref: string;
  title: string | null;
  status: string;
  note: string | null;
  link: string;
}

/** The report catalog's label, the one the report page shows. */
function statusLabel(status: string): string {
  const labels: Record<string, string> = STATUS_LABELS;
  return labels[status] ?? status.replace(/_/g, " ");
}

const FOOTER = `You receive this because you filed this report on ${APP_NAME}. Choose how you are told about updates, or turn them off, on your profile page.`;

function StatusChangeEmail({ ref, title, status, note, link }: StatusChangeProps) {
  return (
    <EmailLayout title={`Report ${ref}: ${statusLabel(status)}`} footer={FOOTER}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>
        Your report {ref} is now {statusLabel(status).toLowerCase()}
      </h1>
      {title && <p style={{ fontWeight: 600 }}>{title}</p>}
      {note ? (
        <p>
          Note from the moderator:
          <br />
          <span style={{ whiteSpace: "pre-wrap" }}>{note}</span>
        </p>
      ) : (
        <p>The moderator left no note.</p>
      )}
      <EmailButton href={link}>See the report</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        <a href={link}>{link}</a>
      </p>
    </EmailLayout>
  );
}

async function renderStatusChangeEmail(props: StatusChangeProps): Promise<RenderedEmail> {
  const label = statusLabel(props.status);
  const text = [
    `${APP_NAME}: your report ${props.ref} is now ${label.toLowerCase()}`,
    ...(props.title ? ["", props.title] : []),
    "",
    props.note ? `Note from the moderator: ${props.note}` : "The moderator left no note.",
    "",
    `See the report: ${props.link}`,
    "",
    "--",
    FOOTER,
  ].join("\n");
  return { subject: `Report ${props.ref}: ${label}`, html: await renderHtml(<StatusChangeEmail {...props} />), text };
}

export type StatusChangeMessage = ({ channel: "email" } & RenderedEmail) | { channel: "sms"; subject: null; html: null; text: string };

/** The notice for the channel the reporter is told on. */
export async function renderStatusChangeMessage(channel: "email" | "sms", props: StatusChangeProps): Promise<StatusChangeMessage> {
  if (channel === "email") return { channel, ...(await renderStatusChangeEmail(props)) };
  return { channel, subject: null, html: null, text: statusChangeSms(props) };
}

/** The SMS version: short, with the same facts. */
function statusChangeSms(props: StatusChangeProps): string {
  const note = props.note ? ` Note: ${props.note.length > 200 ? `${props.note.slice(0, 199)}…` : props.note}` : "";
  return `${APP_NAME}: your report ${props.ref} is now ${statusLabel(props.status).toLowerCase()}.${note} ${props.link}`;
}
