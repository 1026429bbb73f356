// Over 500 lines: re-anchoring is one subject (exact, mapped, searched, fuzzy, the orphan rules) whose
// parts share private scoring helpers; splitting it is part of issue 9's redesign, not yet done.
import search from 'approx-string-match';
import { ContextPattern, MAX_CONTEXT_UNITS, alignSpan, levenshtein } from './alignment';
import {
  type AnchorStatus,
  type Annotation,
  conflictPositions,
  isOrphaned,
  withConflictPositions,
} from '../model/annotation';
import { orphanPoint, quoteSelector } from '../model/annotationSet';
import { type FoldedText, foldText, originalSpan, sameWordEdges } from '../text/matchText';
import { OffsetIndex, codePointLength, isGraphemeBoundary, normalizeSelection, splitsCrLf } from '../text/offsets';
import type { Sidecar } from '../format/sidecar';
import { textSha256 } from '../text/textHash';
import { lowerBound, partitionPoint } from '../util/binarySearch';
import { untouchedPlaces } from './untouchedPlaces';
import * as l10n from '@vscode/l10n';

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

/**
 * Context (0..1) a place needs on BOTH sides before it is taken for an annotation: the share of
 * the prefix and of the suffix still standing there, each scored by an alignment that tolerates
 * insertions, deletions and substitutions (see alignment.ts). Unrelated Arabic contexts score
 * about 0.25 (99.9% of random pairs of news contexts stay below 0.47).
 */
export const MIN_CONTEXT = 0.5;

/**
 * Context (0..1) on one side that is enough when the other side was rewritten, for a place near
 * where the annotation was expected ({@link NEAR}) or whose other side stands further away
 * (text inserted between); also what each side needs for the fast path.
 */
export const ONE_SIDED_CONTEXT = 0.9;

/**
 * Code points around an expected place counted as near it: the old start, or the old start
 * shifted as at least two of the annotations before it were (in one {@link anchorToText}).
 */
export const NEAR = 24;

/**
 * A quote this long (folded UTF-16 units), within one paragraph, may be taken at its only
 * occurrence (the same words once folded) without matching context.
 */
export const UNIQUE_QUOTE_LENGTH = 32;

/**
 * Two places whose evidence (prefix + suffix + 2 × quote similarity, 0..4) differs by less than
 * this cannot be told apart: the annotation is orphaned rather than put on either.
 */
export const AMBIGUITY_MARGIN = 0.25;

/**
 * Context (0..1) on both sides that makes another place, apart from the best one, a rival within
 * twice {@link AMBIGUITY_MARGIN} (unless the best is near and matches well on both sides): two
 * places that both stand in much of the annotation's context (a sentence repeated in the
 * article) cannot be told apart once the text changed around them.
 */
export const RIVAL_CONTEXT = 0.6;

/** How much more context (0..2) a loose frame of the old place needs than the place taken ({@link Probe.frame}). */
const FRAME_LEAD = 0.15;

/** Occurrences of a quote scored in full, besides those near the expected places (see `sameWords`). */
export const MAX_SCORED = 64;

/**
 * What a place loses in quote similarity (0..1) when its characters differ from the quote's
 * although the folded texts agree (أن and إن, a haraka added): less than any real difference of
 * context, so that the original place with its tashkeel changed still beats the same word
 * elsewhere, yet enough to tell أن from إن beside it.
 */
export const OTHER_CHARACTERS = 0.05;

/** Folded units of context on each side compared quickly to choose the occurrences scored in full. */
const KEY_UNITS = 16;

/** Folded units looked at beyond a context's own length (insertions tolerated). */
const REACH = 24;

/** Folded quotes longer than this are matched by their beginning and end, not approximately as a whole. */
const LONG_QUOTE = 256;

type CharClass = 0 | 1 | 2;
/** 0 white space, 1 letter or digit, 2 anything else (each such character is a token of its own). */
function charClass(code: number): CharClass {
  if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) return 0;
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x0621 && code <= 0x064a)) return 1;
  if (code < 0x80) return 2;
  const ch = String.fromCharCode(code);
  if (/\s/u.test(ch)) return 0;
  if (/[\p{L}\p{N}\p{M}]/u.test(ch)) return 1;
  return 2;
}

/** Where token [at, end) of folded `text` ends: letters and digits run together; anything else is one unit. */
function tokenEnd(text: string, at: number): number {
  if (charClass(text.charCodeAt(at)) !== 1) return at + 1;
  let end = at + 1;
  while (end < text.length && charClass(text.charCodeAt(end)) === 1) end++;
  return end;
}

/**
 * The text being anchored to, with what finding needs, built once per text and shared by all
 * the annotations re-anchored on it: offsets, the folded text (matchText folding, CR LF as LF),
 * an index of its tokens and the occurrences of each quote looked for.
 */
export class AnchorText {
  readonly index: OffsetIndex;
  private foldedValue: FoldedText | undefined;
  private tokens: Map<string, number[]> | undefined;
  private readonly found = new Map<string, Int32Array>();
  /** Quotes looked for by scanning the text, before its tokens are indexed. */
  private scans = 0;

  constructor(readonly text: string) {
    this.index = new OffsetIndex(text);
  }

  /** The text folded for finding (matchText `foldText` with line ends folded); offsets UTF-16. */
  get folded(): FoldedText {
    this.foldedValue ??= foldText(this.text, { lineEnds: true });
    return this.foldedValue;
  }

  /** Folded offsets of every token (see {@link tokenEnd}) that is not white space, by token. */
  private tokenIndex(): Map<string, number[]> {
    if (this.tokens) return this.tokens;
    const text = this.folded.text;
    const tokens = new Map<string, number[]>();
    for (let at = 0; at < text.length;) {
      const code = text.charCodeAt(at);
      if (charClass(code) === 0) {
        at++;
        continue;
      }
      const end = tokenEnd(text, at);
      const token = text.slice(at, end);
      const list = tokens.get(token);
      if (list) list.push(at);
      else tokens.set(token, [at]);
      at = end;
    }
    this.tokens = tokens;
    return tokens;
  }

  /**
   * Folded offsets, ascending, where folded quote `q` occurs. `whole` says that its first token
   * is whole in the text it came from (it began and its first token ended at token edges): then
   * only token starts are looked at, through the token index, instead of the whole text.
   */
  occurrences(q: string, whole: boolean): Int32Array {
    const key = `${whole ? 'w' : 's'}${q}`;
    let out = this.found.get(key);
    if (out) return out;
    const text = this.folded.text;
    const list: number[] = [];
    if (whole && (this.tokens || ++this.scans > SCANS_BEFORE_INDEX)) {
      for (const at of this.tokenIndex().get(q.slice(0, tokenEnd(q, 0))) ?? []) {
        if (text.startsWith(q, at)) list.push(at);
      }
    } else if (whole) {
      // the same, for the first few quotes, without indexing the whole text: where q stands at a token start whose
      // token is its first token
      const first = tokenEnd(q, 0);
      for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) {
        const inRun = at > 0 && charClass(text.charCodeAt(at - 1)) === 1 && charClass(text.charCodeAt(at)) === 1;
        if (!inRun && tokenEnd(text, at) === at + first) list.push(at);
      }
    } else {
      for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) list.push(at);
    }
    out = Int32Array.from(list);
    this.found.set(key, out);
    return out;
  }
}

/**
 * Quotes an {@link AnchorText} looks for by scanning the whole text before it indexes its tokens: when only the
 * annotations around an edit are searched, indexing a long text costs more than a few scans.
 */
const SCANS_BEFORE_INDEX = 16;

/** The folded offset of original UTF-16 offset `at` (the first folded unit from at or after it). */
function foldedOffset(folded: FoldedText, at: number): number {
  const lo = partitionPoint(folded.origin.length - 1, (i) => folded.origin[i] < at);
  return Math.min(lo, folded.text.length);
}

/**
 * True when [start, end) begins and ends on grapheme-cluster boundaries (never inside an emoji sequence, a letter with
 * its marks or CR LF).
 */
function onClusters(text: string, start: number, end: number): boolean {
  return isGraphemeBoundary(text, start) && isGraphemeBoundary(text, end);
}

/** The digit runs of folded text: a fuzzy match must not change a number ("15" -> "150"). */
function digits(folded: string): string {
  return (folded.match(/\d+/g) ?? []).join(' ');
}

/** A place where an annotation may be now. */
interface Candidate {
  /** UTF-16 span in the text. */
  start16: number;
  end16: number;
  /** Context still standing before and after (0..1). */
  prefix: number;
  suffix: number;
  /**
   * Quote similarity (0..1): 1 for the same characters, less {@link OTHER_CHARACTERS} for the same words once folded,
   * less the share of errors for an approximate match.
   */
  quote: number;
  /** Within {@link NEAR} code points of where the annotation was expected. */
  near: boolean;
  /** Code points from the nearest expected place. */
  distance: number;
}

const evidence = (c: Candidate) => c.prefix + c.suffix + 2 * c.quote;

/** Its whole stored prefix and suffix stand unchanged around it. */
const intact = (c: Candidate) => c.prefix === 1 && c.suffix === 1;

/**
 * True when `c` cannot be told from `best`: its evidence comes within {@link AMBIGUITY_MARGIN},
 * unless `best` stands in its whole context unchanged and `c` does not (two words alike side by
 * side in the annotated text, the stored context tells which one).
 */
const rivals = (c: Candidate, best: Candidate) =>
  evidence(c) > evidence(best) - AMBIGUITY_MARGIN && !(intact(best) && !intact(c));

/** One annotation being looked for, with its folded quote and contexts. */
class Probe {
  readonly q: string;
  readonly prefix: ContextPattern;
  readonly suffix: ContextPattern;
  readonly foldedPrefix: string;
  readonly foldedSuffix: string;
  /**
   * The prefix from its last line break on, the suffix up to its first (the context inside the paragraph), when they
   * have one.
   */
  readonly paragraphPrefix: ContextPattern | undefined;
  readonly paragraphSuffix: ContextPattern | undefined;
  /** The quote's first token was whole: it began at a token edge and its first token ended at one. */
  readonly whole: boolean;
  /** Expected places (code points): the old start, and the old start shifted by each trusted hint. */
  readonly expected: number[];

  constructor(
    readonly t: AnchorText,
    readonly a: Annotation,
    hints: readonly number[],
  ) {
    this.q = foldText(a.quote, { lineEnds: true }).text;
    this.foldedPrefix = foldText(a.prefix, { lineEnds: true }).text;
    this.foldedSuffix = foldText(a.suffix, { lineEnds: true }).text;
    this.prefix = new ContextPattern(this.foldedPrefix, 'before');
    this.suffix = new ContextPattern(this.foldedSuffix, 'after');
    const lastBreak = this.foldedPrefix.lastIndexOf('\n');
    this.paragraphPrefix =
      lastBreak >= 0 ? new ContextPattern(this.foldedPrefix.slice(lastBreak), 'before') : undefined;
    const firstBreak = this.foldedSuffix.indexOf('\n');
    this.paragraphSuffix =
      firstBreak >= 0 ? new ContextPattern(this.foldedSuffix.slice(0, firstBreak + 1), 'after') : undefined;
    const q = this.q;
    const startsAtEdge =
      charClass(q.charCodeAt(0)) === 2 ||
      this.foldedPrefix.length === 0 ||
      (charClass(q.charCodeAt(0)) === 1 && charClass(this.foldedPrefix.charCodeAt(this.foldedPrefix.length - 1)) !== 1);
    const first = q.length > 0 ? tokenEnd(q, 0) : 0;
    const firstEnds =
      first < q.length ||
      this.foldedSuffix.length === 0 ||
      charClass(q.charCodeAt(q.length - 1)) !== 1 ||
      charClass(this.foldedSuffix.charCodeAt(0)) !== 1;
    this.whole = q.length > 0 && charClass(q.charCodeAt(0)) !== 0 && startsAtEdge && firstEnds;
    this.expected = [...new Set([0, ...hints])]
      .map((h) => a.start + h)
      .filter((at) => at >= 0 && at <= t.index.codePointLength);
    if (this.expected.length === 0) this.expected.push(Math.min(a.start, t.index.codePointLength));
  }

  /**
   * How much of the prefix (0..1) still stands right before folded offset `fs`: the larger of
   * its whole alignment score and that of its part inside the paragraph (from its last line
   * break on, which must stand too): a paragraph's beginning is evidence as the text's beginning
   * is, weighed by how much of the paragraph the prefix had (full from 8 folded units on). An
   * empty stored prefix (the annotation began the text) scores 1 at the text's beginning, 0.25
   * elsewhere.
   */
  prefixAt(fs: number): number {
    const { a, t } = this;
    if (a.prefix.length === 0) return fs === 0 ? 1 : 0.25;
    return contextScore(t.folded.text, fs, this.prefix, this.paragraphPrefix) ?? 0.5;
  }

  /** The same for the suffix right after folded offset `fe` (up to its first line break). */
  suffixAt(fe: number): number {
    const { a, t } = this;
    if (a.suffix.length === 0) return fe === t.folded.text.length ? 1 : 0.25;
    return contextScore(t.folded.text, fe, this.suffix, this.paragraphSuffix) ?? 0.5;
  }

  /**
   * Scores the place [s16, e16) of the text (UTF-16) with quote similarity `quote` (of the
   * folded texts), less {@link OTHER_CHARACTERS} when the place's own characters differ from the
   * quote's (line ends aside); undefined when it is not at the annotation's word edges or splits
   * a cluster.
   */
  candidate(s16: number, e16: number, similarity: number): Candidate | undefined {
    const { t, a } = this;
    if (s16 >= e16 || !sameWordEdges(t.text, s16, e16, a) || !onClusters(t.text, s16, e16)) return undefined;
    const raw = t.text.slice(s16, e16);
    const quote =
      raw === a.quote || raw.replace(/\r\n?/g, '\n') === a.quote.replace(/\r\n?/g, '\n')
        ? similarity
        : similarity - OTHER_CHARACTERS;
    const folded = t.folded;
    const prefix = this.prefixAt(foldedOffset(folded, s16));
    const suffix = this.suffixAt(foldedOffset(folded, e16));
    const cp = t.index.toCodePoint(s16);
    const distance = Math.min(...this.expected.map((at) => Math.abs(cp - at)));
    return { start16: s16, end16: e16, prefix, suffix, quote, near: distance <= NEAR, distance };
  }

  /**
   * The original UTF-16 span of folded occurrence [o, o + length), or undefined when it starts or
   * ends inside a character. A quote that began with characters folding to nothing (tatweel, a
   * mark) takes those standing before the occurrence; white space at the ends is left out.
   */
  spanOf(o: number, length: number): [number, number] | undefined {
    const { t, a } = this;
    const folded = t.folded;
    const origin = folded.origin;
    if (o > 0 && origin[o] === origin[o - 1]) return undefined;
    if (o + length < folded.text.length && origin[o + length] === origin[o + length - 1]) return undefined;
    let [s, e] = originalSpan(folded, t.text, o, o + length);
    if (foldsAway(String.fromCodePoint(a.quote.codePointAt(0)!))) {
      while (s > 0 && foldsAway(t.text[s - 1])) s--;
    }
    // white space at an end (a quote that began with tatweel, its copy here without): trimmed
    if (!/\s/u.test(t.text[s] ?? '') && !/\s/u.test(t.text[e - 1] ?? '')) return [s, e];
    const span = normalizeSelection(t.text, s, e);
    return span && [span.start, span.end];
  }

  /**
   * True when a copy of the quote's first (last) token stands right before (after) the place
   * [fs, fe) (folded offsets) while the stored context had none there, or the stored context
   * had one there and the text has none any more, or the place itself begins (ends) with that
   * token twice while the quote did not: the same text could then be the copy inserted (deleted)
   * beside the span or the span's own token doubled (single again), and the evidence cannot tell.
   * Tokens: runs of letters and digits, and single other characters (punctuation).
   */
  edgeWordRepeated(fs: number, fe: number): boolean {
    const text = this.t.folded.text;
    const words = tokensOf(this.q);
    if (words.length === 0) return false;
    const first = words[0];
    const last = words[words.length - 1];
    const before = tokenBefore(text, fs);
    const after = tokenAfter(text, fe);
    const stored = [tokensOf(this.foldedPrefix).at(-1), tokensOf(this.foldedSuffix)[0]];
    if ((before === first) !== (stored[0] === first)) return true;
    if ((after === last) !== (stored[1] === last)) return true;
    // the copy inside: the place begins (ends) with its first (last) token twice, the quote did not
    const found = tokensOf(text.slice(fs, fe));
    if (found.length > 1 && found[0] === found[1] && words[0] !== words[1]) return true;
    if (found.length > 1 && found.at(-1) === found.at(-2) && words.at(-1) !== words.at(-2)) return true;
    return false;
  }

  /**
   * True when the first {@link FRAME_UNITS} units (white space aside) of the prefix (`before`) or
   * suffix (`after`) nearest the place [s16, e16) (UTF-16) stand there unchanged: the word right
   * beside it is the one the annotation had.
   */
  edgeStands(s16: number, e16: number, side: 'before' | 'after'): boolean {
    const text = this.t.folded.text;
    if (side === 'before') {
      return standsBefore(
        text,
        foldedOffset(this.t.folded, s16),
        this.foldedPrefix.replace(/\s+/gu, '').slice(-FRAME_UNITS),
      );
    }
    return standsAfter(
      text,
      foldedOffset(this.t.folded, e16),
      this.foldedSuffix.replace(/\s+/gu, '').slice(0, FRAME_UNITS),
    );
  }

  /**
   * True when the quote's first line (`before`) or last line (`after`) stands elsewhere than in
   * [s16, e16) (UTF-16) with the prefix (suffix) right against it (at least
   * {@link ONE_SIDED_CONTEXT}): that paragraph moved away from the rest of the quote.
   */
  partElsewhere(s16: number, e16: number, side: 'before' | 'after'): boolean {
    const text = this.t.folded.text;
    const lines = this.q.split('\n');
    const part = (side === 'before' ? lines[0] : lines[lines.length - 1]).trim();
    if (part.length === 0) return false;
    const [bs, be] = [foldedOffset(this.t.folded, s16), foldedOffset(this.t.folded, e16)];
    let count = 0;
    for (let at = text.indexOf(part); at >= 0 && count < 50; at = text.indexOf(part, at + 1), count++) {
      if (at + part.length > bs && at < be) continue;
      if (
        side === 'before'
          ? this.prefixAt(at) >= ONE_SIDED_CONTEXT
          : this.suffixAt(at + part.length) >= ONE_SIDED_CONTEXT
      )
        return true;
    }
    return false;
  }

  /**
   * How much (0..1) of the prefix (`before`) or suffix (`after`) of the place [s16, e16) (UTF-16),
   * which does not stand right against it, stands once text inserted into it or between it and
   * the place is left out: its part beyond a word edge up to {@link DISPLACED_REACH} folded units
   * further away, the rest (if any, at least {@link ONE_SIDED_CONTEXT}) right against the place.
   */
  displaced(s16: number, e16: number, side: 'before' | 'after'): number {
    const text = this.t.folded.text;
    const context =
      side === 'before' ? this.foldedPrefix.slice(-MAX_CONTEXT_UNITS) : this.foldedSuffix.slice(0, MAX_CONTEXT_UNITS);
    const m = context.length;
    if (m < 16) return 0;
    const at = foldedOffset(this.t.folded, side === 'before' ? s16 : e16);
    let most = 0;
    for (let k = 1; k <= m; k++) {
      // split at a word edge: `near` stays against the place, `far` moved away
      const edge =
        side === 'before'
          ? k === m || charClass(context.charCodeAt(k - 1)) === 0
          : k === m || charClass(context.charCodeAt(m - k)) === 0;
      if (!edge) continue;
      const near = side === 'before' ? context.slice(m - (m - k)) : context.slice(0, m - k);
      const far = side === 'before' ? context.slice(0, k) : context.slice(m - k);
      if (far.length < 8) continue;
      const d2 = near.length === 0 ? 0 : new ContextPattern(near, side).distance(text, at, near.length + REACH);
      if (1 - d2 / m < ONE_SIDED_CONTEXT) continue;
      const d1 =
        side === 'before'
          ? new ContextPattern(far, 'before').nearest(text, at - near.length - DISPLACED_REACH, at - near.length)
          : new ContextPattern(far, 'after').nearest(text, at + near.length, at + near.length + DISPLACED_REACH);
      most = Math.max(most, 1 - (d1 + d2) / m);
    }
    return most;
  }

  /**
   * What is left of the annotation's old place, away from the span [s16, e16) (UTF-16) taken:
   * the most context (prefix + suffix, 0..2, each side at least {@link FRAME_CONTEXT}) found with
   * at most the quote's length and 16 folded units between them, the gap not holding the quote
   * (up to `maxErrors`): where the annotation's words were deleted or rewritten (or split: a
   * longer gap that begins with the quote's first word and ends with its last). `exact` frames
   * have the last (first) {@link FRAME_UNITS} units of the prefix (suffix) other than white space
   * unchanged right against the gap, and are looked for near the expected places and, when the
   * span taken is far from them, wherever the suffix's first units stand; `loose` frames are any,
   * near the expected places.
   */
  frame(s16: number, e16: number, maxErrors: number, far: boolean): { exact: number; loose: number } {
    const { t, q } = this;
    const text = t.folded.text;
    // the span taken with the white space around it: a frame touching it is that place itself
    const [bs, be] = [foldedOffset(t.folded, s16), foldedOffset(t.folded, e16)];
    let [zs, ze] = [bs, be];
    while (zs > 0 && charClass(text.charCodeAt(zs - 1)) === 0) zs--;
    while (ze < text.length && charClass(text.charCodeAt(ze)) === 0) ze++;
    // a gap over the span, or an empty one against it
    const touches = (x: number, y: number) => (x < be && y > bs) || (x === y && x >= zs && x <= ze);
    const tail = this.foldedPrefix.replace(/\s+/gu, '').slice(-FRAME_UNITS);
    const head = this.foldedSuffix.replace(/\s+/gu, '').slice(0, FRAME_UNITS);
    const gap = q.length + 16;
    const out = { exact: 0, loose: 0 };
    // a short context (the text's beginning or end was near) stands in too many places to
    // count without its edge units unchanged
    const looseToo = this.prefix.length >= 16 && this.suffix.length >= 16;
    const firstWord = wordTokens(q)[0] ?? '';
    const lastWord = wordTokens(q).at(-1) ?? '';
    const look = (from: number, to: number, exactOnly: boolean, split: boolean) => {
      for (let x = Math.max(0, from); x <= Math.min(text.length, to); x++) {
        const exact = standsBefore(text, x, tail);
        if (exactOnly && !exact) continue;
        const before = this.prefixAt(x);
        if (before < FRAME_CONTEXT || before + 1 <= Math.min(out.exact, out.loose)) continue;
        for (let y = split ? to : x; y <= Math.min(text.length, split ? to : x + gap); y++) {
          // a longer gap counts only as the quote's words split by what was inserted between them
          // (then whatever stands inside, the span taken included, is part of the old place)
          const inside = text.slice(x, y).trim();
          if (y - x > gap ? !(firstWord && inside.startsWith(firstWord) && inside.endsWith(lastWord)) : touches(x, y))
            continue;
          const after = this.suffixAt(y);
          const sum = before + after;
          if (after < FRAME_CONTEXT || (sum <= out.loose && (!exact || sum <= out.exact))) continue;
          // a gap that holds the quote is another occurrence (a candidate), not what is left
          if (levenshtein(inside, q) <= maxErrors) continue;
          // a loose frame whose context reaches the span taken sees that span from the side
          const apart = be < x - this.prefix.length - REACH || bs > y + this.suffix.length + REACH;
          if (looseToo && apart) out.loose = Math.max(out.loose, sum);
          if (exact && standsAfter(text, y, head)) out.exact = Math.max(out.exact, sum);
        }
      }
    };
    for (const cp of this.expected) {
      const at = foldedOffset(t.folded, t.index.toUtf16(cp));
      look(at - NEAR - gap, at + NEAR + gap, false, false);
    }
    if (far) {
      // wherever the suffix begins or the prefix ends, unchanged
      const start = this.foldedSuffix.trimStart().slice(0, 12);
      let count = 0;
      for (let y = text.indexOf(start); y >= 0 && count < 50; y = text.indexOf(start, y + 1), count++) {
        look(y - gap - SPLIT_GAP - 1, y, true, true);
      }
      const end = this.foldedPrefix.trimEnd().slice(-12);
      count = 0;
      for (let x = text.indexOf(end); x >= 0 && count < 50; x = text.indexOf(end, x + 1), count++) {
        look(
          x + end.length,
          x + end.length + 1 + (this.foldedPrefix.length - this.foldedPrefix.trimEnd().length),
          true,
          false,
        );
      }
    }
    return out;
  }
}

/** Folded units of inserted text looked across for a displaced prefix or suffix ({@link Probe.displaced}). */
const DISPLACED_REACH = 300;

/** Folded units that may stand between the words of a quote split by an insertion, in a frame ({@link Probe.frame}). */
const SPLIT_GAP = 400;

/** Units of context other than white space that must stand unchanged against a frame's gap. */
const FRAME_UNITS = 6;

/**
 * True when `tail` (no white space) is what `text` has right before `at`, white space skipped; at the text's beginning
 * only an empty tail stands.
 */
function standsBefore(text: string, at: number, tail: string): boolean {
  let i = at;
  for (let k = tail.length - 1; k >= 0; k--) {
    while (i > 0 && charClass(text.charCodeAt(i - 1)) === 0) i--;
    if (i === 0 || text.charCodeAt(i - 1) !== tail.charCodeAt(k)) return false;
    i--;
  }
  return tail.length > 0 || at === 0;
}

/**
 * True when `head` (no white space) is what `text` has right after `at`, white space skipped; at the text's end only an
 * empty head stands.
 */
function standsAfter(text: string, at: number, head: string): boolean {
  let i = at;
  for (let k = 0; k < head.length; k++) {
    while (i < text.length && charClass(text.charCodeAt(i)) === 0) i++;
    if (i === text.length || text.charCodeAt(i) !== head.charCodeAt(k)) return false;
    i++;
  }
  return head.length > 0 || at === text.length;
}

/** Context (0..1) on each side of what is left of an annotation's old place ({@link Probe.frame}). */
const FRAME_CONTEXT = 0.6;

/** True when `ch` disappears in folding and is no white space (tatweel, a mark, ZWJ). */
function foldsAway(ch: string): boolean {
  return !/\s/u.test(ch) && foldText(ch).text.length === 0;
}

/** The tokens of folded text: runs of letters and digits, and single other characters, white space left out. */
function tokensOf(folded: string): string[] {
  const out: string[] = [];
  for (let at = 0; at < folded.length;) {
    if (charClass(folded.charCodeAt(at)) === 0) {
      at++;
      continue;
    }
    const end = tokenEnd(folded, at);
    out.push(folded.slice(at, end));
    at = end;
  }
  return out;
}

/**
 * The token of folded `text` that ends right before `at` (white space skipped), or undefined at the text's beginning.
 */
function tokenBefore(text: string, at: number): string | undefined {
  let b = at;
  while (b > 0 && charClass(text.charCodeAt(b - 1)) === 0) b--;
  if (b === 0) return undefined;
  if (charClass(text.charCodeAt(b - 1)) !== 1) return text[b - 1];
  let s = b - 1;
  while (s > 0 && charClass(text.charCodeAt(s - 1)) === 1) s--;
  return text.slice(s, b);
}

/** The token of folded `text` that begins right after `at` (white space skipped), or undefined at the text's end. */
function tokenAfter(text: string, at: number): string | undefined {
  let b = at;
  while (b < text.length && charClass(text.charCodeAt(b)) === 0) b++;
  return b < text.length ? text.slice(b, tokenEnd(text, b)) : undefined;
}

/** The runs of letters and digits of folded text. */
function wordTokens(folded: string): string[] {
  const out: string[] = [];
  for (let at = 0; at < folded.length;) {
    if (charClass(folded.charCodeAt(at)) !== 1) {
      at++;
      continue;
    }
    const end = tokenEnd(folded, at);
    out.push(folded.slice(at, end));
    at = end;
  }
  return out;
}

/**
 * Share (0..1) of `whole` standing at folded offset `at` of `text`, or of `paragraph` (its part
 * inside the paragraph, line break included; the text's own beginning or end stands for the
 * line break) weighed by its length; undefined when the context folds to nothing.
 */
function contextScore(
  text: string,
  at: number,
  whole: ContextPattern,
  paragraph: ContextPattern | undefined,
): number | undefined {
  if (whole.length === 0) return undefined;
  let score = 1 - whole.distance(text, at, whole.length + REACH) / whole.length;
  if (paragraph && paragraph.length < whole.length) {
    const m = paragraph.length;
    const weight = Math.min(1, (m + 8) / 16);
    let d = paragraph.distance(text, at, m + REACH);
    // at the text's beginning (end) the paragraph part stands without its line break
    if (paragraph.side === 'before' && at <= m + 1) {
      const start = `\n${text.slice(0, at)}`;
      d = Math.min(d, paragraph.distance(start, start.length, m + REACH));
    } else if (paragraph.side === 'after' && text.length - at <= m + 1) {
      d = Math.min(d, paragraph.distance(`${text.slice(at)}\n`, 0, m + REACH));
    }
    score = Math.max(score, (1 - d / m) * weight);
  }
  return score;
}

/**
 * The fast path: among the occurrences of the folded quote near an expected place, the one whose
 * prefix and suffix both still stand ({@link ONE_SIDED_CONTEXT} each), when no other near one
 * comes within {@link AMBIGUITY_MARGIN} of it and no copy of an edge word stands beside it. What
 * `decide` would take as well (far places do not count against such a one); a few occurrences
 * looked at, whatever the text.
 */
function fastNear(p: Probe, at: Int32Array): Candidate | undefined {
  const folded = p.t.folded;
  const reach = 2 * NEAR + p.q.length;
  const seen = new Set<number>();
  const near: Candidate[] = [];
  for (const cp of p.expected) {
    const e = foldedOffset(folded, p.t.index.toUtf16(cp));
    for (let k = lowerBound(at, e - reach); k < at.length && at[k] <= e + reach; k++) {
      if (seen.has(at[k])) continue;
      seen.add(at[k]);
      const span = p.spanOf(at[k], p.q.length);
      const c = span && p.candidate(span[0], span[1], 1);
      if (c?.near) near.push(c);
    }
  }
  if (near.length === 0) return undefined;
  near.sort((x, y) => evidence(y) - evidence(x) || x.distance - y.distance);
  const best = near[0];
  if (best.prefix < ONE_SIDED_CONTEXT || best.suffix < ONE_SIDED_CONTEXT) return undefined;
  if (near.some((c) => c !== best && rivals(c, best))) return undefined;
  return p.edgeWordRepeated(foldedOffset(folded, best.start16), foldedOffset(folded, best.end16)) ? undefined : best;
}

/** Bigrams (two folded units) of `text`, as numbers. */
function bigrams(text: string): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < text.length; i++) out.add(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
  return out;
}

/**
 * How many of the bigrams of `text` [from, to) are in `set`: a quick likeness of two contexts that small insertions
 * barely change.
 */
function sharedBigrams(text: string, from: number, to: number, set: Set<number>): number {
  let n = 0;
  for (let i = Math.max(0, from); i + 1 < Math.min(text.length, to); i++)
    if (set.has(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1))) n++;
  return n;
}

/**
 * The occurrences of the folded quote as candidates. When there are more than
 * {@link MAX_SCORED}, those near an expected place and the {@link MAX_SCORED} whose nearest
 * {@link KEY_UNITS} units of context on each side share the most bigrams with the stored
 * context are scored: bounded work for a word found thousands of times.
 */
function sameWords(p: Probe, at: Int32Array): Candidate[] {
  let list = Array.from(at);
  if (list.length > MAX_SCORED) {
    const folded = p.t.folded;
    const text = folded.text;
    const near = p.expected.map((cp) => foldedOffset(folded, p.t.index.toUtf16(cp)));
    const left = bigrams(p.foldedPrefix.slice(-KEY_UNITS));
    const right = bigrams(p.foldedSuffix.slice(0, KEY_UNITS));
    const n = p.q.length;
    const likeness = new Map<number, number>();
    for (const o of list)
      likeness.set(
        o,
        sharedBigrams(text, o - KEY_UNITS, o, left) + sharedBigrams(text, o + n, o + n + KEY_UNITS, right),
      );
    const close = list.filter((o) => near.some((x) => Math.abs(o - x) <= 2 * NEAR + n));
    list = [
      ...new Set([...close, ...list.sort((x, y) => likeness.get(y)! - likeness.get(x)! || x - y).slice(0, MAX_SCORED)]),
    ];
  }
  const out: Candidate[] = [];
  for (const o of list) {
    const span = p.spanOf(o, p.q.length);
    const c = span && p.candidate(span[0], span[1], 1);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Approximate matches of the folded quote (approx-string-match, Myers 1999) with at most
 * `maxErrors` errors, near the expected places and around exact occurrences of its first and
 * last 16 folded units; each found region's edges are set by aligning prefix + quote + suffix
 * with it, so that an inserted or neighbouring word is not taken in. Bounded work whatever the text.
 */
function approximate(p: Probe, maxErrors: number): Candidate[] {
  const { t, q } = p;
  const folded = t.folded;
  const n = q.length;
  const pad = n + 2 * maxErrors + 64;
  const windows: [number, number][] = p.expected.map((cp) => {
    const at = foldedOffset(folded, t.index.toUtf16(cp));
    return [at - 4 * pad, at + 4 * pad];
  });
  for (const piece of [q.slice(0, 16), q.slice(-16)]) {
    if (piece.length < 8) continue;
    let count = 0;
    for (let at = folded.text.indexOf(piece); at >= 0 && count < 20; at = folded.text.indexOf(piece, at + 1), count++)
      windows.push([at - pad, at + pad]);
  }
  const regions = new Map<number, { start: number; end: number; errors: number }>();
  for (const [from0, to0] of windows) {
    const from = Math.max(0, from0);
    const to = Math.min(folded.text.length, to0);
    if (to - from < n - maxErrors) continue;
    // the library reports the matches with the fewest errors only: mask them and search again
    let region = folded.text.slice(from, to);
    for (let round = 0; round < 3; round++) {
      const matches = search(region, q, maxErrors).sort((x, y) => x.errors - y.errors || x.start - y.start);
      if (matches.length === 0) break;
      const kept: { start: number; end: number }[] = [];
      for (const m of matches) {
        if (kept.some((k) => m.start < k.end && k.start < m.end)) continue;
        kept.push(m);
        regions.set(from + m.start, { start: from + m.start, end: from + m.end, errors: m.errors });
        if (kept.length >= 8) break;
      }
      for (const m of matches)
        region = region.slice(0, m.start) + '\uFFFF'.repeat(m.end - m.start) + region.slice(m.end);
    }
  }
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const before = p.foldedPrefix.slice(-32);
  const after = p.foldedSuffix.slice(0, 32);
  for (const r of regions.values()) {
    const ws = Math.max(0, r.start - before.length - maxErrors - 8);
    const we = Math.min(folded.text.length, r.end + after.length + maxErrors + 8);
    const aligned = alignSpan(folded.text.slice(ws, we), before, q, after);
    if (!aligned) continue;
    const [s0, e0] = originalSpan(folded, t.text, ws + aligned.start, ws + aligned.end);
    const span = normalizeSelection(t.text, s0, e0);
    if (!span || seen.has(`${span.start}:${span.end}`)) continue;
    seen.add(`${span.start}:${span.end}`);
    const found = foldText(t.text.slice(span.start, span.end), { lineEnds: true }).text;
    if (digits(found) !== digits(q)) continue;
    const errors = levenshtein(found, q);
    if (errors > maxErrors || !edgeWordsAgree(found, q)) continue;
    const c = p.candidate(span.start, span.end, 1 - errors / n);
    if (c) out.push(c);
  }
  return out;
}

/**
 * True when the first and the last word of folded `found` are those of folded quote `q`, up to
 * one error per four letters (none in a word of three): an approximate match keeps the words at
 * its edges and never begins or ends on another word (of a paragraph moved in, or a neighbour).
 */
function edgeWordsAgree(found: string, q: string): boolean {
  const a = wordTokens(found);
  const b = wordTokens(q);
  if (b.length === 0) return true;
  if (a.length === 0) return false;
  const close = (x: string, y: string) => levenshtein(x, y) <= Math.floor(y.length / 4);
  return close(a[0], b[0]) && close(a[a.length - 1], b[b.length - 1]);
}

/**
 * A long quote (a paragraph) found again by its first and last 32 folded units, in order, at a
 * length within the error budget; quote similarity is estimated from the length. Linear in the
 * text, whatever the quote's length.
 */
function headAndTail(p: Probe, maxErrors: number): Candidate[] {
  const { t, q } = p;
  const folded = t.folded;
  const head = q.slice(0, 32);
  const tail = q.slice(-32);
  const out: Candidate[] = [];
  let count = 0;
  for (let h = folded.text.indexOf(head); h >= 0 && count < 50; h = folded.text.indexOf(head, h + 1), count++) {
    const from = h + q.length - maxErrors - tail.length;
    const e = folded.text.indexOf(tail, Math.max(h + head.length, from));
    if (e < 0 || Math.abs(e + tail.length - h - q.length) > maxErrors) continue;
    const [s0, e0] = originalSpan(folded, t.text, h, e + tail.length);
    const span = normalizeSelection(t.text, s0, e0);
    const c = span && p.candidate(span.start, span.end, 1 - Math.abs(e + tail.length - h - q.length) / q.length);
    if (c) out.push(c);
  }
  return out;
}

/**
 * The candidate to take, or undefined (orphan): the one with the most evidence, under the
 * conditions listed at {@link reanchor} (enough context; no rival; no copy of an edge word
 * beside it; no better remains of the old place; the parts of a quote across a line break
 * together). `alone`: a long quote within one paragraph, found only there.
 */
function decide(p: Probe, candidates: Candidate[], alone: boolean): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const ranked = candidates.sort(
    (x, y) => evidence(y) - evidence(x) || x.distance - y.distance || x.start16 - y.start16,
  );
  const best = ranked[0];
  // one side is enough near the expected place, or where the other side stands too, moved away by
  // an insertion; a quote across a line break has parts that move apart: near is not enough, and
  // its part on the weak side must not stand elsewhere with its context
  // (the text's edge standing for an empty stored context is no such side)
  const weak = best.prefix < best.suffix ? 'before' : 'after';
  const strong = weak === 'before' ? p.suffix : p.prefix;
  const oneSided =
    Math.max(best.prefix, best.suffix) >= ONE_SIDED_CONTEXT &&
    strong.length >= 8 &&
    p.edgeStands(best.start16, best.end16, weak === 'before' ? 'after' : 'before') &&
    (!/\n/.test(p.q) || !p.partElsewhere(best.start16, best.end16, weak));
  // both sides; the text's edge standing for an empty stored context weighs less: the other side
  // must then match at least three quarters
  const edge = p.prefix.length === 0 ? best.suffix : p.suffix.length === 0 ? best.prefix : 1;
  const both = Math.min(best.prefix, best.suffix) >= MIN_CONTEXT && edge >= 0.75;
  const enough =
    both ||
    (oneSided &&
      ((best.near && !/\n/.test(p.q)) || p.displaced(best.start16, best.end16, weak) >= ONE_SIDED_CONTEXT)) ||
    alone;
  if (!enough) return undefined;
  const sure = best.near && best.prefix >= ONE_SIDED_CONTEXT && best.suffix >= ONE_SIDED_CONTEXT;
  for (const c of ranked) {
    if (c === best || (c.start16 === best.start16 && c.end16 === best.end16)) continue;
    // the old place, its context unchanged, against a copy far away: the old place
    if (sure && !c.near) continue;
    if (rivals(c, best)) return undefined;
    const apart = c.end16 <= best.start16 || c.start16 >= best.end16;
    if (
      !sure &&
      apart &&
      Math.min(c.prefix, c.suffix) >= RIVAL_CONTEXT &&
      evidence(c) > evidence(best) - 2 * AMBIGUITY_MARGIN
    )
      return undefined;
  }
  const folded = p.t.folded;
  if (p.edgeWordRepeated(foldedOffset(folded, best.start16), foldedOffset(folded, best.end16))) return undefined;
  if (!sure) {
    const frame = p.frame(best.start16, best.end16, maxQuoteErrors(codePointLength(p.q)), !best.near);
    const context = best.prefix + best.suffix;
    if (frame.exact >= context - AMBIGUITY_MARGIN / 2 || frame.loose >= context + FRAME_LEAD) return undefined;
  }
  return best;
}

function placed(t: AnchorText, a: Annotation, start16: number, end16: number): Annotation {
  const start = t.index.toCodePoint(start16);
  const end = t.index.toCodePoint(end16);
  const quote = t.text.slice(start16, end16);
  const status: AnchorStatus =
    quote === a.quote
      ? start === a.start
        ? 'exact'
        : 'moved'
      : quote.replace(/\r\n?/g, '\n') === a.quote.replace(/\r\n?/g, '\n')
        ? 'moved'
        : 'fuzzy';
  const out: Annotation = { ...a, start, end, ...quoteSelector(t.index, start, end) };
  if (status === 'exact') delete out.anchored;
  else out.anchored = status;
  return out;
}

function orphan(t: AnchorText, a: Annotation): Annotation {
  const point = orphanPoint(t.index, a.start);
  return { ...a, start: point, end: point, anchored: 'orphaned' };
}

/**
 * True when an annotation carries no context to be found by: empty prefix and suffix although it
 * did not start the text (a sidecar written by hand or converted from another tool, where only
 * start, end and quote are required). Such an annotation cannot be told from a look-alike by its
 * surroundings, so it is found only where its quote stands at its old offsets moved by a shift
 * that its neighbours took (see {@link findWithoutContext}), or as a long quote that occurs once.
 */
export function hasNoContext(a: Annotation): boolean {
  return (a.prefix ?? '') === '' && (a.suffix ?? '') === '' && a.start > 0;
}

/**
 * An annotation without context ({@link hasNoContext}) placed where its exact quote stands at
 * its old start moved by one of `shifts` (code points; 0 is its old place), at word edges and
 * grapheme edges, never between CR and LF; when two shifts give two different places it is
 * ambiguous and orphaned. A quote of {@link UNIQUE_QUOTE_LENGTH}+ code points that occurs
 * exactly once is taken there. Otherwise orphaned: nothing says which occurrence is its own.
 */
export function findWithoutContext(t: AnchorText, a: Annotation, shifts: readonly number[]): Annotation {
  const length = t.index.codePointLength;
  const n = codePointLength(a.quote);
  const places = new Set<number>();
  for (const shift of new Set(shifts)) {
    const start = a.start + shift;
    if (start < 0 || start + n > length || t.index.slice(start, start + n) !== a.quote) continue;
    const [s16, e16] = [t.index.toUtf16(start), t.index.toUtf16(start + n)];
    if (!onClusters(t.text, s16, e16) || splitsCrLf(t.text, s16) || splitsCrLf(t.text, e16)) continue;
    if (!sameWordEdges(t.text, s16, e16, a)) continue;
    places.add(s16);
  }
  if (places.size === 1) {
    const s16 = [...places][0];
    return placed(t, a, s16, s16 + a.quote.length);
  }
  if (places.size === 0 && n >= UNIQUE_QUOTE_LENGTH) {
    const first = t.text.indexOf(a.quote);
    if (first >= 0 && t.text.indexOf(a.quote, first + 1) < 0) {
      const e16 = first + a.quote.length;
      if (onClusters(t.text, first, e16) && sameWordEdges(t.text, first, e16, a)) return placed(t, a, first, e16);
    }
  }
  return orphan(t, a);
}

/**
 * Finds an annotation again in a text that changed since it was made (offsets in code points).
 * Candidate places are the occurrences of its quote once folded (matchText: Arabic diacritics,
 * tatweel, letter variants, digits, accents, case; CR LF as LF) and, for quotes of 12 code points
 * or more, approximate matches with at most {@link maxQuoteErrors} errors, the same numbers and
 * the same first and last words, whose edges are set by aligning prefix + quote + suffix (a
 * neighbouring word is never taken in). Each place is scored by how much of the stored prefix
 * and suffix still stands around it (an alignment that tolerates small insertions, alignment.ts)
 * and by quote similarity. "Prefer orphaned to a guess": the best place is taken only when
 * - its context matches on both sides (at least {@link MIN_CONTEXT} each); or on one side
 *   ({@link ONE_SIDED_CONTEXT}, the word right beside it unchanged) when it is near where the
 *   annotation was expected, or its other
 *   side stands further away (text was inserted between); or its quote, within one paragraph, is
 *   long ({@link UNIQUE_QUOTE_LENGTH}+ folded units) and found nowhere else;
 * - no other place comes within {@link AMBIGUITY_MARGIN} of it, nor stands in much of the
 *   context on both sides ({@link RIVAL_CONTEXT}), unless it is near and its context matches
 *   well on both sides (then only near places count against it);
 * - no copy of its first or last token stands beside it that the stored context did not have,
 *   or has gone that it had (was the copy inserted before the span, or the span's word
 *   doubled? which of two words alike was deleted?);
 * - unless it is near with its context on both sides, what is left of the old place (its
 *   prefix and suffix with the words between gone or rewritten) does not match as well;
 * - for a quote across a line break with one side weak: its part on that side does not stand
 *   elsewhere with its context (a paragraph moved away from the rest).
 * Otherwise the annotation is `orphaned`: kept with its quote, prefix and suffix, offsets at its
 * old place. The status of a placed annotation says what was found: `exact` (the same quote at
 * the same offsets), `moved` (the same quote elsewhere, line ends aside), `fuzzy` (other
 * characters: diacritics, letter variants, approximate). Found spans never split a grapheme
 * cluster or CR LF; offsets point into `text` and the quote, prefix and suffix are taken from it.
 * `hints` are shifts (code points) trusted for this text (see {@link anchorToText}): places near
 * the old start so shifted count as near. Bounded work per annotation: occurrences near the
 * expected places first (the fast path), at most {@link MAX_SCORED} others scored in full.
 * Sources: W3C Web Annotation TextQuoteSelector; Hypothesis' anchoring (fuzzy quote,
 * context-weighted); G. Myers 1999 (approximate matching).
 */
export function reanchor(text: string | AnchorText, a: Annotation, hints: readonly number[] = []): Annotation {
  const t = typeof text === 'string' ? new AnchorText(text) : text;
  if (codePointLength(a.quote) === 0) return orphan(t, a);
  if (hasNoContext(a)) return findWithoutContext(t, a, [0, ...hints]);
  const p = new Probe(t, a, hints);
  if (p.q.length === 0) {
    // a quote of marks only: only where it stands, unchanged
    const length = t.index.codePointLength;
    if (a.end <= length && t.index.slice(a.start, a.end) === a.quote) {
      const c = p.candidate(t.index.toUtf16(a.start), t.index.toUtf16(a.end), 1);
      if (c && decide(p, [c], false)) return placed(t, a, c.start16, c.end16);
    }
    return orphan(t, a);
  }
  const at = t.occurrences(p.q, p.whole);
  const fast = at.length > 0 ? fastNear(p, at) : undefined;
  if (fast) return placed(t, a, fast.start16, fast.end16);
  const candidates = sameWords(p, at);
  const maxErrors = maxQuoteErrors(codePointLength(p.q));
  const strong = candidates.some((c) => c.prefix >= 0.97 && c.suffix >= 0.97);
  if (!strong && maxErrors > 0) {
    for (const c of p.q.length > LONG_QUOTE ? headAndTail(p, maxErrors) : approximate(p, maxErrors)) {
      if (!candidates.some((d) => d.start16 === c.start16 && d.end16 === c.end16)) candidates.push(c);
    }
  }
  const alone =
    p.q.length >= UNIQUE_QUOTE_LENGTH &&
    !/\n/.test(p.q) &&
    at.length === 1 &&
    candidates.length === 1 &&
    candidates[0].quote === 1;
  const best = decide(p, candidates, alone);
  return best ? placed(t, a, best.start16, best.end16) : orphan(t, a);
}

/**
 * When the text differs from the one a sidecar was written for only in its line endings (LF
 * turned into CR LF, or CR LF into LF: git's autocrlf, an editor's setting), that text is known
 * exactly: the text with the other line endings has the recorded `sha256`. Returns the map from
 * code-point offsets of that old text to code-point offsets of `text` (length old + 1; an offset
 * before an LF that gained a CR maps before the CR, so no span ever splits CR LF), or undefined
 * when the change is not one of line endings only.
 */
export function lineEndingMap(text: string, sha256: string | undefined): Int32Array | undefined {
  if (!sha256 || !/[\r\n]/.test(text)) return undefined;
  const variants = [text.replace(/\r\n/g, '\n'), text.replace(/\r?\n/g, '\r\n')];
  const old = variants.find((v) => v !== text && textSha256(v) === sha256);
  if (old === undefined) return undefined;
  const o = Array.from(old);
  const n = Array.from(text);
  const map = new Int32Array(o.length + 1).fill(-1);
  let j = 0;
  for (let i = 0; i < o.length;) {
    if (map[i] < 0) map[i] = j;
    if (o[i] === n[j]) {
      i++;
      j++;
    } else if (n[j] === '\r' && o[i] === '\n') j++;
    else if (o[i] === '\r') i++;
    else return undefined;
  }
  map[o.length] = n.length;
  return map;
}

/**
 * Places a sidecar's annotations on the article text (code points).
 * When the sidecar's sha256 and length match the text, every annotation that is not orphaned
 * must have its quote at its offsets, not splitting a grapheme cluster (CR LF, a letter and its marks), or the sidecar
  * is refused (it was
 * edited wrongly). When they do not match (the text changed since the sidecar was written),
 * every annotation is found again with {@link reanchor}; nothing is dropped. An orphan whose
 * quote stands again right at its place is put back. Prefix and suffix are refreshed. One
 * {@link AnchorText} serves all annotations, and a shift that two annotations needed is a hint
 * for the next ones (places near their old offset so shifted count as near): near-linear in the
 * text and the annotations when edits are local (line ends converted, a paragraph inserted).
 */
export function anchorToText(text: string, sidecar: Sidecar): AnchorResult {
  const t = new AnchorText(text);
  const index = t.index;
  const length = index.codePointLength;
  const textChanged =
    sidecar.text.sha256 !== textSha256(text) || (sidecar.text.length !== undefined && sidecar.text.length !== length);
  const problems: AnchorProblem[] = [];
  const orphaned: string[] = [];
  const statuses = new Map<string, AnchorStatus>();
  // shifts that worked for the annotations before, with how many took them; one taken twice is trusted
  const hints: { shift: number; count: number }[] = [];
  const later: number[] = [];
  // only the line endings changed: every annotation is moved exactly, nothing is searched
  const lineEnds = textChanged ? lineEndingMap(text, sidecar.text.sha256) : undefined;
  // the text the edits left alone: annotations whose quote and context stand there are moved, not searched
  const untouched =
    textChanged && !lineEnds ? untouchedPlaces(text, index, sidecar.annotations, sidecar.text.length) : undefined;
  const remember = (before: number, after: Annotation) => {
    if (isOrphaned(after)) return;
    const shift = after.start - before;
    const k = hints.findIndex((h) => h.shift === shift);
    const hint = k >= 0 ? hints.splice(k, 1)[0] : { shift, count: 0 };
    hint.count++;
    hints.unshift(hint);
    hints.length = Math.min(hints.length, 8);
  };
  const annotations = sidecar.annotations.map((source, i) => {
    let a: Annotation = { ...source };
    if (isOrphaned(a)) {
      const n = codePointLength(a.quote);
      const at = orphanPoint(
        index,
        lineEnds && a.start < lineEnds.length && lineEnds[a.start] >= 0 ? lineEnds[a.start] : a.start,
      );
      const [s16, e16] = [index.toUtf16(at), index.toUtf16(Math.min(length, at + n))];
      a =
        n > 0 &&
        at + n <= length &&
        index.slice(at, at + n) === a.quote &&
        sameWordEdges(text, s16, e16, a) &&
        isGraphemeBoundary(text, s16) &&
        isGraphemeBoundary(text, e16)
          ? placed(t, { ...a, start: at }, s16, e16)
          : { ...a, start: at, end: at };
    } else if (!textChanged) {
      const inRange = a.start <= a.end && a.end <= length;
      if (!inRange || index.slice(a.start, a.end) !== a.quote) {
        problems.push(
          inRange
            ? {
                message: quoteMismatch(a.quote, a.start, a.end, index.slice(a.start, a.end)),
                path: ['annotations', i, 'quote'],
              }
            : { message: beyondEnd(a.end, length), path: ['annotations', i, 'end'] },
        );
        return a;
      }
      const splits = [a.start, a.end].find((at) => !isGraphemeBoundary(text, index.toUtf16(at)));
      if (splits !== undefined) {
        problems.push({
          message: insideWhat(text, index.toUtf16(splits), splits),
          path: ['annotations', i, splits === a.start ? 'start' : 'end'],
        });
        return a;
      }
      a = { ...a, ...quoteSelector(index, a.start, a.end) };
    } else if (
      lineEnds &&
      a.start <= a.end &&
      a.end < lineEnds.length &&
      lineEnds[a.start] >= 0 &&
      lineEnds[a.end] >= 0 &&
      index.slice(lineEnds[a.start], lineEnds[a.end]).replace(/\r\n/g, '\n') === a.quote.replace(/\r\n/g, '\n')
    ) {
      a = placed(t, a, index.toUtf16(lineEnds[a.start]), index.toUtf16(lineEnds[a.end]));
    } else if (untouched?.has(i)) {
      const [s16, e16] = untouched.get(i)!;
      const before = a.start;
      a = placed(t, a, s16, e16);
      remember(before, a);
    } else if (hasNoContext(a)) {
      // found after the others, by the shifts its neighbours took
      later.push(i);
      return a;
    } else {
      const before = a.start;
      a = reanchor(
        t,
        a,
        hints.filter((h) => h.count >= 2).map((h) => h.shift),
      );
      remember(before, a);
    }
    statuses.set(a.id, a.anchored ?? 'exact');
    if (isOrphaned(a)) orphaned.push(a.id);
    return a;
  });
  if (!textChanged) problems.push(...conflictPositionProblems(t, sidecar.annotations));
  if (problems.length > 0) return { ok: false, problems };
  if (later.length > 0) {
    // the shifts of the nearest annotations found by their context, before and after each one
    const known = annotations
      .map((a, i) => ({
        old: sidecar.annotations[i].start,
        shift: a.start - sidecar.annotations[i].start,
        ok: !isOrphaned(a) && !later.includes(i),
      }))
      .filter((k) => k.ok)
      .sort((x, y) => x.old - y.old);
    for (const i of later) {
      const a = sidecar.annotations[i];
      let k = 0;
      while (k < known.length && known[k].old <= a.start) k++;
      const near = [known[k - 1], known[k]].filter((x) => x !== undefined).map((x) => x.shift);
      const found = findWithoutContext(t, a, near.length > 0 ? near : [0]);
      annotations[i] = found;
      statuses.set(found.id, found.anchored ?? 'exact');
      if (isOrphaned(found)) orphaned.push(found.id);
    }
  }
  return {
    ok: true,
    annotations: placeConflictPositions(t, sidecar.annotations, annotations, textChanged),
    textChanged,
    orphaned,
    statuses,
  };
}

// ---------------------------------------------------------------------------------------------
// The positions recorded conflicts hold (docs/sidecar-format.md, "Recorded conflicts"): they
// follow the text exactly as their annotations do, so that "take theirs" lands on their words.

/** Why UTF-16 offset `at16` (not a grapheme boundary of `text`) cannot hold a stored offset. */
/** "offset N falls …": between CR and LF, or inside a grapheme cluster. */
function insideWhat(text: string, at16: number, offset: number): string {
  return splitsCrLf(text, at16)
    ? l10n.t('offset {0} falls between CR and LF', offset)
    : l10n.t(
        'offset {0} falls inside a character (a grapheme cluster: a letter and its marks, an emoji sequence, a flag)',
        offset,
      );
}

function quoteMismatch(quote: string, start: number, end: number, found: string): string {
  return l10n.t(
    'quote {0} does not match the text at {1}..{2} ({3})',
    JSON.stringify(quote),
    start,
    end,
    JSON.stringify(found),
  );
}

function beyondEnd(end: number, length: number): string {
  return l10n.t('end {0} is beyond the end of the text ({1} code points)', end, length);
}

/**
 * Problems of the positions recorded conflicts hold, checked against the text their sidecar's
 * sha256 says they refer to, as anchorToText checks annotations: each that is not orphaned lies
 * in the text, has its quote at its offsets and does not split a grapheme cluster (CR LF, a letter and its marks, an
  * emoji sequence). Paths:
 * `annotations.i.conflict.theirs.quote` (`.end`, `.start`), `annotations.i.conflict.also.k.theirs...`.
 */
export function conflictPositionProblems(t: AnchorText, annotations: readonly Annotation[]): AnchorProblem[] {
  const problems: AnchorProblem[] = [];
  const index = t.index;
  const length = index.codePointLength;
  annotations.forEach((a, i) => {
    for (const { at, position: p } of conflictPositions(a)) {
      if (isOrphaned(p)) continue;
      const path = ['annotations', i, 'conflict', ...(at === 0 ? [] : ['also', at - 1]), 'theirs'];
      const what =
        at === 0
          ? l10n.t('their position (recorded conflict)')
          : l10n.t('their position (recorded conflict, alternative {0})', at + 1);
      if (p.start > p.end || p.end > length) {
        const problem =
          p.start > p.end ? l10n.t('start {0} is after end {1}', p.start, p.end) : beyondEnd(p.end, length);
        problems.push({
          message: l10n.t('{0}: {1}', what, problem),
          path: [...path, p.start > p.end ? 'start' : 'end'],
        });
      } else if (index.slice(p.start, p.end) !== p.quote) {
        const problem = quoteMismatch(p.quote, p.start, p.end, index.slice(p.start, p.end));
        problems.push({ message: l10n.t('{0}: {1}', what, problem), path: [...path, 'quote'] });
      } else {
        const splits = [p.start, p.end].find((x) => !isGraphemeBoundary(t.text, index.toUtf16(x)));
        if (splits !== undefined) {
          const problem = insideWhat(t.text, index.toUtf16(splits), splits);
          problems.push({
            message: l10n.t('{0}: {1}', what, problem),
            path: [...path, splits === p.start ? 'start' : 'end'],
          });
        }
      }
    }
  });
  return problems;
}

/**
 * The positions recorded conflicts hold, placed on `t` as their annotations were (`before`: as
 * in the sidecar, `after`: placed by anchorToText, same order): on an unchanged text, prefix and
 * suffix are refreshed; on a changed one each is found again with its own quote, prefix and
 * suffix ({@link reanchor}, the shifts of the nearest annotations as hints), one without context
 * by those shifts alone ({@link findWithoutContext}; none known: orphaned), and it is orphaned
 * when it is not found,
 * never put on other words ("take theirs" then orphans the annotation). Orphaned ones rest at
 * their point, clamped to the text.
 */
export function placeConflictPositions(
  t: AnchorText,
  before: readonly Annotation[],
  after: Annotation[],
  textChanged: boolean,
): Annotation[] {
  if (!after.some((a) => a.conflict)) return after;
  const index = t.index;
  const known = after
    .map((a, i) => ({
      old: before[i].start,
      shift: a.start - before[i].start,
      ok: !isOrphaned(a) && !isOrphaned(before[i]),
    }))
    .filter((k) => k.ok)
    .sort((x, y) => x.old - y.old);
  const near = (old: number): number[] => {
    let k = 0;
    while (k < known.length && known[k].old <= old) k++;
    return [...new Set([known[k - 1], known[k]].filter((x) => x !== undefined).map((x) => x.shift))];
  };
  return after.map((a) => {
    const positions = conflictPositions(a);
    if (positions.length === 0) return a;
    return withConflictPositions(
      a,
      new Map(
        positions.map(({ at, position: p }) => {
          if (isOrphaned(p)) {
            const point = orphanPoint(index, p.start);
            return [at, { ...p, start: point, end: point }];
          }
          if (!textChanged) return [at, { ...p, ...quoteSelector(index, p.start, p.end) }];
          const shifts = near(p.start);
          // without context, only a shift a neighbour took can tell where it is: none known, orphaned
          if (hasNoContext(p))
            return [
              at,
              shifts.length > 0
                ? findWithoutContext(t, p, shifts)
                : {
                    ...p,
                    start: orphanPoint(index, p.start),
                    end: orphanPoint(index, p.start),
                    anchored: 'orphaned' as const,
                  },
            ];
          return [at, reanchor(t, p, shifts)];
        }),
      ),
    );
  });
}
