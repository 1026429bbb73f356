/**
 * Offsets between the two units Hashiya meets: Unicode code points (what the sidecar stores,
 * what Python's `text[start:end]` and the W3C TextPositionSelector count) and UTF-16 code units
 * (what VS Code's `TextDocument.offsetAt` and DOM ranges count).
 *
 * Sources: Unicode Standard §3.9 (UTF-16 surrogate pairs); UAX #29 (grapheme clusters);
 * W3C Web Annotation Data Model §4.2.5 (TextPositionSelector counts code points).
 */

import { lowerBound, partitionPoint } from '../util/binarySearch';

/** True when `code` is a UTF-16 high (leading) surrogate, U+D800..U+DBFF. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** True when `code` is a UTF-16 low (trailing) surrogate, U+DC00..U+DFFF. */
export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Number of Unicode code points in `text` (a lone surrogate counts as one). */
export function codePointLength(text: string): number {
  let astral = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      astral++;
      i++;
    }
  }
  return text.length - astral;
}

/**
 * Converts offsets of one text between code points and UTF-16 code units in O(log n) per call
 * after an O(n) scan. Build one per text version; the index is immutable.
 */
export class OffsetIndex {
  /** UTF-16 offsets of the high surrogate of every surrogate pair, ascending. */
  private readonly pairsUtf16: number[] = [];
  /** Length of the text in UTF-16 code units. */
  readonly utf16Length: number;
  /** Length of the text in code points. */
  readonly codePointLength: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length - 1; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.pairsUtf16.push(i);
        i++;
      }
    }
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.pairsUtf16.length;
  }

  /**
   * Code-point offset of the UTF-16 offset `utf16` (0..utf16Length). An offset inside a
   * surrogate pair maps to the code point that the pair encodes (rounds down).
   * @throws RangeError when `utf16` is not an integer in 0..utf16Length.
   */
  toCodePoint(utf16: number): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.utf16Length) {
      throw new RangeError(`UTF-16 offset ${utf16} is outside 0..${this.utf16Length}`);
    }
    // a pair counts as one code point once both halves lie before utf16
    const whole = lowerBound(this.pairsUtf16, utf16 - 1);
    if (whole < this.pairsUtf16.length && this.pairsUtf16[whole] === utf16 - 1) return utf16 - 1 - whole;
    return utf16 - whole;
  }

  /**
   * UTF-16 offset of the code-point offset `cp` (0..codePointLength).
   * @throws RangeError when `cp` is not an integer in 0..codePointLength.
   */
  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.codePointLength) {
      throw new RangeError(`code-point offset ${cp} is outside 0..${this.codePointLength}`);
    }
    // the k-th pair (0-based) starts at code point pairsUtf16[k] - k; count pairs before cp.
    const pairs = this.pairsUtf16;
    return cp + partitionPoint(pairs.length, (k) => pairs[k] - k < cp);
  }

  /** The text between code-point offsets `start` (inclusive) and `end` (exclusive). */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** True when UTF-16 offset `at` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, at: number): boolean {
  return at > 0 && at < text.length && isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at));
}

/** True when UTF-16 offset `at` falls between a CR and the LF that follows it. */
export function splitsCrLf(text: string, at: number): boolean {
  return at > 0 && at < text.length && text.charCodeAt(at - 1) === 0x0d && text.charCodeAt(at) === 0x0a;
}

const GRAPHEME_WINDOW = 128;
let segmenter: Intl.Segmenter | undefined;

/**
 * The grapheme cluster (UAX #29 extended) that contains UTF-16 offset `at`, as UTF-16
 * [start, end). Clusters keep emoji ZWJ sequences, flags, skin tones, CR LF and a letter with
 * its combining marks (Arabic harakat, NFD accents) together. Looks at a window around `at`
 * only, so long documents cost the same as short ones.
 */
export function graphemeAt(text: string, at: number): [number, number] {
  if (at >= text.length) return [text.length, text.length];
  let from = Math.max(0, at - GRAPHEME_WINDOW);
  // start after a line break inside the window if there is one (a boundary for certain);
  // looking only inside the window keeps one-line texts of megabytes cheap
  for (let i = at - 1; i >= from; i--) {
    if (text.charCodeAt(i) === 0x0a) {
      from = i + 1;
      break;
    }
  }
  const to = Math.min(text.length, at + GRAPHEME_WINDOW);
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const seg of segmenter.segment(text.slice(from, to))) {
    const start = from + seg.index;
    const end = start + seg.segment.length;
    if (at >= start && at < end) return [start, end];
  }
  return [at, at + 1];
}

/**
 * True when UTF-16 offset `at` is a grapheme-cluster boundary of `text`. A fast path answers
 * for the common case without segmenting: an ASCII character, line feed or Arabic letter or
 * digit never joins the character before it (UAX #29 GB3-GB13), unless that is CR before LF or
 * a prepended mark (U+0600..U+0605, U+06DD, U+070F, U+08E2).
 */
export function isGraphemeBoundary(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  const c = text.charCodeAt(at);
  const p = text.charCodeAt(at - 1);
  const plain =
    (c >= 0x20 && c < 0x7f) ||
    c === 0x0a ||
    (c >= 0x0621 && c <= 0x064a) ||
    (c >= 0x0660 && c <= 0x0669) ||
    (c >= 0x0671 && c <= 0x06d3) ||
    // punctuation news puts after a span: « » ، ؛ ؟ ۔ ٪ and general punctuation (quotes, dashes), none of
    // which extends or is pictographic (‼ U+203C and ⁉ U+2049 are, so they take the slow path)
    c === 0xab || c === 0xbb || c === 0x060c || c === 0x061b || c === 0x061f || c === 0x06d4 ||
    (c >= 0x066a && c <= 0x066d) || (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e && c !== 0x203c && c !== 0x2049);
  const prepend = (p >= 0x0600 && p <= 0x0605) || p === 0x06dd || p === 0x070f || p === 0x08e2;
  if (plain && !prepend) return !(c === 0x0a && p === 0x0d);
  return graphemeAt(text, at)[0] === at;
}

/**
 * Widens code-point span [start, end) of `index`'s text to whole grapheme clusters (UAX #29):
 * a start inside a cluster moves to its beginning, an end inside one to its end, so that a
 * stored span never separates a letter from its harakat, an emoji from its ZWJ sequence or CR
 * from LF. Code points in and out.
 */
export function snapToGraphemes(index: OffsetIndex, start: number, end: number): [number, number] {
  const text = index.text;
  let s16 = index.toUtf16(start);
  let e16 = index.toUtf16(end);
  if (!isGraphemeBoundary(text, s16)) s16 = graphemeAt(text, s16)[0];
  if (e16 > s16 && !isGraphemeBoundary(text, e16)) e16 = graphemeAt(text, e16)[1];
  return [index.toCodePoint(s16), index.toCodePoint(e16)];
}

/**
 * Where span [start, end) (code points) ends once the combining marks (harakat, accents) right
 * after it are taken in, and an LF right after a CR it ends with: what typing a mark after a
 * span means. Never takes in a letter, an emoji or a ZWJ sequence that follows. Code points.
 */
export function endAfterMarks(index: OffsetIndex, start: number, end: number): number {
  if (end <= start) return end;
  const text = index.text;
  let e16 = index.toUtf16(end);
  if (splitsCrLf(text, e16)) e16++;
  const marks = /^\p{M}+/u.exec(text.slice(e16, e16 + 64));
  if (marks) e16 += marks[0].length;
  return index.toCodePoint(e16);
}

/**
 * Where span [start, end) (code points) starts once a letter or digit typed right before its
 * first character has taken that character into its cluster (a haraka the span begins with after
 * its first letter was deleted and typed again). A cluster begun by white space or punctuation is
 * left out. Code points.
 */
export function startBeforeMarks(index: OffsetIndex, start: number, end: number): number {
  if (end <= start) return start;
  const text = index.text;
  const s16 = index.toUtf16(start);
  if (isGraphemeBoundary(text, s16)) return start;
  const [cluster] = graphemeAt(text, s16);
  return /^[\p{L}\p{N}]/u.test(text.slice(cluster, s16)) ? index.toCodePoint(cluster) : start;
}

/** A span of one text in UTF-16 code units, start <= end. */
export interface Utf16Span {
  start: number;
  end: number;
}

/** Options of {@link normalizeSelection}. */
export interface SelectionOptions {
  /** Drop white space (Unicode White_Space, line breaks included) at both ends; default true. */
  trimWhitespace?: boolean;
}

/**
 * Invisible bidi controls (UAX #9): LRM, RLM, ALM, the embeddings and overrides U+202A–U+202E and
 * the isolates U+2066–U+2069. News text puts them around dates and Latin names; at a selection's
 * ends they are never meant (a drag over "2024-05-01" between LRMs reaches them first).
 */
const BIDI_ONLY = /^[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]+$/u;

/** True when `quote` begins or ends with an invisible bidi control (what a stored span never does). */
export function edgeIsBidiControl(quote: string): boolean {
  const first = String.fromCodePoint(quote.codePointAt(0) ?? 0x20);
  const last = [...quote].pop() ?? ' ';
  return BIDI_ONLY.test(first) || BIDI_ONLY.test(last);
}
const WHITE_SPACE_OR_BIDI = /^[\s\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]+$/u;

/**
 * Turns a selection, given as anchor and focus in UTF-16 code units in either order, into the
 * span to store: ordered, widened to whole grapheme clusters (never inside a surrogate pair,
 * an emoji sequence, between a letter and its marks, or between CR and LF), without invisible
 * bidi controls (LRM, RLM, ALM, U+202A–U+202E, U+2066–U+2069) at its ends, always, and by default
 * without white space at its ends. Controls and white space inside the span are kept. Returns
 * undefined when nothing else is selected.
 * @throws RangeError when an offset is outside 0..text.length.
 */
export function normalizeSelection(
  text: string,
  anchor: number,
  focus: number,
  options: SelectionOptions = {},
): Utf16Span | undefined {
  for (const at of [anchor, focus]) {
    if (!Number.isInteger(at) || at < 0 || at > text.length) {
      throw new RangeError(`selection offset ${at} is outside 0..${text.length}`);
    }
  }
  let start = Math.min(anchor, focus);
  let end = Math.max(anchor, focus);
  if (start === end) return undefined;
  if (!isGraphemeBoundary(text, start)) start = graphemeAt(text, start)[0];
  if (!isGraphemeBoundary(text, end)) end = graphemeAt(text, end)[1];
  // clusters longer than the look-around window: still never split a pair or CR LF
  if (splitsSurrogatePair(text, start) || splitsCrLf(text, start)) start -= 1;
  if (splitsSurrogatePair(text, end) || splitsCrLf(text, end)) end += 1;
  const trimmed = (options.trimWhitespace ?? true) ? WHITE_SPACE_OR_BIDI : BIDI_ONLY;
  while (start < end) {
    const [, next] = graphemeAt(text, start);
    if (!trimmed.test(text.slice(start, next))) break;
    start = next;
  }
  while (end > start) {
    const [prev] = graphemeAt(text, end - 1);
    if (!trimmed.test(text.slice(prev, end))) break;
    end = prev;
  }
  return start < end ? { start, end } : undefined;
}
