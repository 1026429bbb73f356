import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { NONE, addRuns, categoryRuns, cohenKappa } from '../../../../src/core/agreement/cohenKappa';

/** κ of two annotators' spans of one label over `length` code points. */
function kappaOf(length: number, a: [number, number][], b: [number, number][]): number | null {
  const runs = (list: [number, number][]) => categoryRuns(list.map(([start, end]) => ({ start, end, label: 'x' })), length);
  return cohenKappa(addRuns(new Map(), runs(a), runs(b)));
}

describe("Cohen's κ over code points", () => {
  it('the runs of categories: labels covering a code point, sorted and joined; none elsewhere', () => {
    const runs = categoryRuns([
      { start: 2, end: 6, label: 'claim' }, { start: 4, end: 5, label: 'actor' }, { start: 5, end: 8, label: 'claim' },
    ], 10);
    assert.deepEqual(runs, [[0, 2, NONE], [2, 4, 'claim'], [4, 5, 'actor+claim'], [5, 8, 'claim'], [8, 10, NONE]]);
  });

  it('hand-worked: 10 code points, A marks [0,4), B marks [2,6)', () => {
    // table: both x 2 (2,3), A only 2 (0,1), B only 2 (4,5), both none 4 (6..9)
    // Po = 6/10; pA(x) = .4, pB(x) = .4; Pe = .4·.4 + .6·.6 = .52; κ = (.6 − .52)/(1 − .52) = 1/6
    assert.ok(Math.abs(kappaOf(10, [[0, 4]], [[2, 6]])! - 1 / 6) < 1e-12);
  });

  // Krippendorff (1995), "On the reliability of unitizing continuous data", Sociological
  // Methodology 25: 47–76, p. 57: four pairs of observers unitizing a continuum of 24 points,
  // with κ of the digitised data (as in DKPro Statistics' test Krippendorff1995Test).
  it('Krippendorff (1995) p. 57, example A (Bertha, Bill): κ = 0.385', () => {
    assert.ok(Math.abs(kappaOf(24, [[2, 10], [14, 20]], [[4, 8], [15, 17]])! - 0.385) < 0.001);
  });

  it('Krippendorff (1995) p. 57, example C (Gerret, Gill): κ = 0.314', () => {
    const gerret: [number, number][] = [[2, 8], [10, 12], [14, 18], [20, 22]];
    const gill: [number, number][] = [[0, 2], [4, 8], [10, 14], [16, 18], [20, 22]];
    assert.ok(Math.abs(kappaOf(24, gerret, gill)! - 0.314) < 0.001);
  });

  it('Krippendorff (1995) p. 57, example D (all marked by both): κ is undefined (null)', () => {
    assert.equal(kappaOf(24, [[0, 2], [2, 24]], [[0, 4], [4, 24]]), null);
  });

  it('edge cases: nothing marked → null; identical → 1; disjoint halves → −1; empty text → null', () => {
    assert.equal(kappaOf(10, [], []), null);
    assert.equal(kappaOf(10, [[1, 3]], [[1, 3]]), 1);
    assert.equal(kappaOf(10, [[0, 5]], [[5, 10]]), -1);
    assert.equal(kappaOf(0, [], []), null);
    // one side marks nothing: Pe = Po, κ = 0
    assert.equal(kappaOf(10, [[0, 5]], []), 0);
  });

  it('property: κ is in [−1, 1] and the same both ways', () => {
    const span = fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 10 })).map(([x, l]) => [x, x + l] as [number, number]);
    const spans = fc.array(span,
      { maxLength: 6 });
    fc.assert(fc.property(spans, spans, (a, b) => {
      const k = kappaOf(50, a, b);
      const back = kappaOf(50, b, a);
      if (k === null) return assert.equal(back, null);
      assert.ok(k >= -1 - 1e-12 && k <= 1 + 1e-12);
      assert.ok(Math.abs(k - back!) < 1e-12);
    }));
  });
});
