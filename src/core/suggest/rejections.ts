/**
 * Suggestions the analyst rejected in an article, remembered so that they are not suggested
 * there again ("learning from the analyst"). A rejection is known by its label, its quote and up
 * to 16 code points of text before it, so it still matches after edits elsewhere in the text
 * moved it, and not another occurrence of the same words in other surroundings.
 */
import type { OffsetIndex } from '../text/offsets';
import type { Suggestion } from './suggestText';

/** A rejected suggestion, as remembered. */
export interface Rejection {
  label: string;
  quote: string;
  /** Up to 16 code points of the text right before the span. */
  before: string;
}

/** How many code points of text before a span a rejection keeps. */
const BEFORE = 16;

/** At most this many rejections are kept per article (the oldest go first). */
export const MAX_REJECTIONS = 2000;

/** The rejection of `s` (code points) in the text of `index`. */
export function rejectionOf(index: OffsetIndex, s: Pick<Suggestion, 'label' | 'start' | 'end' | 'quote'>): Rejection {
  return { label: s.label, quote: s.quote, before: index.slice(Math.max(0, s.start - BEFORE), s.start) };
}

/** The key a rejection and a suggestion share. */
function key(r: Rejection): string {
  return `${r.label}\u0000${r.quote}\u0000${r.before}`;
}

/** `rejections` with `added` remembered too (each once, the newest last, at most {@link MAX_REJECTIONS}). */
export function remember(rejections: readonly Rejection[], added: readonly Rejection[]): Rejection[] {
  const byKey = new Map(rejections.map((r) => [key(r), r]));
  for (const r of added) {
    byKey.delete(key(r));
    byKey.set(key(r), r);
  }
  return [...byKey.values()].slice(-MAX_REJECTIONS);
}

/** `suggestions` without those rejected before in the text of `index`. */
export function withoutRejected<S extends Pick<Suggestion, 'label' | 'start' | 'end' | 'quote'>>(
  suggestions: readonly S[],
  index: OffsetIndex,
  rejections: readonly Rejection[],
): S[] {
  if (rejections.length === 0) return [...suggestions];
  const befores = new Map<string, string[]>();
  for (const r of rejections) {
    const k = `${r.label}\u0000${r.quote}`;
    befores.set(k, [...(befores.get(k) ?? []), r.before]);
  }
  return suggestions.filter((s) => {
    const known = befores.get(`${s.label}\u0000${s.quote}`);
    if (!known) return true;
    const before = rejectionOf(index, s).before;
    // a shorter context was the start of the text then: text added before the start keeps it a suffix
    return !known.some((b) => b === before || (b.length < BEFORE && before.endsWith(b)));
  });
}
