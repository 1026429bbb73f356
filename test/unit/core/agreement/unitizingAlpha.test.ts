import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Span } from '../../../../src/core/agreement/spanMatching';
import {
  addAlphaParts, alphaParts, combinedAlpha, disjointUnits, unitizingAlpha,
} from '../../../../src/core/agreement/unitizingAlpha';

const near = (actual: number | null, expected: number, tolerance: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);

/** A unit given as Krippendorff writes it: begin b and length l, on a continuum starting at `origin`. */
const bl = (b: number, l: number, origin = 0): Span => ({ start: b - origin, end: b - origin + l });

describe("Krippendorff's αU (unitizing)", () => {
  // Krippendorff (2004), Content Analysis, 2nd ed., Sage, p. 254: two coders, a continuum from
  // 150 to 450 (L = 300), categories c and k. Published: c: D_o = .0144, D_e = .0532, αU = .7286;
  // k: D_o = 0, D_e = .0490, αU = 1 (the figures as given in DKPro Statistics' Krippendorff2004Test,
  // which transcribes the book's example; 0.8591 over both categories there).
  it('Krippendorff (2004) p. 254: αc = .7286, αk = 1, both .8591', () => {
    const c = unitizingAlpha(alphaParts([[bl(225, 70, 150), bl(370, 30, 150)],
      [bl(220, 80, 150), bl(355, 20, 150), bl(400, 20, 150)]], 300));
    near(c.observed, 0.0144, 0.0001, 'D_o of c');
    near(c.expected, 0.0532, 0.0001, 'D_e of c');
    near(c.alpha, 0.7286, 0.0001, 'αU of c');
    const kUnits = [bl(180, 60, 150), bl(300, 50, 150)];
    const k = unitizingAlpha(alphaParts([kUnits, kUnits], 300));
    assert.equal(k.observed, 0);
    near(k.expected, 0.0490, 0.0001, 'D_e of k');
    assert.equal(k.alpha, 1);
    near(combinedAlpha([c, k]), 0.8591, 0.0005, 'αU of c and k');
  });

  // Krippendorff (1995), Sociological Methodology 25: 47–76, p. 57: four pairs of observers on
  // 24 points. Observed disagreements are exact; the paper's expected disagreements assume a
  // continuum (its discrete formula has a slip the 2004 book corrects), so its α values are met
  // on the same data stretched 50,000 times (DKPro Statistics' Krippendorff1995Test does the same).
  const examples: Record<string, [Span[], Span[], number, number]> = {
    // [observer 1, observer 2, D_o, published αU]
    A: [[bl(2, 8), bl(14, 6)], [bl(4, 4), bl(15, 2)], 0.03125, 0.553],
    B: [[bl(0, 18)], [bl(0, 2), bl(2, 1), bl(3, 1), bl(4, 1), bl(5, 1), bl(6, 3), bl(9, 1)], 2.26736, -0.926],
    C: [[bl(2, 6), bl(10, 2), bl(14, 4), bl(20, 2)], [bl(0, 2), bl(4, 4), bl(10, 4), bl(16, 2), bl(20, 2)],
      0.02777, 0.679],
    D: [[bl(0, 2), bl(2, 8), bl(10, 4), bl(14, 6), bl(20, 4)], [bl(0, 4), bl(4, 4), bl(8, 7), bl(15, 2), bl(17, 7)],
      0.38715, 0.066],
  };
  for (const [name, [x, y, observed, alpha]] of Object.entries(examples)) {
    it(`Krippendorff (1995) p. 57, example ${name}: D_o = ${observed}, αU ≈ ${alpha}`, () => {
      near(unitizingAlpha(alphaParts([x, y], 24)).observed, observed, 0.00001, 'D_o');
      const stretch = (list: Span[]) => list.map((u) => ({ start: u.start * 50000, end: u.end * 50000 }));
      near(unitizingAlpha(alphaParts([stretch(x), stretch(y)], 24 * 50000)).alpha, alpha, 0.02, 'αU');
    });
  }

  it('hand-worked: L = 4, A marks [0,2), B marks [0,2) and [3,4)', () => {
    // D_o: sections of A: unit [0,2), gap [2,4); of B: unit [0,2), gap [2,3), unit [3,4).
    //   [0,2) vs [0,2): δ² = 0; B's [3,4) lies inside A's gap [2,4): δ² = 1² = 1.
    //   Σ_{i≠j} = 2 · 1 = 2; D_o = 2 / (2·1·4²) = 1/16.
    // D_e: units l = 2, 2, 1 (N = 3); gaps 2 (A), 1 (B).
    //   l = 2: (N−1)(2·8 − 3·4 + 2)/3 = 2·6/3 = 4; gaps ≥ 2: (2−2+1) = 1 → 4·1 = 4; sum 8 (twice: 16)
    //   l = 1: (N−1)(2 − 3 + 1)/3 = 0; gaps ≥ 1: (2−1+1) + (1−1+1) = 3 → 1·3 = 3
    //   numerator 19; denominator mL(mL−1) − Σ l(l−1) = 8·7 − (2 + 2 + 0) = 52
    //   D_e = (2/4) · 19 / 52 = 19/104; αU = 1 − (1/16)/(19/104) = 1 − 104/304 = 0.65789…
    const r = unitizingAlpha(alphaParts([[{ start: 0, end: 2 }], [{ start: 0, end: 2 }, { start: 3, end: 4 }]], 4));
    assert.equal(r.observed, 1 / 16);
    near(r.expected, 19 / 104, 1e-12, 'D_e');
    near(r.alpha, 1 - 104 / 304, 1e-12, 'αU');
  });

  it('edge cases: no unit at all → null; one coder marks nothing → below 1; identical → 1; empty text → null', () => {
    assert.equal(unitizingAlpha(alphaParts([[], []], 10)).alpha, null);
    assert.equal(unitizingAlpha(alphaParts([[], []], 0)).alpha, null);
    assert.ok(unitizingAlpha(alphaParts([[{ start: 1, end: 4 }], []], 10)).alpha! < 1);
    assert.equal(unitizingAlpha(alphaParts([[{ start: 1, end: 4 }], [{ start: 1, end: 4 }]], 10)).alpha, 1);
    assert.throws(() => alphaParts([[]], 10), RangeError);
  });

  it("overlapping spans of one coder are joined into one unit; touching ones are not", () => {
    const spans = [{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 2, end: 4 }, { start: 9, end: 10 }];
    assert.deepEqual(disjointUnits(spans, 20),
      [{ start: 0, end: 4 }, { start: 5, end: 9 }, { start: 9, end: 10 }]);
  });

  it('texts side by side: observed parts add up, gaps end at each text', () => {
    const one = alphaParts([[{ start: 0, end: 2 }], [{ start: 1, end: 3 }]], 5);
    const two = alphaParts([[], [{ start: 2, end: 4 }]], 6);
    const both = addAlphaParts(addAlphaParts(alphaParts([[], []], 0), one), two);
    assert.equal(both.length, 11);
    assert.equal(both.observed, one.observed + two.observed);
    // gaps: text 1: A [2,5) 3, B [0,1) 1, [3,5) 2; text 2: A 6, B 2 and 2
    assert.deepEqual([...both.gaps].sort((x, y) => x - y), [1, 2, 2, 2, 3, 6]);
  });

  it('property: αU is the same both ways, at most 1, and 1 on identical units', () => {
    const span = fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 10 })).map(([x, l]) => ({ start: x, end: x + l }));
    const spans = fc.array(span,
      { maxLength: 6 });
    fc.assert(fc.property(spans, spans, (a, b) => {
      const ab = unitizingAlpha(alphaParts([a, b], 50));
      const ba = unitizingAlpha(alphaParts([b, a], 50));
      if (ab.alpha === null) return assert.equal(ba.alpha, null);
      assert.ok(Math.abs(ab.alpha - ba.alpha!) < 1e-9);
      assert.ok(ab.alpha <= 1 + 1e-12);
      if (a.length > 0) assert.equal(unitizingAlpha(alphaParts([a, a], 50)).alpha, 1);
    }));
  });
});
