// The CSV of claims (export only) read back by a strict RFC 4180 parser: every claim's text, speaker, date and
// stance column holds the model's value, whatever quotes, commas, CR, LF, CR LF, Arabic or emoji it has
// (fast-check, fixed seed: test/unit/fastCheckSeed.ts).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ARTICLE_TEXT, REGISTRY } from '../../../support/exchangeArticle';
import type { Annotation } from '../../../../src/core/model/annotation';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { exportCsvClaims } from '../../../../src/core/exchange/csvClaims';

/**
 * RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): records end with CR LF; a field with a quote, comma, CR or LF
 * is quoted and its quotes doubled. Strict: a bare CR or LF outside quotes, or a quote inside an unquoted field,
 * throws (so a field the export forgot to quote is caught).
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
      continue;
    }
    if (c === '"') {
      if (field !== '' || wasQuoted) throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = wasQuoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      wasQuoted = false;
      i++;
    } else if (c === '\r' || c === '\n') throw new Error(`a bare line break outside quotes at ${i}`);
    else if (wasQuoted) throw new Error(`text after a closing quote at ${i}`);
    else field += c;
  }
  if (quoted) throw new Error('an unclosed quote');
  if (field !== '' || row.length > 0) throw new Error('the last record has no CR LF');
  return rows;
}

/** What a spreadsheet shows for `value`: as is, but a formula's first character guarded by `'` (OWASP). */
const shown = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);

const piece = fc.constantFrom(
  'قال',
  ' ',
  'وزير',
  ',',
  '"',
  '""',
  '\r\n',
  '\n',
  '\r',
  '😀',
  '👍🏽',
  '🇸🇾',
  '=SUM(A1)',
  '-',
  '@',
  '+',
  'a,b',
  '\t',
  '«',
  '»',
);

/** An article (random tricky text around the exchange article) and claims with speakers, dates and stances on it. */
const article = fc
  .tuple(fc.array(piece, { maxLength: 12 }), fc.array(piece, { maxLength: 12 }))
  .map(([a, b]) => `${a.join('')}${ARTICLE_TEXT}${b.join('')}`)
  .chain((text) => {
    const length = [...text].length;
    const span = fc
      .tuple(fc.nat(length - 1), fc.integer({ min: 1, max: 20 }))
      .map(([s, n]) => [s, Math.min(length, s + n)]);
    const claim = fc.record({
      span,
      speaker: fc.option(span, { nil: undefined }),
      date: fc.option(span, { nil: undefined }),
      stance: fc.option(fc.constantFrom('asserts', 'denies', '-doubts', 'يؤكد, بشدة', '"quoted"'), { nil: undefined }),
    });
    return fc.tuple(fc.constant(text), fc.array(claim, { minLength: 1, maxLength: 6 }));
  });

describe('CSV of claims read back by an RFC 4180 parser (property)', () => {
  it('claim, speaker, date, date value and stance columns hold the model, quoting and all', () => {
    fc.assert(
      fc.property(article, ([text, claims]) => {
        const points = [...text];
        const quote = ([s, e]: number[]) => points.slice(s, e).join('');
        const annotations: Annotation[] = [];
        const make = (id: string, label: string, at: number[], extra: Partial<Annotation> = {}): Annotation => {
          const a: Annotation = { id, label, start: at[0], end: at[1], quote: quote(at), prefix: '', suffix: '', ...extra };
          annotations.push(a);
          return a;
        };
        claims.forEach((c, k) => {
          const speaker = c.speaker && make(`a${k}`, 'actor', c.speaker, k === 0 ? { entity: 'lavrov' } : {});
          const date = c.date && make(`d${k}`, 'date', c.date, { value: '2015-12-15' });
          make(`c${k}`, 'claim', c.span, {
            ...(speaker ? { speaker: speaker.id } : {}),
            ...(date ? { date: date.id } : {}),
            ...(c.stance ? { stance: c.stance } : {}),
          });
        });
        const [file] = exportCsvClaims([
          { article: 'news, "today".txt', text, annotations, schema: NEWS_PRESET, registry: REGISTRY },
        ]);
        assert.ok(file.content.startsWith('\uFEFF'));
        const [header, ...rows] = parseCsv(file.content.slice(1));
        const col = (name: string) => header.indexOf(name);
        assert.deepEqual(header.slice(0, 10), ['article', 'id', 'start', 'end', 'speaker', 'speaker_entity', 'claim',
          'date', 'date_value', 'stance']);
        assert.equal(rows.length, claims.length);
        const byId = new Map(annotations.map((a) => [a.id, a]));
        for (const row of rows) {
          assert.equal(row.length, header.length);
          const a = byId.get(row[col('id')])!;
          assert.equal(a.label, 'claim');
          assert.equal(row[col('article')], 'news, "today".txt');
          assert.deepEqual([Number(row[col('start')]), Number(row[col('end')])], [a.start, a.end]);
          assert.equal(row[col('claim')], shown(a.quote));
          const speaker = a.speaker ? byId.get(a.speaker) : undefined;
          assert.equal(row[col('speaker')], speaker ? shown(speaker.quote) : '');
          assert.equal(row[col('speaker_entity')], speaker?.entity ? 'سيرغي لافروف' : '');
          const date = a.date ? byId.get(a.date) : undefined;
          assert.equal(row[col('date')], date ? shown(date.quote) : '');
          assert.equal(row[col('date_value')], date ? '2015-12-15' : '');
          assert.equal(row[col('stance')], a.stance ? shown(a.stance) : '');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the parser itself is strict: an unquoted line break or quote is an error', () => {
    assert.deepEqual(parseCsv('a,"b ""c"", d\r\ne"\r\n'), [['a', 'b "c", d\r\ne']]);
    assert.throws(() => parseCsv('a,b\nc\r\n'), /bare line break/);
    assert.throws(() => parseCsv('a,b"c\r\n'), /quote inside/);
  });
});
