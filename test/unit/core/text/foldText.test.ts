// foldText copies characters that fold to themselves by runs: the result (text and origin) is the
// same as folding character by character, as it did before (the reference below).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type FoldOptions, foldText } from '../../../../src/core/text/matchText';

/** Folding one character at a time (the first implementation), with each character folded alone. */
function reference(text: string, options: FoldOptions = {}): { text: string; origin: number[] } {
  let out = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    const ch = code > 0xffff ? String.fromCodePoint(code) : text[i];
    const folded =
      options.lineEnds && code === 0x0d ? (text.charCodeAt(i + 1) === 0x0a ? '' : '\n') : foldText(ch).text;
    for (let k = 0; k < folded.length; k++) origin.push(i);
    out += folded;
    i += ch.length;
  }
  origin.push(text.length);
  return { text: out, origin };
}

const PIECES = ['ق', 'أ', 'إ', 'آ', 'ى', 'ة', 'ی', 'ک', 'ـ', '\u064E', '\u0651', '\u0670', '٣', '۷', '7', 'A', 'z', 'É',
  'e\u0301', 'İ', 'ẞ', 'Σ', '\r', '\n', '\r\n', ' ', '\u200C', '\u200D', '👩‍👧', '𝐀', '\uD800', '\uDC00', '«', '.'];

describe('foldText', () => {
  it('gives what folding each character alone gives, origin included (with and without line ends)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.boolean(), (pieces, lineEnds) => {
        const text = pieces.join('');
        const fast = foldText(text, { lineEnds });
        const slow = reference(text, { lineEnds });
        assert.equal(fast.text, slow.text);
        assert.deepEqual([...fast.origin], slow.origin);
      }),
      { numRuns: 2000 },
    );
  });

  it('folds a long article in one piece: every origin points at the character it came from', () => {
    const text = 'قالَ الوزيرُ إنّ ١٢ دولة… Ünïcode\r\n'.repeat(2000);
    const folded = foldText(text, { lineEnds: true });
    assert.equal(folded.origin.length, folded.text.length + 1);
    assert.equal(folded.origin[folded.text.length], text.length);
    const slow = reference(text, { lineEnds: true });
    assert.equal(folded.text, slow.text);
    assert.deepEqual([...folded.origin], slow.origin);
  });
});
