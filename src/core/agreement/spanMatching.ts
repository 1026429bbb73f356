/**
 * Pairing two annotators' spans of one label: exact matches (same start and end) and overlap
 * matches (at least one shared code point), both one-to-one, and the F1 of a pairing.
 * Offsets are Unicode code points, `end` exclusive, as in sidecars (docs/sidecar-format.md).
 */

/** A span of an article: start offset in code points, inclusive; end offset in code points, exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A pairing's counts: `tp` matched pairs, `fp` spans of A left unmatched, `fn` spans of B left unmatched. */
export interface MatchCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** One matched pair: the index of a span in A's list and of its partner in B's list. */
export type MatchedPair = [indexA: number, indexB: number];

/** Code points `x` and `y` share (0 when they are disjoint or touch). */
export function sharedLength(x: Span, y: Span): number {
  return Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
}

/**
 * Exact pairing: A's span i and B's span j pair when they have the same start and end; each span
 * pairs at most once (two identical spans on one side pair with two on the other, not one with
 * both). Pairs come in A's order.
 */
export function exactMatches(a: readonly Span[], b: readonly Span[]): MatchedPair[] {
  const free = new Map<string, number[]>();
  b.forEach((s, j) => {
    const key = `${s.start}:${s.end}`;
    const list = free.get(key);
    if (list) list.push(j);
    else free.set(key, [j]);
  });
  const pairs: MatchedPair[] = [];
  a.forEach((s, i) => {
    const j = free.get(`${s.start}:${s.end}`)?.shift();
    if (j !== undefined) pairs.push([i, j]);
  });
  return pairs;
}

/**
 * Overlap pairing: one-to-one, greedy by largest overlap. Every pair of spans (one of A, one of B)
 * that shares at least one code point is a candidate; candidates are taken in order of shared
 * code points (most first), then of boundary distance |Δstart| + |Δend| (least first, so an exact
 * match always wins over a looser one), then of position; a candidate is taken when neither span
 * is taken yet. A span that overlaps two spans of the other side therefore counts once (tp never
 * exceeds min(|A|, |B|) and F1 stays in [0, 1]), and each span is paired with the one most like
 * it, the pairing an adjudicator would make. Greedy is not always the largest pairing (a maximum
 * bipartite matching may pair one more span in chains of partial overlaps); it is deterministic,
 * symmetric in A and B, and pairs what looks alike. Pairs come in A's order.
 */
export function overlapMatches(a: readonly Span[], b: readonly Span[]): MatchedPair[] {
  const orderA = a.map((_, i) => i).sort((x, y) => a[x].start - a[y].start || a[x].end - a[y].end);
  const orderB = b.map((_, j) => j).sort((x, y) => b[x].start - b[y].start || b[x].end - b[y].end);
  const candidates: { i: number; j: number; shared: number; distance: number }[] = [];
  // B's spans by start: those that may still overlap an A span starting at or after a given point
  let first = 0;
  for (const i of orderA) {
    const s = a[i];
    // A's starts only grow: a B span that ends by this start overlaps no later A span
    while (first < orderB.length && b[orderB[first]].end <= s.start) first++;
    for (let k = first; k < orderB.length && b[orderB[k]].start < s.end; k++) {
      const j = orderB[k];
      const shared = sharedLength(s, b[j]);
      if (shared > 0) {
        candidates.push({ i, j, shared, distance: Math.abs(s.start - b[j].start) + Math.abs(s.end - b[j].end) });
      }
    }
  }
  // ties by where the two spans are, as an unordered pair (so that swapping A and B takes the same pairs)
  const where = (c: { i: number; j: number }) => {
    const [x, y] = [a[c.i], b[c.j]];
    return [Math.min(x.start, y.start), Math.max(x.start, y.start), Math.min(x.end, y.end), Math.max(x.end, y.end)];
  };
  candidates.sort((x, y) => {
    const byMeasure = y.shared - x.shared || x.distance - y.distance;
    if (byMeasure !== 0) return byMeasure;
    const [wx, wy] = [where(x), where(y)];
    for (let k = 0; k < 4; k++) if (wx[k] !== wy[k]) return wx[k] - wy[k];
    return x.i - y.i || x.j - y.j;
  });
  const takenA = new Set<number>();
  const takenB = new Set<number>();
  const pairs: MatchedPair[] = [];
  for (const c of candidates) {
    if (takenA.has(c.i) || takenB.has(c.j)) continue;
    takenA.add(c.i);
    takenB.add(c.j);
    pairs.push([c.i, c.j]);
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

/** The counts of a pairing of `a` spans of A with `b` spans of B into `tp` pairs. */
export function matchCounts(tp: number, a: number, b: number): MatchCounts {
  return { tp, fp: a - tp, fn: b - tp };
}

/**
 * F1 = 2·tp / (2·tp + fp + fn) = 2·tp / (|A| + |B|): the harmonic mean of precision (A against B)
 * and recall, symmetric in A and B. Null when neither side has a span (nothing to agree on).
 */
export function f1(counts: MatchCounts): number | null {
  const denominator = 2 * counts.tp + counts.fp + counts.fn;
  return denominator === 0 ? null : (2 * counts.tp) / denominator;
}
