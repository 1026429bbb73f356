import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type LineRange, relayout, splitLineRanges } from '../../src/webview/lineLayout';

function apply(lines: LineRange[], oldText: string, newText: string): LineRange[] {
  const { first, last, fresh, delta } = relayout(lines, oldText, newText);
  const after = lines.slice(last + 1).map((l) => ({ start: l.start + delta, end: l.end + delta, next: l.next + delta }));
  return [...lines.slice(0, first), ...fresh, ...after];
}

describe('view line layout', () => {
  it('splits on CR LF, LF and lone CR; a final line break leaves an empty last line', () => {
    assert.deepEqual(splitLineRanges('a\r\nb\nc\rd', 0, 8), [
      { start: 0, end: 1, next: 3 }, { start: 3, end: 4, next: 5 }, { start: 5, end: 6, next: 7 }, { start: 7, end: 8, next: 8 }]);
    assert.deepEqual(splitLineRanges('a\n', 0, 2), [{ start: 0, end: 1, next: 2 }, { start: 2, end: 2, next: 2 }]);
    assert.deepEqual(splitLineRanges('', 0, 0), [{ start: 0, end: 0, next: 0 }]);
  });

  it('typing at the start of an article that ends in a line break adds no lines', () => {
    let text = 'Kerry met Lavrov.\nIn Moscow.\n';
    let lines = splitLineRanges(text, 0, text.length);
    for (const ch of 'xyz') {
      const next = ch + text;
      lines = apply(lines, text, next);
      text = next;
    }
    assert.deepEqual(lines, splitLineRanges(text, 0, text.length));
    assert.equal(lines.length, 3);
  });

  it('re-renders the same lines as a full layout after any edit (property)', () => {
    const piece = fc.constantFrom('a', 'ب', ' ', '\r\n', '\n', '\r', '😀');
    const textArb = fc.array(piece, { maxLength: 25 }).map((p) => p.join(''));
    fc.assert(fc.property(textArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.array(piece, { maxLength: 3 })), { maxLength: 6 }), (start, edits) => {
      let text = start;
      let lines = splitLineRanges(text, 0, text.length);
      for (const [a, b, ins] of edits) {
        const s = text.length === 0 ? 0 : a % (text.length + 1);
        const e = s + (text.length - s === 0 ? 0 : b % (text.length - s + 1));
        const next = text.slice(0, s) + ins.join('') + text.slice(e);
        lines = apply(lines, text, next);
        text = next;
        assert.deepEqual(lines, splitLineRanges(text, 0, text.length), JSON.stringify(text));
      }
    }), { numRuns: 1000 });
  });
});
