/**
 * Cohen's κ over code points (Cohen 1960, "A coefficient of agreement for nominal scales",
 * Educational and Psychological Measurement 20(1): 37–46): every code point of the text is one
 * item, its category is what covers it (a label, or "none").
 *
 * Caveat: code points are not independent items and units are ignored. κ only sees which
 * category each code point falls in: two annotators who mark the same words as one span and as
 * three adjacent spans agree perfectly; a long span weighs more than a short one; and the many
 * code points that nobody marks ("none" agreeing with "none") make κ depend on how much of the
 * text is left unmarked. Span F1 and Krippendorff's αU (unitizingAlpha.ts) look at units.
 */

/** The category of a code point that no span covers. */
export const NONE = 'none';

/**
 * A confusion table: code points counted by (category of A, category of B). Keys are
 * `${categoryA}\u0000${categoryB}`.
 */
export type Confusion = Map<string, number>;

/** A category for each code point of [0, length): runs of equal category as [start, end, category]. */
export type CategoryRuns = readonly (readonly [start: number, end: number, category: string])[];

/**
 * The runs of categories the `spans` give to [0, `length`) (code points): each code point's
 * category is `categoryOf` of the labels of the spans that cover it (sorted, without repeats), or
 * {@link NONE}. Spans outside [0, length) are clipped.
 */
export function categoryRuns(
  spans: readonly { start: number; end: number; label: string }[],
  length: number,
  categoryOf: (labels: readonly string[]) => string = (labels) => labels.join('+'),
): CategoryRuns {
  const events = new Map<number, { label: string; delta: number }[]>();
  const push = (at: number, label: string, delta: number) => {
    const list = events.get(at);
    if (list) list.push({ label, delta });
    else events.set(at, [{ label, delta }]);
  };
  for (const s of spans) {
    const start = Math.max(0, s.start);
    const end = Math.min(length, s.end);
    if (end <= start) continue;
    push(start, s.label, 1);
    push(end, s.label, -1);
  }
  const points = [...new Set([0, length, ...events.keys()])].sort((x, y) => x - y);
  const open = new Map<string, number>();
  const runs: [number, number, string][] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    for (const e of events.get(points[k]) ?? []) open.set(e.label, (open.get(e.label) ?? 0) + e.delta);
    const labels = [...open].filter(([, n]) => n > 0).map(([label]) => label).sort();
    const category = labels.length === 0 ? NONE : categoryOf(labels);
    const last = runs[runs.length - 1];
    if (last && last[2] === category) last[1] = points[k + 1];
    else runs.push([points[k], points[k + 1], category]);
  }
  return runs;
}

/** Adds to `table` the code points of one text, A's categories against B's (both cover the same length). */
export function addRuns(table: Confusion, a: CategoryRuns, b: CategoryRuns): Confusion {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i][0], b[j][0]);
    const end = Math.min(a[i][1], b[j][1]);
    if (end > start) {
      const key = `${a[i][2]}\u0000${b[j][2]}`;
      table.set(key, (table.get(key) ?? 0) + end - start);
    }
    if (a[i][1] <= b[j][1]) i++;
    else j++;
  }
  return table;
}

/** Adds every count of `from` to `into`; returns `into`. */
export function addConfusion(into: Confusion, from: Confusion): Confusion {
  for (const [key, n] of from) into.set(key, (into.get(key) ?? 0) + n);
  return into;
}

/**
 * Cohen's κ = (Po − Pe) / (1 − Pe) of a confusion table, Po the share of items on which A and B
 * agree, Pe = Σ_k pA(k)·pB(k) the agreement expected from their own distributions. In [−1, 1];
 * null when it is undefined: no items, or both put every item in the one same category (Pe = 1).
 */
export function cohenKappa(table: Confusion): number | null {
  let total = 0;
  let agree = 0;
  const marginA = new Map<string, number>();
  const marginB = new Map<string, number>();
  for (const [key, n] of table) {
    const [x, y] = key.split('\u0000');
    total += n;
    if (x === y) agree += n;
    marginA.set(x, (marginA.get(x) ?? 0) + n);
    marginB.set(y, (marginB.get(y) ?? 0) + n);
  }
  if (total === 0) return null;
  let expected = 0;
  for (const [k, n] of marginA) expected += (n / total) * ((marginB.get(k) ?? 0) / total);
  if (expected >= 1 - 1e-12) return null;
  return (agree / total - expected) / (1 - expected);
}
