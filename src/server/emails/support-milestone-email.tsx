import { APP_NAME, EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";

export interface SupportMilestoneProps {
  ref: string;
  title: string | null;
  milestone: number;
  points: number;
  link: string;
}

const FOOTER = `You receive this because you filed this report on ${APP_NAME}. Choose how you are told about updates, or turn them off, on your profile page.`;

const headline = (p: SupportMilestoneProps) => `${p.milestone} residents support your report ${p.ref}`;

function SupportMilestoneEmail(p: SupportMilestoneProps) {
  return (
    <EmailLayout title={headline(p)} footer={FOOTER}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{headline(p)}</h1>
      {p.title && <p style={{ fontWeight: 600 }}>{p.title}</p>}
      <p>
        {p.milestone} people have said this problem affects them too, which raises its priority for the city. You earned {p.points} reputation points.
      </p>
      <EmailButton href={p.link}>See the report</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        <a href={p.link}>{p.link}</a>
      </p>
    </EmailLayout>
  );
}

export type SupportMilestoneMessage = ({ channel: "email" } & RenderedEmail) | { channel: "sms"; subject: null; html: null; text: string };

export async function renderSupportMilestoneMessage(channel: "email" | "sms", p: SupportMilestoneProps): Promise<SupportMilestoneMessage> {
  const sms = `${APP_NAME}: ${headline(p)}; you earned ${p.points} reputation points. ${p.link}`;
  if (channel === "sms") return { channel, subject: null, html: null, text: sms };
  const text = [
    `${APP_NAME}: ${headline(p)}`,
    ...(p.title ? ["", p.title] : []),
    "",
    `${p.milestone} people have said this problem affects them too, which raises its priority for the city. You earned ${p.points} reputation points.`,
    "",
    `See the report: ${p.link}`,
    "",
    "--",
    FOOTER,
  ].join("\n");
  return { channel, subject: `Report ${p.ref}: ${p.milestone} residents support it`, html: await renderHtml(<SupportMilestoneEmail {...p} />), text };
}
