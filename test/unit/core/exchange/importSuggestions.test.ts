import { strict as assert } from 'node:assert';
import { ARTICLE_TEXT, exchangeDoc, spanOf } from '../../../support/exchangeArticle';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { IMPORT_FORMATS, exportDocs } from '../../../../src/core/exchange/formats';
import {
  acceptImported,
  guessImportFormat,
  importSuggestions,
  notPlacedLines,
  readImportFile,
} from '../../../../src/core/exchange/importSuggestions';
import { importBrat } from '../../../../src/core/exchange/brat';
import { pending } from '../../../../src/core/suggest/pendingSuggestions';

const NOW = { now: '2026-12-03T12:00:00.000Z', author: 'analyst' };

/** The brat file of the exchange article: T1..T4 (actor, date, claim, actor) with the claim's relations. */
function bratAnn(): string {
  return exportDocs('brat', [exchangeDoc()]).find((f) => f.name.endsWith('.ann'))!.content;
}

describe('imports as suggestions (core/exchange/importSuggestions)', () => {
  it('guesses the format of each exported file from its name and its content', () => {
    for (const format of IMPORT_FORMATS) {
      const file = exportDocs(format, [exchangeDoc()]).find((f) => !f.name.endsWith('.txt') && !f.name.endsWith('.conf'))!;
      assert.equal(guessImportFormat(file.name, file.content), format, file.name);
      assert.equal(guessImportFormat('export.json', file.content), format === 'brat' ? 'brat' : format, 'by content');
    }
    assert.equal(guessImportFormat('notes.txt', 'hello'), undefined);
  });

  it('reads every format through one function, with the article name and IRI', () => {
    const doc = exchangeDoc();
    for (const format of IMPORT_FORMATS) {
      const files = exportDocs(format, [doc]);
      const file = files.find((f) => !f.name.endsWith('.txt') && !f.name.endsWith('.conf'))!;
      const read = readImportFile(format, file.content, ARTICLE_TEXT, 'talks.txt', 'urn:hashiya:article:talks.txt');
      assert.equal(read.spans.length, 4, format);
    }
  });

  it('offers matching spans as suggestions named after the file; the rest is reported with line and column', () => {
    const ann = bratAnn().replace(/^(T4\t\S+ \d+ \d+\t).*$/m, '$1طرابلس').replace(/^T2\tdate/m, 'T2\tplace');
    const read = importBrat(ann, ARTICLE_TEXT);
    const offer = importSuggestions(ARTICLE_TEXT, read.spans, NEWS_PRESET, 'talks.ann');
    assert.deepEqual(offer.suggestions.map((s) => `${s.label} ${s.quote}`), [
      'actor سيرغي لافروف',
      'claim «المحادثات» كانت مثمرة 🇸🇾',
    ]);
    assert.ok(offer.suggestions.every((s) => s.rule === 'import: talks.ann'));
    const claim = offer.suggestions.find((s) => s.label === 'claim')!;
    assert.deepEqual(claim.imported?.attributes, { type: 'other' });
    assert.equal(claim.imported?.relations?.speaker, 'T1');
    const lines = notPlacedLines('talks.ann', offer.misplaced);
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^talks\.ann:2:1: place \d+\.\.\d+ "يوم الثلاثاء": the project schema has no label "place"; not placed$/);
    assert.match(lines[1], /^talks\.ann:4:1: actor \d+\.\.\d+ "طرابلس": its quote is not the text at its offsets; not placed \(the article has "القاهرة" there\)$/);
  });

  it('accepting keeps entity, attributes, stance and note; a relation is set once both ends are accepted', () => {
    const read = importBrat(bratAnn(), ARTICLE_TEXT);
    const offer = importSuggestions(ARTICLE_TEXT, read.spans, NEWS_PRESET, 'talks.ann');
    const set = new AnnotationSet(ARTICLE_TEXT);
    const list = pending(offer.suggestions, set.annotations);
    const claim = list.find((s) => s.label === 'claim')!;
    const [added] = acceptImported(set, [claim], list, NOW);
    assert.equal(added.quote, '«المحادثات» كانت مثمرة 🇸🇾');
    assert.deepEqual([added.start, added.end], spanOf('«المحادثات» كانت مثمرة 🇸🇾'), 'code points');
    assert.deepEqual(added.attributes, { type: 'other' });
    assert.equal(added.stance, 'asserts');
    assert.equal(added.speaker, undefined, 'the speaker is not accepted yet');
    const actor = list.find((s) => s.label === 'actor' && s.quote === 'سيرغي لافروف')!;
    const rest = list.filter((s) => s !== claim);
    const [person] = acceptImported(set, [actor], [...rest, claim], NOW);
    assert.equal(person.entity, 'lavrov');
    assert.equal(set.get(added.id)?.speaker, person.id, 'the claim accepted earlier now names its speaker');
  });

  it('refuses a suggestion whose words are no longer at its offsets (nothing added)', () => {
    const read = importBrat(bratAnn(), ARTICLE_TEXT);
    const offer = importSuggestions(ARTICLE_TEXT, read.spans, NEWS_PRESET, 'talks.ann');
    const set = new AnnotationSet(ARTICLE_TEXT.replace('لافروف', 'لافروڤ'));
    const list = pending(offer.suggestions, []);
    assert.throws(() => acceptImported(set, list, list, NOW), RangeError);
  });
});
