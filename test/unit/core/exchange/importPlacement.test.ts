import { strict as assert } from 'node:assert';
import { placeImported } from '../../../../src/core/exchange/importPlacement';
import type { ImportedSpan } from '../../../../src/core/exchange/exchange';

const span = (start: number, end: number, quote: string): ImportedSpan =>
  ({ ref: 'T1', label: 'actor', start, end, quote, line: 1, column: 1 }) as ImportedSpan;

describe('placing imported spans', () => {
  const text = 'قال \u200Fوزير\u200F الخارجية 😀 x';

  it('a span whose quote is the text at its offsets (code points, after an emoji) is placed', () => {
    const chars = [...text];
    const at = chars.indexOf('x');
    const placed = placeImported(text, [span(at, at + 1, 'x')]);
    assert.equal(placed.matching.length, 1);
  });

  it('never a span that begins or ends with an invisible bidi control, even when its quote matches', () => {
    const placed = placeImported(text, [span(4, 9, '\u200Fوزير'), span(5, 10, 'وزير\u200F'), span(5, 9, 'وزير')]);
    assert.deepEqual(placed.matching.map((s) => s.quote), ['وزير']);
    assert.deepEqual(placed.misplaced.map((m) => m.message.includes('invisible bidi control')), [true, true]);
  });
});
