// Over 500 lines: every case builds on the same article text and set helpers at the top.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { conflictAlternatives, recordedConflict } from '../../../../src/core/model/annotation';
import { AnnotationSet, type TextChange, replaceAnnotations } from '../../../../src/core/model/annotationSet';
import { anchorToText } from '../../../../src/core/anchoring/anchoring';
import { emptySidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { cpSlice, cpSpan } from '../../../support/model';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };
const TEXT = 'قال لافروف إن الاجتماع يوم الجمعة في نيويورك.';

/** Applies one code-point change to a text (test helper). */
function edit(text: string, change: TextChange): string {
  const chars = [...text];
  return [...chars.slice(0, change.start), change.text, ...chars.slice(change.end)].join('');
}

function setWith(text: string, ...needles: string[]): { set: AnnotationSet; ids: string[] } {
  const set = new AnnotationSet(text);
  const ids = needles.map((n) => set.add('actor', ...cpSpan(text, n), NOW).id);
  return { set, ids };
}

function change(set: AnnotationSet, c: TextChange): string[] {
  return set.applyChanges([c], edit(set.text, c));
}

describe('annotation set: adding and finding', () => {
  it('stores quote, prefix and suffix in code points, author and time', () => {
    const { set, ids } = setWith(TEXT, 'لافروف');
    const a = set.get(ids[0])!;
    assert.deepEqual([a.start, a.end, a.quote, a.prefix, a.suffix.slice(0, 3)], [4, 10, 'لافروف', 'قال ', ' إن']);
    assert.equal(a.author, 'tester');
    assert.equal(a.created, NOW.now);
    assert.match(a.id, /^[a-z][a-z0-9]{9}$/);
  });

  it('refuses empty, reversed and out-of-range spans', () => {
    const set = new AnnotationSet('abc');
    assert.throws(() => set.add('date', 2, 2, NOW), RangeError);
    assert.throws(() => set.add('date', 2, 1, NOW), RangeError);
    assert.throws(() => set.add('date', 0, 4, NOW), RangeError);
  });

  it('keeps prefix and suffix off the middle of a CR LF', () => {
    const text = `${'x'.repeat(30)}\r\nab\r\n${'y'.repeat(40)}`;
    const set = new AnnotationSet(text);
    const a = set.add('claim', 32, 34, NOW);
    assert.equal(a.quote, 'ab');
    assert.ok(!a.prefix.startsWith('\n'));
    assert.ok(!a.suffix.endsWith('\r'));
  });

  it("cuts prefix and suffix at grapheme edges: never half a flag, an emoji sequence or a letter's marks (issue 8)", () => {
    // 32 code points back from the span falls inside the second flag: the prefix starts after it
    const text = `🇵🇸🇵🇸🇵🇸${'x'.repeat(26)} Gaza ${'y'.repeat(29)}👩‍👩‍👧🇺🇦`;
    const set = new AnnotationSet(text);
    const [start, end] = cpSpan(text, 'Gaza');
    const a = set.add('actor', start, end, NOW);
    assert.equal(a.quote, 'Gaza');
    assert.equal(a.prefix, `🇵🇸🇵🇸${'x'.repeat(26)} `, 'no lone regional indicator');
    assert.equal(a.suffix, ` ${'y'.repeat(29)}`, 'no part of the family emoji');
  });

  it('prefix and suffix never start or end inside a grapheme cluster or between CR and LF (property, ground truth Intl.Segmenter)', () => {
    const pieces = [
      'a',
      ' ',
      'ب',
      'ِ',
      'ّ',
      '\r\n',
      '\n',
      '😀',
      '👩‍👩‍👧',
      '🇵🇸',
      '🇺🇦',
      'e\u0301',
      '\u200D',
      '\u200F',
      'ٱ',
      '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
    ];
    const arb = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 60 }).map((p) => p.join(''));
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(arb, fc.nat(), fc.nat(), (text, x, y) => {
        const clusters = [...segmenter.segment(text)].map((g) => g.index);
        const boundaries = new Set([...clusters, text.length]);
        // a span from one cluster edge to another (what normalizeSelection stores)
        const edges = [...boundaries].sort((p, q) => p - q);
        const [s16, e16] = [edges[x % edges.length], edges[y % edges.length]].sort((p, q) => p - q);
        if (s16 === e16) return;
        const set = new AnnotationSet(text);
        const cp = (u: number) => [...text.slice(0, u)].length;
        const a = set.add('claim', cp(s16), cp(e16), NOW);
        const prefixStart = s16 - a.prefix.length;
        const suffixEnd = e16 + a.suffix.length;
        assert.equal(
          text.slice(prefixStart, suffixEnd),
          a.prefix + a.quote + a.suffix,
          'prefix, quote and suffix are the text there',
        );
        assert.ok(boundaries.has(prefixStart), `prefix starts inside a cluster: ${JSON.stringify(a.prefix)}`);
        assert.ok(boundaries.has(suffixEnd), `suffix ends inside a cluster: ${JSON.stringify(a.suffix)}`);
        assert.ok([...a.prefix].length <= 32 && [...a.suffix].length <= 32);
        // as long as it can be: one more cluster would pass 32 code points (or the text's start/end)
        const before = edges.filter((b) => b < prefixStart).at(-1);
        if (before !== undefined)
          assert.ok([...text.slice(before, s16)].length > 32, 'the prefix is cut no shorter than needed');
        const after = edges.find((b) => b > suffixEnd);
        if (after !== undefined)
          assert.ok([...text.slice(e16, after)].length > 32, 'the suffix is cut no shorter than needed');
      }),
      { numRuns: 1500 },
    );
  });

  it('finds annotations at a place, innermost first, and steps next/previous with wrap-around', () => {
    const { set } = setWith(TEXT, 'لافروف إن الاجتماع', 'لافروف', 'نيويورك');
    assert.deepEqual(
      set.at(5).map((a) => a.quote),
      ['لافروف', 'لافروف إن الاجتماع'],
    );
    assert.equal(set.next(4)?.quote, 'نيويورك');
    assert.equal(set.next(40)?.quote, 'لافروف إن الاجتماع', 'wraps to the first');
    assert.equal(set.previous(4)?.quote, 'نيويورك', 'wraps to the last');
  });

  it('changes label, entity and note; an empty value removes the field', () => {
    const { set, ids } = setWith(TEXT, 'لافروف');
    set.update(ids[0], { label: 'claim', entity: 'سيرغي لافروف', note: 'FM' }, NOW);
    assert.deepEqual(
      [set.get(ids[0])!.label, set.get(ids[0])!.entity, set.get(ids[0])!.note],
      ['claim', 'سيرغي لافروف', 'FM'],
    );
    set.update(ids[0], { entity: ' ', note: '' }, NOW);
    assert.equal(set.get(ids[0])!.entity, undefined);
    assert.equal(set.get(ids[0])!.note, undefined);
    assert.equal(set.get(ids[0])!.modified, NOW.now);
  });
});

describe('annotation set: annotations follow edits of the text', () => {
  it('shifts spans after an insertion, also one made right at their start', () => {
    const { set, ids } = setWith(TEXT, 'لافروف', 'نيويورك');
    change(set, { start: 4, end: 4, text: 'وزير الخارجية 📉 ' });
    assert.equal(set.get(ids[0])!.quote, 'لافروف');
    assert.equal(set.get(ids[1])!.quote, 'نيويورك');
    assert.equal(set.get(ids[0])!.start, 4 + [...'وزير الخارجية 📉 '].length);
  });

  it('does not grow a span with text typed right after its end', () => {
    const { set, ids } = setWith(TEXT, 'لافروف');
    change(set, { start: 10, end: 10, text: 'X' });
    assert.equal(set.get(ids[0])!.quote, 'لافروف');
  });

  it('grows or shrinks a span edited inside and updates its quote', () => {
    const { set, ids } = setWith(TEXT, 'الاجتماع يوم الجمعة');
    const [s] = cpSpan(TEXT, 'يوم');
    change(set, { start: s, end: s + 3, text: 'مساء' });
    assert.equal(set.get(ids[0])!.quote, 'الاجتماع مساء الجمعة');
  });

  it('keeps what is left of a span cut at either end', () => {
    const { set, ids } = setWith(TEXT, 'الاجتماع يوم الجمعة');
    const [s, e] = cpSpan(TEXT, 'إن الاجتماع');
    change(set, { start: s, end: e, text: '' });
    assert.equal(set.get(ids[0])!.quote, ' يوم الجمعة');
    const [s2, e2] = cpSpan(set.text, 'الجمعة في');
    change(set, { start: s2, end: e2, text: 'Friday' });
    assert.equal(set.get(ids[0])!.quote, ' يوم ');
  });

  it('orphans a span whose text is deleted or replaced whole, and keeps its quote', () => {
    const { set, ids } = setWith(TEXT, 'لافروف', 'نيويورك');
    const [s, e] = cpSpan(TEXT, 'لافروف');
    const orphaned = change(set, { start: s, end: e, text: 'بوتين' });
    assert.deepEqual(orphaned, [ids[0]]);
    const a = set.get(ids[0])!;
    assert.equal(a.anchored, 'orphaned');
    assert.equal(a.quote, 'لافروف');
    assert.equal(set.size, 2, 'nothing dropped');
    assert.equal(set.get(ids[1])!.quote, 'نيويورك');
    assert.deepEqual(set.at(s), [], 'an orphaned annotation covers no text');
  });

  it('puts an orphan back when its deletion is undone or its text typed again', () => {
    const { set, ids } = setWith(TEXT, 'نيويورك', 'لافروف');
    const [s, e] = cpSpan(TEXT, 'نيويورك');
    change(set, { start: s, end: e, text: '' });
    assert.equal(set.get(ids[0])!.anchored, 'orphaned');
    change(set, { start: s, end: s, text: 'نيويورك' });
    assert.deepEqual([set.get(ids[0])!.start, set.get(ids[0])!.end, set.get(ids[0])!.anchored], [s, e, undefined]);
    change(set, { start: s, end: e, text: 'واشنطن' });
    assert.equal(set.get(ids[0])!.anchored, 'orphaned', 'other text in its place keeps it orphaned');
    for (const [i, ch] of [...'نيويورك'].entries()) change(set, { start: s + 6 + i, end: s + 6 + i, text: ch });
    assert.equal(set.get(ids[0])!.anchored, 'orphaned', 'its quote elsewhere is not taken');
    assert.equal(set.get(ids[1])!.quote, 'لافروف');
  });

  it('keeps every annotation on its quote or orphaned through random edits (property)', () => {
    const piece = fc.constantFrom('a', 'ب', ' ', '\r\n', '\n', '😀', 'e\u0301', '\u0651', '🇳🇴');
    const textArb = fc.array(piece, { minLength: 1, maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.array(piece, { maxLength: 4 })), { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }),
        (text, edits, spans) => {
          const set = new AnnotationSet(text);
          const n = [...text].length;
          for (const [a, b] of spans) {
            const s = a % n;
            const e = s + 1 + (b % (n - s));
            try {
              set.add('claim', s, e, NOW);
            } catch (err) {
              assert.match((err as Error).message, /between CR and LF|falls inside a character/);
            }
          }
          const count = set.size;
          for (const [a, b, ins] of edits) {
            const len = [...set.text].length;
            const s = len === 0 ? 0 : a % (len + 1);
            const e = s + (len - s === 0 ? 0 : b % (len - s + 1));
            change(set, { start: s, end: e, text: ins.join('') });
          }
          assert.equal(set.size, count, 'no annotation lost');
          const chars = [...set.text];
          for (const a of set.annotations) {
            assert.ok(a.start <= a.end && a.end <= chars.length);
            if (a.anchored !== 'orphaned') assert.equal(chars.slice(a.start, a.end).join(''), a.quote);
            // never an offset inside a grapheme cluster, whatever the edits joined to the edges (ground truth:
            // Intl.Segmenter)
            const bounds = new Set(
              [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(set.text)].map(
                (g) => [...set.text.slice(0, g.index)].length,
              ),
            );
            bounds.add(chars.length);
            if (a.anchored !== 'orphaned')
              assert.ok(
                bounds.has(a.start) && bounds.has(a.end),
                `${a.start}..${a.end} in ${JSON.stringify(set.text)}`,
              );
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("an edit that joins a character to a span's edge (ZWJ + emoji, a flag's second half, an accent after a space) takes the whole cluster in; add refuses an offset inside one (found by a review)", () => {
    const set = new AnnotationSet('قال 👩 و🇳 x');
    const woman = set.add('actor', 4, 5, NOW);
    const flag = set.add('actor', 7, 8, NOW);
    change(set, { start: 5, end: 5, text: '\u200D👧' });
    assert.equal(set.get(woman.id)!.quote, '👩\u200D👧');
    const at = [...set.text].indexOf('🇳');
    change(set, { start: at + 1, end: at + 1, text: '🇴' });
    assert.equal(set.get(flag.id)!.quote, '🇳🇴');
    assert.throws(() => set.add('claim', 0, 5, NOW), /offset 5 falls inside a character/);
    assert.throws(() => set.add('claim', at + 1, at + 2, NOW), /offset \d+ falls inside a character/);
  });

  it('a change not typed here (review): an annotation whose own text changed is marked fuzzy; one only moved, or typed here, is not', () => {
    const text = 'Kerry met Sergei Lavrov.';
    const typed = setWith(text, 'Kerry', 'Sergei Lavrov');
    change(typed.set, { start: 15, end: 16, text: 'y' });
    assert.deepEqual(
      typed.set.annotations.map((a) => [a.quote, a.anchored]),
      [
        ['Kerry', undefined],
        ['Sergey Lavrov', undefined],
      ],
    );
    const pulled = setWith(text, 'Kerry', 'Sergei Lavrov');
    const next = 'John Kerry met Sergey Lavrov.';
    pulled.set.applyChanges(
      [
        { start: 0, end: 0, text: 'John ' },
        { start: 20, end: 21, text: 'y' },
      ],
      next,
      { review: true },
    );
    assert.deepEqual(
      pulled.set.annotations.map((a) => [a.quote, a.anchored]),
      [
        ['Kerry', undefined],
        ['Sergey Lavrov', 'fuzzy'],
      ],
    );
  });

  it('applies several changes of one event in order', () => {
    const { set, ids } = setWith('one two three', 'two', 'three');
    // VS Code sends multi-cursor changes last-first
    const changes: TextChange[] = [
      { start: 8, end: 8, text: '3 ' },
      { start: 4, end: 4, text: '2 ' },
    ];
    let text = set.text;
    for (const c of changes) text = edit(text, c);
    set.applyChanges(changes, text);
    assert.equal(set.get(ids[0])!.quote, 'two');
    assert.equal(set.get(ids[1])!.quote, 'three');
  });
});

describe('anchoring a sidecar to its text', () => {
  const text = 'The governor said the curfew will end on Friday.';
  function sidecarFor(t: string, set: AnnotationSet) {
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(t);
    sidecar.text.length = [...t].length;
    sidecar.annotations = set.annotations;
    return sidecar;
  }

  it('loads everything as it is when the hash matches', () => {
    const { set } = setWith(text, 'governor', 'Friday');
    const result = anchorToText(text, sidecarFor(text, set));
    assert.ok(result.ok && !result.textChanged && result.orphaned.length === 0);
  });

  it('refuses a quote that disagrees with its offsets when the hash matches (a wrong hand edit)', () => {
    const { set } = setWith(text, 'governor');
    const sidecar = sidecarFor(text, set);
    sidecar.annotations[0].quote = 'Governor';
    const result = anchorToText(text, sidecar);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems[0].path, ['annotations', 0, 'quote']);
    sidecar.annotations[0] = { ...set.annotations[0], end: 400 };
    const far = anchorToText(text, sidecar);
    assert.ok(!far.ok && /beyond the end of the text/.test(far.problems[0].message));
  });

  it('keeps what still matches and orphans the rest when the text changed', () => {
    const { set, ids } = setWith(text, 'governor', 'Friday');
    const changed = text.replace('Friday', 'Monday');
    const result = anchorToText(changed, sidecarFor(text, set));
    assert.ok(result.ok && result.textChanged);
    assert.deepEqual(result.orphaned, [ids[1]]);
    const orphan = result.annotations.find((a) => a.id === ids[1])!;
    assert.equal(orphan.quote, 'Friday');
    assert.equal(orphan.anchored, 'orphaned');
    assert.equal(result.annotations.find((a) => a.id === ids[0])!.anchored, undefined);
  });
});

describe('annotation set: the positions of recorded conflicts follow edits too (adversarial review, finding 4)', () => {
  it('their positions, first and further, move with typing; a deleted one is orphaned, never left on other words', () => {
    const text = 'قال لافروف إن الاجتماع يوم الجمعة في نيويورك.';
    const set = new AnnotationSet(text);
    const [s, e] = cpSpan(text, 'الجمعة');
    const a = set.add('date', s, e, NOW);
    const [ls, le] = cpSpan(text, 'لافروف');
    const [ns, ne] = cpSpan(text, 'نيويورك');
    set.restore({
      ...set.get(a.id)!,
      conflict: {
        with: 'x',
        theirs: { start: ls, end: le, quote: 'لافروف' },
        also: [{ with: 'y', theirs: { start: ns, end: ne, quote: 'نيويورك', note: 'n' } }],
      },
    });
    // a sentence typed at the start: both positions shift; the quote there now is theirs again
    change(set, { start: 0, end: 0, text: 'وقال لافروف أيضا. ' });
    const moved = set.get(a.id)!.conflict!;
    const chars = [...set.text];
    assert.equal(chars.slice(moved.theirs!.start!, moved.theirs!.end!).join(''), 'لافروف');
    assert.equal(
      moved.theirs!.start,
      ls + [...'وقال لافروف أيضا. '].length,
      'on its own word, not on the one typed at its old offsets',
    );
    assert.equal(chars.slice(moved.also![0].theirs!.start!, moved.also![0].theirs!.end!).join(''), 'نيويورك');
    assert.equal(moved.also![0].theirs!.note, 'n');
    assert.ok(moved.theirs!.prefix!.endsWith('قال '), 'context refreshed');
    // its word deleted: orphaned, quote kept
    const at = [...set.text].indexOf('ن', moved.also![0].theirs!.start!);
    change(set, { start: at, end: at + 7, text: 'جنيف' });
    const gone = set.get(a.id)!.conflict!.also![0].theirs!;
    assert.deepEqual([gone.anchored, gone.quote, gone.start === gone.end], ['orphaned', 'نيويورك', true]);
  });

  it('a position moves exactly as an annotation on the same words does (property, random edits)', () => {
    const piece = fc.constantFrom('a', 'ب', ' ', '\r\n', '\n', '😀', 'e\u0301', '\u0651', 'قال');
    const textArb = fc.array(piece, { minLength: 2, maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.array(piece, { maxLength: 4 })), { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        (text, edits, spans) => {
          const set = new AnnotationSet(text);
          const n = [...text].length;
          const twins: string[] = [];
          for (const [x, y] of spans) {
            const s = x % n;
            const e = s + 1 + (y % (n - s));
            try {
              twins.push(set.add('claim', s, e, NOW).id);
            } catch {
              // a span between CR and LF or inside a cluster: not one an analyst can make
            }
          }
          if (twins.length === 0) return;
          const positions = twins.map((id) => {
            const t = set.get(id)!;
            return { start: t.start, end: t.end, quote: t.quote, prefix: t.prefix, suffix: t.suffix };
          });
          const holder = set.add('actor', positions[0].start, positions[0].end, NOW).id;
          set.restore({
            ...set.get(holder)!,
            conflict: recordedConflict(positions.map((p, i) => ({ with: String(i), theirs: p }))),
          });
          for (const [x, y, ins] of edits) {
            const len = [...set.text].length;
            const s = len === 0 ? 0 : x % (len + 1);
            const e = s + (len - s === 0 ? 0 : y % (len - s + 1));
            change(set, { start: s, end: e, text: ins.join('') });
          }
          const alternatives = conflictAlternatives(set.get(holder)!.conflict);
          assert.equal(alternatives.length, twins.length, 'no position lost');
          twins.forEach((id, i) => {
            const twin = set.get(id)!;
            const p = alternatives[i].theirs!;
            assert.deepEqual(
              [p.start, p.end, p.quote, p.anchored ?? undefined],
              [twin.start, twin.end, twin.quote, twin.anchored],
              `position ${i} where its twin annotation is`,
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

const RUSSIA_READY = 'قال لافروف إن روسيا مستعدة.';

describe('annotation set: update checks everything before changing anything', () => {
  it('update checks everything before changing anything (a bad value does not relabel or drop relations)', () => {
    const set = new AnnotationSet(RUSSIA_READY);
    const actor = set.add('actor', ...cpSpan(RUSSIA_READY, 'لافروف'), NOW);
    const claim = set.add('claim', ...cpSpan(RUSSIA_READY, 'روسيا مستعدة'), NOW);
    set.update(claim.id, { speaker: actor.id }, NOW);
    assert.throws(() => set.update(actor.id, { label: 'date', value: 'nonsense' }, NOW), /not a date value/);
    assert.equal(set.get(actor.id)!.label, 'actor');
    assert.equal(set.get(claim.id)!.speaker, actor.id);
  });
});

describe('annotation set: spans that split CR LF', () => {
  it('adding a span that splits CR LF is refused', () => {
    assert.throws(() => new AnnotationSet('\r\n').add('claim', 0, 1, NOW), /between CR and LF/);
    assert.throws(() => new AnnotationSet('a\r\nb').add('claim', 2, 4, NOW), /between CR and LF/);
  });
});

describe('annotation set: replacements of many lines, reported as one change', () => {
  const lf = 'line one\nline two\nline three Kerry here\nline four\n';

  it('changing LF to CR LF in one whole-text replacement moves annotations instead of orphaning them', () => {
    const crlf = lf.replace(/\n/g, '\r\n');
    const set = new AnnotationSet(lf);
    const kerry = set.add('actor', ...cpSpan(lf, 'Kerry'), NOW);
    const across = set.add('claim', ...cpSpan(lf, 'two\nline three'), NOW);
    set.applyChanges([{ start: 0, end: [...lf].length, text: crlf }], crlf);
    const k = set.get(kerry.id)!;
    assert.equal(k.anchored, undefined);
    assert.equal(cpSlice(crlf, k.start, k.end), 'Kerry');
    const c = set.get(across.id)!;
    assert.equal(c.anchored, undefined);
    assert.equal(c.quote, 'two\r\nline three', 'the line break inside it changed with the text');
    // and back
    set.applyChanges([{ start: 0, end: [...crlf].length, text: lf }], lf);
    assert.equal(set.get(kerry.id)!.quote, 'Kerry');
    assert.equal(set.get(across.id)!.quote, 'two\nline three');
  });

  it('a file changed in two places, reported as one replacement, keeps the annotation between them exact', () => {
    const after = lf.replace('line one', 'the first line').replace('line four', 'line 4');
    const set = new AnnotationSet(lf);
    const kerry = set.add('actor', ...cpSpan(lf, 'Kerry'), NOW);
    set.applyChanges([{ start: 0, end: [...lf].length, text: after }], after);
    const k = set.get(kerry.id)!;
    assert.equal(k.anchored, undefined);
    assert.equal(cpSlice(after, k.start, k.end), 'Kerry');
  });

  it('edits on other lines, reported as one replacement, never touch an annotation (property)', () => {
    const line = fc.stringMatching(/^[a-z ءاب📉]{0,12}$/);
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 3, maxLength: 10 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), line), { maxLength: 4 }),
        fc.constantFrom('\n', '\r\n'),
        (lines, pick, edits, eol) => {
          const target = pick % lines.length;
          lines[target] = `<${lines[target]}>`;
          const before = lines.join('\n');
          const changed = [...lines];
          for (const [at, text] of edits) if (at % lines.length !== target) changed[at % lines.length] = text;
          const after = changed.join(eol);
          const set = new AnnotationSet(before);
          const [s, e] = cpSpan(before, lines[target]);
          const a = set.add('claim', s, e, NOW);
          set.applyChanges([{ start: 0, end: [...before].length, text: after }], after);
          const moved = set.get(a.id)!;
          return (
            moved.anchored === undefined &&
            moved.quote === lines[target] &&
            cpSlice(after, moved.start, moved.end) === lines[target]
          );
        },
      ),
    );
  });

  it('typing marks after a span joins them; deleting and retyping its first letter gives it back as it was; a ZWJ joining two spans makes both the whole emoji (never an offset inside a cluster)', () => {
    const text = 'قال لَافروف إن';
    const set = new AnnotationSet(text);
    const a = set.add('actor', ...cpSpan(text, 'لَافروف'), NOW);
    const at = a.start;
    set.applyChanges([{ start: at, end: at + 1, text: '' }], 'قال َافروف إن');
    // its first letter gone, the haraka hangs on the space: the span takes the space, never starts inside the cluster
    assert.equal(set.get(a.id)!.quote, ' َافروف');
    set.applyChanges([{ start: at, end: at, text: 'ل' }], text);
    assert.equal(set.get(a.id)!.quote, 'لَافروف');
    const emoji = '👩👧';
    const s2 = new AnnotationSet(emoji);
    const first = s2.add('actor', 0, 1, NOW);
    const second = s2.add('actor', 1, 2, NOW);
    s2.applyChanges([{ start: 1, end: 1, text: '\u200D' }], '👩\u200D👧');
    // one character now: both spans are all of it (the brief: no stored offset inside a grapheme cluster)
    assert.equal(s2.get(first.id)!.quote, '👩\u200D👧');
    assert.equal(s2.get(second.id)!.quote, '👩\u200D👧');
  });
});

describe('replaceAnnotations', () => {
  it('puts a set in the state of a list: removed, changed and new ones by id, unchanged ones left alone', () => {
    const now = { now: '2026-12-03T12:00:00.000Z' };
    const set = new AnnotationSet('قال لافروف إن المؤتمر سيعقد 📅 الجمعة.');
    const a = set.add('actor', 4, 10, now);
    const b = set.add('claim', 14, 27, now);
    const c = set.add('date', 30, 36, now);
    const changed = { ...b, note: 'checked' };
    const added = { ...c, id: 'znew000001', label: 'date' as const };
    replaceAnnotations(set, [a, changed, added]);
    assert.deepEqual(set.annotations.map((x) => x.id).sort(), [a.id, b.id, 'znew000001'].sort());
    assert.equal(set.get(b.id)?.note, 'checked');
    assert.equal(set.get(c.id), undefined);
    assert.deepEqual(set.get(a.id), a, 'an unchanged annotation is as it was');
  });
});
