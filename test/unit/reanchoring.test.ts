import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Annotation } from '../../src/core/annotation';
import { AnnotationSet } from '../../src/core/annotationSet';
import { MIN_CONTEXT, anchorToText, maxQuoteErrors, reanchor } from '../../src/core/anchoring';
import { foldText, originalSpan } from '../../src/core/matchText';
import { emptySidecar } from '../../src/core/sidecar';
import { textSha256 } from '../../src/core/textHash';
import { readCase } from '../support/fixtures';
import { annotate } from '../support/model';

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
  const text = 'Officials said the dam is safe. Engineers said the dam is cracked.\nThe report was published on 2 June.\n';

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
    assert.deepEqual(found(t.replace('centres', 'centers'), a), ['the new vaccine centers will open on 3 May', 'fuzzy']);
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
    assert.deepEqual([r.anchored, r.quote, r.start, r.end], ['orphaned', 'Engineers said the dam is cracked.', a.start, a.start]);
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
    assert.deepEqual(result.annotations.map((a) => a.start), [40, 52, 75]);
  });

  it('a near match within the error budget is taken only in a matching neighbourhood', () => {
    const t = 'In Paris, the minister said that talks would resume next week. Markets rose.';
    const a = annotate(t, 'the minister said that talks would resume');
    assert.ok(MIN_CONTEXT >= 0.5 && maxQuoteErrors(41) === 3);
    assert.deepEqual(found(t.replace('minister', 'ministers'), a), ['the ministers said that talks would resume', 'fuzzy']);
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
    const word = fc.constantFrom('the', 'dam', 'is', 'safe', 'قال', 'الوزير', 'الوَزِير', '2', '٢', 'June', '😀', '\r\n', '\n', 'e\u0301');
    const textArb = fc.array(word, { minLength: 3, maxLength: 30 }).map((w) => w.join(' '));
    fc.assert(fc.property(textArb, textArb, fc.nat(), fc.nat(), (before, after, x, y) => {
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
    }), { numRuns: 500 });
  });
});
