import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Annotation } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { MIN_CONTEXT, anchorToText, maxQuoteErrors, reanchor } from '../../../../src/core/anchoring/anchoring';
import { foldText, originalSpan } from '../../../../src/core/text/matchText';
import { normalizeSelection } from '../../../../src/core/text/offsets';
import { type Sidecar, emptySidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { readCase } from '../../../support/fixtures';
import { annotate, cpSlice } from '../../../support/model';

const NOW = { now: '2026-11-29T12:00:00.000Z' };

/** Annotates `needle` (the nth occurrence) in `text`. */

function found(text: string, a: Annotation): [string, string | undefined] {
  const r = reanchor(text, a);
  return [r.anchored === 'orphaned' ? '' : [...text].slice(r.start, r.end).join(''), r.anchored];
}

describe('re-anchoring: B15, the reference case', () => {
  it('c1 follows its context (not the look-alike in the new first line), d1 moves, c2 is orphaned', () => {
    const before = readCase('B15');
    const after = readCase('B15', 'input-edited.txt', 'expected-edited.yaml');
    const set = new AnnotationSet(before.text);
    const ids = before.expected.map((e) => set.add(e.type, e.start, e.end, NOW).id);
    const sidecar = emptySidecar('input.txt');
    sidecar.text.sha256 = textSha256(before.text);
    sidecar.annotations = set.annotations;
    const result = anchorToText(after.text, sidecar);
    assert.ok(result.ok && result.textChanged);
    const byCase = new Map(before.expected.map((e, i) => [e.id, result.annotations.find((a) => a.id === ids[i])!]));
    for (const e of after.expected) {
      const a = byCase.get(e.id)!;
      assert.deepEqual([a.start, a.end, a.quote, a.anchored], [e.start, e.end, e.text, 'moved'], e.id);
    }
    const c2 = byCase.get('c2')!;
    assert.equal(c2.anchored, 'orphaned');
    assert.equal(c2.quote, 'the dam is cracked', 'the orphan keeps its quote');
    assert.deepEqual(result.orphaned, [c2.id]);
    assert.equal(result.statuses.get(c2.id), 'orphaned');
  });
});

describe('re-anchoring: neighbours of B15', () => {
  const text =
    'Officials said the dam is safe. Engineers said the dam is cracked.\nThe report was published on 2 June.\n';

  it('keeps an annotation whose quote is still at its offsets: exact', () => {
    const a = annotate(text, 'the dam is safe');
    assert.deepEqual(found(`${text}More text.\n`, a), ['the dam is safe', undefined]);
  });

  it('picks, among duplicates of the quote, the one whose prefix and suffix match', () => {
    const a = annotate(text, 'the dam', 1);
    const edited = `Note: the dam is old.\n${text}`;
    const r = reanchor(edited, a);
    assert.equal(r.anchored, 'moved');
    assert.equal([...edited].slice(r.start - 15, r.start).join(''), 'Engineers said ');
  });

  it('picks the nearest of equally good duplicates', () => {
    const t = 'x said yes. y said yes. z said yes.';
    const a = annotate(t, 'yes', 1);
    const edited = `-- ${t}`;
    const r = reanchor(edited, a);
    assert.equal(r.start, a.start + 3);
  });

  it('short quotes: found again only at word edges and with some context', () => {
    const t = 'He said no. The vote is on Monday.';
    const on = annotate(t, 'on', 0, 'claim');
    assert.equal(on.quote, 'on');
    // "on" is gone as a word; it still occurs inside "Monday" and "Montreal"
    const edited = 'He said no. The vote is Monday in Montreal.';
    assert.deepEqual(found(edited, on), ['', 'orphaned']);
    const no = annotate(t, 'no');
    assert.deepEqual(found('Asked again, he said no. The vote is on Monday.', no), ['no', 'moved']);
  });

  it('Arabic with changed diacritics: the same words are found (fuzzy), offsets in the original text', () => {
    const t = 'قال الوزير إن الأسعار ستنخفض.\nوأكد الوزير ذلك.\n';
    const a = annotate(t, 'إن الأسعار ستنخفض');
    const edited = 'قَالَ الوَزِيرُ إِنَّ الأَسْعَارَ سَتَنْخَفِضُ.\nوأكد الوزير ذلك.\n';
    const r = reanchor(edited, a);
    assert.equal(r.anchored, 'fuzzy');
    assert.equal(r.quote, 'إِنَّ الأَسْعَارَ سَتَنْخَفِضُ', 'the quote is what the new text has, marks included');
    assert.equal([...edited].slice(r.start, r.end).join(''), r.quote);
  });

  it('Arabic letter variants and tatweel are found; alef forms fold together', () => {
    const t = 'أعلن وزير الخارجية أن الاجتماع في نيويورك.';
    const a = annotate(t, 'وزير الخارجية', 0, 'actor');
    const edited = 'اعلن وزيـــر الخارجيه ان الاجتماع في نيويورك.';
    const r = reanchor(edited, a);
    assert.equal(r.anchored, 'fuzzy');
    assert.equal(r.quote, 'وزيـــر الخارجيه');
  });

  it('text inserted inside a long span: fuzzy when within the error budget, orphaned when the words changed', () => {
    const t = 'The minister said that the new vaccine centres will open on 3 May across the country.';
    const a = annotate(t, 'the new vaccine centres will open on 3 May');
    assert.deepEqual(found(t.replace('centres', 'centers'), a), [
      'the new vaccine centers will open on 3 May',
      'fuzzy',
    ]);
    assert.deepEqual(found(t.replace('will open', 'will not open'), a), ['', 'orphaned']);
  });

  it('a rewritten claim does not attach to a look-alike sentence (the threshold from the other side)', () => {
    const a = annotate(text, 'the dam is cracked');
    assert.equal(maxQuoteErrors(18), 1);
    assert.deepEqual(found(text.replace('cracked', 'checked'), a), ['', 'orphaned']);
    assert.deepEqual(found(text.replace('the dam is cracked', 'the bridge is cracked'), a), ['', 'orphaned']);
  });

  it('a span deleted: orphaned, quote kept, point at its old place', () => {
    const a = annotate(text, 'Engineers said the dam is cracked.');
    const edited = text.replace(' Engineers said the dam is cracked.', '');
    const r = reanchor(edited, a);
    assert.deepEqual(
      [r.anchored, r.quote, r.start, r.end],
      ['orphaned', 'Engineers said the dam is cracked.', a.start, a.start],
    );
  });

  it('a paragraph moved: moved', () => {
    const t = 'First paragraph about Moscow.\n\nSecond paragraph: Lavrov met Kerry.\n';
    const a = annotate(t, 'Lavrov met Kerry', 0, 'claim');
    const edited = 'Second paragraph: Lavrov met Kerry.\n\nFirst paragraph about Moscow.\n';
    assert.deepEqual(found(edited, a), ['Lavrov met Kerry', 'moved']);
  });

  it('CR LF converted to LF for the whole file: every span moves to its words', () => {
    const crlf = readCase('B01');
    const set = new AnnotationSet(crlf.text);
    for (const e of crlf.expected) set.add(e.type, e.start, e.end, NOW);
    const lf = crlf.text.replace(/\r\n/g, '\n');
    const sidecar = emptySidecar('input.txt');
    sidecar.text.sha256 = textSha256(crlf.text);
    sidecar.annotations = set.annotations;
    const result = anchorToText(lf, sidecar);
    assert.ok(result.ok);
    for (const a of result.annotations) {
      assert.notEqual(a.anchored, 'orphaned', a.quote);
      assert.equal([...lf].slice(a.start, a.end).join(''), a.quote);
    }
    assert.deepEqual(
      result.annotations.map((a) => a.start),
      [40, 52, 75],
    );
  });

  it('a near match within the error budget is taken only in a matching neighbourhood', () => {
    const t = 'In Paris, the minister said that talks would resume next week. Markets rose.';
    const a = annotate(t, 'the minister said that talks would resume');
    assert.ok(MIN_CONTEXT >= 0.5 && maxQuoteErrors(41) === 3);
    assert.deepEqual(found(t.replace('minister', 'ministers'), a), [
      'the ministers said that talks would resume',
      'fuzzy',
    ]);
    const elsewhere = 'Unrelated report: the ministers said that talks would resume soon, a source claimed.';
    assert.deepEqual(found(elsewhere, a), ['', 'orphaned']);
  });
});

describe('re-anchoring: folding keeps offsets into the original', () => {
  it('maps folded spans back across dropped marks, astral characters and NFD', () => {
    const original = 'قَالَ 😀 Ministe\u0300re e\u0301te\u0301';
    const folded = foldText(original);
    assert.equal(folded.text, 'قال 😀 ministere ete');
    const at = folded.text.indexOf('ministere');
    assert.equal(original.slice(...originalSpan(folded, original, at, at + 9)), 'Ministe\u0300re');
    const q = folded.text.indexOf('قال');
    assert.equal(original.slice(...originalSpan(folded, original, q, q + 3)), 'قَالَ');
  });

  it('every annotation is found exactly, moved, fuzzy or orphaned, and when placed its quote is the text there (property)', () => {
    const word = fc.constantFrom(
      'the',
      'dam',
      'is',
      'safe',
      'قال',
      'الوزير',
      'الوَزِير',
      '2',
      '٢',
      'June',
      '😀',
      '\r\n',
      '\n',
      'e\u0301',
    );
    const textArb = fc.array(word, { minLength: 3, maxLength: 30 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(textArb, textArb, fc.nat(), fc.nat(), (before, after, x, y) => {
        const n = [...before].length;
        const s = x % n;
        const e = Math.min(n, s + 1 + (y % 12));
        const set = new AnnotationSet(before);
        let a: Annotation;
        try {
          a = set.add('claim', s, e, NOW);
        } catch {
          return;
        }
        const r = reanchor(after, a);
        assert.ok(['orphaned', 'moved', 'fuzzy', undefined].includes(r.anchored));
        if (r.anchored !== 'orphaned') assert.equal([...after].slice(r.start, r.end).join(''), r.quote);
        else assert.equal(r.quote, a.quote);
      }),
      { numRuns: 500 },
    );
  });
});

describe('re-anchoring: annotations without prefix and suffix (written by hand or converted)', () => {
  const TEXT = 'قال الوزير إن المحادثات ستستأنف يوم الجمعة في جنيف، وأكد الوزير أن الجمعة موعد نهائي.\n';
  /** An annotation as a converter writes it: start, end, quote only. */
  const bare = (id: string, text: string, needle: string, nth = 0): Annotation => {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
    const start = [...text.slice(0, at)].length;
    return { id, label: 'date', start, end: start + [...needle].length, quote: needle, prefix: '', suffix: '' };
  };
  const sidecarOf = (text: string, annotations: Annotation[]) => {
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.annotations = annotations;
    return sidecar;
  };
  const quoteAt = (text: string, a: Annotation) => (a.anchored === 'orphaned' ? '' : cpSlice(text, a.start, a.end));

  it('stays where its quote still stands (the text changed elsewhere)', () => {
    const a = bare('d1', TEXT, 'الجمعة');
    const r = anchorToText(`${TEXT}تحديث\n`, sidecarOf(TEXT, [a]));
    assert.ok(r.ok);
    assert.deepEqual([r.annotations[0].start, r.annotations[0].anchored], [a.start, undefined]);
  });

  it('moves with the shift of its neighbours that have context, to its own occurrence', () => {
    const set = new AnnotationSet(TEXT);
    const actor = set.add('actor', 4, 10, NOW);
    const second = bare('d2', TEXT, 'الجمعة', 1);
    const edited = `عاجل: ${TEXT}`;
    const r = anchorToText(edited, sidecarOf(TEXT, [actor, second]));
    assert.ok(r.ok);
    const d2 = r.annotations.find((x) => x.id === 'd2')!;
    assert.equal(d2.start, second.start + 6);
    assert.equal(quoteAt(edited, d2), 'الجمعة');
    assert.equal(d2.anchored, 'moved');
  });

  it('is orphaned when nothing says which occurrence is its own, or when its words are gone', () => {
    const first = bare('d1', TEXT, 'الجمعة');
    // shifted, and no neighbour with context: two occurrences of the word, no guess
    const shifted = anchorToText(`عاجل: ${TEXT}`, sidecarOf(TEXT, [first]));
    assert.ok(shifted.ok);
    assert.equal(shifted.annotations[0].anchored, 'orphaned');
    // its own occurrence deleted: never the other one
    const deleted = TEXT.replace('يوم الجمعة ', '');
    const gone = anchorToText(deleted, sidecarOf(TEXT, [first]));
    assert.ok(gone.ok);
    assert.equal(gone.annotations[0].anchored, 'orphaned');
    // reanchor alone: the same rules
    assert.equal(reanchor(deleted, first).anchored, 'orphaned');
    assert.equal(reanchor(`${TEXT}x`, first).anchored, undefined);
  });

  it('a long quote that occurs once is found wherever it went', () => {
    const claim = { ...bare('c1', TEXT, 'المحادثات ستستأنف يوم الجمعة في جنيف'), label: 'claim' as const };
    const edited = `عاجل من القاهرة: ${TEXT}`;
    const r = reanchor(edited, claim);
    assert.equal(quoteAt(edited, r), claim.quote);
    assert.equal(r.anchored, 'moved');
  });
});

describe('re-anchoring: a text whose line endings alone changed is mapped exactly', () => {
  const sidecarFor = (text: string, spans: [number, number][]) => {
    const set = new AnnotationSet(text);
    for (const [s, e] of spans) set.add('claim', s, e, NOW);
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    sidecar.annotations = set.annotations;
    return { sidecar, set };
  };

  it('the same story twice (a footer word at the end of the first copy): LF -> CR LF keeps it on its own copy', () => {
    const story = 'قال الوزير إن المحادثات ستستأنف.\n\nسيريان تلغراف\n\nExit mobile version';
    const text = `${story}\n\n${story}`;
    const at = [...text.slice(0, text.indexOf('سيريان'))].length;
    const { sidecar } = sidecarFor(text, [[at, at + 6]]);
    const crlf = text.replace(/\n/g, '\r\n');
    const r = anchorToText(crlf, sidecar);
    assert.ok(r.ok);
    const a = r.annotations[0];
    assert.equal(a.start, [...crlf.slice(0, crlf.indexOf('سيريان'))].length);
    assert.equal(cpSlice(crlf, a.start, a.end), 'سيريان');
  });

  it('random texts, spans and conversions (LF -> CR LF, CR LF -> LF): every annotation on the same characters, never splitting CR LF (property)', () => {
    const piece = fc.constantFrom('قال', 'الوزير', 'Kerry', ' ', ' ', '\n', '\n\n', '،', '👩‍👩‍👧', 'e\u0301');
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 2, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (pieces, picks, toCrlf) => {
          const lf = pieces.join('');
          const before = toCrlf ? lf : lf.replace(/\n/g, '\r\n');
          const after = toCrlf ? lf.replace(/\n/g, '\r\n') : lf;
          const n = [...before].length;
          const spans: [number, number][] = [];
          const set = new AnnotationSet(before);
          for (const [x, y] of picks) {
            const u16 = (cp: number) => [...before].slice(0, cp).join('').length;
            const sel = normalizeSelection(before, u16(x % (n + 1)), u16(y % (n + 1)));
            if (!sel) continue;
            const cp = (u: number) => [...before.slice(0, u)].length;
            try {
              set.add('claim', cp(sel.start), cp(sel.end), NOW);
              spans.push([cp(sel.start), cp(sel.end)]);
            } catch {
              /* not a span */
            }
          }
          if (set.size === 0) return;
          const sidecar = emptySidecar('a.txt');
          sidecar.text.sha256 = textSha256(before);
          sidecar.annotations = set.annotations;
          const r = anchorToText(after, sidecar);
          assert.ok(r.ok);
          for (const [i, a] of r.annotations.entries()) {
            const old = set.annotations[i];
            assert.notEqual(a.anchored, 'orphaned', JSON.stringify({ before, old }));
            assert.equal(cpSlice(after, a.start, a.end).replace(/\r\n/g, '\n'), old.quote.replace(/\r\n/g, '\n'));
            // as many characters before it, line endings aside
            assert.equal(
              cpSlice(after, 0, a.start).replace(/\r\n/g, '\n'),
              cpSlice(before, 0, old.start).replace(/\r\n/g, '\n'),
            );
            const at16 = (cp: number) => [...after].slice(0, cp).join('').length;
            assert.ok(after[at16(a.start) - 1] !== '\r' || after[at16(a.start)] !== '\n', 'start splits CR LF');
            assert.ok(after[at16(a.end) - 1] !== '\r' || after[at16(a.end)] !== '\n', 'end splits CR LF');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('re-anchoring: whole-line replacements (reload after an outside edit, File: Revert)', () => {
  it('keep spans whose words did not change', () => {
    const before = 'Title\nKerry met Lavrov in Mscow on Tuesday.\nEnd\n';
    const set = new AnnotationSet(before);
    const lavrov = set.add('actor', 16, 22, NOW);
    const mscow = set.add('actor', 26, 31, NOW);
    const tuesday = set.add('date', 35, 42, NOW);
    set.applyChanges(
      [{ start: 6, end: 43, text: 'Kerry met Lavrov in Moscow on Tuesday.' }],
      before.replace('Mscow', 'Moscow'),
    );
    assert.deepEqual(
      [set.get(lavrov.id)!.start, set.get(lavrov.id)!.end, set.get(lavrov.id)!.anchored],
      [16, 22, undefined],
    );
    assert.equal(set.get(tuesday.id)!.quote, 'Tuesday');
    assert.equal(set.get(mscow.id)!.quote, 'Moscow', 'the changed word is edited inside, not destroyed');
  });

  it('keep spans when an unsaved edit is reverted', () => {
    const original = 'Kerry met Lavrov.\n';
    const set = new AnnotationSet(original);
    const a = set.add('actor', 10, 16, NOW);
    set.applyChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${original}`);
    set.applyChanges([{ start: 0, end: 27, text: 'Kerry met Lavrov.' }], original);
    assert.deepEqual([set.get(a.id)!.start, set.get(a.id)!.end, set.get(a.id)!.anchored], [10, 16, undefined]);
  });

  it('an orphan stored in a sidecar comes back when its quote stands at its point again', () => {
    const text = 'Kerry met Lavrov.';
    const sidecar: Sidecar = {
      version: 1,
      text: { file: 'a.txt', unit: 'codepoint', length: 11, sha256: textSha256('Kerry met .') },
      annotations: [
        { id: 'a1', label: 'actor', start: 10, end: 10, quote: 'Lavrov', prefix: '', suffix: '', anchored: 'orphaned' },
      ],
    };
    const r = anchorToText(text, sidecar);
    assert.ok(r.ok);
    assert.deepEqual([r.annotations[0].start, r.annotations[0].end, r.annotations[0].anchored], [10, 16, undefined]);
  });
});

describe('anchoring a sidecar: CR LF boundaries', () => {
  it('an orphan is never stored between CR and LF', () => {
    const sidecar: Sidecar = {
      version: 1,
      text: { file: 'a.txt', unit: 'codepoint', length: 2, sha256: textSha256('xy') },
      annotations: [{ id: 'a1', label: 'actor', start: 1, end: 2, quote: 'y', prefix: 'x', suffix: '' }],
    };
    const r = anchorToText('\r\nz', sidecar);
    assert.ok(r.ok);
    assert.deepEqual([r.annotations[0].start, r.annotations[0].anchored], [0, 'orphaned']);
  });

  it('a hand-written span starting or ending between CR and LF is refused', () => {
    const text = 'a\r\nb';
    for (const [start, end, quote] of [
      [2, 4, '\nb'],
      [0, 2, 'a\r'],
    ] as const) {
      const r = anchorToText(text, {
        version: 1,
        text: { file: 'a.txt', unit: 'codepoint', length: 4, sha256: textSha256(text) },
        annotations: [{ id: 'a1', label: 'actor', start, end, quote, prefix: '', suffix: '' }],
      });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.problems[0].message, /between CR and LF/);
    }
  });
});
