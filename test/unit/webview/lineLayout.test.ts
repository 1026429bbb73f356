import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type LineRange, MAX_SEGMENT, relayout, splitLineRanges } from '../../../src/webview/lineLayout';

function apply(lines: LineRange[], oldText: string, newText: string, max?: number): LineRange[] {
  const { first, last, fresh, delta } = relayout(lines, oldText, newText, max);
  const after = lines
    .slice(last + 1)
    .map((l) => ({ start: l.start + delta, end: l.end + delta, next: l.next + delta }));
  return [...lines.slice(0, first), ...fresh, ...after];
}

describe('view line layout', () => {
  it('splits on CR LF, LF and lone CR; a final line break leaves an empty last line', () => {
    assert.deepEqual(splitLineRanges('a\r\nb\nc\rd', 0, 8), [
      { start: 0, end: 1, next: 3 },
      { start: 3, end: 4, next: 5 },
      { start: 5, end: 6, next: 7 },
      { start: 7, end: 8, next: 8 },
    ]);
    assert.deepEqual(splitLineRanges('a\n', 0, 2), [
      { start: 0, end: 1, next: 2 },
      { start: 2, end: 2, next: 2 },
    ]);
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

  it('cuts a long line into blocks at white space, never inside a character', () => {
    const text = `${'كلمة '.repeat(5000)}x`;
    const blocks = splitLineRanges(text, 0, text.length);
    assert.ok(blocks.length >= 3);
    for (const b of blocks) assert.ok(b.end - b.start <= MAX_SEGMENT);
    assert.deepEqual(blocks.map((b) => text.slice(b.start, b.end)).join(''), text);
    for (const b of blocks.slice(0, -1)) assert.equal(text[b.end - 1], ' ', 'cut after a space');
    const marks = 'بِ'.repeat(15000);
    for (const b of splitLineRanges(marks, 0, marks.length))
      assert.ok(!/^\p{M}/u.test(marks.slice(b.start, b.end)), 'no block starts with a mark');
    const emoji = '😀'.repeat(15000);
    for (const b of splitLineRanges(emoji, 0, emoji.length))
      assert.equal((b.end - b.start) % 2, 0, 'no surrogate pair split');
  });

  it('re-renders the same blocks as a full layout after any edit, long lines cut small (property)', () => {
    const piece = fc.constantFrom('a', 'ب', ' ', '\r\n', '\n', '😀', 'ِ');
    const textArb = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.array(piece, { maxLength: 5 })), { maxLength: 6 }),
        (start, edits) => {
          let text = start;
          let lines = splitLineRanges(text, 0, text.length, 6);
          for (const [a, b, ins] of edits) {
            const s = text.length === 0 ? 0 : a % (text.length + 1);
            const e = s + (text.length - s === 0 ? 0 : b % (text.length - s + 1));
            const next = text.slice(0, s) + ins.join('') + text.slice(e);
            lines = apply(lines, text, next, 6);
            text = next;
            assert.deepEqual(lines, splitLineRanges(text, 0, text.length, 6), JSON.stringify(text));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('re-renders the same lines as a full layout after any edit (property)', () => {
    const piece = fc.constantFrom('a', 'ب', ' ', '\r\n', '\n', '\r', '😀');
    const textArb = fc.array(piece, { maxLength: 25 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.array(piece, { maxLength: 3 })), { maxLength: 6 }),
        (start, edits) => {
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
        },
      ),
      { numRuns: 1000 },
    );
  });
});
