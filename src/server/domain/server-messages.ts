import "server-only";
import { translator } from "@/i18n/messages";
import { DEFAULT_LOCALE, type Locale } from "@/shared/locales";
import type { Status } from "@/shared/report-catalog";
import english from "../../../messages/en/account.json";

/**
 * What the server says to a person (a refusal, a field's error), as a key of the `ServerErrors`
 * catalog and its values, so the same failure is said in the asker's language where it is answered
 * (src/server/trpc/errors.ts). Domain code writes `said("followAlready")`; it never picks a language.
 */
export type ServerMessageKey = Exclude<keyof (typeof english)["ServerErrors"], "statusWord">;

export interface ServerMessage {
  key: ServerMessageKey;
  values?: { ref?: string; from?: Status; to?: Status; status?: Status; name?: string; max?: number };
}

export function said(key: ServerMessageKey, values?: ServerMessage["values"]): ServerMessage {
  return values ? { key, values } : { key };
}

/** The message in `locale`. Each key is written out once, so the catalog check sees every one. */
export function sayIn(locale: Locale, message: ServerMessage): string {
  const t = translator(locale, "ServerErrors");
  const v = message.values ?? {};
  const status = (s: Status | undefined) => (s ? statusWords(locale)[s] : "");
  const texts: Record<ServerMessageKey, () => string> = {
    signInToContinue: () => t("signInToContinue"),
    sessionEnded: () => t("sessionEnded"),
    needsModerator: () => t("needsModerator"),
    needsAdmin: () => t("needsAdmin"),
    databaseUnavailable: () => t("databaseUnavailable"),
    internal: () => t("internal"),
    busy: () => t("busy"),
    late: () => t("late"),
    phoneInvalid: () => t("phoneInvalid"),
    codeRejected: () => t("codeRejected"),
    codeLocked: () => t("codeLocked"),
    accountSuspended: () => t("accountSuspended"),
    codeJustSent: () => t("codeJustSent"),
    tooManyCodesForNumber: () => t("tooManyCodesForNumber"),
    tooManyCodesFromNetwork: () => t("tooManyCodesFromNetwork"),
    tooManySignIns: () => t("tooManySignIns"),
    tooManyReports: () => t("tooManyReports"),
    tooManySupports: () => t("tooManySupports"),
    tooManyVerificationEmails: () => t("tooManyVerificationEmails"),
    accountGone: () => t("accountGone"),
    emailMissing: () => t("emailMissing"),
    emailAlreadyVerified: () => t("emailAlreadyVerified"),
    emailTaken: () => t("emailTaken"),
    emailInvalid: () => t("emailInvalid"),
    emailLong: () => t("emailLong"),
    nameLong: () => t("nameLong"),
    localeInvalid: () => t("localeInvalid"),
    verificationLinkUsed: () => t("verificationLinkUsed"),
    verificationLinkIncomplete: () => t("verificationLinkIncomplete"),
    verificationLinkInvalid: () => t("verificationLinkInvalid"),
    pageLinkStale: () => t("pageLinkStale"),
    reportNotFound: () => t("reportNotFound"),
    updateOnRejected: () => t("updateOnRejected"),
    updateOnDuplicate: () => t("updateOnDuplicate"),
    staffPostStaffUpdates: () => t("staffPostStaffUpdates"),
    onlyStaffPostStaffUpdates: () => t("onlyStaffPostStaffUpdates"),
    tooManyUpdates: () => t("tooManyUpdates"),
    updateNotFound: () => t("updateNotFound"),
    reportIdOrRefNotFound: () => t("reportIdOrRefNotFound"),
    alertEmailUnverified: () => t("alertEmailUnverified"),
    alertPhoneMissing: () => t("alertPhoneMissing"),
    tooManyAlerts: () => t("tooManyAlerts"),
    alertNotFound: () => t("alertNotFound"),
    unsubscribeLinkInvalid: () => t("unsubscribeLinkInvalid"),
    reportRefNotFound: () => t("reportRefNotFound"),
    supportClosed: () => t("supportClosed"),
    supportOwn: () => t("supportOwn"),
    followClosed: () => t("followClosed"),
    followOwn: () => t("followOwn"),
    followAlready: () => t("followAlready"),
    unfollowLinkInvalid: () => t("unfollowLinkInvalid"),
    alreadyFiled: () => t("alreadyFiled", { ref: v.ref ?? "" }),
    titleRequired: () => t("titleRequired"),
    titleShort: () => t("titleShort"),
    titleLong: () => t("titleLong"),
    descriptionRequired: () => t("descriptionRequired"),
    descriptionShort: () => t("descriptionShort"),
    descriptionLong: () => t("descriptionLong"),
    locationMissing: () => t("locationMissing"),
    latitudeNotNumber: () => t("latitudeNotNumber"),
    latitudeRange: () => t("latitudeRange"),
    longitudeNotNumber: () => t("longitudeNotNumber"),
    longitudeRange: () => t("longitudeRange"),
    severityInvalid: () => t("severityInvalid"),
    addressLong: () => t("addressLong"),
    transitionRefused: () => t("transitionRefused", { from: status(v.from), to: status(v.to) }),
    reportChanged: () => t("reportChanged", { status: status(v.status) }),
    resolveNeedsNote: () => t("resolveNeedsNote"),
    rejectNeedsReason: () => t("rejectNeedsReason"),
    recategorizeNeedsChoice: () => t("recategorizeNeedsChoice"),
    recategorizeUnchanged: () => t("recategorizeUnchanged"),
    moveUnchanged: () => t("moveUnchanged"),
    duplicateNeedsRef: () => t("duplicateNeedsRef"),
    duplicateNotFound: () => t("duplicateNotFound", { ref: v.ref ?? "" }),
    duplicateOfItself: () => t("duplicateOfItself"),
    duplicateOfDuplicate: () => t("duplicateOfDuplicate", { ref: v.ref ?? "" }),
    reasonShort: () => t("reasonShort"),
    reasonLong: () => t("reasonLong"),
    userNotFound: () => t("userNotFound"),
    bodyOutOfScope: () => t("bodyOutOfScope"),
    bodyNotFound: () => t("bodyNotFound"),
    bodyBoundaryRequired: () => t("bodyBoundaryRequired"),
    bodyIsDefault: () => t("bodyIsDefault"),
    bodyFirstIsDefault: () => t("bodyFirstIsDefault"),
    bodyDefaultNeedsBoundary: () => t("bodyDefaultNeedsBoundary", { name: v.name ?? "" }),
    boundaryNotGeometry: () => t("boundaryNotGeometry"),
    boundaryTooLong: () => t("boundaryTooLong", { max: v.max ?? 0 }),
    boundaryNotJson: () => t("boundaryNotJson"),
    boundaryNoPolygon: () => t("boundaryNoPolygon"),
    boundaryNoOuterRing: () => t("boundaryNoOuterRing"),
    boundaryRingPositions: () => t("boundaryRingPositions"),
    boundaryRingShort: () => t("boundaryRingShort"),
    boundaryOffGlobe: () => t("boundaryOffGlobe"),
    boundaryRingOpen: () => t("boundaryRingOpen"),
    boundaryTooManyPositions: () => t("boundaryTooManyPositions", { max: v.max ?? 0 }),
    boundaryCrossesItself: () => t("boundaryCrossesItself"),
    boundaryAntimeridian: () => t("boundaryAntimeridian"),
    ownStatus: () => t("ownStatus"),
    ownRole: () => t("ownRole"),
    deadLetterNotFound: () => t("deadLetterNotFound"),
    auditRecheckLimit: () => t("auditRecheckLimit"),
  };
  return texts[message.key]();
}

/** A status inside a sentence ("now under review"), lower-case in English. */
function statusWords(locale: Locale): Record<Status, string> {
  const tStatus = translator(locale, "ServerErrors");
  return {
    submitted: tStatus("statusWord.submitted"),
    under_review: tStatus("statusWord.under_review"),
    acknowledged: tStatus("statusWord.acknowledged"),
    in_progress: tStatus("statusWord.in_progress"),
    resolved: tStatus("statusWord.resolved"),
    rejected: tStatus("statusWord.rejected"),
    duplicate: tStatus("statusWord.duplicate"),
  };
}

/**
 * A zod schema's message for a field: the English text, since a zod issue carries only a string.
 * The answer maps it back to its key (serverMessageOf) and says it in the asker's language.
 */
export function schemaMessage(key: ServerMessageKey): string {
  return sayIn(DEFAULT_LOCALE, said(key));
}

let byEnglish: Map<string, ServerMessage> | null = null;

/**
 * The message an English text stands for (a schema's, from schemaMessage); null for any other text,
 * e.g. zod's own. Only fixed texts are schemas' messages: one with values ({ref}) never is.
 */
export function serverMessageOf(text: string): ServerMessage | null {
  byEnglish ??= new Map(
    Object.entries(english.ServerErrors)
      .filter((entry): entry is [ServerMessageKey, string] => typeof entry[1] === "string" && !/\{\s*\w+\s*[,}]/.test(entry[1]))
      .map(([key]) => [schemaMessage(key), said(key)] as const),
  );
  return byEnglish.get(text) ?? null;
}
