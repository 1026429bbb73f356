// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { reanchor } from '../../../src/core/anchoring/anchoring';

const NOW = { now: '2026-11-29T12:00:00.000Z' };
describe('adversarial: rewritten claim vs look-alike duplicate', () => {
  it('A9: the engineers\' rewritten claim is not moved onto the officials\' identical claim', () => {
    const old = 'Officials said the dam is safe. Engineers said the dam is safe, but cracks grow.';
    const at = old.lastIndexOf('the dam is safe');
    const c2 = new AnnotationSet(old).add('claim', at, at + 15, NOW);
    const text = 'Officials said the dam is safe. Engineers said the dam is cracked, and cracks grow.';
    const r = reanchor(text, c2);
    assert.equal(r.anchored, 'orphaned', `${r.anchored} to ${r.start}..${r.end} (the officials' words)`);
  });
  it('A9-ar: the same in Arabic', () => {
    const old = 'قال المسؤولون إن السد آمن. وقال المهندسون إن السد آمن، لكن الشقوق تتسع.';
    const at = old.lastIndexOf('السد آمن');
    const c2 = new AnnotationSet(old).add('claim', at, at + 8, NOW);
    const text = 'قال المسؤولون إن السد آمن. وقال المهندسون إن السد متصدع، والشقوق تتسع.';
    const r = reanchor(text, c2);
    assert.equal(r.anchored, 'orphaned', `${r.anchored} to ${r.start}..${r.end} (the officials' words)`);
  });
});
