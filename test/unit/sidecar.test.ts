import { strict as assert } from 'node:assert';
import { parseSidecar, serializeSidecar } from '../../src/core/sidecar';

describe('sidecar smoke', () => {
  it('round-trips', () => {
    const s = serializeSidecar({ version: 1, text: { file: 'a.txt', unit: 'codepoint', length: 3, sha256: 'a'.repeat(64) }, annotations: [
      { id: 'b1', label: 'claim', start: 0, end: 2, quote: 'no\u200f\r\n', prefix: '', suffix: '' },
    ] });
    console.log(s);
    const r = parseSidecar(s);
    assert.ok(r.ok, JSON.stringify(r));
  });
});
