// The part of a changed text that the edits left alone: annotations whose quote and whole stored
// context still stand, moved as the text around them moved. Re-anchoring searches only the rest.
import { type Annotation, isOrphaned } from '../model/annotation';
import { type OffsetIndex, codePointLength, isGraphemeBoundary } from '../text/offsets';
import { partitionPoint } from '../util/binarySearch';

/**
 * Code points of stored context each side needs for its place to be taken without a search, unless
 * that side reached the old text's edge. Shorter contexts (sidecars of other tools) are searched.
 */
export const UNTOUCHED_CONTEXT = 16;

/**
 * Annotations of a sidecar whose quote, prefix and suffix (their window) stand exactly (same
 * characters) in `text`, moved as the text around them moved: as its unchanged beginning (shift
 * 0) or its unchanged end (its length less `oldLength`, code points, when known), or, between
 * edits, to the place nearest the one the last of those shifts predicts where the window stands
 * ({@link nearestShift}). This is the edit script of the two texts seen through the annotations'
 * stored windows (the old text itself is not known), with a diff's preference for the smallest
 * move: an annotation whose window the edits did not touch lands on its own words, moved exactly.
 * Of the places found, only the longest run that never goes back in the text as the old offsets
 * go forward is kept (edits insert, delete and replace; they do not swap). Left out, to be
 * searched: orphaned annotations; those with less than {@link UNTOUCHED_CONTEXT} code points of
 * context on a side that did not reach the text's edge; those whose window stands at both shifts
 * (a passage repeated at that distance), at none near, or whose words still stand where
 * expected (their context touched: the search weighs them). Returns the new UTF-16 span of each
 * annotation placed, by its index in the sidecar. O(a log a + a × (window + log n)) for a
 * annotations, and O({@link WINDOW_REACH}) more for each one between edits.
 */
export function untouchedPlaces(
  text: string,
  index: OffsetIndex,
  annotations: readonly Annotation[],
  oldLength: number | undefined,
): Map<number, [number, number]> {
  const order = annotations
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => !isOrphaned(a) && a.quote.length > 0 && enoughContext(a, oldLength))
    .sort((x, y) => x.a.start - y.a.start || x.i - y.i);
  const delta = oldLength === undefined ? undefined : index.codePointLength - oldLength;
  const ends = delta === undefined || delta === 0 ? [0] : [0, delta];
  const found: { i: number; start: number; span: [number, number] }[] = [];
  // the shift of the last annotation placed at one of the ends' shifts, and of the last placed
  let base = 0;
  let last = 0;
  for (const { a, i } of order) {
    const standing = ends.map((shift) => ({ shift, span: standsAt(text, index, a, shift) })).filter((x) => x.span);
    let shift: number | undefined;
    if (standing.length === 1) {
      shift = standing[0].shift;
      base = shift;
    } else if (standing.length === 0 && standsAt(text, index, a, last)) {
      // the shift of the annotation before, when no place nearer the ends' prediction has the window
      shift = last === base || nearestShift(text, index, a, base)?.shift === last ? last : undefined;
    } else if (standing.length === 0 && !spoiledInPlace(text, index, a, last)) {
      const nearest = nearestShift(text, index, a, base);
      if (nearest?.alone) shift = nearest.shift;
    }
    const span = shift === undefined ? undefined : standsAt(text, index, a, shift);
    if (shift === undefined || !span) continue;
    found.push({ i, start: a.start + shift, span });
    last = shift;
  }
  const places = new Map<number, [number, number]>();
  for (const k of longestRun(found.map((f) => f.start))) places.set(found[k].i, found[k].span);
  return places;
}

/**
 * UTF-16 units on each side of the predicted place searched for a window ({@link nearestShift}):
 * edits that move text further are left to the search.
 */
export const WINDOW_REACH = 4096;

/**
 * True when the annotation's quote stands at its old start moved by `shift`, or its prefix right
 * before there: its own words are in place (or were rewritten there), only its window is not.
 */
function spoiledInPlace(text: string, index: OffsetIndex, a: Annotation, shift: number): boolean {
  const start = a.start + shift;
  if (start < 0 || start > index.codePointLength) return false;
  const at16 = index.toUtf16(start);
  return text.startsWith(a.quote, at16) || (a.prefix.length > 0 && text.startsWith(a.prefix, at16 - a.prefix.length));
}

/**
 * The shift (code points) to the place nearest the old start moved by `shift` (within
 * {@link WINDOW_REACH}) where the annotation's prefix, quote and suffix stand together; undefined
 * when there is none or two are as near on either side. `alone`: its quote stands nowhere else as
 * near the predicted place (else its own words may be there with their context touched, the
 * window a copy of the passage further away).
 */
function nearestShift(
  text: string,
  index: OffsetIndex,
  a: Annotation,
  shift: number,
): { shift: number; alone: boolean } | undefined {
  const expected = a.start + shift;
  if (expected < 0 || expected > index.codePointLength) return undefined;
  const stored = a.prefix + a.quote + a.suffix;
  const at16 = index.toUtf16(expected);
  const from = Math.max(0, at16 - a.prefix.length - WINDOW_REACH);
  const region = text.slice(from, at16 - a.prefix.length + WINDOW_REACH + stored.length);
  let best: number | undefined;
  let tie = false;
  for (let k = region.indexOf(stored); k >= 0; k = region.indexOf(stored, k + 1)) {
    const start16 = from + k + a.prefix.length;
    const d = Math.abs(start16 - at16);
    if (best === undefined || d < Math.abs(best - at16)) {
      best = start16;
      tie = false;
    } else if (d === Math.abs(best - at16)) tie = true;
  }
  if (best === undefined || tie || !isGraphemeBoundary(text, best)) return undefined;
  const reach = Math.abs(best - at16);
  const around = text.slice(Math.max(0, at16 - reach), at16 + reach + a.quote.length);
  const alone = around.indexOf(a.quote, around.indexOf(a.quote) + 1) < 0;
  return { shift: index.toCodePoint(best) - a.start, alone };
}

/**
 * Indexes (ascending) of a longest run of `values` that never decreases (patience sorting,
 * O(n log n)); of equally long runs, the one ending earliest in value.
 */
export function longestRun(values: readonly number[]): number[] {
  const tails: number[] = [];
  const before = new Int32Array(values.length).fill(-1);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    const at = partitionPoint(tails.length, (j) => values[tails[j]] <= v);
    if (at > 0) before[k] = tails[at - 1];
    tails[at] = k;
  }
  const out: number[] = [];
  for (let k = tails.length > 0 ? tails[tails.length - 1] : -1; k >= 0; k = before[k]) out.push(k);
  return out.reverse();
}

/** Each side has {@link UNTOUCHED_CONTEXT} code points of context, or all there was up to the old text's edge. */
function enoughContext(a: Annotation, oldLength: number | undefined): boolean {
  const prefix = codePointLength(a.prefix);
  const suffix = codePointLength(a.suffix);
  return (
    (prefix >= UNTOUCHED_CONTEXT || a.start === prefix) &&
    (suffix >= UNTOUCHED_CONTEXT || (oldLength !== undefined && a.end + suffix === oldLength))
  );
}

/**
 * The UTF-16 span of `a` moved by `shift` code points when its prefix, quote and suffix stand
 * there in `text`, its edges on grapheme-cluster boundaries; undefined otherwise.
 */
function standsAt(text: string, index: OffsetIndex, a: Annotation, shift: number): [number, number] | undefined {
  const start = a.start + shift;
  const end = a.end + shift;
  if (start < 0 || end < start || end > index.codePointLength) return undefined;
  const s16 = index.toUtf16(start);
  const e16 = index.toUtf16(end);
  if (e16 - s16 !== a.quote.length || s16 < a.prefix.length) return undefined;
  if (!text.startsWith(a.quote, s16) || !text.startsWith(a.prefix, s16 - a.prefix.length)) return undefined;
  if (!text.startsWith(a.suffix, e16)) return undefined;
  return isGraphemeBoundary(text, s16) && isGraphemeBoundary(text, e16) ? [s16, e16] : undefined;
}
