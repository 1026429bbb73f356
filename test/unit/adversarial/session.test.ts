// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { parseSidecar } from '../../../src/core/format/sidecar';
import { anchorToText } from '../../../src/core/anchoring/anchoring';
import { MemoryStorage } from '../../support/model';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };
function assertConsistent(s: SidecarSession, storage: MemoryStorage) {
  const cps = [...s.set.text];
  for (const a of s.set.annotations) {
    if (a.anchored === 'orphaned') continue;
    assert.equal(cps.slice(a.start, a.end).join(''), a.quote, `in memory ${a.id} ${a.start}..${a.end}`);
  }
  const p = parseSidecar(storage.content!);
  assert.ok(p.ok);
  const r = anchorToText(s.set.text, p.sidecar);
  assert.ok(r.ok, 'written sidecar is refused: ' + JSON.stringify(!r.ok && r.problems));
}

describe('adversarial: undo/redo', () => {
  it('redo of an add undone after a text edit puts it on its words', async () => {
    const storage = new MemoryStorage();
    const s = new SidecarSession(storage, 'a.txt', 'Kerry met Lavrov in Moscow.');
    await s.load();
    await s.add('actor', 10, 16, NOW);                   // "Lavrov"
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], 'Yesterday Kerry met Lavrov in Moscow.');
    await s.flush();
    await s.undo();                                      // removes it
    await s.redo();                                      // should put it back on "Lavrov" (20..26)
    const [a] = s.set.annotations;
    assert.equal(a.quote, 'Lavrov');
    assertConsistent(s, storage);
  });
});
describe('adversarial: undo/redo writes', () => {
  it('redo after edit: the sidecar written is accepted on the next load', async () => {
    const storage = new MemoryStorage();
    const text2 = 'Yesterday Kerry met Lavrov in Moscow.';
    const s = new SidecarSession(storage, 'a.txt', 'Kerry met Lavrov in Moscow.');
    await s.load();
    await s.add('actor', 10, 16, NOW);
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], text2);
    await s.flush();
    await s.undo();
    await s.redo();
    const again = new SidecarSession(new MemoryStorage(storage.content), 'a.txt', text2);
    const state = await again.load();
    assert.equal(state.kind, 'ready', JSON.stringify(state));
  });
});
