import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ContextPattern, alignSpan, levenshtein } from '../../../../src/core/anchoring/alignment';

/** Fewest edits turning `p` into any stretch of `t` (brute force). */
function fitting(p: string, t: string): number {
  let best = Infinity;
  for (let x = 0; x <= t.length; x++) best = Math.min(best, levenshtein(p, t.slice(x)));
  return best;
}
const reverse = (s: string) => [...s].reverse().join('');
const small = fc.string({ unit: fc.constantFrom('ا', 'ل', 'م', ' ', 'ن', 'ي'), maxLength: 40 });

describe('alignment', () => {
  it('levenshtein: textbook cases', () => {
    assert.equal(levenshtein('كيري', 'كيري'), 0);
    assert.equal(levenshtein('كيري', 'كيرى'), 1);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('kitten', 'sitting'), 3);
  });

  it('ContextPattern.distance: the prefix ending (suffix starting) exactly at the place, free at the far end (property, against brute force)', () => {
    fc.assert(
      fc.property(
        small.filter((p) => p.length > 0 && p.length <= 32),
        small,
        fc.nat(),
        fc.nat(60),
        (p, t, x, reach) => {
          const at = x % (t.length + 1);
          assert.equal(
            new ContextPattern(p, 'before').distance(t, at, reach),
            fitting(p, t.slice(Math.max(0, at - reach), at)),
          );
          assert.equal(
            new ContextPattern(p, 'after').distance(t, at, reach),
            fitting(reverse(p), reverse(t.slice(at, at + reach))),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ContextPattern.nearest: the pattern ending (starting) anywhere in a range (property, against brute force)', () => {
    fc.assert(
      fc.property(
        small.filter((p) => p.length > 0 && p.length <= 32),
        small,
        fc.nat(),
        fc.nat(),
        (p, t, x, y) => {
          const from = x % (t.length + 1);
          const to = from + (y % (t.length - from + 1));
          let before = p.length;
          for (let e = from; e <= to; e++)
            for (let s = Math.max(0, from - p.length - 8); s <= e; s++)
              before = Math.min(before, levenshtein(p, t.slice(s, e)));
          assert.equal(new ContextPattern(p, 'before').nearest(t, from, to), before);
          let after = p.length;
          for (let s = from; s <= to; s++)
            for (let e = s; e <= Math.min(t.length, to + p.length + 8); e++)
              after = Math.min(after, levenshtein(p, t.slice(s, e)));
          assert.equal(new ContextPattern(p, 'after').nearest(t, from, to), after);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a pattern keeps its 32 units nearest the place', () => {
    const prefix = 'ا'.repeat(40) + 'قال';
    assert.equal(new ContextPattern(prefix, 'before').length, 32);
    assert.equal(new ContextPattern(prefix, 'before').distance(`${'ب'.repeat(10)}${'ا'.repeat(29)}قال`, 42, 60), 0);
  });

  it("alignSpan: the quote's edges follow the context, never taking in a neighbouring word", () => {
    // the quote's last word deleted: the span ends before the next word
    const region = 'وقال الوزير إن الأسعار ستنخفض غدا في الأسواق';
    const r = alignSpan(region, 'وقال الوزير ', 'إن الأسعار سترتفع', ' غدا في الأسواق');
    assert.ok(r);
    assert.equal(region.slice(r.start, r.end).trim(), 'إن الأسعار ستنخفض');
    // a word inserted before the quote stays outside it
    const inserted = 'one two three hello W W Bee cee dee eee';
    const s = alignSpan(inserted, 'one two three hello ', 'W', ' Bee cee dee eee');
    assert.deepEqual(s && [s.start, s.end, s.errors], [22, 23, 0]);
    // a word of the quote deleted: the rest, and the next word left out
    const shorter = 'xx one two three A B D E F G H';
    const u = alignSpan(shorter, 'one two three ', 'A B C', ' D E F G H');
    assert.equal(u && shorter.slice(u.start, u.end), 'A B');
  });
});
