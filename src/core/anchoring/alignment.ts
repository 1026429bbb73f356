/**
 * Edit distances for re-anchoring (units: UTF-16 code units of already folded text; an edit is an
 * insertion, deletion or substitution of one unit, each costing 1).
 *
 * - {@link ContextPattern}: how well a short pattern (a prefix or suffix, at most 32 units) still
 *   stands right before or right after a place, tolerating small insertions and deletions: the
 *   fitting distance (the whole pattern against any stretch of text that ends, or starts, exactly
 *   at the place), in time linear in the text looked at, with Myers' bit-vector algorithm.
 * - {@link levenshtein}: the distance of two short strings.
 * - {@link alignSpan}: where a quote went inside a region of text, by aligning prefix + quote +
 *   suffix together, so that the edges follow the context (an insertion at an edge stays
 *   outside the span; a word of the context is not taken in to spare an error of the quote).
 *
 * Sources: G. Myers, "A fast bit-vector algorithm for approximate string matching based on
 * dynamic programming", J. ACM 46(3), 1999; H. Hyyrö, "Explaining and extending the bit-parallel
 * approximate string matching algorithm of Myers", 2001 (the search variant used here).
 */

/** Longest pattern {@link ContextPattern} takes (one 32-bit word). */
export const MAX_CONTEXT_UNITS = 32;

/** A prefix or suffix prepared for fitting distances against text (see the module comment). */
export class ContextPattern {
  private readonly peq = new Map<number, number>();
  /** Length of the pattern in UTF-16 units (at most {@link MAX_CONTEXT_UNITS}). */
  readonly length: number;

  /**
   * `pattern` is the folded context as read in the text; `side` says where it stands: `before`
   * (a prefix: it must end at the place) or `after` (a suffix: it must start there). A longer
   * pattern keeps its units nearest the place.
   */
  constructor(
    pattern: string,
    readonly side: 'before' | 'after',
  ) {
    const units = side === 'before' ? pattern.slice(-MAX_CONTEXT_UNITS) : pattern.slice(0, MAX_CONTEXT_UNITS);
    this.length = units.length;
    // bit i stands for the i-th unit met walking towards the place (the far end first)
    for (let i = 0; i < units.length; i++) {
      const code = side === 'before' ? units.charCodeAt(i) : units.charCodeAt(units.length - 1 - i);
      this.peq.set(code, (this.peq.get(code) ?? 0) | (1 << i));
    }
  }

  /**
   * The fewest edits that turn the pattern into a stretch of `text` that ends (`before`) or
   * starts (`after`) at UTF-16 offset `at`, looking at most `reach` units away from `at`.
   * 0 means the pattern stands there unchanged; the pattern's length means nothing of it does.
   */
  distance(text: string, at: number, reach: number): number {
    const m = this.length;
    if (m === 0) return 0;
    const high = 1 << (m - 1);
    let pv = -1;
    let mv = 0;
    let score = m;
    // walk towards the place from up to `reach` units away (forwards for a prefix, backwards for
    // a suffix): the search variant lets the stretch begin anywhere out there, and the score
    // read at the last step is that of a stretch ending right at the place
    const step = this.side === 'before' ? 1 : -1;
    const first = this.side === 'before' ? Math.max(0, at - reach) : Math.min(text.length, at + reach) - 1;
    const stop = this.side === 'before' ? at : at - 1;
    for (let j = first; j !== stop; j += step) {
      const eq = this.peq.get(text.charCodeAt(j)) ?? 0;
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & high) score++;
      else if (mh & high) score--;
      ph <<= 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }
  /**
   * The fewest edits that turn the pattern into a stretch of `text` that ends (`before`) or
   * starts (`after`) anywhere in UTF-16 offsets [from, to]: where the pattern stands, moved.
   */
  nearest(text: string, from: number, to: number): number {
    const m = this.length;
    if (m === 0) return 0;
    const high = 1 << (m - 1);
    let pv = -1;
    let mv = 0;
    let score = m;
    let least = m;
    const before = this.side === 'before';
    const first = before ? Math.max(0, from - m - 8) : Math.min(text.length, to + m + 8) - 1;
    const stop = before ? Math.min(text.length, to) : Math.max(0, from) - 1;
    for (let j = first; j !== stop; j += before ? 1 : -1) {
      const eq = this.peq.get(text.charCodeAt(j)) ?? 0;
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & high) score++;
      else if (mh & high) score--;
      ph <<= 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
      // the stretch read so far ends (begins) at j + 1 (j)
      if (before ? j + 1 >= from : j <= to) least = Math.min(least, score);
    }
    return least;
  }
}

/** Levenshtein distance of `a` and `b` (UTF-16 units). O(|a|·|b|) time, O(|b|) memory. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let row = new Int32Array(b.length + 1);
  let next = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = row[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      next[j] = Math.min(sub, row[j] + 1, next[j - 1] + 1);
    }
    [row, next] = [next, row];
  }
  return row[b.length];
}

/**
 * Where `quote` lies in `region` (UTF-16 offsets into `region`, [start, end)), found by aligning
 * `prefix + quote + suffix` with the region, free at both ends of the region; `errors` is the
 * quote's own share of the edits. Among the best alignments the span starts as late as possible
 * and then ends as early as possible: text inserted at an edge of the quote is left outside.
 * Undefined when the quote aligns with nothing. O(|prefix + quote + suffix| · |region|).
 */
export function alignSpan(
  region: string,
  prefix: string,
  quote: string,
  suffix: string,
): { start: number; end: number; errors: number } | undefined {
  const whole = prefix + quote + suffix;
  const n = whole.length;
  const w = region.length;
  const cols = w + 1;
  // forward[i][j]: best cost of whole[0, i) against region[x, j), any x
  const forward = new Int32Array((n + 1) * cols);
  for (let i = 1; i <= n; i++) {
    const c = whole.charCodeAt(i - 1);
    const row = i * cols;
    const up = row - cols;
    forward[row] = i;
    for (let j = 1; j <= w; j++) {
      forward[row + j] = Math.min(
        forward[up + j - 1] + (c === region.charCodeAt(j - 1) ? 0 : 1),
        forward[up + j] + 1,
        forward[row + j - 1] + 1,
      );
    }
  }
  // backward[i][j]: best cost of whole[i, n) against region[j, y), any y
  const backward = new Int32Array((n + 1) * cols);
  for (let i = n - 1; i >= 0; i--) {
    const c = whole.charCodeAt(i);
    const row = i * cols;
    const down = row + cols;
    backward[row + w] = n - i;
    for (let j = w - 1; j >= 0; j--) {
      backward[row + j] = Math.min(
        backward[down + j + 1] + (c === region.charCodeAt(j) ? 0 : 1),
        backward[down + j] + 1,
        backward[row + j + 1] + 1,
      );
    }
  }
  let best = Infinity;
  for (let j = 0; j <= w; j++) best = Math.min(best, forward[n * cols + j]);
  const onBest = (i: number, j: number) => forward[i * cols + j] + backward[i * cols + j] === best;
  const top = prefix.length;
  const bottom = prefix.length + quote.length;
  let start = -1;
  for (let j = w; j >= 0; j--)
    if (onBest(top, j)) {
      start = j;
      break;
    }
  if (start < 0) return undefined;
  // the quote from `start` on, its alignment starting there: the nearest end on a best path
  const q = quote.length;
  let row = new Int32Array(cols).fill(1 << 29);
  for (let j = start; j <= w; j++) row[j] = j - start;
  for (let i = 1; i <= q; i++) {
    const next = new Int32Array(cols).fill(1 << 29);
    const c = quote.charCodeAt(i - 1);
    next[start] = i;
    for (let j = start + 1; j <= w; j++) {
      next[j] = Math.min(row[j - 1] + (c === region.charCodeAt(j - 1) ? 0 : 1), row[j] + 1, next[j - 1] + 1);
    }
    row = next;
  }
  const before = forward[top * cols + start];
  for (let j = start + 1; j <= w; j++) {
    if (before + row[j] + backward[bottom * cols + j] === best) return { start, end: j, errors: row[j] };
  }
  return undefined;
}
