import type { AbstractIntlMessages } from "next-intl";
import { getLocale, getMessages, getTimeZone } from "next-intl/server";
import { PendingReportsLater } from "./pending-reports-later";

/**
 * The home page's list of reports kept on this device, for a signed-in citizen. The home page has no
 * client translations (the root layout leaves them out, to keep it light): this gives the list its
 * own, and only its words, in a part of the page the browser fetches when it is shown.
 */
export async function HomePendingReports({ ownerId }: { ownerId: string }) {
  const messages = await getMessages();
  const own: AbstractIntlMessages = { PendingReports: messages.PendingReports ?? {} };
  return <PendingReportsLater ownerId={ownerId} locale={await getLocale()} timeZone={await getTimeZone()} messages={own} />;
}
