// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { reanchor } from '../../../src/core/anchoring/anchoring';
import { annotate, cpSlice } from '../../support/model';


describe('adversarial: re-anchoring 3', () => {
  it('A7: a row inserted above leaves no annotation "exact" on the row above', () => {
    const old = '- قال الوزير إن المفاوضات ستستأنف.\n- قال الوزير إن الهدنة صامدة.';
    const a = annotate(old, 'قال الوزير', 1);       // the minister's second statement (the truce)
    const text = '- قال الوزير إن الحدود ستفتح قريب.\n' + old; // a row as long as the first one, added on top
    assert.equal([...'- قال الوزير إن الحدود ستفتح قريب.'].length, [...'- قال الوزير إن المفاوضات ستستأنف.'].length);
    const r = reanchor(text, a);
    assert.equal(cpSlice(text, r.end, r.end + 12), ' إن الهدنة ص', `${r.anchored ?? 'exact'} at ${r.start}..${r.end}, followed by ${JSON.stringify(cpSlice(text, r.end, r.end + 12))}`);
  });

  it('A8: diacritics removed around a span plus a one-letter fix inside it: fuzzy, not orphaned', () => {
    const old = 'وَقَالَ الْمُتَحَدِّثُ إِنَّ الإتفاق النووي لَمْ يَعُدْ قَائِمًا بَعْدَ الانْسِحَابِ.';
    const a = annotate(old, 'الإتفاق النووي');        // "agreement" with a wrong hamza, 14 code points
    const text = 'وقال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب.'; // harakat dropped, hamza fixed
    const r = reanchor(text, a);
    assert.notEqual(r.anchored, 'orphaned');
    assert.equal(cpSlice(text, r.start, r.end), 'الاتفاق النووي');
  });
  it('A8b: the same quote with a one-letter fix and unchanged neighbourhood is found (control)', () => {
    const old = 'وقال المتحدث إن الاتفاق النوويي لم يعد قائما بعد الانسحاب.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'وقال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب.';
    assert.equal(reanchor(text, a).anchored, 'fuzzy');
  });
  it('A8c: one letter fixed inside the quote and harakat dropped only in the neighbourhood', () => {
    const old = 'وَقَالَ الْمُتَحَدِّثُ إِنَّ الاتفاق النوويي لَمْ يَعُدْ قَائِمًا بَعْدَ الانْسِحَابِ.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'وقال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب.';
    assert.equal(reanchor(text, a).anchored, 'fuzzy');
  });
});
