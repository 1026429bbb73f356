// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { SidecarSession, type SidecarStorage } from '../../../src/core/session/sidecarSession';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };
class MemoryStorage implements SidecarStorage {
  constructor(public content?: string) {}
  async read() { return this.content; }
  async write(content: string) { this.content = content; }
}

describe('adversarial: session, sidecar broken for a moment', () => {
  it('edits made while the sidecar was broken are not replaced by a re-anchoring onto a look-alike', async () => {
    const text = 'Ali: the dam is safe. Omar: the dam is safe.';
    const storage = new MemoryStorage();
    const s = new SidecarSession(storage, 'a.txt', text);
    await s.load();
    const omar = await s.add('claim', 28, 43, NOW);           // Omar's "the dam is safe"
    assert.equal(omar.quote, 'the dam is safe');
    const good = storage.content!;
    storage.content = `${good}\n  - {`;                         // a colleague's bad merge
    await s.reloadFromDisk();
    assert.equal(s.state.kind, 'broken');
    // Omar's claim is corrected in the editor: "the dam is safe" -> "the dam is not safe"
    s.applyTextChanges([{ start: 39, end: 39, text: 'not ' }], 'Ali: the dam is safe. Omar: the dam is not safe.');
    assert.equal(s.set.get(omar.id)!.quote, 'the dam is not safe');
    storage.content = good;                                     // the colleague fixes the file
    await s.reloadFromDisk();
    await s.flush();
    const a = s.set.get(omar.id)!;
    assert.ok(a.anchored === 'orphaned' || a.start >= 28, `Omar's claim moved to Ali's words: ${a.start}..${a.end} ${a.anchored}`);
  });
});
