import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { NONE, addRuns, categoryRuns, cohenKappa } from '../../../../src/core/agreement/cohenKappa';
import { fixturePath } from '../../../support/fixtures';

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

  // A reference implementation: scikit-learn's cohen_kappa_score on the same per-code-point
  // categories, for 200 random cases (several labels, overlapping and nested spans). The values
  // were computed by scripts/crossCheck/kappaSklearn.py (Debian's python3-sklearn), stored in
  // test/fixtures/agreement/kappa-sklearn.json; the test needs no Python.
  describe('against scikit-learn (cohen_kappa_score), 200 random cases', () => {
    type Span = [number, number, string];
    interface Case {
      length: number; a: Span[]; b: Span[]; kappa: number | null; perLabel: Record<string, number | null>;
    }
    const fixture = JSON.parse(readFileSync(fixturePath('agreement', 'kappa-sklearn.json'), 'utf8')) as
      { source: string; cases: Case[] };
    const spans = (list: Span[]) => list.map(([start, end, label]) => ({ start, end, label }));
    const close = (ours: number | null, theirs: number | null) =>
      (ours === null || theirs === null ? ours === theirs : Math.abs(ours - theirs) < 1e-9);

    it('κ over all categories (labels covering a code point, or none) is scikit-learn\'s', () => {
      assert.equal(fixture.cases.length, 200);
      for (const [i, c] of fixture.cases.entries()) {
        const runs = (list: Span[]) => categoryRuns(spans(list), c.length);
        const ours = cohenKappa(addRuns(new Map(), runs(c.a), runs(c.b)));
        assert.ok(close(ours, c.kappa), `case ${i}: ours ${ours}, scikit-learn ${c.kappa}`);
      }
    });

    it('κ per label ("this label" against "not this label") is scikit-learn\'s', () => {
      for (const [i, c] of fixture.cases.entries()) {
        for (const [label, theirs] of Object.entries(c.perLabel)) {
          const only = (list: Span[]) => categoryRuns(spans(list.filter((s) => s[2] === label)), c.length);
          const ours = cohenKappa(addRuns(new Map(), only(c.a), only(c.b)));
          assert.ok(close(ours, theirs), `case ${i}, ${label}: ours ${ours}, scikit-learn ${theirs}`);
        }
      }
    });
  });
});
