import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type Span, exactMatches, f1, matchCounts, overlapMatches, sharedLength } from '../../../../src/core/agreement/spanMatching';

const s = (start: number, end: number): Span => ({ start, end });

describe('span matching: exact and overlap pairings, F1', () => {
  it('pairs exact spans one to one (hand-worked)', () => {
    // A: [0,5) [10,15) [10,15)   B: [0,5) [10,15) [20,25)
    // [0,5) pairs with [0,5); one of A's two [10,15) pairs with B's one; tp 2, fp 1, fn 1
    const a = [s(0, 5), s(10, 15), s(10, 15)];
    const b = [s(0, 5), s(10, 15), s(20, 25)];
    assert.deepEqual(exactMatches(a, b), [[0, 0], [1, 1]]);
    const counts = matchCounts(2, a.length, b.length);
    assert.deepEqual(counts, { tp: 2, fp: 1, fn: 1 });
    // F1 = 2·2 / (3 + 3) = 0.6667
    assert.equal(f1(counts), 4 / 6);
  });

  it('pairs overlapping spans one to one, greedy by the largest overlap (hand-worked)', () => {
    // A: [0,10)            B: [2,4) [5,10)
    // shared: A0–B0 2, A0–B1 5 → A0 pairs with B1 (larger); B0 left: tp 1, fp 0, fn 1, F1 = 2/3
    assert.deepEqual(overlapMatches([s(0, 10)], [s(2, 4), s(5, 10)]), [[0, 1]]);
    // A: [0,4) [4,8)       B: [2,6)
    // shared 2 and 2, boundary distance |0-2|+|4-6| = 4 and |4-2|+|8-6| = 4: tie → the earlier place wins
    assert.deepEqual(overlapMatches([s(0, 4), s(4, 8)], [s(2, 6)]), [[0, 0]]);
    // touching spans share no code point
    assert.deepEqual(overlapMatches([s(0, 4)], [s(4, 8)]), []);
    assert.equal(sharedLength(s(0, 4), s(4, 8)), 0);
  });

  it('an exact match wins over a looser overlap of the same size', () => {
    // A: [0,5)   B: [0,6) [0,5): both share 5 code points; [0,5) has distance 0
    assert.deepEqual(overlapMatches([s(0, 5)], [s(0, 6), s(0, 5)]), [[0, 1]]);
  });

  it('ties of shared code points go to the closer boundaries (hand-worked)', () => {
    // A: [0,6) [6,8)   B: [4,8): A0–B0 share 2 ([4,6)), A1–B0 share 2 ([6,8));
    // boundary distances |0−4| + |6−8| = 6 and |6−4| + |8−8| = 2 → A1 pairs
    assert.deepEqual(overlapMatches([s(0, 6), s(6, 8)], [s(4, 8)]), [[1, 0]]);
  });

  it('greedy is not always the largest pairing, as documented (hand-worked)', () => {
    // A: [0,10) [9,12)   B: [4,12) [0,2)
    // shared: A0–B0 6, A1–B0 3, A0–B1 2 → greedy takes A0–B0 and nothing else (tp 1), where
    // A0–B1 and A1–B0 would pair both (tp 2)
    assert.deepEqual(overlapMatches([s(0, 10), s(9, 12)], [s(4, 12), s(0, 2)]), [[0, 0]]);
  });

  it('F1 is null with no span on either side; 0 when one side is empty', () => {
    assert.equal(f1(matchCounts(0, 0, 0)), null);
    assert.equal(f1(matchCounts(0, 3, 0)), 0);
    assert.equal(f1(matchCounts(0, 0, 2)), 0);
    assert.deepEqual(overlapMatches([], [s(0, 1)]), []);
  });

  const spans = fc.array(fc.tuple(fc.nat(60), fc.integer({ min: 1, max: 15 })).map(([x, l]) => s(x, x + l)),
    { maxLength: 12 });

  it('property: tp is the same both ways, at most min(|A|, |B|), exact ≤ overlap; F1 = 1 on identical lists', () => {
    fc.assert(fc.property(spans, spans, (a, b) => {
      const overlap = overlapMatches(a, b);
      assert.equal(overlap.length, overlapMatches(b, a).length);
      assert.equal(exactMatches(a, b).length, exactMatches(b, a).length);
      assert.ok(overlap.length <= Math.min(a.length, b.length));
      assert.ok(exactMatches(a, b).length <= overlap.length);
      // each span at most once, and every pair shares a code point
      assert.equal(new Set(overlap.map((p) => p[0])).size, overlap.length);
      assert.equal(new Set(overlap.map((p) => p[1])).size, overlap.length);
      for (const [i, j] of overlap) assert.ok(sharedLength(a[i], b[j]) > 0);
      if (a.length > 0) {
        assert.equal(f1(matchCounts(exactMatches(a, a).length, a.length, a.length)), 1);
        assert.equal(f1(matchCounts(overlapMatches(a, a).length, a.length, a.length)), 1);
      }
    }));
  });
});
