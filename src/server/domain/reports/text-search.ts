import "server-only";
import { sql, type Expression, type SqlBool } from "kysely";

/** A LIKE pattern that matches `text` literally anywhere: %, _ and the escape character itself lose their meaning. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Reports whose title contains the text, case-insensitively. The title's trigram index
 * (reports_title_trgm_idx) serves ILIKE; descriptions are not searched: an index over them would
 * be many times the title's and slow every filing, and a title says what the problem is.
 */
export function titleContains(text: string): Expression<SqlBool> {
  return sql<SqlBool>`reports.title ilike ${containsPattern(text)}`;
}
