import search from 'approx-string-match';
import { type AnchorStatus, type Annotation, isOrphaned } from './annotation';
import { orphanPoint, quoteSelector } from './annotationSet';
import { type FoldedText, foldText, originalSpan } from './matchText';
import { OffsetIndex, codePointLength, normalizeSelection, splitsCrLf } from './offsets';
import type { Sidecar } from './sidecar';
import { textSha256 } from './textHash';

/** A problem of one annotation against the text, with its path in the sidecar. */
export interface AnchorProblem {
  message: string;
  path: (string | number)[];
}

/** Result of {@link anchorToText}. */
export type AnchorResult =
  | {
    ok: true;
    /** The annotations placed on the text, in sidecar order. */
    annotations: Annotation[];
    /** True when the sidecar's hash or length does not match the text. */
    textChanged: boolean;
    /** Ids of annotations that are orphaned now (including those that already were). */
    orphaned: string[];
    /** How each annotation was found, by id. */
    statuses: Map<string, AnchorStatus>;
  }
  | { ok: false; problems: AnchorProblem[] };

/**
 * Quote errors a fuzzy match may have: one per 12 code points of the quote, none below 12. A
 * rewritten word ("cracked" -> "checked", case B15) is more than that in any claim-sized quote.
 */
export function maxQuoteErrors(quoteLength: number): number {
  return Math.floor(quoteLength / 12);
}

/** Minimum score (0..1) of a fuzzy match: quote similarity 0.5, prefix 0.2, suffix 0.2, position 0.1. */
export const FUZZY_THRESHOLD = 0.75;

/** The text being anchored to, with what finding needs (built once per text). */
class AnchorText {
  readonly index: OffsetIndex;
  private foldedValue: FoldedText | undefined;

  constructor(readonly text: string) {
    this.index = new OffsetIndex(text);
  }

  get folded(): FoldedText {
    this.foldedValue ??= foldText(this.text);
    return this.foldedValue;
  }
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

/** Share (0..1) of `expected` found right before UTF-16 offset `at`, compared backwards. */
function prefixScore(text: string, at: number, expected: string): number {
  if (expected.length === 0) return at === 0 ? 1 : 0.5;
  let n = 0;
  while (n < expected.length && at - 1 - n >= 0 && text[at - 1 - n] === expected[expected.length - 1 - n]) n++;
  return n / expected.length;
}

/** Share (0..1) of `expected` found right after UTF-16 offset `at`. */
function suffixScore(text: string, at: number, expected: string): number {
  if (expected.length === 0) return at === text.length ? 1 : 0.5;
  let n = 0;
  while (n < expected.length && at + n < text.length && text[at + n] === expected[n]) n++;
  return n / expected.length;
}

/** True when the candidate starts/ends at word edges wherever the annotation did. */
function sameWordEdges(text: string, start: number, end: number, a: Annotation): boolean {
  const startedAtEdge = a.prefix.length === 0 || !WORD.test(a.prefix.slice(-1)) || !WORD.test(a.quote.slice(0, 1));
  const endedAtEdge = a.suffix.length === 0 || !WORD.test(a.suffix.slice(0, 1)) || !WORD.test(a.quote.slice(-1));
  if (startedAtEdge && start > 0 && WORD.test(text[start - 1]) && WORD.test(text[start])) return false;
  if (endedAtEdge && end < text.length && WORD.test(text[end]) && WORD.test(text[end - 1])) return false;
  return true;
}

interface Candidate { start16: number; end16: number; context: number; score: number }

function candidate(t: AnchorText, a: Annotation, start16: number, end16: number, quoteSimilarity: number): Candidate {
  const prefix = prefixScore(t.text, start16, a.prefix);
  const suffix = suffixScore(t.text, end16, a.suffix);
  const distance = Math.abs(t.index.toCodePoint(start16) - a.start) / Math.max(1, t.index.codePointLength);
  const position = 1 - Math.min(1, distance);
  return {
    start16, end16, context: (prefix + suffix) / 2,
    score: 0.5 * quoteSimilarity + 0.2 * prefix + 0.2 * suffix + 0.1 * position,
  };
}

function best(list: Candidate[]): Candidate | undefined {
  return list.sort((x, y) => y.score - x.score || x.start16 - y.start16)[0];
}

/** Every UTF-16 offset where `needle` occurs in `haystack` (at most `limit`). */
function occurrences(haystack: string, needle: string, limit = 2000): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let at = haystack.indexOf(needle); at >= 0 && out.length < limit; at = haystack.indexOf(needle, at + 1)) out.push(at);
  return out;
}

function placed(t: AnchorText, a: Annotation, start16: number, end16: number, status: AnchorStatus): Annotation {
  const start = t.index.toCodePoint(start16);
  const end = t.index.toCodePoint(end16);
  const out: Annotation = { ...a, start, end, ...quoteSelector(t.index, start, end) };
  if (status === 'exact') delete out.anchored;
  else out.anchored = status;
  return out;
}

/**
 * Finds an annotation again in a text that changed since it was made, in this order:
 * 1. its quote is still at its offsets: `exact`;
 * 2. its quote occurs elsewhere: the occurrence whose prefix and suffix match best, nearest to
 *    the old place, at word edges where the annotation had them: `moved`;
 * 3. the same words up to Arabic diacritics, tatweel, letter variants, accents or case
 *    (see matchText): `fuzzy`;
 * 4. approximate matching of the folded quote (approx-string-match, Myers 1999) with at most
 *    {@link maxQuoteErrors} errors, a matching neighbourhood and a score of at least
 *    {@link FUZZY_THRESHOLD}: `fuzzy`;
 * 5. otherwise `orphaned`: kept with its quote, prefix and suffix, offsets at its old place.
 * Offsets always point into the original text; the quote is updated to what is found there.
 * Source of the approach: W3C Web Annotation TextQuoteSelector; Hypothesis' anchoring.
 */
export function reanchor(text: string | AnchorText, a: Annotation): Annotation {
  const t = typeof text === 'string' ? new AnchorText(text) : text;
  const length = t.index.codePointLength;
  if (a.quote.length === 0) return { ...a, anchored: 'orphaned', start: orphanPoint(t.index, a.start), end: orphanPoint(t.index, a.start) };
  if (!isOrphaned(a) && a.start < a.end && a.end <= length && t.index.slice(a.start, a.end) === a.quote) {
    return placed(t, a, t.index.toUtf16(a.start), t.index.toUtf16(a.end), 'exact');
  }
  // 2. the same quote elsewhere
  const exact = occurrences(t.text, a.quote)
    .filter((at) => sameWordEdges(t.text, at, at + a.quote.length, a))
    .map((at) => candidate(t, a, at, at + a.quote.length, 1));
  const unique = exact.length === 1 && codePointLength(a.quote) >= 8;
  const moved = best(exact.filter((c) => c.context > 0 || unique));
  if (moved) return placed(t, a, moved.start16, moved.end16, 'moved');
  // 3. the same words once folded
  const folded = t.folded;
  const foldedQuote = foldText(a.quote).text;
  if (foldedQuote.length > 0) {
    const same = occurrences(folded.text, foldedQuote)
      .map((at) => originalSpan(folded, t.text, at, at + foldedQuote.length))
      .filter(([s, e]) => sameWordEdges(t.text, s, e, a))
      .map(([s, e]) => candidate(t, a, s, e, 1));
    const one = best(same.filter((c) => c.context > 0 || (same.length === 1 && codePointLength(a.quote) >= 8)));
    if (one) return placed(t, a, one.start16, one.end16, 'fuzzy');
    // 4. approximately the same words in the same neighbourhood
    const maxErrors = maxQuoteErrors(codePointLength(foldedQuote));
    if (maxErrors > 0) {
      const found: Candidate[] = [];
      for (const match of search(folded.text, foldedQuote, maxErrors).slice(0, 200)) {
        const [s, e] = originalSpan(folded, t.text, match.start, match.end);
        const span = normalizeSelection(t.text, s, e);
        if (!span || !sameWordEdges(t.text, span.start, span.end, a)) continue;
        const c = candidate(t, a, span.start, span.end, 1 - match.errors / foldedQuote.length);
        if (c.context >= 0.5 && c.score >= FUZZY_THRESHOLD) found.push(c);
      }
      const fuzzy = best(found);
      if (fuzzy) return placed(t, a, fuzzy.start16, fuzzy.end16, 'fuzzy');
    }
  }
  const point = orphanPoint(t.index, a.start);
  return { ...a, start: point, end: point, anchored: 'orphaned' };
}

/**
 * Places a sidecar's annotations on the article text (code points).
 * When the sidecar's sha256 and length match the text, every annotation that is not orphaned
 * must have its quote at its offsets, not splitting CR LF, or the sidecar is refused (it was
 * edited wrongly). When they do not match (the text changed since the sidecar was written),
 * every annotation is found again with {@link reanchor}; nothing is dropped. An orphan whose
 * quote stands again right at its place is put back. Prefix and suffix are refreshed.
 */
export function anchorToText(text: string, sidecar: Sidecar): AnchorResult {
  const t = new AnchorText(text);
  const index = t.index;
  const length = index.codePointLength;
  const textChanged = sidecar.text.sha256 !== textSha256(text)
    || (sidecar.text.length !== undefined && sidecar.text.length !== length);
  const problems: AnchorProblem[] = [];
  const orphaned: string[] = [];
  const statuses = new Map<string, AnchorStatus>();
  const annotations = sidecar.annotations.map((source, i) => {
    let a: Annotation = { ...source };
    if (isOrphaned(a)) {
      const n = codePointLength(a.quote);
      const at = orphanPoint(index, a.start);
      a = n > 0 && at + n <= length && index.slice(at, at + n) === a.quote
        ? placed(t, a, index.toUtf16(at), index.toUtf16(at + n), 'exact')
        : { ...a, start: at, end: at };
    } else if (!textChanged) {
      const inRange = a.start <= a.end && a.end <= length;
      if (!inRange || index.slice(a.start, a.end) !== a.quote) {
        problems.push(inRange
          ? { message: `quote ${JSON.stringify(a.quote)} does not match the text at ${a.start}..${a.end} (${JSON.stringify(index.slice(a.start, a.end))})`, path: ['annotations', i, 'quote'] }
          : { message: `end ${a.end} is beyond the end of the text (${length} code points)`, path: ['annotations', i, 'end'] });
        return a;
      }
      const splits = [a.start, a.end].find((at) => splitsCrLf(text, index.toUtf16(at)));
      if (splits !== undefined) {
        problems.push({ message: `offset ${splits} falls between CR and LF`, path: ['annotations', i, splits === a.start ? 'start' : 'end'] });
        return a;
      }
      a = { ...a, ...quoteSelector(index, a.start, a.end) };
    } else {
      a = reanchor(t, a);
    }
    statuses.set(a.id, a.anchored ?? 'exact');
    if (isOrphaned(a)) orphaned.push(a.id);
    return a;
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, annotations, textChanged, orphaned, statuses };
}
