/**
 * Suggestions waiting for the analyst's review: kept beside an article (never in its sidecar),
 * moved with edits of the text, and turned into annotations when accepted. Offsets are code
 * points, like everything in the model.
 */
import { type Annotation, type Label, isOrphaned } from '../model/annotation';
import type { AnnotationSet, Provenance, TextChange } from '../model/annotationSet';
import { codePointLength, endAfterMarks } from '../text/offsets';
import type { Suggestion } from './suggest';
import { lowerBound } from '../util/binarySearch';
import * as l10n from '@vscode/l10n';

/** A suggestion under review, with a key that stays the same while the text around it is edited. */
export interface PendingSuggestion extends Suggestion {
  key: string;
}

let counter = 0;

/**
 * Suggestions ready for review: each gets a key; those that overlap an annotation of the same
 * label are left out (already accepted, or marked by hand a little wider or narrower).
 */
export function pending(suggestions: readonly Suggestion[], annotations: readonly Annotation[]): PendingSuggestion[] {
  const covered = coveredBy(annotations);
  return suggestions
    .filter((s) => !covered(s))
    .map((s) => ({ ...s, key: `s${(counter = (counter + 1) % Number.MAX_SAFE_INTEGER)}` }));
}

/**
 * A test "does an annotation (not orphaned) of this label overlap this span", in O(log n) per
 * span: per label, annotations sorted by start with the running maximum of their ends.
 */
export function coveredBy(
  annotations: readonly Annotation[],
): (span: { label: Annotation['label']; start: number; end: number }) => boolean {
  const byLabel = new Map<string, { starts: number[]; maxEnd: number[] }>();
  for (const label of new Set(annotations.map((a) => a.label))) {
    const list = annotations.filter((a) => a.label === label && !isOrphaned(a)).sort((a, b) => a.start - b.start);
    const maxEnd: number[] = [];
    list.forEach((a, i) => maxEnd.push(Math.max(a.end, i > 0 ? maxEnd[i - 1] : -1)));
    byLabel.set(label, { starts: list.map((a) => a.start), maxEnd });
  }
  return (span) => {
    const found = byLabel.get(span.label);
    if (!found) return false;
    // the last annotation starting before the span ends
    const lo = lowerBound(found.starts, span.end);
    return lo > 0 && found.maxEnd[lo - 1] > span.start;
  };
}

/**
 * Moves suggestions through text changes applied one after another (as VS Code reports them,
 * code points of the text each previous change left). A suggestion a change touches inside is
 * dropped (its words are no longer the ones suggested); text inserted at its start or end stays
 * outside it. A claim whose speaker span is touched keeps the claim and loses the speaker.
 */
export function moveSuggestions(
  suggestions: readonly PendingSuggestion[],
  changes: readonly TextChange[],
): PendingSuggestion[] {
  let list = suggestions.map((s) => ({ ...s, speaker: s.speaker && { ...s.speaker } }));
  for (const change of changes) {
    const delta = codePointLength(change.text) - (change.end - change.start);
    const move = <T extends { start: number; end: number }>(span: T): T | undefined => {
      if (change.end <= span.start) {
        return { ...span, start: span.start + delta, end: span.end + delta };
      }
      if (change.start >= span.end) return span;
      return undefined;
    };
    list = list.flatMap((s) => {
      const moved = move(s);
      if (!moved) return [];
      if (s.speaker) {
        const speaker = move(s.speaker);
        if (speaker) moved.speaker = speaker;
        else delete moved.speaker;
      }
      return [moved];
    });
  }
  return list;
}

/**
 * Accepts suggestions into `set` (one action: the caller runs it inside one session mutation so
 * that one undo takes it back). A suggestion that an annotation of the same label and span
 * already covers is not added twice. A claim's suggested speaker becomes its `speaker` relation:
 * the actor annotation on exactly that span, added when there is none yet.
 * Actors are linked to the entity `entityOf` finds for their words (registry names and aliases), else,
 * for a mention of a person the article named before (`entity`: a surname, a bare role), to the
 * entity of that name in the registry or of an actor annotated under that name.
 * Returns the annotations added (speakers included).
 * @throws RangeError when a suggestion's quote is no longer at its offsets (nothing is added:
 *   the session's mutation is all or nothing), or from {@link AnnotationSet.add}.
 */
export function acceptInto(
  set: AnnotationSet,
  suggestions: readonly PendingSuggestion[],
  provenance: Provenance,
  entityOf: (quote: string) => string | undefined = () => undefined,
): Annotation[] {
  const added: Annotation[] = [];
  const find = (label: string, start: number, end: number) =>
    set.overlapping(start, end).find((a) => a.label === label && a.start === start && a.end === end);
  /**
   * The entity of an actor already annotated under the name `name` (a later surname links to it);
   * once per name, over the linked actors only (accepting thousands of suggestions stays linear).
   */
  let linked: Annotation[] | undefined;
  const byName = new Map<string, string | undefined>();
  const entityOfMention = (name: string) => {
    if (!byName.has(name)) {
      linked ??= set.annotations.filter((a) => a.label === 'actor' && a.entity);
      byName.set(name, linked.find((a) => a.quote.includes(name))?.entity);
    }
    return byName.get(name);
  };
  const ensure = (label: Label, start: number, to: number, reuseOverlapping = false, name?: string): Annotation => {
    // harakat typed right after a suggested name belong to it
    const end = endAfterMarks(set.index, start, to);
    const existing =
      find(label, start, end) ??
      // a speaker already marked a little wider or narrower ("وزير الخارجية الروسي سيرغي لافروف") is that actor
      (reuseOverlapping ? set.overlapping(start, end).find((a) => a.label === label) : undefined);
    if (existing) return existing;
    const made = set.add(label, start, end, provenance);
    // an actor whose words are a registry name or alias is linked to that entity
    // …and a mention of a person named before in full (a surname, a bare role) to that person's entity
    const entity = label === 'actor'
      ? entityOf(made.quote) ?? (name ? entityOf(name) ?? entityOfMention(name) : undefined)
      : undefined;
    if (entity) set.update(made.id, { entity }, provenance);
    added.push(made);
    return made;
  };
  // actors first, so that claims can point to them
  const ordered = [...suggestions].sort(
    (a, b) => (a.label === 'claim' ? 1 : 0) - (b.label === 'claim' ? 1 : 0) || a.start - b.start,
  );
  const text = set.text;
  const index = set.index;
  const quoteAt = (start: number, end: number) => text.slice(index.toUtf16(start), index.toUtf16(end));
  for (const s of ordered) {
    // a suggestion whose words are no longer at its offsets is not accepted (the text moved under it)
    if (s.end > index.codePointLength || quoteAt(s.start, s.end) !== s.quote)
      throw new RangeError(
        l10n.t('the suggested {0} "{1}" is no longer at {2}..{3}; suggest again', s.label, s.quote, s.start, s.end),
      );
    const annotation = ensure(s.label, s.start, s.end, false, s.entity);
    if (
      s.label === 'claim' &&
      s.speaker &&
      annotation.speaker === undefined &&
      s.speaker.end <= index.codePointLength &&
      quoteAt(s.speaker.start, s.speaker.end) === s.speaker.quote
    ) {
      const speaker = ensure('actor', s.speaker.start, s.speaker.end, true);
      set.update(annotation.id, { speaker: speaker.id }, provenance);
    }
  }
  return added.map((a) => set.get(a.id) ?? a);
}
