/**
 * Krippendorff's α for unitizing, αU (one label at a time), as defined in Krippendorff (1995),
 * "On the reliability of unitizing continuous data", Sociological Methodology 25: 47–76, and in
 * the form of Krippendorff (2004), Content Analysis: An Introduction to Its Methodology, 2nd ed.,
 * Sage, §11.6 (the worked example on p. 254; see also Krippendorff 2004, "Measuring the
 * reliability of qualitative text analysis data", Quality & Quantity 38: 787–800).
 *
 * Each of m coders cuts a continuum of length L (here: the article's code points) into sections:
 * units of the label and the gaps between them. With δ² the distance of two overlapping sections
 * g of coder i and h of coder j:
 *   both units:             δ² = (b_g − b_h)² + (e_g − e_h)²   (b: start, e: end)
 *   a unit inside a gap:    δ² = l_unit²
 *   anything else:          δ² = 0
 * observed    D_o = Σ_{i≠j} Σ_g Σ_h δ² / (m(m−1)L²)
 * expected    D_e = (2/L) Σ_units [ (N−1)(2l³ − 3l² + l)/3 + l² Σ_{gaps, l_gap ≥ l} (l_gap − l + 1) ]
 *                   / ( mL(mL−1) − Σ_units l(l−1) )
 * (N: units of the label of all coders; both Σ_units over all coders' units, Σ_gaps over all
 * coders' gaps), and αU = 1 − D_o / D_e. This is the 2004 book's form (its expected disagreement
 * corrects a slip of the 1995 paper: see the tests). It is not the cu-α family of Krippendorff,
 * Mathet, Bouvry and Widlöcher (2016), which this module does not compute.
 *
 * Several texts (a corpus) are one continuum: the texts side by side, of length ΣL, whose gaps
 * end where a text ends (no unit can be placed across two texts). For one text this is the
 * formula above exactly. Spans of one coder and label that overlap are first joined into one
 * unit (αU needs a coder's units of a label to be disjoint).
 */
import type { Span } from './spanMatching';

/**
 * The parts of αU for one label that add up over texts: `observed` Σ_{i≠j} Σ δ² (code points²),
 * `units` the lengths of all coders' units, `gaps` the lengths of all coders' gaps, `length` the
 * continuum's length in code points, `coders` m.
 */
export interface AlphaParts {
  observed: number;
  units: number[];
  gaps: number[];
  length: number;
  coders: number;
}

/** The result for one label: D_o, D_e and αU = 1 − D_o/D_e; `alpha` null when D_e is 0 (no unit at all). */
export interface UnitizingAlpha {
  observed: number;
  expected: number;
  alpha: number | null;
}

/** `spans` clipped to [0, length), sorted, with overlapping ones joined (touching ones stay apart). */
export function disjointUnits(spans: readonly Span[], length: number): Span[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((x, y) => x.start - y.start || x.end - y.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** The gaps between disjoint sorted `units` in [0, length), as lengths (> 0). */
function gapsOf(units: readonly Span[], length: number): number[] {
  const gaps: number[] = [];
  let at = 0;
  for (const u of units) {
    if (u.start > at) gaps.push(u.start - at);
    at = u.end;
  }
  if (length > at) gaps.push(length - at);
  return gaps;
}

/**
 * Σ over sections of coder i and of coder j of δ², for one ordered pair (i, j) — the same for (j, i).
 * `x` and `y`: disjoint sorted units (see {@link disjointUnits}).
 */
function pairDisagreement(x: readonly Span[], y: readonly Span[]): number {
  let sum = 0;
  // unit against unit, where they overlap
  let k = 0;
  const overlapped = (units: readonly Span[], others: readonly Span[]): boolean[] => {
    const hit = new Array<boolean>(units.length).fill(false);
    let q = 0;
    units.forEach((u, p) => {
      while (q < others.length && others[q].end <= u.start) q++;
      hit[p] = q < others.length && others[q].start < u.end;
    });
    return hit;
  };
  for (const u of x) {
    while (k < y.length && y[k].end <= u.start) k++;
    for (let q = k; q < y.length && y[q].start < u.end; q++) {
      sum += (u.start - y[q].start) ** 2 + (u.end - y[q].end) ** 2;
    }
  }
  // a unit that overlaps no unit of the other coder lies inside one of the other's gaps
  overlapped(x, y).forEach((hit, p) => { if (!hit) sum += (x[p].end - x[p].start) ** 2; });
  overlapped(y, x).forEach((hit, p) => { if (!hit) sum += (y[p].end - y[p].start) ** 2; });
  return sum;
}

/**
 * The additive parts of αU of one label in one text of `length` code points, from each coder's
 * spans of that label (`coders[i]`: coder i's spans; at least two coders).
 * Throws RangeError for fewer than two coders.
 */
export function alphaParts(coders: readonly (readonly Span[])[], length: number): AlphaParts {
  if (coders.length < 2) throw new RangeError('αU needs at least two coders');
  const units = coders.map((spans) => disjointUnits(spans, length));
  let observed = 0;
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) observed += 2 * pairDisagreement(units[i], units[j]);
  }
  return {
    observed,
    units: units.flatMap((list) => list.map((u) => u.end - u.start)),
    gaps: units.flatMap((list) => gapsOf(list, length)),
    length,
    coders: coders.length,
  };
}

/**
 * Adds text `y` to `x` (changed in place and returned): the texts side by side as one continuum.
 * Throws RangeError when their numbers of coders differ.
 */
export function addAlphaParts(x: AlphaParts, y: AlphaParts): AlphaParts {
  if (x.coders !== y.coders) throw new RangeError('αU parts of different numbers of coders');
  x.observed += y.observed;
  for (const l of y.units) x.units.push(l);
  for (const l of y.gaps) x.gaps.push(l);
  x.length += y.length;
  return x;
}

/** The empty continuum of `coders` coders (the start of a sum of {@link addAlphaParts}). */
export function noAlphaParts(coders: number): AlphaParts {
  return { observed: 0, units: [], gaps: [], length: 0, coders };
}

/** D_o, D_e and αU from summed parts (see the module's formulas); all 0 and αU null for an empty continuum. */
export function unitizingAlpha(parts: AlphaParts): UnitizingAlpha {
  const { length: L, coders: m, units } = parts;
  if (L === 0) return { observed: 0, expected: 0, alpha: null };
  const observed = parts.observed / (m * (m - 1) * L * L);
  // Σ over gaps at least l long of (gap − l + 1) = (Σ those gaps) − (l − 1)·(their count): gaps
  // sorted, with suffix sums, so each unit costs a binary search
  const gaps = [...parts.gaps].sort((x, y) => x - y);
  const suffix = new Array<number>(gaps.length + 1).fill(0);
  for (let k = gaps.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + gaps[k];
  const n = units.length;
  let numerator = 0;
  let squared = 0;
  for (const l of units) {
    let lo = 0;
    let hi = gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gaps[mid] < l) lo = mid + 1;
      else hi = mid;
    }
    const placements = suffix[lo] - (l - 1) * (gaps.length - lo);
    numerator += ((n - 1) * (2 * l ** 3 - 3 * l ** 2 + l)) / 3 + l * l * placements;
    squared += l * (l - 1);
  }
  const denominator = m * L * (m * L - 1) - squared;
  const expected = denominator > 0 ? ((2 / L) * numerator) / denominator : 0;
  return { observed, expected, alpha: expected > 0 ? 1 - observed / expected : null };
}

/**
 * αU over several labels: 1 − ΣD_o / ΣD_e (equivalently the mean D_o over the mean D_e, as
 * DKPro Statistics' KrippendorffAlphaUnitizingAgreement computes it); null when ΣD_e is 0.
 */
export function combinedAlpha(perLabel: readonly UnitizingAlpha[]): number | null {
  const observed = perLabel.reduce((s, x) => s + x.observed, 0);
  const expected = perLabel.reduce((s, x) => s + x.expected, 0);
  return expected > 0 ? 1 - observed / expected : null;
}
