/**
 * Suggestions (pre-annotation): spans that look like dates, actors and claims, for the analyst to
 * accept or reject. Rules, not a model: Arabic news patterns (month names, weekdays, relative
 * days; titles such as وزير / الرئيس / المتحدث باسم followed by a name; organisations; reporting
 * verbs قال، أكد، أعلن… with إن/أن or a quotation), their English counterparts, and names the
 * analyst already annotated. Matching runs on folded text (matchText) and every span is mapped
 * back to the original text; offsets are code points.
 */
import { type ActorTitles, suggestActors } from './actorRules';
import { suggestClaims } from './claimRules';
import { suggestDates } from './dateRules';
import { DisjointSpans, SuggestText, type Suggestion } from './suggestText';

export type { ImportedDetails, Suggestion } from './suggestText';

/** What suggestions may use. */
export interface SuggestOptions {
  /** Publication date (YYYY-MM-DD) for date values. */
  published?: string;
  /** Actor names known from annotations or the entity registry (their mentions are suggested). */
  knownActors?: readonly string[];
  /**
   * Whether a title belongs to the actor's span: `include` (default: «وزير الخارجية سامي الجميل»,
   * as most Arabic gold marks mentions) or `exclude` («سامي الجميل»).
   */
  actorTitles?: ActorTitles;
}

/**
 * Suggested dates, actors and claims for `text` (code points), sorted by position. Nothing is
 * stored: the analyst accepts or rejects each one.
 */
export function suggest(text: string, options: SuggestOptions = {}): Suggestion[] {
  const t = new SuggestText(text);
  const dates = suggestDates(t, options.published);
  const dateSpans = new DisjointSpans();
  for (const d of dates) dateSpans.add(d);
  const actors = suggestActors(t, options.knownActors ?? [], options.actorTitles).filter((a) => !dateSpans.overlaps(a));
  const claims = suggestClaims(t, actors);
  return [...dates, ...actors, ...claims].sort((x, y) => x.start - y.start || y.end - x.end);
}
