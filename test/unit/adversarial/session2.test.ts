// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { MemoryStorage } from '../../support/model';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };
const TEXT = 'Kerry met Lavrov in Moscow.';

describe('adversarial: session vs disk', () => {
  it('undo of my note does not silently revert a label a colleague changed on disk', async () => {
    const storage = new MemoryStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    const a = await s.add('actor', 10, 16, NOW);
    await s.update(a.id, { note: 'mine' }, NOW);
    // a colleague relabels it (git pull)
    const p = parseSidecar(storage.content!);
    assert.ok(p.ok);
    p.sidecar.annotations[0].label = 'claim';
    storage.content = serializeSidecar(p.sidecar, storage.content);
    await s.reloadFromDisk();
    assert.equal(s.set.get(a.id)!.label, 'claim');
    await s.undo(); // undo my note only
    assert.equal(s.set.get(a.id)!.note, undefined);
    assert.equal(s.set.get(a.id)!.label, 'claim', 'the colleague\'s label is kept');
  });

  it('an action whose write failed is not lost when the file then changes on disk', async () => {
    const storage = new MemoryStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    await s.add('actor', 0, 5, NOW);
    storage.fail = true;
    const b = await s.add('actor', 10, 16, NOW).catch(() => undefined);
    assert.equal(b, undefined, 'the write failed');
    assert.equal(s.set.size, 2, 'kept in memory');
    storage.fail = false;
    // a colleague adds a note to Kerry on disk
    const p = parseSidecar(storage.content!);
    assert.ok(p.ok);
    p.sidecar.annotations[0].note = 'theirs';
    storage.content = serializeSidecar(p.sidecar, storage.content);
    await s.reloadFromDisk();
    await s.flush();
    assert.equal(s.set.size, 2, 'Lavrov is still annotated');
  });
});
