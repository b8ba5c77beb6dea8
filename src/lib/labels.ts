/**
 * Every word the UI shows for a code: statuses, categories, severities, priorities, timeline
 * entries, reasons, actions, background-work progress and client-side error messages, read from the
 * `Labels` catalog namespace (messages/<locale>/citizen.json) in the reader's language.
 *
 * One keyed map per vocabulary and no `switch` in components: `useLabels()` in a component (client,
 * or a Server Component that is not async), `getLabels()` (src/i18n/labels-server.ts) in an async Server
 * Component; both give the same `Labels`. A code with no label is shown through `labelOf`, which
 * falls back to a readable form of the code ("water_supply" → "Water supply") rather than the raw
 * code. Every key is written out once below, so the catalog check (src/i18n/catalog-scan.ts) sees it.
 */
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { RejectReason } from "@/shared/moderation-catalog";
import type { Category, Status } from "@/shared/report-catalog";

/** What `useTranslations("Labels")` and `getTranslations("Labels")` both are, as far as labels need. */
export type LabelsTranslator = (key: string, values?: Record<string, string | number>) => string;

export interface TimelineChange {
  category?: { from: string | null; to: string | null };
  severity?: { from: string | null; to: string | null };
  priority?: { from: string | null; to: string | null };
  /** A change of responsible body (ADR 0022): the bodies' names. */
  body?: { from: string | null; to: string | null };
  supportCount?: number;
  /** A missed service-level deadline: which stage. */
  missedStage?: "acknowledge" | "resolve";
}

/** A timeline entry as the labels need it: who wrote it, its stored note, and what it changed. */
export interface TimelineEntryNote {
  kind: string;
  actorRole: string | null;
  note: string | null;
  change: TimelineChange | null | undefined;
}

export type Labels = ReturnType<typeof labelsFrom>;
export type FormMessages = Labels["FORM_MESSAGES"];

/** "water_supply" → "Water supply": the last resort for a code no map knows yet. */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

export function labelOf(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return "";
  return map[code] ?? humanize(code);
}

/**
 * An object whose properties are built when first read: a component takes the maps it destructures,
 * not all of them (a list of badges builds the statuses once per badge, not every vocabulary).
 */
function lazily<T extends Record<string, () => unknown>>(builders: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const out = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(builders) as (keyof T & string)[]) {
    let value: unknown;
    let built = false;
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => {
        if (!built) [value, built] = [builders[key]!(), true];
        return value;
      },
    });
  }
  return out;
}

/** The labels in the reader's language, for a component. */
export function useLabels(): Labels {
  const t = useTranslations("Labels");
  return useMemo(() => labelsFrom(t), [t]);
}

export function labelsFrom(t: LabelsTranslator) {
  const maps = lazily({
    STATUS_LABELS: (): Record<Status, string> => ({
      submitted: t("status.submitted"),
      under_review: t("status.under_review"),
      acknowledged: t("status.acknowledged"),
      in_progress: t("status.in_progress"),
      resolved: t("status.resolved"),
      rejected: t("status.rejected"),
      duplicate: t("status.duplicate"),
    }),
    CATEGORY_LABELS: (): Record<Category, string> => ({
      roads: t("category.roads"),
      streetlights: t("category.streetlights"),
      garbage: t("category.garbage"),
      water_supply: t("category.water_supply"),
      drainage: t("category.drainage"),
      electricity: t("category.electricity"),
      trees_parks: t("category.trees_parks"),
      public_property: t("category.public_property"),
      public_safety: t("category.public_safety"),
      environment: t("category.environment"),
      other: t("category.other"),
    }),
    SEVERITY_LABELS: (): Record<string, string> => ({
      low: t("severity.low"),
      medium: t("severity.medium"),
      high: t("severity.high"),
      critical: t("severity.critical"),
    }),
    SEVERITY_HINTS: (): Record<string, string> => ({
      low: t("severityHint.low"),
      medium: t("severityHint.medium"),
      high: t("severityHint.high"),
      critical: t("severityHint.critical"),
    }),
    PRIORITY_LABELS: (): Record<string, string> => ({
      low: t("priority.low"),
      normal: t("priority.normal"),
      high: t("priority.high"),
      urgent: t("priority.urgent"),
    }),
    /** A priority as a word inside a sentence ("priority high"). */
    PRIORITY_WORDS: (): Record<string, string> => ({
      low: t("priorityWord.low"),
      normal: t("priorityWord.normal"),
      high: t("priorityWord.high"),
      urgent: t("priorityWord.urgent"),
    }),
    ROLE_LABELS: (): Record<string, string> => ({
      citizen: t("role.citizen"),
      moderator: t("role.moderator"),
      admin: t("role.admin"),
      system: t("role.system"),
    }),
    ACCOUNT_STATUS_LABELS: (): Record<string, string> => ({ active: t("accountStatus.active"), suspended: t("accountStatus.suspended") }),

    /** A timeline entry's heading; `timelineEntryText` adds what changed where the entry records it. */
    TIMELINE_KIND_LABELS: (): Record<string, string> => ({
      submitted: t("timelineKind.submitted"),
      triaged: t("timelineKind.triaged"),
      status_changed: t("timelineKind.status_changed"),
      category_changed: t("timelineKind.category_changed"),
      note: t("timelineKind.note"),
      priority_changed: t("timelineKind.priority_changed"),
      deadline_missed: t("timelineKind.deadline_missed"),
      location_changed: t("timelineKind.location_changed"),
    }),

    /** Background work as a citizen reads it: what it is for, and plain progress. */
    CITIZEN_WORK_LABELS: (): Record<string, string> => ({
      "award-reputation": t("citizenWork.award_reputation"),
      "triage-report": t("citizenWork.triage_report"),
      "record-audit": t("citizenWork.record_audit"),
      "notify-reporter": t("citizenWork.notify_reporter"),
      "notify-followers": t("citizenWork.notify_followers"),
      "recompute-priority": t("citizenWork.recompute_priority"),
      "support-milestones": t("citizenWork.support_milestones"),
      "route-report": t("citizenWork.route_report"),
      "track-service-level": t("citizenWork.track_service_level"),
      "fan-out-area-alerts": t("citizenWork.fan_out_area_alerts"),
      "notify-update-followers": t("citizenWork.notify_update_followers"),
      "process-photo": t("citizenWork.process_photo"),
    }),
    CITIZEN_PROGRESS_LABELS: (): Record<string, string> => ({
      queued: t("citizenProgress.queued"),
      running: t("citizenProgress.running"),
      retrying: t("citizenProgress.retrying"),
      completed: t("citizenProgress.completed"),
      failed: t("citizenProgress.failed"),
      stale: t("citizenProgress.stale"),
    }),

    /** Background work as staff read it: the function's name, with its status, timing and error kept. */
    STAFF_WORK_LABELS: (): Record<string, string> => ({
      "award-reputation": t("staffWork.award_reputation"),
      "triage-report": t("staffWork.triage_report"),
      "record-audit": t("staffWork.record_audit"),
      "notify-reporter": t("staffWork.notify_reporter"),
      "notify-followers": t("staffWork.notify_followers"),
      "recompute-priority": t("staffWork.recompute_priority"),
      "support-milestones": t("staffWork.support_milestones"),
      "route-report": t("staffWork.route_report"),
      "track-service-level": t("staffWork.track_service_level"),
      "fan-out-area-alerts": t("staffWork.fan_out_area_alerts"),
      "notify-update-followers": t("staffWork.notify_update_followers"),
      "process-photo": t("staffWork.process_photo"),
    }),

    /** Why reputation points were given or taken, on the profile. */
    REPUTATION_REASON_LABELS: (): Record<string, string> => ({
      report_filed: t("reputationReason.report_filed"),
      report_acknowledged: t("reputationReason.report_acknowledged"),
      report_rejected_spam: t("reputationReason.report_rejected_spam"),
      support_milestone_5: t("reputationReason.support_milestone_5"),
      support_milestone_25: t("reputationReason.support_milestone_25"),
      support_milestone_100: t("reputationReason.support_milestone_100"),
    }),

    NOTIFICATION_PREF_LABELS: () => ({
      auto: t("notificationPref.auto"),
      email: t("notificationPref.email"),
      sms: t("notificationPref.sms"),
      none: t("notificationPref.none"),
    }) as const,

    ACTION_LABELS: () => ({
      acknowledge: t("action.acknowledge"),
      start: t("action.start"),
      resolve: t("action.resolve"),
      reject: t("action.reject"),
      duplicate: t("action.duplicate"),
      recategorize: t("action.recategorize"),
    }) as const,

    REJECT_REASON_LABELS: (): Record<RejectReason, string> => ({
      spam: t("rejectReason.spam"),
      invalid: t("rejectReason.invalid"),
      out_of_scope: t("rejectReason.out_of_scope"),
      abusive: t("rejectReason.abusive"),
      not_actionable: t("rejectReason.not_actionable"),
    }),

    /** What a form says on the client before anything is sent; the server's own messages are plain words too. */
    FORM_MESSAGES: () => ({
      required: t("form.required"),
      titleShort: t("form.titleShort"),
      descriptionShort: t("form.descriptionShort"),
      locationMissing: t("form.locationMissing"),
      latitudeInvalid: t("form.latitudeInvalid"),
      longitudeInvalid: t("form.longitudeInvalid"),
      phoneInvalid: t("form.phoneInvalid"),
      codeInvalid: t("form.codeInvalid"),
      codeRejected: t("form.codeRejected"),
      addressLong: t("form.addressLong"),
      reasonMissing: t("form.reasonMissing"),
      noteMissing: t("form.noteMissing"),
      duplicateMissing: t("form.duplicateMissing"),
      noAnswer: t("form.noAnswer"),
      unknown: t("form.unknown"),
      summaryHeading: t("form.summaryHeading"),
      geoUnsupported: t("form.geoUnsupported"),
      geoDenied: t("form.geoDenied"),
      geoFailed: t("form.geoFailed"),
    }) as const,
  });

  type FromTo = { from: string | null; to: string | null };
  const PRIORITY_RANK: Record<string, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
  const changed = (c: FromTo | undefined): c is FromTo => !!c && c.from !== c.to;

  /** "Category changed from Roads & potholes to Garbage & sanitation": the entry's heading in words. */
  function timelineEntryText(kind: string, change: TimelineChange | null | undefined): string {
    if (kind === "category_changed" && change) {
      const parts: string[] = [];
      const category = change.category;
      if (changed(category)) {
        const to = labelOf(maps.CATEGORY_LABELS, category.to);
        parts.push(category.from ? t("timelineChange.categoryFromTo", { from: labelOf(maps.CATEGORY_LABELS, category.from), to }) : t("timelineChange.categoryTo", { to }));
      }
      const severity = change.severity;
      if (changed(severity)) {
        const to = labelOf(maps.SEVERITY_LABELS, severity.to);
        parts.push(severity.from ? t("timelineChange.severityFromTo", { from: labelOf(maps.SEVERITY_LABELS, severity.from), to }) : t("timelineChange.severityTo", { to }));
      }
      if (parts.length === 2) return t("timelineChange.both", { first: parts[0]!, second: parts[1]! });
      if (parts.length === 1) return parts[0]!;
    }
    const priority = change?.priority;
    if (kind === "priority_changed" && priority) {
      const to = labelOf(maps.PRIORITY_LABELS, priority.to);
      return priority.from ? t("timelineChange.priorityFromTo", { from: labelOf(maps.PRIORITY_LABELS, priority.from), to }) : t("timelineChange.priorityTo", { to });
    }
    return labelOf(maps.TIMELINE_KIND_LABELS, kind);
  }

  /**
   * The note under an entry's heading. People's notes are shown as written. CivicLens's own notes
   * (triage's sorting, a priority update) are said in the reader's language from what the entry
   * recorded; an older entry that recorded nothing keeps its stored words.
   */
  function timelineNote(entry: TimelineEntryNote): string | null {
    if (entry.actorRole === "system" && entry.change) {
      const { category, priority, supportCount } = entry.change;
      if (entry.kind === "triaged" && category?.to && priority?.to) {
        return t("timelineNote.triaged", { category: labelOf(maps.CATEGORY_LABELS, category.to), priority: labelOf(maps.PRIORITY_WORDS, priority.to) });
      }
      if (entry.kind === "priority_changed" && priority?.to && priority.from && typeof supportCount === "number") {
        const values = { priority: labelOf(maps.PRIORITY_WORDS, priority.to), count: supportCount };
        return PRIORITY_RANK[priority.to]! > PRIORITY_RANK[priority.from]! ? t("timelineNote.priorityRaised", values) : t("timelineNote.priorityLowered", values);
      }
      const missed = entry.change.missedStage;
      if (entry.kind === "deadline_missed" && missed && priority?.to) {
        const values = { priority: labelOf(maps.PRIORITY_WORDS, priority.to) };
        return missed === "acknowledge" ? t("timelineNote.acknowledgeMissed", values) : t("timelineNote.resolveMissed", values);
      }
    }
    return entry.note;
  }

  return Object.assign(maps, { labelOf, timelineEntryText, timelineNote });
}
