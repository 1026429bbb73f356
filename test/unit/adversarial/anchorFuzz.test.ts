// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { anchorToText } from '../../../src/core/anchoring/anchoring';
import { emptySidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { isGraphemeBoundary, splitsCrLf, splitsSurrogatePair, normalizeSelection } from '../../../src/core/text/offsets';
import { heavyTimeout } from '../../support/timeouts';

const NOW = { now: '2026-11-29T12:00:00.000Z' };
const PIECES = ['قال', 'قَالَ', 'الوزير', 'الْوَزِيرُ', 'أحمد', 'احمد', 'إلى', 'الى', 'مدرسة', 'مدرسه', 'ـ', '\u200C', '١٢', '۱۲', '12',
  'e\u0301', '\u00e9', ' ', ' ', ' ', '\n', '\r\n', '👩‍👩‍👧', '👩', '🇸🇦', '🇶🇦', 'a', 'aa', '.', '،', '\u0651', '\u064E', '𝐀', '\u200F'];
const textArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }).map((p) => p.join(''));
const u16 = (t: string, cp: number) => [...t].slice(0, cp).join('').length;

function mutate(text: string, ops: { at: number; del: number; ins: string }[], conv: number): string {
  let t = text;
  for (const op of ops) {
    const cps = [...t];
    const s = op.at % (cps.length + 1);
    t = cps.slice(0, s).join('') + op.ins + cps.slice(s + op.del).join('');
  }
  switch (conv) {
    case 1: return t.replace(/\r\n/g, '\n');
    case 2: return t.replace(/\r?\n/g, '\r\n');
    case 3: return t.normalize('NFD');
    case 4: return t.normalize('NFC');
    case 5: return t.replace(/[\u064B-\u0652]/g, '');
    default: return t;
  }
}

describe('adversarial: reanchor fuzz', function () {
  this.timeout(heavyTimeout(1600)); // 20,000 fast-check runs
  it('placed annotations: quote is the text, no split pair, no split CR LF, grapheme edges', () => {
    fc.assert(fc.property(textArb, fc.nat(), fc.nat(), fc.array(fc.record({ at: fc.nat(100), del: fc.nat(5), ins: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((p) => p.join('')) }), { maxLength: 3 }), fc.nat(5),
      (old, x, y, ops, conv) => {
        const n = old.length;
        const span = normalizeSelection(old, x % (n + 1), y % (n + 1));
        if (!span) return;
        const set = new AnnotationSet(old);
        const cp = (u: number) => [...old.slice(0, u)].length;
        let a;
        try { a = set.add('claim', cp(span.start), cp(span.end), NOW); } catch { return; }
        const text = mutate(old, ops, conv);
        const sc = emptySidecar('a.txt');
        sc.text.sha256 = textSha256(old);
        sc.annotations = [a];
        const r = anchorToText(text, sc);
        assert.ok(r.ok);
        const b = r.annotations[0];
        if (b.anchored === 'orphaned') return;
        const s16 = u16(text, b.start), e16 = u16(text, b.end);
        assert.equal([...text].slice(b.start, b.end).join(''), b.quote);
        assert.ok(!splitsSurrogatePair(text, s16) && !splitsSurrogatePair(text, e16), 'surrogate');
        assert.ok(!splitsCrLf(text, s16) && !splitsCrLf(text, e16), `CRLF ${JSON.stringify(b)}`);
        if (process.env.GRAPHEME) assert.ok(isGraphemeBoundary(text, s16) && isGraphemeBoundary(text, e16), `grapheme ${b.anchored} ${JSON.stringify(b.quote)} in ${JSON.stringify(text)}`);
        // round trip: the written sidecar is accepted against the text
        const sc2 = emptySidecar('a.txt');
        sc2.text.sha256 = textSha256(text);
        sc2.annotations = r.annotations;
        const r2 = anchorToText(text, sc2);
        assert.ok(r2.ok, JSON.stringify(!r2.ok && r2.problems));
      }), { numRuns: 20000, seed: Number(process.env.SEED ?? 1) });
  });
});
