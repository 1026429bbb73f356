// brat's own example data (test/fixtures/brat, copied byte for byte with its NOTICE): every T line's quote is the
// .txt's text at its offsets counted in code points (the Spanish CoNLL-2002 documents have accented letters).
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fixturePath } from '../../../support/fixtures';
import { importBrat } from '../../../../src/core/exchange/brat';
import { placeImported } from '../../../../src/core/exchange/importPlacement';

describe("brat standoff against brat's example data", () => {
  for (const folder of ['tutorials-news', 'CoNLL-ST_2002-esp']) {
    const dir = fixturePath('brat', folder);
    for (const ann of readdirSync(dir).filter((f) => f.endsWith('.ann'))) {
      it(`${folder}/${ann}: every span is placed at its code points`, () => {
        const text = readFileSync(path.join(dir, ann.replace(/\.ann$/, '.txt')), 'utf8');
        const source = readFileSync(path.join(dir, ann), 'utf8');
        const read = importBrat(source, text);
        const tLines = source.split('\n').filter((l) => l.startsWith('T')).length;
        assert.equal(read.spans.length, tLines);
        const placed = placeImported(text, read.spans);
        assert.deepEqual(placed.misplaced.map((m) => m.span.ref), []);
      });
    }
  }

  it('reads relations, attributes, the note; events and equivalences become notes', () => {
    const dir = fixturePath('brat', 'tutorials-news');
    const text = readFileSync(path.join(dir, '000-introduction.txt'), 'utf8');
    const read = importBrat(readFileSync(path.join(dir, '000-introduction.ann'), 'utf8'), text);
    assert.ok(read.spans.some((s) => s.relations && Object.keys(s.relations).length > 0));
    assert.ok(read.notes.some((n) => /events and equivalences/.test(n.message)));
  });

  it('the Spanish documents: offsets are code points, not UTF-8 bytes', () => {
    const dir = fixturePath('brat', 'CoNLL-ST_2002-esp');
    const text = readFileSync(path.join(dir, 'esp.train-doc-46.txt'), 'utf8');
    assert.notEqual(Buffer.byteLength(text), [...text].length);
  });
});
