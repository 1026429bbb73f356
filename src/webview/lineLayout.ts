/**
 * The line structure of the article view, without the DOM: where each line starts and ends in
 * UTF-16 code units of the document text, and which lines an edit touches. Line breaks are
 * CR LF, LF or a lone CR (as VS Code counts them); a text ending in a line break has an empty
 * last line. A line longer than {@link MAX_SEGMENT} is cut into segments at white space (each
 * rendered as its own block), because browsers lay out one huge paragraph very slowly.
 */

import { partitionPoint } from '../core/util/binarySearch';

/**
 * One rendered block: [start, end) without a line break; `next` is where the following block
 * starts (after the line break, or equal to `end` when the block continues the same line).
 */
export interface LineRange {
  start: number;
  end: number;
  next: number;
}

/** Longest block in UTF-16 code units; longer lines are cut at white space. */
export const MAX_SEGMENT = 10000;

const MARK = /[\p{M}\u200C\u200D]/u;

/**
 * Where to cut a line at `from` so that the piece is at most `max` long: after white space if there is some, never
 * inside a character.
 */
function cutPoint(text: string, from: number, max: number): number {
  const limit = from + max;
  for (let i = limit; i > from + max / 2; i--) {
    if (/\s/.test(text[i - 1])) return i;
  }
  let cut = limit;
  while (cut > from + 1 && ((text.charCodeAt(cut) >= 0xdc00 && text.charCodeAt(cut) <= 0xdfff) || MARK.test(text[cut])))
    cut--;
  return cut;
}

function pushLine(out: LineRange[], text: string, start: number, end: number, next: number, max: number): void {
  let from = start;
  while (end - from > max) {
    const cut = cutPoint(text, from, max);
    out.push({ start: from, end: cut, next: cut });
    from = cut;
  }
  out.push({ start: from, end, next });
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * The lines of text[from, to). `from` must start a line; `to` must be where a line starts or
 * the end of the text (then the last, possibly empty, line is included).
 */
export function splitLineRanges(text: string, from: number, to: number, max = MAX_SEGMENT): LineRange[] {
  const out: LineRange[] = [];
  LINE_BREAK.lastIndex = from;
  let start = from;
  for (;;) {
    const m = LINE_BREAK.exec(text);
    if (!m || m.index >= to) break;
    pushLine(out, text, start, m.index, m.index + m[0].length, max);
    start = m.index + m[0].length;
  }
  if (to === text.length || start < to) pushLine(out, text, start, to, to, max);
  return out;
}

/** Index of the line that contains UTF-16 offset `at` (the last one that starts at or before it). */
export function lineIndexAt(lines: readonly LineRange[], at: number): number {
  return Math.max(0, partitionPoint(lines.length, (i) => lines[i].start <= at) - 1);
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
export function relayout(
  lines: readonly LineRange[],
  oldText: string,
  newText: string,
  maxSegment = MAX_SEGMENT,
): Relayout {
  let prefix = 0;
  const max = Math.min(oldText.length, newText.length);
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  )
    suffix++;
  let first = Math.max(0, lineIndexAt(lines, Math.max(0, prefix - 1)) - 1);
  let last = Math.min(lines.length - 1, lineIndexAt(lines, oldText.length - suffix) + 1);
  // whole lines: from the block that starts a line to the block that ends one
  while (first > 0 && lines[first - 1].next === lines[first - 1].end) first--;
  while (last < lines.length - 1 && lines[last].next === lines[last].end) last++;
  if (lines[last].next >= oldText.length) last = lines.length - 1;
  const delta = newText.length - oldText.length;
  const to = last === lines.length - 1 ? newText.length : lines[last].next + delta;
  return { first, last, fresh: splitLineRanges(newText, lines[first].start, to, maxSegment), delta };
}
