import { strict as assert } from 'node:assert';
import { DEFAULT_VIEW_STRINGS, format } from '../../../src/shared/strings';

describe('view strings', () => {
  it('format puts each argument at its placeholder, as text, and leaves a placeholder with no argument', () => {
    assert.equal(format('Suggestion {0} of {1}: ', 3, 12), 'Suggestion 3 of 12: ');
    assert.equal(format('{1} before {0}', 'a', 'b'), 'b before a');
    assert.equal(format('cost {0}', '$& $1 {1}'), 'cost $& $1 {1}');
    assert.equal(format('{0} and {2}', 'x'), 'x and {2}');
  });

  it('the English strings are text (the rules a map of text), none empty', () => {
    for (const [key, value] of Object.entries(DEFAULT_VIEW_STRINGS)) {
      if (key === 'rules') {
        for (const [rule, text] of Object.entries(value as Record<string, string>)) assert.ok(typeof text === 'string' && text, rule);
      } else {
        assert.ok(typeof value === 'string' && value.length > 0, key);
      }
    }
  });
});
