import { strict as assert } from 'node:assert';
import { parseSidecar } from '../../src/core/sidecar';
import { SidecarSession } from '../../src/core/sidecarSession';
import { MemoryStorage } from '../support/model';

const TEXT = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة في جنيف.';
const SOURCE = `version: 1
text:
  file: "a.txt"
  unit: "codepoint"
published:
  date: "2015-12-16"
  conflict:
    with: "origin/feature-x"
    theirs:
      date: "2015-12-17"
annotations:
  - id: "dat1"
    label: "date"
    start: 36
    end: 42
    quote: "الجمعة"
    value: "2015-12-18"
    valueSource: "computed"
`;
const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };

function written(storage: MemoryStorage) {
  const parsed = parseSidecar(storage.content!);
  assert.ok(parsed.ok);
  return parsed.sidecar;
}

describe('sidecar session: a recorded conflict on the publication date', () => {
  it('stays in the sidecar when other changes are written', async () => {
    const storage = new MemoryStorage(SOURCE);
    const session = new SidecarSession(storage, 'a.txt', TEXT);
    await session.load();
    assert.deepEqual(session.published?.conflict, { with: 'origin/feature-x', theirs: { date: '2015-12-17' } });
    await session.add('actor', 4, 10, NOW);
    assert.deepEqual(written(storage).published, { date: '2015-12-16', conflict: { with: 'origin/feature-x', theirs: { date: '2015-12-17' } } });
  });

  it('is resolved by taking theirs (dates computed from it follow) or ours, and refuses both', async () => {
    const storage = new MemoryStorage(SOURCE);
    const session = new SidecarSession(storage, 'a.txt', TEXT);
    await session.load();
    await assert.rejects(session.resolvePublishedConflict('both'), /one publication date/);
    assert.ok(written(storage).published?.conflict, 'nothing written by the refused choice');
    assert.equal(await session.resolvePublishedConflict('theirs'), true);
    const after = written(storage);
    assert.deepEqual(after.published, { date: '2015-12-17' });
    assert.equal(after.annotations[0].value, '2015-12-18', 'Friday after Thursday the 17th');
    assert.equal(await session.resolvePublishedConflict('ours'), false, 'resolved already: nothing to do');

    const other = new MemoryStorage(SOURCE);
    const ours = new SidecarSession(other, 'a.txt', TEXT);
    await ours.load();
    await ours.resolvePublishedConflict('ours');
    assert.deepEqual(written(other).published, { date: '2015-12-16' });
  });
});
