/**
 * Suggestions waiting for the analyst's review: kept beside an article (never in its sidecar),
 * moved with edits of the text, and turned into annotations when accepted. Offsets are code
 * points, like everything in the model.
 */
import { type Annotation, isOrphaned } from './annotation';
import type { AnnotationSet, Provenance, TextChange } from './annotationSet';
import { codePointLength } from './offsets';
import type { Suggestion } from './suggest';

/** A suggestion under review, with a key that stays the same while the text around it is edited. */
export interface PendingSuggestion extends Suggestion {
  key: string;
}

let counter = 0;

/**
 * Suggestions ready for review: each gets a key; those that an annotation of the same label
 * already covers exactly are left out (already accepted or marked by hand).
 */
export function pending(suggestions: readonly Suggestion[], annotations: readonly Annotation[]): PendingSuggestion[] {
  const taken = new Set(annotations.filter((a) => !isOrphaned(a)).map((a) => `${a.label}:${a.start}:${a.end}`));
  return suggestions
    .filter((s) => !taken.has(`${s.label}:${s.start}:${s.end}`))
    .map((s) => ({ ...s, key: `s${(counter = (counter + 1) % Number.MAX_SAFE_INTEGER)}` }));
}

/**
 * Moves suggestions through text changes applied one after another (as VS Code reports them,
 * code points of the text each previous change left). A suggestion a change touches inside is
 * dropped (its words are no longer the ones suggested); text inserted at its start or end stays
 * outside it. A claim whose speaker span is touched keeps the claim and loses the speaker.
 */
export function moveSuggestions(suggestions: readonly PendingSuggestion[], changes: readonly TextChange[]): PendingSuggestion[] {
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
 * Returns the annotations added (speakers included).
 * @throws RangeError from {@link AnnotationSet.add} when a span is no longer valid for the text.
 */
export function acceptInto(set: AnnotationSet, suggestions: readonly PendingSuggestion[], provenance: Provenance): Annotation[] {
  const added: Annotation[] = [];
  const find = (label: string, start: number, end: number) =>
    set.annotations.find((a) => a.label === label && a.start === start && a.end === end && !isOrphaned(a));
  const ensure = (label: 'claim' | 'actor' | 'date', start: number, end: number): Annotation => {
    const existing = find(label, start, end);
    if (existing) return existing;
    const made = set.add(label, start, end, provenance);
    added.push(made);
    return made;
  };
  // actors first, so that claims can point to them
  const ordered = [...suggestions].sort((a, b) => (a.label === 'claim' ? 1 : 0) - (b.label === 'claim' ? 1 : 0) || a.start - b.start);
  for (const s of ordered) {
    const annotation = ensure(s.label, s.start, s.end);
    if (s.label === 'claim' && s.speaker && annotation.speaker === undefined) {
      const speaker = ensure('actor', s.speaker.start, s.speaker.end);
      set.update(annotation.id, { speaker: speaker.id }, provenance);
    }
  }
  return added.map((a) => set.get(a.id) ?? a);
}
