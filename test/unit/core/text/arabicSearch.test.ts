import { strict as assert } from 'node:assert';
import { findOccurrences, searchScore } from '../../../../src/core/text/arabicSearch';
import { matchKey } from '../../../../src/core/text/matchKey';
import { cpSlice } from '../../../support/model';

describe('Arabic-aware search (never for storing)', () => {
  it('finds an entity by any of its names, whatever the diacritics, alef forms, ta marbuta or clitics', () => {
    for (const [query, name] of [
      ['لافروف', 'سيرغي لافروف'], ['سيرغي', 'سيرغي لافروف'], ['وزير الخارجية', 'وزير الخارجية الروسي'],
      ['لافرُوف', 'سيرغي لافروف'], ['ولافروف', 'سيرغي لافروف'], ['احمد', 'أحمد أبو الغيط'], ['الحكومه', 'الحكومة السورية'],
      ['بالرياض', 'الرياض'], ['خارجية', 'وزارة الخارجية'], ['reu', 'Reuters'],
    ]) assert.ok(searchScore(query, name) > 0, `${query} -> ${name}`);
    for (const [query, name] of [['كيري', 'سيرغي لافروف'], ['لافروف بوتين', 'سيرغي لافروف'], ['', 'x']]) {
      assert.equal(searchScore(query, name), 0, `${query} -/-> ${name}`);
    }
    assert.ok(searchScore('سيرغي لافروف', 'سيرغي لافروف') > searchScore('سيرغي لافروف', 'سيرغي لافروف الأب'));
  });

  it('finds every occurrence of a name in a text, clitics left out, offsets in code points of the original', () => {
    const text = '📰 قال لافروف إن… وأكد لافرُوف ذلك، ولافروف نفسه قال. اللافروفية ليست اسما.';
    const found = findOccurrences(text, 'لافروف');
    assert.deepEqual(found.map((o) => o.quote), ['لافروف', 'لافرُوف', 'لافروف']);
    for (const o of found) assert.equal(cpSlice(text, o.start, o.end), o.quote);
    assert.deepEqual(findOccurrences('دعم سوريا، ولسوريا، وبسوريا', 'سوريا').map((o) => o.quote), ['سوريا', 'سوريا', 'سوريا']);
    assert.deepEqual(findOccurrences('in the Red Cross report, red cross staff', 'Red Cross').map((o) => o.start), [7, 25]);
  });

  it('grouping keys fold what the eye does not tell apart (B06, B07, B09 neighbours)', () => {
    assert.equal(matchKey('الوَزِيرُ'), matchKey('الوزير'));
    assert.equal(matchKey('أحمد'), matchKey('احمد'));
    assert.equal(matchKey('ministère'), matchKey('ministe\u0300re'));
    assert.equal(matchKey('گفت\u200Cوگو'), matchKey('گفتوگو'));
    assert.notEqual(matchKey('لبنان'), matchKey('بنان'), 'no clitic is stripped for grouping');
    assert.equal(matchKey('سیرغی'), matchKey('سيرغي'), 'Persian yeh');
    assert.equal(matchKey('کیری'), matchKey('كيري'), 'Persian keheh and yeh');
    assert.equal(matchKey('٢٠١٥'), matchKey('۲۰۱۵'));
    assert.equal(matchKey('٢٠١٥'), matchKey('2015'));
    assert.equal(findOccurrences('قال کیری إن', 'كيري')[0].quote, 'کیری');
  });
});
