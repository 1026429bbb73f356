/**
 * The line structure of the article view, without the DOM: where each line starts and ends in
 * UTF-16 code units of the document text, and which lines an edit touches. Line breaks are
 * CR LF, LF or a lone CR (as VS Code counts them); a text ending in a line break has an empty
 * last line.
 */

/** One line: [start, end) without its line break; `next` is where the following line starts. */
export interface LineRange {
  start: number;
  end: number;
  next: number;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * The lines of text[from, to). `from` must start a line; `to` must be where a line starts or
 * the end of the text (then the last, possibly empty, line is included).
 */
export function splitLineRanges(text: string, from: number, to: number): LineRange[] {
  const out: LineRange[] = [];
  LINE_BREAK.lastIndex = from;
  let start = from;
  for (;;) {
    const m = LINE_BREAK.exec(text);
    if (!m || m.index >= to) break;
    out.push({ start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  if (to === text.length || start < to) out.push({ start, end: to, next: to });
  return out;
}

/** Index of the line that contains UTF-16 offset `at` (the last one that starts at or before it). */
export function lineIndexAt(lines: readonly LineRange[], at: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (lines[mid].start <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What to re-render after `oldText` (laid out as `lines`) became `newText`. */
export interface Relayout {
  /** First old line to replace. */
  first: number;
  /** Last old line to replace (inclusive). */
  last: number;
  /** The new lines that replace lines[first..last]. */
  fresh: LineRange[];
  /** How far the lines after `last` move (UTF-16 units). */
  delta: number;
}

/**
 * The smallest run of whole lines to re-render after an edit: the changed region (common prefix
 * and suffix of the two texts left out), widened by a line on each side so that CR and LF meeting
 * across the edit are joined, and to the end when it reaches the last line.
 */
export function relayout(lines: readonly LineRange[], oldText: string, newText: string): Relayout {
  let prefix = 0;
  const max = Math.min(oldText.length, newText.length);
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix
    && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  const first = Math.max(0, lineIndexAt(lines, Math.max(0, prefix - 1)) - 1);
  let last = Math.min(lines.length - 1, lineIndexAt(lines, oldText.length - suffix) + 1);
  if (lines[last].next >= oldText.length) last = lines.length - 1;
  const delta = newText.length - oldText.length;
  const to = last === lines.length - 1 ? newText.length : lines[last].next + delta;
  return { first, last, fresh: splitLineRanges(newText, lines[first].start, to), delta };
}
