// Node's crypto as the core's SHA-256: the same hex digits as the pure one, lone surrogates included.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { textSha256 } from '../../../src/core/text/textHash';
import { useNodeSha256 } from '../../../src/node/nodeSha256';

describe('useNodeSha256', () => {
  it('gives the pure SHA-256 of the UTF-8 text (a lone surrogate as U+FFFD)', () => {
    useNodeSha256();
    assert.equal(textSha256(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'ق', '\r\n', '👩', '\uD800', '\uDFFF', 'é', '\u0000')), (pieces) => {
        const text = pieces.join('');
        assert.equal(textSha256(text), bytesToHex(sha256(utf8ToBytes(text))));
      }),
      { numRuns: 500 },
    );
  });
});
