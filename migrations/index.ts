import type { Migration } from "kysely/migration";
import * as m0001 from "./20261128_0001_sign_in";
import * as m0002 from "./20261128_0002_reports";
import * as m0003 from "./20261128_0003_profile_moderation";
import * as m0004 from "./20261128_0004_rate_limit_windows";
import * as m0005 from "./20261129_0005_lean_write_path";
import * as m0006 from "./20261129_0006_report_submission_key";
import * as m0007 from "./20261129_0007_citizen_severity";
import * as m0008 from "./20261205_0008_revocable_sessions";
import * as m0009 from "./20261205_0009_audit_chain";
import * as m0010 from "./20261205_0010_message_claims";
import * as m0011 from "./20261205_0011_refs_past_a_million";
import * as m0012 from "./20261205_0012_map_support_follow";
import * as m0013 from "./20261205_0013_report_map_cells";
import * as m0014 from "./20261205_0014_follow_and_milestones";
import * as m0015 from "./20261205_0015_queue_order_indexes";
import * as m0016 from "./20261205_0016_open_reports_earth_index";
import * as m0017 from "./20261205_0017_user_locale";
import * as m0019 from "./20261205_0019_report_change_notify";
import * as m0020 from "./20261206_0020_report_photos";
import * as m0026 from "./20261206_0026_report_posts";
import * as m0023 from "./20261206_0023_area_alerts";
import * as m0025 from "./20261206_0025_bodies";
import * as m0024 from "./20261206_0024_open311";
import * as m0021 from "./20261206_0021_service_levels";
import * as m0027 from "./20261206_0027_alert_circle_centres";
import * as m0030 from "./20261206_0030_update_photos";

/**
 * Every migration, by name. A static record (not a folder scan) so the same list works under
 * Next.js bundles, vitest and plain tsx scripts. Names sort in the order they run; never edit a landed one.
 */
export const migrations: Record<string, Migration> = {
  "20261128_0001_sign_in": m0001,
  "20261128_0002_reports": m0002,
  "20261128_0003_profile_moderation": m0003,
  "20261128_0004_rate_limit_windows": m0004,
  "20261129_0005_lean_write_path": m0005,
  "20261129_0006_report_submission_key": m0006,
  "20261129_0007_citizen_severity": m0007,
  "20261205_0008_revocable_sessions": m0008,
  "20261205_0009_audit_chain": m0009,
  "20261205_0010_message_claims": m0010,
  "20261205_0011_refs_past_a_million": m0011,
  "20261205_0012_map_support_follow": m0012,
  "20261205_0013_report_map_cells": m0013,
  "20261205_0014_follow_and_milestones": m0014,
  "20261205_0015_queue_order_indexes": m0015,
  "20261205_0016_open_reports_earth_index": m0016,
  "20261205_0017_user_locale": m0017,
  "20261205_0019_report_change_notify": m0019,
  "20261206_0020_report_photos": m0020,
  "20261206_0026_report_posts": m0026,
  "20261206_0023_area_alerts": m0023,
  "20261206_0025_bodies": m0025,
  "20261206_0024_open311": m0024,
  "20261206_0021_service_levels": m0021,
  "20261206_0027_alert_circle_centres": m0027,
  "20261206_0030_update_photos": m0030,
};
