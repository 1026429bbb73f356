import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  OffsetIndex,
  codePointLength,
  graphemeAt,
  isGraphemeBoundary,
  normalizeSelection,
  splitsCrLf,
  splitsSurrogatePair,
} from '../../../../src/core/text/offsets';

/** Characters that stress offset code: astral emoji, ZWJ sequences, flags, CR LF, marks, RTL. */
const PIECES = [
  'a',
  ' ',
  'ب',
  'ِ',
  '\u0651',
  '\u064E',
  '\r\n',
  '\n',
  '\r',
  '😀',
  '👩‍👩‍👧',
  '🇳🇴',
  'e\u0301',
  '\u200C',
  '\u200F',
  '‍',
  '𝔸',
  '٣',
  '\t',
];
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

describe('offsets: code points <-> UTF-16', () => {
  it('counts code points like Python len() (astral = 1)', () => {
    assert.equal(codePointLength(''), 0);
    assert.equal(codePointLength('📉 a'), 3);
    assert.equal(codePointLength('👩‍👩‍👧'), 5);
    assert.equal(codePointLength('\r\n'), 2);
  });

  it('agrees with Array.from on every offset (property)', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const index = new OffsetIndex(text);
        const cps = Array.from(text);
        assert.equal(index.codePointLength, cps.length);
        let u16 = 0;
        for (let cp = 0; cp <= cps.length; cp++) {
          assert.equal(index.toUtf16(cp), u16);
          assert.equal(index.toCodePoint(u16), cp);
          assert.equal(index.slice(0, cp), cps.slice(0, cp).join(''));
          if (cp < cps.length) u16 += cps[cp].length;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rounds an offset inside a surrogate pair down to its code point', () => {
    const index = new OffsetIndex('a😀b');
    assert.equal(index.toCodePoint(2), 1);
    assert.equal(index.toCodePoint(3), 2);
  });

  it('throws RangeError outside the text', () => {
    const index = new OffsetIndex('abc');
    assert.throws(() => index.toUtf16(4), RangeError);
    assert.throws(() => index.toCodePoint(-1), RangeError);
    assert.throws(() => index.toUtf16(1.5), RangeError);
  });

  it('handles a long text with many astral characters (B22 size)', () => {
    const text = '🚧 قال المتحدث\n'.repeat(20000);
    const index = new OffsetIndex(text);
    assert.equal(index.codePointLength, Array.from(text).length);
    const cp = index.codePointLength - 3;
    assert.equal(index.toCodePoint(index.toUtf16(cp)), cp);
  });
});

describe('offsets: whole characters', () => {
  it('knows surrogate and CR LF splits', () => {
    assert.equal(splitsSurrogatePair('a😀', 2), true);
    assert.equal(splitsSurrogatePair('a😀', 1), false);
    assert.equal(splitsCrLf('a\r\nb', 2), true);
    assert.equal(splitsCrLf('a\r\nb', 3), false);
  });

  it('keeps emoji ZWJ sequences, flags, CR LF and marks in one cluster', () => {
    assert.deepEqual(graphemeAt('x👩‍👩‍👧y', 3), [1, 9]);
    assert.deepEqual(graphemeAt('🇳🇴', 2), [0, 4]);
    assert.deepEqual(graphemeAt('a\r\nb', 2), [1, 3]);
    assert.deepEqual(graphemeAt('إِنَّ', 1), [0, 2]);
    assert.equal(isGraphemeBoundary('e\u0301x', 1), false);
  });

  it('the fast boundary test agrees with Intl.Segmenter everywhere (property)', () => {
    // with the punctuation the fast path also answers for (« » ، ؛ ؟ quotes, dashes) next to ZWJ,
    // emoji, marks and the pictographic ‼ ⁉ it leaves to the segmenter
    const extra = fc.constantFrom('\u0600', '\u06DD', '#', '\uFE0F', '\u20E3', '\u0301', '1', 'ة', 'ٱ', '\u0670',
      '«', '»', '،', '؛', '؟', '\u201C', '\u201D', '\u2014', '\u203C', '\u2049', '\u200D', '\u066B', '\u06D4');
    const arb = fc.array(fc.oneof(fc.constantFrom(...PIECES), extra), { maxLength: 30 }).map((p) => p.join(''));
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(arb, (text) => {
        const boundaries = new Set([...segmenter.segment(text)].map((s) => s.index));
        boundaries.add(text.length);
        for (let i = 0; i <= text.length; i++)
          assert.equal(isGraphemeBoundary(text, i), boundaries.has(i), `${JSON.stringify(text)} at ${i}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('never leaves a selection end inside a cluster (property)', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, a, b) => {
        const anchor = text.length === 0 ? 0 : a % (text.length + 1);
        const focus = text.length === 0 ? 0 : b % (text.length + 1);
        const span = normalizeSelection(text, anchor, focus);
        if (!span) return;
        for (const at of [span.start, span.end]) {
          assert.equal(splitsSurrogatePair(text, at), false);
          assert.equal(splitsCrLf(text, at), false);
          assert.equal(isGraphemeBoundary(text, at), true);
        }
        assert.ok(span.start < span.end);
        // widened only to the clusters at the two ends
        const [lo, hi] = [Math.min(anchor, focus), Math.max(anchor, focus)];
        assert.ok(span.start >= graphemeAt(text, lo)[0], 'start within the first cluster');
        assert.ok(span.end <= (hi >= text.length ? hi : graphemeAt(text, hi)[1]), 'end within the last cluster');
        assert.deepEqual(normalizeSelection(text, focus, anchor), span, 'same span in both drag directions');
        const first = graphemeAt(text, span.start);
        const last = graphemeAt(text, span.end - 1);
        assert.doesNotMatch(text.slice(first[0], first[1]), /^\s+$/u, 'no white-space cluster at the start');
        assert.doesNotMatch(text.slice(last[0], last[1]), /^\s+$/u, 'no white-space cluster at the end');
      }),
      { numRuns: 500 },
    );
  });

  it('widens a selection that cuts an emoji, and trims white space', () => {
    const text = '📉 Markets fell';
    assert.deepEqual(normalizeSelection(text, 1, 14), { start: 0, end: 14 });
    assert.deepEqual(normalizeSelection(text, 1, 15), { start: 0, end: 15 });
    assert.deepEqual(normalizeSelection(text, 15, 2), { start: 3, end: 15 });
    assert.equal(normalizeSelection(text, 2, 3), undefined, 'only a space');
    assert.deepEqual(normalizeSelection(text, 2, 3, { trimWhitespace: false }), { start: 2, end: 3 });
    assert.equal(normalizeSelection(text, 4, 4), undefined, 'collapsed');
  });

  it('keeps ZWNJ and bidi marks inside a span (B09 neighbour)', () => {
    const text = 'گفت\u200Cوگو \u200Fx';
    assert.deepEqual(normalizeSelection(text, 0, 7), { start: 0, end: 7 });
    assert.deepEqual(normalizeSelection(text, 4, 10), { start: 4, end: 10 }, 'an RLM inside the span stays');
    assert.deepEqual(normalizeSelection(text, 8, 10), { start: 9, end: 10 }, 'an RLM at the start is trimmed');
  });

  it("trims invisible bidi controls at a selection's ends like white space, never inside it (issue 8)", () => {
    // a date between LRMs in an Arabic paragraph: a drag reaches the marks first
    const text = 'وصل الوفد في \u200E2024-05-01\u200E صباحا';
    const at = text.indexOf('\u200E');
    const date = { start: at + 1, end: at + 11 };
    for (const [a, b] of [
      [at, at + 12],
      [at + 12, at],
      [at, at + 11],
      [at + 1, at + 12],
      [at - 1, at + 13],
    ]) {
      assert.deepEqual(normalizeSelection(text, a, b), date, `${a}..${b}`);
    }
    assert.equal(normalizeSelection(text, at, at + 1), undefined, 'the mark alone is nothing');
    assert.equal(
      normalizeSelection(text, at, at + 1, { trimWhitespace: false }),
      undefined,
      'also without white-space trimming',
    );
    assert.deepEqual(
      normalizeSelection(text, at - 1, at + 12, { trimWhitespace: false }),
      { start: at - 1, end: at + 11 },
      'white space stays when asked, the mark goes',
    );
    for (const control of [
      '\u200E',
      '\u200F',
      '\u061C',
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      // in Latin text too, and several in a row
      const latin = `Paris ${control}${control}Lyon${control} Nice`;
      const lyon = latin.indexOf('Lyon');
      assert.deepEqual(normalizeSelection(latin, 5, lyon + 6), { start: lyon, end: lyon + 4 }, JSON.stringify(control));
      const inside = `a${control}b`;
      assert.deepEqual(
        normalizeSelection(inside, 0, 3),
        { start: 0, end: 3 },
        `kept inside: ${JSON.stringify(control)}`,
      );
    }
  });

  it('never starts or ends a selection on a bidi control or white space, whatever is selected (property)', () => {
    const controls = fc.constantFrom(
      '\u200E',
      '\u200F',
      '\u061C',
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    );
    const arb = fc
      .array(fc.oneof(fc.constantFrom(...PIECES), controls, fc.constantFrom('2024', '-', 'Lyon')), { maxLength: 30 })
      .map((p) => p.join(''));
    const edge = /^[\s\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]+$/u;
    fc.assert(
      fc.property(arb, fc.nat(), fc.nat(), fc.boolean(), (text, a, b, trim) => {
        const anchor = a % (text.length + 1);
        const focus = b % (text.length + 1);
        const span = normalizeSelection(text, anchor, focus, { trimWhitespace: trim });
        if (!span) return;
        const first = graphemeAt(text, span.start);
        const last = graphemeAt(text, span.end - 1);
        const bidiOnly = /^[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]+$/u;
        for (const cluster of [text.slice(first[0], first[1]), text.slice(last[0], last[1])]) {
          assert.doesNotMatch(cluster, trim ? edge : bidiOnly, `${JSON.stringify(text)} ${anchor}..${focus}`);
        }
        // only trimmed: everything between is the selection's own text
        const [lo, hi] = [Math.min(anchor, focus), Math.max(anchor, focus)];
        assert.ok(
          span.start >= graphemeAt(text, lo)[0] && span.end <= (hi >= text.length ? hi : graphemeAt(text, hi)[1]),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('offsets: selections in clusters longer than the look-around', () => {
  it('selections never end inside a surrogate pair or CR LF, even in clusters longer than the look-around', () => {
    const cases: [string, number, number][] = [
      [`a${'\u{1D165}'.repeat(100)} b`, 130, 203],
      [`a${'\u0301'.repeat(300)}b`, 150, 302],
      [`x${'👩‍'.repeat(60)}👩 y`, 101, 183],
    ];
    for (const [text, a, b] of cases) {
      const span = normalizeSelection(text, a, b)!;
      for (const at of [span.start, span.end])
        assert.ok(!splitsSurrogatePair(text, at) && !splitsCrLf(text, at), JSON.stringify(span));
    }
  });
});
