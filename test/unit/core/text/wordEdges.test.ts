import { strict as assert } from 'node:assert';
import { offWordEdge } from '../../../../src/core/text/wordEdges';

const at = (text: string, quote: string, from = 0) => {
  const chars = [...text];
  const start = [...text.slice(0, text.indexOf(quote, from))].length;
  return offWordEdge(chars, start, start + [...quote].length);
};

describe('word edges', () => {
  it('whole words, and words after proclitics (و ف ب ل ك, ال) are on edges', () => {
    assert.equal(at('وقالت إسبانيا إن', 'إسبانيا'), undefined);
    assert.equal(at('وإسبانيا قالت', 'إسبانيا'), undefined);
    assert.equal(at('بالرياض أمس', 'الرياض'), undefined);
    assert.equal(at('للحوثي', 'حوثي'), undefined);
    assert.equal(at('Monday, 5 May', 'Monday'), undefined);
    assert.equal(at('من 10 لـ20 سبتمبر', '20 سبتمبر'), undefined, 'ل drawn out with a tatweel before a number');
    assert.equal(at('وقالت لـCNN إن', 'CNN'), undefined);
    assert.match(at('مـثال', 'ثال')!, /starts inside a word/, 'a tatweel inside a word is no proclitic');
  });

  it('inside a word is not: «إس» of «إسبانيا», «يا إن», «on» of «Monday»', () => {
    assert.match(at('وقالت إسبانيا إن', 'إس')!, /ends inside a word/);
    assert.match(at('وقالت إسبانيا إن', 'يا إن')!, /starts inside a word, after «إسبان»/);
    assert.match(at('Monday', 'on')!, /starts inside a word/);
  });

  it('a haraka after the last letter belongs to the word: a span ending before it is inside', () => {
    assert.match(at('قالَ', 'قال')!, /ends inside a word/);
    assert.equal(at('قالَ أمس', 'قالَ'), undefined);
  });
});
