import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { jsonErrorOffset, parseJson } from '../../../../src/core/exchange/exchange';

describe('jsonErrorOffset: where JSON goes wrong when V8 does not say', () => {
  it('finds no error in valid JSON (property)', () => {
    fc.assert(fc.property(fc.json(), (text) => assert.equal(jsonErrorOffset(text), 0)), { numRuns: 300 });
  });

  it('finds the error where a valid prefix stops being JSON (property)', () => {
    // cut a valid document and add a character no JSON value can continue with: the error is at the cut, or at
    // the start of the number or literal the cut broke (after the last , : [ or { before it)
    fc.assert(
      fc.property(fc.json().filter((t) => t.length > 1 && /^[[{]/.test(t)), fc.nat(), (text, n) => {
        const cut = 1 + (n % (text.length - 1));
        const broken = `${text.slice(0, cut)}\u0001`;
        assert.throws(() => JSON.parse(broken));
        const at = jsonErrorOffset(broken);
        const token = Math.max(...[',', ':', '[', '{'].map((c) => text.lastIndexOf(c, cut - 1)));
        assert.ok(token < at && at <= cut, `${broken}: ${at}`);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the line and column of a token V8 names without a position', () => {
    try {
      parseJson('{\n  "type": \n}', 'not JSON');
      assert.fail('parsed');
    } catch (e) {
      assert.deepEqual([(e as { line: number }).line, (e as { column: number }).column], [3, 1]);
    }
  });
});
