/**
 * Where an article is in the team's work, stored in its sidecar as `status` (docs/sidecar-format.md,
 * docs/articles-view.md): `new` (nobody has started), `in-progress`, `done` (the annotator is
 * finished), `needs-review` (a second look is asked for), `adjudicated` (the gold version is settled).
 */
export type ArticleStatus = 'new' | 'in-progress' | 'done' | 'needs-review' | 'adjudicated';

/** Every status, in the order of the work (the order of quick picks and filters). */
export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['new', 'in-progress', 'done', 'needs-review', 'adjudicated'];

/** The `status` block of a sidecar: the status set by an analyst, who set it and when. */
export interface StatusRecord {
  value: ArticleStatus;
  /** Who set it (`hashiya.author`, else the system user name). */
  by?: string;
  /** When it was set: ISO 8601 time with time zone. */
  at?: string;
}

/** True when `value` is one of {@link ARTICLE_STATUSES}. */
export function isArticleStatus(value: unknown): value is ArticleStatus {
  return typeof value === 'string' && (ARTICLE_STATUSES as readonly string[]).includes(value);
}

/**
 * The status an article is in: the one its sidecar records, else `in-progress` when it has
 * annotations (someone started), else `new`. `annotations`: how many the sidecar holds.
 */
export function effectiveStatus(record: StatusRecord | undefined, annotations: number): ArticleStatus {
  return record?.value ?? (annotations > 0 ? 'in-progress' : 'new');
}

/** True when an article in `status` is still to be annotated ("Open Next Article to Annotate"). */
export function isToAnnotate(status: ArticleStatus): boolean {
  return status === 'new' || status === 'in-progress';
}

/**
 * The status three-way, by whole record: taken from the side that changed it since `base`; when
 * both changed it differently, the one set later (`at`, ISO times compared as instants; a record
 * without `at` counts as earliest) wins, ours on a tie. A status is a marker of the work, not
 * data of the article, so no conflict is recorded (docs/sidecar-format.md).
 */
export function mergeStatus(
  base: StatusRecord | undefined,
  ours: StatusRecord | undefined,
  theirs: StatusRecord | undefined,
): StatusRecord | undefined {
  const key = (s: StatusRecord | undefined) => (s ? `${s.value}|${s.by ?? ''}|${s.at ?? ''}` : '');
  if (key(ours) === key(theirs)) return ours ?? theirs;
  if (key(ours) === key(base)) return theirs;
  if (key(theirs) === key(base)) return ours;
  if (!theirs) return ours;
  if (!ours) return theirs;
  return instant(theirs.at) > instant(ours.at) ? theirs : ours;
}

function instant(at: string | undefined): number {
  // a leap second (23:59:60, valid date-time) is the last moment of its minute, not an unknown time
  const ms = at === undefined ? NaN : Date.parse(at.replace(/:60(\.\d+)?(?=Z|[+-]\d|$)/u, ':59.999'));
  return Number.isNaN(ms) ? -Infinity : ms;
}
