/**
 * Text folded for finding, never for storing: a search runs on the folded text and every match
 * is mapped back to offsets of the original text through `origin`.
 *
 * Folding (per character, so the map stays exact):
 * - canonical decomposition, combining marks dropped: é and e + U+0301 both give e (case B06);
 * - Arabic harakat (U+064B..U+065F, U+0670), tatweel (U+0640), Quranic marks and ZWNJ/ZWJ
 *   dropped (cases B07, B09);
 * - alef forms أ إ آ ٱ give ا, alef maqsura ى and Persian yeh ی give ي, ta marbuta ة gives ه,
 *   Persian keheh ک gives ك;
 * - Arabic-Indic and Persian digits give ASCII digits;
 * - letters lower-cased;
 * - with the `lineEnds` option ({@link FoldOptions}), CR LF and a lone CR give LF.
 */
export interface FoldedText {
  /** The folded text. */
  readonly text: string;
  /**
   * For every UTF-16 unit of `text`, the UTF-16 offset in the original of the character it
   * came from; one more entry at the end holds the original's length.
   */
  readonly origin: Uint32Array;
}

const DROPPED =
  /^[\u0300-\u036F\u0483-\u0489\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED\u0640\u200C\u200D]$/u;
const LETTERS: Record<string, string> = {
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0622': '\u0627',
  '\u0671': '\u0627',
  '\u0649': '\u064A',
  '\u0629': '\u0647',
  // Persian yeh and keheh, which some Arabic texts are typed with: ی gives ي, ک gives ك
  '\u06CC': '\u064A',
  '\u06A9': '\u0643',
};

function foldChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  const mapped = LETTERS[ch];
  if (mapped) return mapped;
  if (code < 0x80) return ch.toLowerCase();
  let out = '';
  for (const part of ch.normalize('NFD')) {
    if (DROPPED.test(part) || /\p{M}/u.test(part)) continue;
    out += LETTERS[part] ?? part.toLowerCase();
  }
  return out;
}

/** Folded forms by code point: folding is per character, and articles use few distinct ones. */
const FOLDED = new Map<number, string>();

function foldCached(code: number, ch: string): string {
  let folded = FOLDED.get(code);
  if (folded === undefined) {
    folded = DROPPED.test(ch) ? '' : foldChar(ch);
    if (FOLDED.size < 65536) FOLDED.set(code, folded);
  }
  return folded;
}

/** Options of {@link foldText}. */
export interface FoldOptions {
  /**
   * Line ends fold together: the CR of CR LF is dropped (the LF stays) and a lone CR gives LF,
   * so that a text whose line endings were converted is still the same text. Default false.
   */
  lineEnds?: boolean;
}

/**
 * Per BMP code unit: 1 when the character folds to itself (most letters of an article), 2 when it
 * does not, 0 not yet known. Surrogates and CR (line ends) never take the fast path.
 */
const SAME = new Uint8Array(0x10000);

/** Folds `text` for finding (see {@link FoldedText}). Linear in the length of the text. */
export function foldText(text: string, options: FoldOptions = {}): FoldedText {
  const parts: string[] = [];
  let origin = new Uint32Array(text.length + 1);
  let n = 0;
  const lineEnds = options.lineEnds ?? false;
  // characters that fold to themselves are copied by runs
  let run = 0;
  for (let i = 0; i < text.length;) {
    const unit = text.charCodeAt(i);
    let same = SAME[unit];
    if (same === 0 && (unit < 0xd800 || unit > 0xdfff) && unit !== 0x0d) {
      const ch = text[i];
      same = foldCached(unit, ch) === ch ? 1 : 2;
      SAME[unit] = same;
    }
    if (same === 1) {
      origin[n++] = i++;
      continue;
    }
    if (i > run) parts.push(text.slice(run, i));
    const code = text.codePointAt(i)!;
    const ch = code > 0xffff ? String.fromCodePoint(code) : text[i];
    const folded = lineEnds && code === 0x0d ? (text.charCodeAt(i + 1) === 0x0a ? '' : '\n') : foldCached(code, ch);
    if (n + folded.length >= origin.length) {
      const grown = new Uint32Array(2 * origin.length + folded.length);
      grown.set(origin);
      origin = grown;
    }
    for (let k = 0; k < folded.length; k++) origin[n++] = i;
    parts.push(folded);
    i += ch.length;
    run = i;
  }
  if (text.length > run) parts.push(text.slice(run));
  origin[n] = text.length;
  return { text: parts.join(''), origin: origin.slice(0, n + 1) };
}

/**
 * The original UTF-16 span of folded span [start, end): from the first original character that
 * produced folded `start` to the end of the original character that produced folded `end - 1`,
 * widened over marks dropped right after it (a haraka after the last letter belongs to the span).
 */
export function originalSpan(folded: FoldedText, original: string, start: number, end: number): [number, number] {
  const from = folded.origin[start];
  let to = end > start ? folded.origin[end - 1] : from;
  if (end > start) {
    const cp = original.codePointAt(to)!;
    to += cp > 0xffff ? 2 : 1;
  }
  while (to < original.length) {
    const cp = original.codePointAt(to)!;
    const ch = String.fromCodePoint(cp);
    if (!(DROPPED.test(ch) || /\p{M}/u.test(ch))) break;
    to += ch.length;
  }
  return [from, Math.max(from, to)];
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

/**
 * True when a span [start, end) (UTF-16) of `text` begins and ends at word edges wherever an
 * annotation with this prefix, quote and suffix did: a whole-word quote is never found again
 * inside a longer word ("on" in "Monday", "السد" in "السدود").
 */
export function sameWordEdges(
  text: string,
  start: number,
  end: number,
  a: { prefix: string; quote: string; suffix: string },
): boolean {
  const startedAtEdge = a.prefix.length === 0 || !WORD.test(a.prefix.slice(-1)) || !WORD.test(a.quote.slice(0, 1));
  const endedAtEdge = a.suffix.length === 0 || !WORD.test(a.suffix.slice(0, 1)) || !WORD.test(a.quote.slice(-1));
  if (startedAtEdge && start > 0 && WORD.test(text[start - 1]) && WORD.test(text[start])) return false;
  if (endedAtEdge && end < text.length && WORD.test(text[end]) && WORD.test(text[end - 1])) return false;
  return true;
}
