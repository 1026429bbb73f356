import { strict as assert } from 'node:assert';
import { findOccurrences, searchScore } from '../../../../src/core/text/arabicSearch';
import { matchKey } from '../../../../src/core/text/matchKey';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { TEST_PROVENANCE as NOW, cpSlice, cpSpan } from '../../../support/model';

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

const RUSSIA_READY = 'قال لافروف إن روسيا مستعدة.';

describe('Arabic-aware search: clitics, grapheme clusters and line breaks', () => {
  it('finds ال-names after the preposition ل, which drops the alef (للحكومة), with and without و/ف', () => {
    for (const text of ['قالت للحكومة', 'وللحكومة رأي', 'فللحكومة رأي']) {
      const found = findOccurrences(text, 'الحكومة');
      assert.equal(found.length, 1, text);
      assert.equal(found[0].quote, 'لحكومة');
      assert.equal(cpSlice(text, found[0].start, found[0].end), 'لحكومة');
    }
    assert.equal(findOccurrences('بالحكومة', 'الحكومة')[0].quote, 'الحكومة');
  });

  it('never splits a grapheme cluster: harakat after the name belong to it, a match inside an emoji sequence is none', () => {
    assert.deepEqual(findOccurrences('👩‍👩‍👧 👩', '👩').map((o) => o.quote), ['👩']);
    const voweled = 'قال لافروفُ إن';
    const [o] = findOccurrences(voweled, 'لافروف');
    assert.equal(o.quote, 'لافروفُ');
    const set = new AnnotationSet(RUSSIA_READY);
    const a = set.add('actor', ...cpSpan(RUSSIA_READY, 'لافروف'), NOW);
    set.applyChanges([{ start: a.end, end: a.end, text: 'ُ' }], 'قال لافروفُ إن روسيا مستعدة.');
    assert.equal(set.get(a.id)!.quote, 'لافروفُ', 'a haraka typed after a span joins it');
  });

  it('a name never runs across a line break; several spaces or a tab are fine', () => {
    assert.deepEqual(findOccurrences('سيرغي\n\n\nلافروف', 'سيرغي لافروف'), []);
    assert.deepEqual(findOccurrences('سيرغي\r\nلافروف', 'سيرغي لافروف'), []);
    assert.equal(findOccurrences('سيرغي  لافروف', 'سيرغي لافروف').length, 1);
    assert.equal(findOccurrences('سيرغي\tلافروف', 'سيرغي لافروف').length, 1);
  });

  it('search: a clitic does not stop an exact match from ranking first', () => {
    assert.ok(searchScore('ولافروف', 'لافروف') > searchScore('ولافروف', 'سيرغي لافروف'));
    assert.ok(searchScore('بالأمم المتحدة', 'الأمم المتحدة') > searchScore('بالأمم', 'الأمم المتحدة'));
  });
});
