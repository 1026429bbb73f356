// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { reanchor } from '../../../src/core/anchoring/anchoring';
import { isGraphemeBoundary } from '../../../src/core/text/offsets';

const NOW = { now: '2026-11-29T12:00:00.000Z' };
const u16 = (t: string, cp: number) => [...t].slice(0, cp).join('').length;
function check(text: string, r: { start: number; end: number; quote: string; anchored?: string }) {
  if (r.anchored === 'orphaned') return;
  assert.ok(isGraphemeBoundary(text, u16(text, r.start)) && isGraphemeBoundary(text, u16(text, r.end)),
    `${r.anchored} ${JSON.stringify(r.quote)} at ${r.start}..${r.end} splits a grapheme`);
}
describe('adversarial: graphemes', () => {
  it('A2: folded match never ends inside an emoji ZWJ sequence', () => {
    const old = 'وصلت العائلة 👩👩 أمس';
    const a = new AnnotationSet(old).add('actor', 5, 15, NOW); // "العائلة 👩👩"
    assert.equal(a.quote, 'العائلة 👩👩');
    const text = 'وصلت العائلة 👩‍👩‍👧 أمس';
    const r = reanchor(text, a);
    check(text, r);
  });
  it('A3: moved match never straddles two flags', () => {
    const old = 'علم 🇦🇶🇦🇶 هنا';
    const a = new AnnotationSet(old).add('actor', 6, 8, NOW); // second flag
    assert.equal(a.quote, '🇦🇶');
    const text = 'علم 🇶🇦🇶🇦 هنا';
    const r = reanchor(text, a);
    check(text, r);
  });
  it('A3b: exact at old offsets never splits an emoji sequence', () => {
    const old = 'الأم 👩 وصلت';
    const a = new AnnotationSet(old).add('actor', 5, 6, NOW);
    const text = 'الأم 👩‍👧 وصلت';
    const r = reanchor(text, a);
    check(text, r);
  });
  it('A3c: exact at old offsets never ends between a letter and its haraka', () => {
    const old = 'كتب الوزير';
    const a = new AnnotationSet(old).add('actor', 0, 2, NOW); // "كت" (part of a word)
    const text = 'كتَب الوزير';
    const r = reanchor(text, a);
    check(text, r);
  });
});
