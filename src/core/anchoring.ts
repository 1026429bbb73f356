import search from 'approx-string-match';
import { type AnchorStatus, type Annotation, isOrphaned } from './annotation';
import { orphanPoint, quoteSelector } from './annotationSet';
import { type FoldedText, foldText, originalSpan, sameWordEdges } from './matchText';
import { OffsetIndex, codePointLength, isGraphemeBoundary, normalizeSelection, splitsCrLf } from './offsets';
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
export class AnchorText {
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

/** Context (0..1) an occurrence needs before it is taken for the annotation: a quarter of the 32 code points on one side. */
export const MIN_CONTEXT = 0.25;

/** A quote this long (code points) may be taken at its only occurrence without matching context. */
export const UNIQUE_QUOTE_LENGTH = 32;

/** Occurrences of a quote looked at (the nearest to the old place first). */
const MAX_OCCURRENCES = 20000;

/** Share (0..1) of `expected` found right before UTF-16 offset `at`, compared backwards after folding. */
function prefixScore(text: string, at: number, expected: string): number {
  if (expected.length === 0) return at === 0 ? 1 : 0.5;
  const want = foldText(expected).text;
  if (want.length === 0) return 0.5;
  const have = foldText(text.slice(Math.max(0, at - 2 * expected.length - 8), at)).text;
  let n = 0;
  while (n < want.length && n < have.length && have[have.length - 1 - n] === want[want.length - 1 - n]) n++;
  return n / want.length;
}

/** Share (0..1) of `expected` found right after UTF-16 offset `at`, compared after folding. */
function suffixScore(text: string, at: number, expected: string): number {
  if (expected.length === 0) return at === text.length ? 1 : 0.5;
  const want = foldText(expected).text;
  if (want.length === 0) return 0.5;
  const have = foldText(text.slice(at, at + 2 * expected.length + 8)).text;
  let n = 0;
  while (n < want.length && n < have.length && have[n] === want[n]) n++;
  return n / want.length;
}

interface Candidate { start16: number; end16: number; prefix: number; suffix: number; score: number }

function candidate(t: AnchorText, a: Annotation, start16: number, end16: number, quoteSimilarity: number): Candidate {
  const prefix = prefixScore(t.text, start16, a.prefix);
  const suffix = suffixScore(t.text, end16, a.suffix);
  const distance = Math.abs(t.index.toCodePoint(start16) - a.start) / Math.max(1, t.index.codePointLength);
  const position = 1 - Math.min(1, distance);
  return { start16, end16, prefix, suffix, score: 0.5 * quoteSimilarity + 0.2 * prefix + 0.2 * suffix + 0.1 * position };
}

function context(c: Candidate): number {
  return Math.max(c.prefix, c.suffix);
}

function best(list: Candidate[]): Candidate | undefined {
  return list.sort((x, y) => y.score - x.score || x.start16 - y.start16)[0];
}

/** UTF-16 offsets where `needle` occurs in `haystack`, nearest to `near` first (at most {@link MAX_OCCURRENCES}). */
function occurrences(haystack: string, needle: string, near: number): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) out.push(at);
  out.sort((x, y) => Math.abs(x - near) - Math.abs(y - near));
  return out.slice(0, MAX_OCCURRENCES);
}

/** True when [start, end) begins and ends on grapheme-cluster boundaries (never inside an emoji sequence, a letter with its marks or CR LF). */
function onClusters(text: string, start: number, end: number): boolean {
  return isGraphemeBoundary(text, start) && isGraphemeBoundary(text, end);
}

/**
 * The occurrence to take among `spans`: word edges and whole characters kept, and enough matching
 * context (or a long quote found only once); the best scored. Stops early at a perfect match.
 */
function pick(t: AnchorText, a: Annotation, spans: Iterable<[number, number]>, quoteLength: number): Candidate | undefined {
  const ok: Candidate[] = [];
  let seen = 0;
  for (const [s, e] of spans) {
    seen++;
    if (!sameWordEdges(t.text, s, e, a) || !onClusters(t.text, s, e)) continue;
    const c = candidate(t, a, s, e, 1);
    if (c.prefix >= 1 && c.suffix >= 1) return c;
    ok.push(c);
  }
  const unique = seen === 1 && ok.length === 1 && quoteLength >= UNIQUE_QUOTE_LENGTH;
  return best(ok.filter((c) => context(c) >= MIN_CONTEXT || unique));
}

function placed(t: AnchorText, a: Annotation, start16: number, end16: number, status: AnchorStatus): Annotation {
  const start = t.index.toCodePoint(start16);
  const end = t.index.toCodePoint(end16);
  const out: Annotation = { ...a, start, end, ...quoteSelector(t.index, start, end) };
  if (status === 'exact') delete out.anchored;
  else out.anchored = status;
  return out;
}

function orphan(t: AnchorText, a: Annotation): Annotation {
  const point = orphanPoint(t.index, a.start);
  return { ...a, start: point, end: point, anchored: 'orphaned' };
}

/** The folded offset of original UTF-16 offset `at` (the first folded unit from at or after it). */
function foldedOffset(folded: FoldedText, at: number): number {
  let lo = 0;
  let hi = folded.origin.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (folded.origin[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, folded.text.length);
}

/** Folded quotes longer than this are matched by their beginning and end, not approximately as a whole. */
const LONG_QUOTE = 256;

/**
 * A long quote (a paragraph) found again by its first and last 32 folded characters, nearest
 * its old place, in order, at a length within the error budget; quote similarity is estimated
 * from the length. Linear in the text, whatever the quote's length.
 */
function headAndTail(t: AnchorText, a: Annotation, foldedQuote: string, maxErrors: number, near: number): Candidate[] {
  const folded = t.folded;
  const head = foldedQuote.slice(0, 32);
  const tail = foldedQuote.slice(-32);
  const out: Candidate[] = [];
  for (const h of occurrences(folded.text, head, near).slice(0, 20)) {
    const from = h + foldedQuote.length - maxErrors - tail.length;
    const e = folded.text.indexOf(tail, Math.max(h + head.length, from));
    if (e < 0 || Math.abs(e + tail.length - h - foldedQuote.length) > maxErrors) continue;
    const [s0, e0] = originalSpan(folded, t.text, h, e + tail.length);
    const span = normalizeSelection(t.text, s0, e0);
    if (!span || !sameWordEdges(t.text, span.start, span.end, a)) continue;
    const c = candidate(t, a, span.start, span.end, 1 - Math.abs(e + tail.length - h - foldedQuote.length) / foldedQuote.length);
    if (context(c) >= 0.5 && c.score >= FUZZY_THRESHOLD) out.push(c);
  }
  return out;
}

/** The digit runs of folded text: a fuzzy match must not change a number ("15" -> "150"). */
function digits(folded: string): string {
  return (folded.match(/\d+/g) ?? []).join(' ');
}

/**
 * Approximate matches of the folded quote near where it may be: around its old place, and around
 * exact occurrences of its first and last 16 folded characters. Bounded work whatever the text.
 */
function approximate(t: AnchorText, a: Annotation, foldedQuote: string, maxErrors: number): Candidate[] {
  const folded = t.folded;
  const n = foldedQuote.length;
  const pad = n + 2 * maxErrors + 64;
  const oldAt = foldedOffset(folded, t.index.toUtf16(Math.min(a.start, t.index.codePointLength)));
  const windows: [number, number][] = [[oldAt - 4 * pad, oldAt + 4 * pad]];
  for (const piece of [foldedQuote.slice(0, 16), foldedQuote.slice(-16)]) {
    if (piece.length < 8) continue;
    let count = 0;
    for (let at = folded.text.indexOf(piece); at >= 0 && count < 20; at = folded.text.indexOf(piece, at + 1), count++) windows.push([at - pad, at + pad]);
  }
  const found = new Map<string, Candidate>();
  for (const [from0, to0] of windows) {
    const from = Math.max(0, from0);
    const to = Math.min(folded.text.length, to0);
    if (to - from < n - maxErrors) continue;
    let region = folded.text.slice(from, to);
    // the lowest-error matches hide the others: mask the rejected ones and search again
    for (let round = 0; round < 3; round++) {
      const matches = search(region, foldedQuote, maxErrors).slice(0, 50);
      if (matches.length === 0) break;
      let accepted = false;
      for (const m of matches) {
        const [s0, e0] = originalSpan(folded, t.text, from + m.start, from + m.end);
        const span = normalizeSelection(t.text, s0, e0);
        if (!span || !sameWordEdges(t.text, span.start, span.end, a)) continue;
        if (digits(foldText(t.text.slice(span.start, span.end)).text) !== digits(foldedQuote)) continue;
        const c = candidate(t, a, span.start, span.end, 1 - m.errors / n);
        if (context(c) >= 0.5 && c.score >= FUZZY_THRESHOLD) {
          found.set(`${c.start16}:${c.end16}`, c);
          accepted = true;
        }
      }
      if (accepted) break;
      for (const m of matches) region = region.slice(0, m.start) + '\uFFFF'.repeat(m.end - m.start) + region.slice(m.end);
    }
  }
  return [...found.values()];
}

/**
 * Finds an annotation again in a text that changed since it was made, in this order:
 * 1. its quote is still at its offsets with matching context (or nowhere better): `exact`;
 * 2. its quote occurs elsewhere: the occurrence whose prefix and suffix match best (at least
 *    {@link MIN_CONTEXT} on one side, or a quote of {@link UNIQUE_QUOTE_LENGTH}+ found once),
 *    nearest to the old place, at word edges where the annotation had them: `moved`;
 * 3. the same words up to Arabic diacritics, tatweel, letter variants, accents or case
 *    (see matchText), with the same conditions: `fuzzy`;
 * 4. approximate matching of the folded quote (approx-string-match, Myers 1999) near its old
 *    place or where its beginning or end occur, with at most {@link maxQuoteErrors} errors, the
 *    same numbers, half the prefix or suffix matching and a score of at least
 *    {@link FUZZY_THRESHOLD}: `fuzzy`;
 * 5. otherwise `orphaned`: kept with its quote, prefix and suffix, offsets at its old place.
 * Found spans never split a grapheme cluster or CR LF; offsets point into the original text and
 * the quote is updated to what is found there. `hints` are shifts (code points) that worked for
 * other annotations of the same text, tried first. Sources: W3C Web Annotation
 * TextQuoteSelector; Hypothesis' anchoring.
 */
export function reanchor(text: string | AnchorText, a: Annotation, hints: number[] = []): Annotation {
  const t = typeof text === 'string' ? new AnchorText(text) : text;
  const length = t.index.codePointLength;
  const quoteLength = codePointLength(a.quote);
  if (quoteLength === 0) return orphan(t, a);
  const oldAt16 = t.index.toUtf16(Math.min(a.start, length));
  // 1. still at its offsets
  let here: Candidate | undefined;
  if (!isOrphaned(a) && a.start < a.end && a.end <= length && t.index.slice(a.start, a.end) === a.quote) {
    const [s, e] = [t.index.toUtf16(a.start), t.index.toUtf16(a.end)];
    if (onClusters(t.text, s, e)) {
      here = candidate(t, a, s, e, 1);
      if (context(here) >= 0.5) return placed(t, a, s, e, 'exact');
    }
  }
  // shifts that worked for the annotations before this one
  for (const shift of hints) {
    const start = a.start + shift;
    if (start < 0 || start + quoteLength > length || t.index.slice(start, start + quoteLength) !== a.quote) continue;
    const c = candidate(t, a, t.index.toUtf16(start), t.index.toUtf16(start + quoteLength), 1);
    if (c.prefix >= 0.9 && c.suffix >= 0.9 && onClusters(t.text, c.start16, c.end16)) return placed(t, a, c.start16, c.end16, shift === 0 ? 'exact' : 'moved');
  }
  // 2. the same quote elsewhere
  const moved = pick(t, a, occurrences(t.text, a.quote, oldAt16).map((at) => [at, at + a.quote.length] as [number, number]), quoteLength);
  if (moved && (!here || context(moved) > context(here))) return placed(t, a, moved.start16, moved.end16, moved.start16 === here?.start16 ? 'exact' : 'moved');
  if (here) return placed(t, a, here.start16, here.end16, 'exact');
  // 3. the same words once folded
  const folded = t.folded;
  const foldedQuote = foldText(a.quote).text;
  if (foldedQuote.length === 0) return orphan(t, a);
  const oldFolded = foldedOffset(folded, oldAt16);
  const same = pick(t, a, occurrences(folded.text, foldedQuote, oldFolded)
    .map((at) => originalSpan(folded, t.text, at, at + foldedQuote.length)), quoteLength);
  if (same) return placed(t, a, same.start16, same.end16, 'fuzzy');
  // 4. approximately the same words in the same neighbourhood
  const maxErrors = maxQuoteErrors(codePointLength(foldedQuote));
  if (foldedQuote.length > LONG_QUOTE) {
    const long = best(headAndTail(t, a, foldedQuote, maxErrors, oldFolded));
    if (long) return placed(t, a, long.start16, long.end16, 'fuzzy');
  } else if (maxErrors > 0) {
    const fuzzy = best(approximate(t, a, foldedQuote, maxErrors).filter((c) => onClusters(t.text, c.start16, c.end16)));
    if (fuzzy) return placed(t, a, fuzzy.start16, fuzzy.end16, 'fuzzy');
  }
  return orphan(t, a);
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
  const hints: number[] = [];
  const annotations = sidecar.annotations.map((source, i) => {
    let a: Annotation = { ...source };
    if (isOrphaned(a)) {
      const n = codePointLength(a.quote);
      const at = orphanPoint(index, a.start);
      const [s16, e16] = [index.toUtf16(at), index.toUtf16(Math.min(length, at + n))];
      a = n > 0 && at + n <= length && index.slice(at, at + n) === a.quote
        && sameWordEdges(text, s16, e16, a) && isGraphemeBoundary(text, s16) && isGraphemeBoundary(text, e16)
        ? placed(t, a, s16, e16, 'exact')
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
      const before = a.start;
      a = reanchor(t, a, hints);
      if (!isOrphaned(a)) {
        const shift = a.start - before;
        const k = hints.indexOf(shift);
        if (k !== 0) {
          if (k > 0) hints.splice(k, 1);
          hints.unshift(shift);
          hints.length = Math.min(hints.length, 8);
        }
      }
    }
    statuses.set(a.id, a.anchored ?? 'exact');
    if (isOrphaned(a)) orphaned.push(a.id);
    return a;
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, annotations, textChanged, orphaned, statuses };
}
