import { STATUS_LABELS } from "@/shared/report-catalog";
import { APP_NAME, EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";

export interface StatusChangeProps {
  ref: string;
  title: string | null;
  status: string;
  note: string | null;
  link: string;
  /** For a follower, not the reporter: the notice says "a report you follow" and ends with this link to stop. */
  unfollowLink?: string | null;
  /** For a report marked a duplicate: the report it duplicates, which the reader can follow instead. */
  duplicateOf?: { ref: string; link: string } | null;
}

/** The report catalog's label, the one the report page shows. */
function statusLabel(status: string): string {
  const labels: Record<string, string> = STATUS_LABELS;
  return labels[status] ?? status.replace(/_/g, " ");
}

const REPORTER_FOOTER = `You receive this because you filed this report on ${APP_NAME}. Choose how you are told about updates, or turn them off, on your profile page.`;
const followerFooter = (unfollowLink: string) =>
  `You receive this because you follow this report on ${APP_NAME}. Stop following it: ${unfollowLink} . Choose how you are told about updates on your profile page.`;

function headline(p: StatusChangeProps): string {
  const label = statusLabel(p.status).toLowerCase();
  return p.unfollowLink ? `A report you follow, ${p.ref}, is now ${label}` : `Your report ${p.ref} is now ${label}`;
}

function duplicateLine(d: NonNullable<StatusChangeProps["duplicateOf"]>): string {
  return `It is the same problem as ${d.ref}; follow that report for updates: ${d.link}`;
}

function StatusChangeEmail(p: StatusChangeProps) {
  const { ref, title, status, note, link, unfollowLink, duplicateOf } = p;
  return (
    <EmailLayout title={`Report ${ref}: ${statusLabel(status)}`} footer={unfollowLink ? followerFooter(unfollowLink) : REPORTER_FOOTER}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{headline(p)}</h1>
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
      {duplicateOf && (
        <p>
          It is the same problem as <a href={duplicateOf.link}>{duplicateOf.ref}</a>; follow that report for updates.
        </p>
      )}
      <EmailButton href={duplicateOf ? duplicateOf.link : link}>{duplicateOf ? `See ${duplicateOf.ref}` : "See the report"}</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        <a href={link}>{link}</a>
      </p>
      {unfollowLink && (
        <p style={{ fontSize: 14, color: "#5a6763" }}>
          <a href={unfollowLink}>Stop following this report</a>
        </p>
      )}
    </EmailLayout>
  );
}

async function renderStatusChangeEmail(props: StatusChangeProps): Promise<RenderedEmail> {
  const label = statusLabel(props.status);
  const text = [
    `${APP_NAME}: ${headline(props).replace(/^./, (c) => c.toLowerCase())}`,
    ...(props.title ? ["", props.title] : []),
    "",
    props.note ? `Note from the moderator: ${props.note}` : "The moderator left no note.",
    ...(props.duplicateOf ? ["", duplicateLine(props.duplicateOf)] : []),
    "",
    `See the report: ${props.link}`,
    "",
    "--",
    props.unfollowLink ? followerFooter(props.unfollowLink) : REPORTER_FOOTER,
  ].join("\n");
  return { subject: `Report ${props.ref}: ${label}`, html: await renderHtml(<StatusChangeEmail {...props} />), text };
}

export type StatusChangeMessage = ({ channel: "email" } & RenderedEmail) | { channel: "sms"; subject: null; html: null; text: string };

/** The notice for the channel the reader is told on: the reporter, or a follower when `unfollowLink` is set. */
export async function renderStatusChangeMessage(channel: "email" | "sms", props: StatusChangeProps): Promise<StatusChangeMessage> {
  if (channel === "email") return { channel, ...(await renderStatusChangeEmail(props)) };
  return { channel, subject: null, html: null, text: statusChangeSms(props) };
}

/** The SMS version: short, with the same facts. */
function statusChangeSms(props: StatusChangeProps): string {
  const note = props.note ? ` Note: ${props.note.length > 200 ? `${props.note.slice(0, 199)}…` : props.note}` : "";
  const duplicate = props.duplicateOf ? ` Same problem as ${props.duplicateOf.ref}, follow it: ${props.duplicateOf.link}` : "";
  const stop = props.unfollowLink ? ` Stop following: ${props.unfollowLink}` : "";
  const lead = props.unfollowLink ? `a report you follow, ${props.ref}, is now` : `your report ${props.ref} is now`;
  return `${APP_NAME}: ${lead} ${statusLabel(props.status).toLowerCase()}.${note}${duplicate} ${props.link}${stop}`;
}
