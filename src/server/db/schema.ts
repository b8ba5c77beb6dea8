import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from "kysely";
import type { Role } from "@/shared/roles";

/** Timestamps: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string, T | string>;
type DefaultJson<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export type { Role };
export type MessageStatus = "queued" | "sending" | "sent" | "delivered" | "bounced" | "complained" | "failed";
export type TaskRunStatus = "running" | "retrying" | "completed" | "failed";

export interface UsersTable {
  id: Generated<string>;
  phone: string;
  name: string | null;
  email: string | null;
  email_verified_at: NullableTimestamp;
  role: Generated<Role>;
  reputation: Generated<number>;
  login_count: Generated<number>;
  last_login_at: NullableTimestamp;
  status: Generated<"active" | "suspended">;
  notification_prefs: DefaultJson<NotificationPrefs>;
  /** Sessions issued under an older epoch are over (sign out everywhere, role change, suspension). */
  session_epoch: Generated<number>;
  /** The language they chose ("en" | "hi"); null until they choose (messages then go in English). */
  locale: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** A signed-out session, by the id its cookie carries, until the cookie would have expired. */
export interface RevokedSessionsTable {
  sid: string;
  user_id: string;
  expires_at: Timestamp;
  revoked_at: DefaultTimestamp;
}

export type NotificationChannelChoice = "auto" | "email" | "sms" | "none";
export interface NotificationPrefs {
  status_change?: NotificationChannelChoice;
}

export interface OtpCodesTable {
  id: Generated<string>;
  phone: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: NullableTimestamp;
  created_at: DefaultTimestamp;
}

/** One row per limited key: the times of its hits still inside the window (oldest first). */
export interface RateLimitWindowsTable {
  key: string;
  hits: Date[];
  updated_at: DefaultTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  event_id: string | null;
  action: string;
  status: Generated<"success" | "failure">;
  actor_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  description: string | null;
  metadata: DefaultJson;
  ip: string | null;
  user_agent: string | null;
  created_at: DefaultTimestamp;
  /** The row's place in the audit chain, and its links: set by the chain trigger (migration 0009, ADR 0011). */
  seq: Generated<number>;
  prev_hash: Generated<string>;
  hash: Generated<string>;
}

/** The audit chain's last place and hash, one row, locked by each audit insert until it commits. */
export interface AuditChainHeadTable {
  id: Generated<boolean>;
  seq: number;
  hash: string;
}

/** One full verification of the audit chain; the audit page shows the latest. */
export interface AuditChainChecksTable {
  id: Generated<string>;
  checked_at: DefaultTimestamp;
  /** Who asked from the audit page; null for `npm run audit:verify`. */
  checked_by: string | null;
  ok: boolean;
  rows: number;
  head_seq: number;
  head_hash: string;
  broken_seq: number | null;
  broken_id: string | null;
  reason: string | null;
  detail: string | null;
  duration_ms: number;
}

export interface EventOutboxTable {
  id: Generated<string>;
  seq: Generated<number>;
  name: string;
  data: Json;
  created_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
  last_attempt_at: NullableTimestamp;
  locked_until: NullableTimestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  channel: "sms" | "email";
  kind: string;
  user_id: string | null;
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
  provider: string;
  provider_message_id: string | null;
  status: Generated<MessageStatus>;
  error: string | null;
  event_id: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TaskRunsTable {
  run_id: string;
  function_id: string;
  event_id: string | null;
  event_name: string | null;
  subject_id: string | null;
  status: TaskRunStatus;
  attempt: Generated<number>;
  started_at: DefaultTimestamp;
  finished_at: NullableTimestamp;
  duration_ms: number | null;
  error: string | null;
}

export interface ProcessedEventsTable {
  event_id: string;
  handler: string;
  processed_at: DefaultTimestamp;
}

export type Severity = "low" | "medium" | "high" | "critical";
export type Priority = "low" | "normal" | "high" | "urgent";
export type ReportStatus = "submitted" | "under_review" | "acknowledged" | "in_progress" | "resolved" | "rejected" | "duplicate";

export interface ReportsTable {
  id: Generated<string>;
  number: Generated<number>;
  year: Generated<number>;
  ref: ColumnType<string, never, never>;
  reporter_id: string;
  title: string;
  description: string;
  category: string | null;
  citizen_category: string | null;
  /** The severity the citizen gave; `severity` is the report's, which a moderator can correct. */
  citizen_severity: Severity;
  severity: Severity;
  priority: Priority | null;
  latitude: number;
  longitude: number;
  address: string | null;
  status: Generated<ReportStatus>;
  classification: string | null;
  classification_confidence: number | null;
  classifier_agreed: boolean | null;
  hazard: boolean | null;
  model_version: string | null;
  triaged_at: NullableTimestamp;
  duplicate_of: string | null;
  resolution_note: string | null;
  /** The filing form's key for this report (migration 0006): a resend with it finds this report. */
  submission_key: string | null;
  version: Generated<number>;
  /** How many citizens support the report (report_supports), kept in the same transaction as their rows. */
  support_count: Generated<number>;
  /** The reporter follows their own report (without a report_follows row) unless this is set (migration 0014). */
  reporter_unfollowed: Generated<boolean>;
  /** The highest support milestone the reporter was told of (migration 0014). */
  support_milestone_notified: Generated<number>;
  /** The body the report was routed to (migration 0025); null until `route-report` has run. */
  body_id: Generated<string | null>;
  /** The Open311 key the report was filed through (migration 0024); null for the web form. */
  open311_key_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Service levels (migration 0021): the deadlines set at filing, when each stage was reached, and how many deadlines it missed. */
  acknowledge_by: NullableTimestamp;
  resolve_by: NullableTimestamp;
  acknowledged_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  service_level_breaches: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** One citizen's "this affects me too" on a report; the primary key (report_id, user_id) makes it one. */
export interface ReportSupportsTable {
  report_id: string;
  user_id: string;
  created_at: DefaultTimestamp;
}

/** A citizen following a report besides its reporter. */
export interface ReportFollowsTable {
  report_id: string;
  user_id: string;
  created_at: DefaultTimestamp;
}

/** A photo on a report (migration 0020): uploaded, processed into public WebP images, or refused, or hidden by a moderator. */
export type PhotoStatus = "processing" | "ready" | "failed" | "hidden";
export interface ReportPhotosTable {
  id: Generated<string>;
  report_id: string;
  /** The update carrying the photo (migration 0030); null for the report's own photos. */
  post_id: ColumnType<string | null, string | null | undefined, string | null>;
  uploader_id: string;
  status: ColumnType<PhotoStatus, PhotoStatus | undefined, PhotoStatus>;
  /** The upload in the quarantine area; null once processing deleted it. */
  original_key: string | null;
  display_key: ColumnType<string | null, string | null | undefined, string | null>;
  thumb_key: ColumnType<string | null, string | null | undefined, string | null>;
  width: ColumnType<number | null, number | null | undefined, number | null>;
  height: ColumnType<number | null, number | null | undefined, number | null>;
  /** The display image's size. */
  bytes: ColumnType<number | null, number | null | undefined, number | null>;
  /** The display image's SHA-256, hex. */
  sha256: ColumnType<string | null, string | null | undefined, string | null>;
  failure_reason: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_by: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}
export type ReportPhoto = Selectable<ReportPhotosTable>;

/** An update on a report by its reporter, a citizen or staff (migration 0026; ADR 0023). */
export type PostKind = "note" | "still_there" | "fixed" | "staff";
export type PostAuthorRole = "reporter" | "citizen" | "staff";
export type PostEffect = "confirms_resolution" | "close_request" | "reopen_request";
export interface ReportPostsTable {
  id: Generated<string>;
  report_id: string;
  author_id: string;
  author_role: PostAuthorRole;
  kind: PostKind;
  text: string | null;
  /** What the update asks of moderators, decided when it was posted (domain/updates/update-rules.ts). */
  effect: PostEffect | null;
  hidden_at: NullableTimestamp;
  hidden_by: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultTimestamp;
}
export type ReportPost = Selectable<ReportPostsTable>;

/** How far a recipient has been told of a report's updates. */
export interface ReportPostNoticesTable {
  report_id: string;
  user_id: string;
  told_through: Date;
}

/**
 * The map's clusters counted ahead: per tile-grid cell at a few levels, status and category
 * (category '' for none yet), kept by a trigger on reports (migration 0013).
 */
export interface ReportMapCellsTable {
  level: number;
  x: number;
  y: number;
  status: ReportStatus;
  category: string;
  /** 0..7 at the coarsest levels (by report id), so concurrent filings in one city do not queue for one row; else 0. */
  shard: number;
  report_count: number;
  sum_lat: number;
  sum_lng: number;
  urgent: number;
  high: number;
  normal: number;
  low: number;
}

export interface ReportUpdatesTable {
  id: Generated<string>;
  report_id: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  actor_id: string | null;
  actor_role: string | null;
  metadata: DefaultJson;
  event_id: string | null;
  created_at: DefaultTimestamp;
}

export interface ReputationLedgerTable {
  id: Generated<string>;
  user_id: string;
  points: number;
  reason: string;
  source_type: string;
  source_id: string;
  event_id: string | null;
  created_at: DefaultTimestamp;
}

export interface EmailVerificationTokensTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  email: string;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
  created_at: DefaultTimestamp;
}

export interface DeadLettersTable {
  id: Generated<string>;
  function_id: string;
  run_id: string;
  event_id: string | null;
  event_name: string;
  event_data: Json;
  error: string;
  message_id: string | null;
  status: Generated<"open" | "resent" | "dismissed">;
  resent_at: NullableTimestamp;
  resent_by: string | null;
  resent_event_id: string | null;
  created_at: DefaultTimestamp;
}

export type AlertFrequency = "immediate" | "daily";
export type AlertChannel = "sms" | "email";

/** A citizen's area alert (migration 0023; ADR 0020). */
export interface AlertSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  latitude: number;
  longitude: number;
  radius_meters: number;
  categories: string[] | null;
  frequency: AlertFrequency;
  channel: AlertChannel;
  include_status_changes: Generated<boolean>;
  /** The centre as an earth point (`ll_to_earth`) and the radius as a chord (`gc_to_sec`), stored by PostgreSQL (migration 0027). */
  center: GeneratedAlways<string>;
  reach: GeneratedAlways<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** What a subscriber has yet to hear of: one row per subscription and alert key; message_id once told. */
export interface AlertPendingTable {
  id: Generated<string>;
  subscription_id: string;
  user_id: string;
  report_id: string;
  alert_key: string;
  kind: "created" | "status";
  status: string | null;
  frequency: AlertFrequency;
  channel: AlertChannel;
  message_id: string | null;
  created_at: DefaultTimestamp;
}

/** A body responsible for reports in its boundary and categories (migration 0025, ADR 0022). */
export interface BodiesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  is_default: Generated<boolean>;
  categories: string[];
  /** A GeoJSON Polygon or MultiPolygon; null only for a default body without one. */
  boundary: Json<BodyBoundary> | null;
  area_m2: number | null;
  min_lat: number | null;
  max_lat: number | null;
  min_lon: number | null;
  max_lon: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}
export type Position = [number, number];
export type BodyBoundary = { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };
export type Body = Selectable<BodiesTable>;

/** A moderator limited to these bodies' reports; none means every report (migration 0025). */
export interface ModeratorBodiesTable {
  user_id: string;
  body_id: string;
  created_at: DefaultTimestamp;
}

/** An Open311 API key (migration 0024): only its hash is kept; it files as its client's account. */
export interface Open311KeysTable {
  id: Generated<string>;
  name: string;
  key_hash: string;
  key_prefix: string;
  client_user_id: string;
  requests_per_hour: number;
  created_by: string | null;
  created_at: DefaultTimestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
}

/** Contact data and the media URL an Open311 client sent with a request: for the city only, never answered publicly. */
export interface Open311SubmissionsTable {
  report_id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  media_url: string | null;
  created_at: DefaultTimestamp;
}

/** A service-level target (migration 0021): per category, and per priority or `any`. */
export interface ServiceLevelsTable {
  category: string;
  priority: ColumnType<string, string | undefined, string>;
  acknowledge_hours: number;
  resolve_days: number;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

/** A report's missed deadline (migration 0021), once per stage; `digest_hour` the digest that told moderators. */
export interface ServiceLevelBreachesTable {
  report_id: string;
  stage: "acknowledge" | "resolve";
  deadline: Timestamp;
  breached_at: DefaultTimestamp;
  digest_hour: NullableTimestamp;
}

export interface Database {
  bodies: BodiesTable;
  moderator_bodies: ModeratorBodiesTable;
  email_verification_tokens: EmailVerificationTokensTable;
  dead_letters: DeadLettersTable;
  reports: ReportsTable;
  report_updates: ReportUpdatesTable;
  report_supports: ReportSupportsTable;
  report_follows: ReportFollowsTable;
  report_map_cells: ReportMapCellsTable;
  report_photos: ReportPhotosTable;
  report_posts: ReportPostsTable;
  report_post_notices: ReportPostNoticesTable;
  reputation_ledger: ReputationLedgerTable;
  users: UsersTable;
  revoked_sessions: RevokedSessionsTable;
  otp_codes: OtpCodesTable;
  rate_limit_windows: RateLimitWindowsTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  audit_chain_checks: AuditChainChecksTable;
  event_outbox: EventOutboxTable;
  messages: MessagesTable;
  task_runs: TaskRunsTable;
  processed_events: ProcessedEventsTable;
  alert_subscriptions: AlertSubscriptionsTable;
  alert_pending: AlertPendingTable;
  open311_keys: Open311KeysTable;
  open311_submissions: Open311SubmissionsTable;
  service_levels: ServiceLevelsTable;
  service_level_breaches: ServiceLevelBreachesTable;
}

export type User = Selectable<UsersTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type OutboxRow = Selectable<EventOutboxTable>;
export type Message = Selectable<MessagesTable>;
export type TaskRun = Selectable<TaskRunsTable>;
export type Report = Selectable<ReportsTable>;
export type ReportUpdate = Selectable<ReportUpdatesTable>;
export type LedgerEntry = Selectable<ReputationLedgerTable>;
export type DeadLetter = Selectable<DeadLettersTable>;
export type AlertSubscription = Selectable<AlertSubscriptionsTable>;
