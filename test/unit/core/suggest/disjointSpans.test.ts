// DisjointSpans keeps its spans in blocks: it answers as a plain sorted list would.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DisjointSpans, overlaps } from '../../../../src/core/suggest/suggestText';

describe('DisjointSpans', () => {
  it('answers "overlaps one of them" as a list of the spans added does, across block splits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(5000), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 1500 }),
        (spans) => {
          const set = new DisjointSpans();
          const kept: { start: number; end: number }[] = [];
          for (const [start, length] of spans) {
            const span = { start, end: start + length };
            const expected = kept.some((k) => overlaps(k, span));
            assert.equal(set.overlaps(span), expected, JSON.stringify(span));
            if (!expected) {
              set.add(span);
              kept.push(span);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an empty set overlaps nothing; a span touching another does not overlap it', () => {
    const set = new DisjointSpans();
    assert.equal(set.overlaps({ start: 0, end: 5 }), false);
    set.add({ start: 5, end: 9 });
    assert.equal(set.overlaps({ start: 0, end: 5 }), false);
    assert.equal(set.overlaps({ start: 9, end: 12 }), false);
    assert.equal(set.overlaps({ start: 8, end: 9 }), true);
    assert.equal(set.overlaps({ start: 0, end: 100 }), true);
  });
});
