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

/** What {@link untouchedPlaces} found. */
export interface UntouchedPlaces {
  /** The new UTF-16 span of each annotation placed, by its index in the sidecar. */
  places: Map<number, [number, number]>;
  /**
   * The shifts (code points, new start − old start) of the placed annotations nearest before and
   * after old code-point offset `at` (none, one or two distinct shifts).
   */
  shiftsAround(at: number): number[];
}

/**
 * Annotations of a sidecar whose quote, prefix and suffix stand exactly (same characters) in
 * `text`, moved by the shift of the text's unchanged beginning (0), of its unchanged end (its
 * length less `oldLength`, code points, when known) or of the annotation placed just before
 * (in old start order), the places never going back in the text as the old offsets go forward
 * (edits insert, delete and replace; they do not swap). This is the edit script of the two
 * texts seen through the annotations' stored windows, without the old text: an annotation
 * whose window the edits did not touch lands on its own words, moved exactly. Orphaned
 * annotations, those with less than {@link UNTOUCHED_CONTEXT} code points of context on a side
 * that did not reach the text's edge, and those whose window does not stand at any of these
 * shifts are left out (to be searched). O(a log a + a × (window + log n)) for a annotations.
 */
export function untouchedPlaces(
  text: string,
  index: OffsetIndex,
  annotations: readonly Annotation[],
  oldLength: number | undefined,
): UntouchedPlaces {
  const order = annotations
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => !isOrphaned(a) && a.quote.length > 0 && enoughContext(a, oldLength))
    .sort((x, y) => x.a.start - y.a.start || x.i - y.i);
  const delta = oldLength === undefined ? undefined : index.codePointLength - oldLength;
  const places = new Map<number, [number, number]>();
  const placed: { old: number; shift: number }[] = [];
  let last = 0;
  let lastStart = 0;
  for (const { a, i } of order) {
    for (const shift of [last, 0, delta]) {
      if (shift === undefined || a.start + shift < lastStart) continue;
      const span = standsAt(text, index, a, shift);
      if (!span) continue;
      places.set(i, span);
      placed.push({ old: a.start, shift });
      last = shift;
      lastStart = a.start + shift;
      break;
    }
  }
  return {
    places,
    shiftsAround(at: number): number[] {
      const k = partitionPoint(placed.length, (j) => placed[j].old < at);
      const near = [placed[k - 1], placed[k]].filter((p) => p !== undefined).map((p) => p.shift);
      return [...new Set(near)];
    },
  };
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
