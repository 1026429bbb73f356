import { type ArticleStatus, isToAnnotate } from '../model/articleStatus';
import { type ArticleSummary } from './articleSummary';

/** One article of the workspace in the Articles view. */
export interface ArticleRow {
  /** The folder's path relative to the workspace ('/' separated; '' for the workspace folder itself). */
  folder: string;
  /** The article's file name. */
  name: string;
  /** Its summary; undefined when the sidecar cannot be read (see `problem`). */
  summary?: ArticleSummary;
  /** Why the sidecar cannot be read (with its line and column), when it cannot. */
  problem?: string;
}

/** What the Articles view shows: only these statuses (empty or absent: all) and this annotator (absent: all). */
export interface ArticleFilter {
  statuses?: readonly ArticleStatus[];
  annotator?: string;
}

/** Compares rows in the view's order: by folder, then by name (UTF-16 code units, as the listing is stable). */
export function compareRows(a: ArticleRow, b: ArticleRow): number {
  return cmp(a.folder, b.folder) || cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when no filter is set. */
export function isEmptyFilter(filter: ArticleFilter): boolean {
  return (filter.statuses?.length ?? 0) === 0 && filter.annotator === undefined;
}

/**
 * True when `row` passes `filter`: its status is one of `statuses` and `annotator` made one of
 * its annotations or set its status. A row whose sidecar cannot be read passes only when no
 * filter is set.
 */
export function passesFilter(row: ArticleRow, filter: ArticleFilter): boolean {
  if (isEmptyFilter(filter)) return true;
  const summary = row.summary;
  if (!summary) return false;
  if ((filter.statuses?.length ?? 0) > 0 && !filter.statuses!.includes(summary.status)) return false;
  if (filter.annotator !== undefined) {
    const by = summary.statusRecord?.by?.trim();
    if (!summary.annotators.includes(filter.annotator) && by !== filter.annotator) return false;
  }
  return true;
}

/** Every annotator of `rows` (authors of annotations and who set a status), sorted, each once. */
export function annotatorsOf(rows: readonly ArticleRow[]): string[] {
  const all = new Set<string>();
  for (const row of rows) {
    for (const a of row.summary?.annotators ?? []) all.add(a);
    const by = row.summary?.statusRecord?.by?.trim();
    if (by) all.add(by);
  }
  return [...all].sort(cmp);
}

/**
 * The article to annotate after `current` (a row of `rows`, by folder and name; undefined: start
 * at the top): the next one in the view's order ({@link compareRows}) whose status is `new` or
 * `in-progress`, wrapping around; never `current` itself. Undefined when no other is left.
 */
export function nextToAnnotate(rows: readonly ArticleRow[], current?: { folder: string; name: string }):
  ArticleRow | undefined {
  const sorted = [...rows].sort(compareRows);
  const key = current && { folder: current.folder, name: current.name };
  let from = 0;
  if (key) {
    const after = sorted.findIndex((r) => compareRows(r, key) > 0);
    from = after < 0 ? sorted.length : after;
  }
  for (let k = 0; k < sorted.length; k++) {
    const row = sorted[(from + k) % sorted.length]!;
    if (key && compareRows(row, key) === 0) continue;
    if (row.summary && isToAnnotate(row.summary.status)) return row;
  }
  return undefined;
}

/** Rows counted per status (for a folder's description). */
export function countByStatus(rows: readonly ArticleRow[]): Partial<Record<ArticleStatus, number>> {
  const out: Partial<Record<ArticleStatus, number>> = {};
  for (const row of rows) if (row.summary) out[row.summary.status] = (out[row.summary.status] ?? 0) + 1;
  return out;
}
