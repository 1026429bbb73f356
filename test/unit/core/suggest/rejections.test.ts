import { strict as assert } from 'node:assert';
import { MAX_REJECTIONS, rejectionOf, remember, withoutRejected } from '../../../../src/core/suggest/rejections';
import { suggest } from '../../../../src/core/suggest/suggest';
import { OffsetIndex } from '../../../../src/core/text/offsets';

describe('rejected suggestions', () => {
  const text = '👩‍👩‍👧 قال الرئيس فلاديمير بوتين إن الحل سياسي.';
  const index = new OffsetIndex(text);
  const found = suggest(text);
  const actor = found.find((s) => s.label === 'actor')!;

  it('a rejected suggestion is not suggested again in the same text, the others are', () => {
    const rejections = remember([], [rejectionOf(index, actor)]);
    const again = withoutRejected(suggest(text), index, rejections);
    assert.deepEqual(again.map((s) => s.quote), found.filter((s) => s !== actor).map((s) => s.quote));
  });

  it('nor after an edit elsewhere moved it, but it is where the same words stand in other surroundings', () => {
    const rejections = remember([], [rejectionOf(index, actor)]);
    const edited = `خبر عاجل. ${text}`;
    const moved = withoutRejected(suggest(edited), new OffsetIndex(edited), rejections);
    assert.ok(!moved.some((s) => s.label === 'actor' && s.quote === actor.quote));
    const other = `${text}\nوأكد الرئيس فلاديمير بوتين مرة أخرى أن الحل سياسي.`;
    const elsewhere = withoutRejected(suggest(other), new OffsetIndex(other), rejections);
    assert.equal(elsewhere.filter((s) => s.label === 'actor' && s.quote === actor.quote).length, 1);
  });

  it('each rejection is kept once, the newest last, at most MAX_REJECTIONS', () => {
    const r = rejectionOf(index, actor);
    assert.equal(remember([r], [r]).length, 1);
    const many = Array.from({ length: MAX_REJECTIONS + 5 }, (_, i) => ({ label: 'date', quote: `${i}`, before: '' }));
    const kept = remember([], many);
    assert.equal(kept.length, MAX_REJECTIONS);
    assert.equal(kept[kept.length - 1].quote, `${MAX_REJECTIONS + 4}`);
  });
});
