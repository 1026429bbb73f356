// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { anchorToText, reanchor } from '../../../src/core/anchoring/anchoring';
import { emptySidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { annotate, cpSlice } from '../../support/model';


describe('adversarial: re-anchoring', () => {
  it('A1: the occurrence with full context is found even among > 2000 duplicates', () => {
    const filler = Array.from({ length: 2500 }, (_, i) => `بند ${i}: قال الوزير.`).join('\n');
    const old = `${filler}\nفي الختام قال الوزير إن الاتفاق انهار.`;
    const a = annotate(old, 'قال الوزير', 2500);
    const text = `مقدمة جديدة\n${old}`;
    const r = reanchor(text, a);
    assert.equal(r.anchored, 'moved');
    assert.equal(cpSlice(text, r.start - 10, r.start), 'في الختام ', 'placed on the occurrence whose prefix matches');
  });

  it('A4: an orphan is not put back on part of another word', () => {
    const v1 = 'قال إن السد متصدع الآن';
    const a = annotate(v1, 'السد');
    const sc = emptySidecar('a.txt');
    sc.text.sha256 = textSha256(v1);
    sc.annotations = [a];
    const v2 = 'قال إن متصدع الآن'; // the word is deleted elsewhere
    const r2 = anchorToText(v2, sc);
    assert.ok(r2.ok);
    assert.equal(r2.annotations[0].anchored, 'orphaned');
    const sc2 = emptySidecar('a.txt');
    sc2.text.sha256 = textSha256(v2);
    sc2.annotations = r2.annotations;
    const v3 = 'قال إن السدود متصدعة الآن'; // "the dams"
    const r3 = anchorToText(v3, sc2);
    assert.ok(r3.ok);
    assert.equal(r3.annotations[0].anchored, 'orphaned', `put back on ${JSON.stringify(r3.annotations[0].quote)} inside "السدود"`);
  });

  it('A5: approximate match in the right neighbourhood is not lost to a rejected exact look-alike elsewhere', () => {
    // the quote (14 code points) has one letter corrected at its place; elsewhere the same words stand
    // with the conjunction و attached (not at a word edge, so rejected)
    const old = 'قال المتحدث إن الاتفاق النوويي لم يعد قائما بعد الانسحاب.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'قال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب. والاتفاق النوويي كان موقعا.';
    const r = reanchor(text, a);
    assert.equal(r.anchored, 'fuzzy');
    assert.equal(r.quote, 'الاتفاق النووي');
  });
  it('A5b: same without the look-alike: found', () => {
    const old = 'قال المتحدث إن الاتفاق النوويي لم يعد قائما بعد الانسحاب.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'قال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب. كان موقعا.';
    const r = reanchor(text, a);
    assert.equal(r.anchored, 'fuzzy');
  });
});
