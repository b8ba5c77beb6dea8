import { APP_NAME, EmailButton, EmailLayout } from "./email-layout";
import { renderHtml, type RenderedEmail } from "./render-email";

export interface VerificationEmailProps {
  link: string;
  email: string;
}

const FOOTER = `You received this because someone entered this address on a ${APP_NAME} profile. If it was not you, ignore this email: nothing changes unless the link is opened.`;

function VerificationEmail({ link, email }: VerificationEmailProps) {
  return (
    <EmailLayout title="Verify your email" footer={FOOTER}>
      <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>Verify your email</h1>
      <p>
        Confirm that <strong>{email}</strong> is yours, so {APP_NAME} can email you when the city updates your reports.
      </p>
      <EmailButton href={link}>Verify email</EmailButton>
      <p style={{ fontSize: 14, color: "#5a6763" }}>
        Or paste this link into your browser: <a href={link}>{link}</a>
        <br />
        The link works once and expires in 24 hours.
      </p>
    </EmailLayout>
  );
}

export async function renderVerificationEmail(props: VerificationEmailProps): Promise<RenderedEmail> {
  const subject = `Verify your email for ${APP_NAME}`;
  const text = [
    `${APP_NAME}: verify your email`,
    "",
    `Confirm that ${props.email} is yours by opening this link:`,
    props.link,
    "",
    "The link works once and expires in 24 hours.",
    "",
    "--",
    FOOTER,
  ].join("\n");
  return { subject, html: await renderHtml(<VerificationEmail {...props} />), text };
}
