// Exact outputs of every export on a small Arabic article with an emoji sequence, a flag and CR LF
// (test/support/exchangeArticle.ts): offsets are code points (21, not the 23 UTF-16 units before «سيرغي»).
import { strict as assert } from 'node:assert';
import { ARTICLE_TEXT, exchangeDoc, spanOf } from '../../../support/exchangeArticle';
import { exportDocs } from '../../../../src/core/exchange/formats';
import { bratAnn, importBrat } from '../../../../src/core/exchange/brat';
import { csvField } from '../../../../src/core/exchange/csvClaims';
import { splitClitics, tokenize } from '../../../../src/core/exchange/conll';
import { importJsonl, jsonlLine } from '../../../../src/core/exchange/jsonl';
import { importLabelStudio } from '../../../../src/core/exchange/labelStudio';
import { placeImported } from '../../../../src/core/exchange/importPlacement';
import { ExchangeSyntaxError } from '../../../../src/core/exchange/exchange';

const only = (format: Parameters<typeof exportDocs>[0], name: string, options = {}) =>
  exportDocs(format, [exchangeDoc()], options).find((f) => f.name === name)!.content;

describe('exchange formats: exact output on Arabic + emoji + CR LF', () => {
  it('counts code points: the actor starts at 21 (23 UTF-16 units, 42 UTF-8 bytes before it)', () => {
    assert.deepEqual(spanOf('سيرغي لافروف'), [21, 33]);
    assert.equal(ARTICLE_TEXT.indexOf('سيرغي'), 23);
    assert.equal(Buffer.byteLength(ARTICLE_TEXT.slice(0, 23)), 42);
  });

  it('brat: T, N, A, R and # lines; the .txt is the text byte for byte', () => {
    assert.equal(only('brat', 'talks.ann'), [
      'T1\tactor 21 33\tسيرغي لافروف',
      'T2\tdate 34 46\tيوم الثلاثاء',
      'T3\tclaim 51 76\t«المحادثات» كانت مثمرة 🇸🇾',
      'T4\tactor 80 87\tالقاهرة',
      'N1\tReference T1 Hashiya:lavrov\tسيرغي لافروف',
      'A1\tvalue T2 2015-12-15',
      'R1\tspeaker Arg1:T3 Arg2:T1\t',
      'R2\tdate Arg1:T3 Arg2:T2\t',
      'A2\tstance T3 asserts',
      'A3\ttype T3 other',
      '#1\tAnnotatorNotes T3\tقالها, "حرفيا"',
      '',
    ].join('\n'));
    assert.equal(only('brat', 'talks.txt'), ARTICLE_TEXT);
  });

  it('brat: a span over a line break is written in fragments and read back whole', () => {
    const doc = exchangeDoc();
    const [start, end] = spanOf('الثلاثاء\r\nإن');
    doc.annotations = [{ id: 'x', label: 'claim', start, end, quote: 'الثلاثاء\r\nإن', prefix: '', suffix: '' }];
    assert.equal(bratAnn(doc), `T1\tclaim ${start} ${start + 8};${start + 10} ${end}\tالثلاثاء إن\n`);
    const back = importBrat(bratAnn(doc), ARTICLE_TEXT).spans[0];
    assert.deepEqual([back.start, back.end, back.quote], [start, end, 'الثلاثاء\r\nإن']);
  });

  it('brat: attribute values with spaces are %-encoded and decoded', () => {
    const doc = exchangeDoc();
    doc.annotations = doc.annotations.map((a) => (a.id === 'c1' ? { ...a, attributes: { type: 'laws and rules' } } : a));
    assert.match(bratAnn(doc), /A3\ttype T3 laws%20and%20rules\n/);
    assert.deepEqual(importBrat(bratAnn(doc), ARTICLE_TEXT).spans[2].attributes, { type: 'laws and rules' });
  });

  it('CSV of claims: BOM, header, CR LF, RFC 4180 quoting', () => {
    assert.equal(only('csv', 'claims.csv'),
      '\uFEFFarticle,id,start,end,speaker,speaker_entity,claim,date,date_value,stance,attr:type,attr:quotation\r\n' +
      'talks.txt,c1,51,76,سيرغي لافروف,سيرغي لافروف,«المحادثات» كانت مثمرة 🇸🇾,يوم الثلاثاء,2015-12-15,asserts,other,\r\n');
    assert.equal(csvField('a "b", c\r\nd'), '"a ""b"", c\r\nd"');
    assert.equal(csvField('=1+2'), "'=1+2");
  });

  it('CoNLL IOB2 with the clitic option: و ب ال split off, emoji and flags one token each', () => {
    const conll = only('conll', 'annotations.conll', { clitics: true }).split('\n');
    assert.deepEqual(conll.slice(0, 13), ['-DOCSTART-\tO', '', 'قال\tO', 'وزير\tO', 'ال\tO', 'خارجية\tO', '👍🏽\tO',
      'سيرغي\tB-actor', 'لافروف\tI-actor', 'يوم\tB-date', 'ال\tI-date', 'ثلاثاء\tI-date', '']);
    assert.deepEqual(conll.slice(13, 28), ['إن\tO', '«\tB-claim', 'ال\tI-claim', 'محادثات\tI-claim', '»\tI-claim',
      'كانت\tI-claim', 'مثمرة\tI-claim', '🇸🇾\tI-claim', ',\tO', 'و\tO', 'ب\tO', 'ال\tB-actor', 'قاهرة\tI-actor', '"\tO',
      'اتفاق\tO']);
    const plain = only('conll', 'annotations.conll');
    assert.match(plain, /\nوبالقاهرة\tB-actor\n/);
    assert.match(plain, /\nالخارجية\tO\n/);
  });

  it('CoNLL: clitics are split only before the article, roots stay whole', () => {
    assert.deepEqual(splitClitics('وبالقاهرة'), ['و', 'ب', 'ال', 'قاهرة']);
    assert.deepEqual(splitClitics('للرئيس'), ['ل', 'ل', 'رئيس']);
    for (const w of ['وزير', 'لافروف', 'والدة', 'الذي', 'الله', 'كان']) assert.deepEqual(splitClitics(w), [w]);
    const tokens = tokenize('وبالقاهرة 👍🏽', true);
    assert.deepEqual(tokens.map((t) => [t.text, t.start, t.end]), [['و', 0, 1], ['ب', 1, 2], ['ال', 2, 4],
      ['قاهرة', 4, 9], ['👍🏽', 10, 12]]);
  });

  it('JSONL: one line, code-point spans with entity, relations, attributes', () => {
    const line = JSON.parse(jsonlLine(exchangeDoc()));
    assert.equal(line.unit, 'codepoint');
    assert.equal(line.text, ARTICLE_TEXT);
    assert.deepEqual(line.spans[2], {
      id: 'c1', label: 'claim', start: 51, end: 76, quote: '«المحادثات» كانت مثمرة 🇸🇾',
      relations: { speaker: 'a1', date: 'd1' }, attributes: { type: 'other' }, stance: 'asserts', note: 'قالها, "حرفيا"',
    });
    assert.deepEqual(line.spans[0].entityName, 'سيرغي لافروف');
  });

  it('JSONL: a line that is not JSON is an error at its line and column', () => {
    const source = `${jsonlLine(exchangeDoc())}\n{"spans": [}\n`;
    assert.throws(() => importJsonl(source, 'talks.txt'), (e: ExchangeSyntaxError) => e.line === 2 && e.column >= 1);
  });

  it('Label Studio: code points; offsets of an older Label Studio (UTF-16) are converted and noted', () => {
    const tasks = JSON.parse(only('labelstudio', 'label-studio.json'));
    assert.deepEqual(tasks[0].annotations[0].result[0].value, { start: 21, end: 33, text: 'سيرغي لافروف', labels: ['actor'] });
    tasks[0].annotations[0].result[0].value = { start: 23, end: 35, text: 'سيرغي لافروف', labels: ['actor'] };
    const read = importLabelStudio(JSON.stringify(tasks), ARTICLE_TEXT, 'talks.txt');
    assert.deepEqual([read.spans[0].start, read.spans[0].end], [21, 33]);
    assert.match(read.notes[0].message, /UTF-16/);
  });

  it('import: a quote that is not the text at its offsets is not placed', () => {
    const spans = importBrat('T1\tactor 23 35\tسيرغي لافروف\n', ARTICLE_TEXT).spans;
    const placed = placeImported(ARTICLE_TEXT, spans);
    assert.equal(placed.matching.length, 0);
    assert.equal(placed.misplaced[0].found, 'رغي لافروف ي');
  });
});
