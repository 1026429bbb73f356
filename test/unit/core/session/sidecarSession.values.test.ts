import { strict as assert } from 'node:assert';
import { parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { readSidecarFor } from '../../../../src/core/session/diskSync';
import { type SessionChange, SidecarSession } from '../../../../src/core/session/sidecarSession';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { MemoryStorage } from '../../../support/model';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };
const TEXT = 'قال الوزير أمس إن الاجتماع عقد اليوم.';

/** A sidecar of TEXT with the dates «أمس» and «اليوم» saved without a value (as other tools write them). */
async function sidecarWithoutValues(): Promise<string> {
  const storage = new MemoryStorage();
  const session = new SidecarSession(storage, 'a.txt', TEXT);
  await session.load();
  await session.setPublished('2026-11-29');
  const cps = [...TEXT];
  const at = (word: string) => cps.join('').indexOf(word);
  await session.add('date', [...TEXT.slice(0, at('أمس'))].length, [...TEXT.slice(0, at('أمس') + 3)].length, NOW);
  await session.add('date', [...TEXT.slice(0, at('اليوم'))].length, [...TEXT.slice(0, at('اليوم') + 5)].length, NOW);
  await session.add('actor', 4, 10, NOW);
  const parsed = parseSidecar(storage.content!);
  assert.ok(parsed.ok);
  const sidecar = parsed.sidecar;
  sidecar.published = { date: '2026-11-29' };
  for (const a of sidecar.annotations) {
    delete a.value;
    delete a.valueSource;
  }
  return serializeSidecar(sidecar);
}

const values = (session: SidecarSession) =>
  session.set.annotations.filter((a) => a.label === 'date').map((a) => a.value);

describe('sidecar session: date values computed after the first load (issue 12)', () => {
  it('loads without computing them, then computes them once released, and says so as a load', async () => {
    const content = await sidecarWithoutValues();
    const session = new SidecarSession(new MemoryStorage(content), 'a.txt', TEXT);
    const changes: SessionChange[] = [];
    session.onChange((c) => changes.push(c));
    await session.load({ deferValues: true });
    assert.deepEqual(values(session), [undefined, undefined]);
    assert.equal(changes.length, 1);
    session.releaseValues();
    await session.flush();
    assert.deepEqual(values(session), ['2026-11-28', '2026-11-29']);
    assert.equal(changes.length, 2);
    assert.equal(changes[1]!.reason, 'load');
    assert.equal(session.hasPendingWrite, false, 'computed values alone are not a reason to write');
  });

  it('computes them on their own when no view releases them', async () => {
    const session = new SidecarSession(new MemoryStorage(await sidecarWithoutValues()), 'a.txt', TEXT);
    await session.load({ deferValues: true });
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(values(session), ['2026-11-28', '2026-11-29']);
  });

  it('an action right after the load finds them computed, and writes them as before', async () => {
    const storage = new MemoryStorage(await sidecarWithoutValues());
    const session = new SidecarSession(storage, 'a.txt', TEXT);
    await session.load({ deferValues: true });
    await session.add('actor', 0, 3, NOW);
    const parsed = parseSidecar(storage.content!);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.annotations.filter((a) => a.label === 'date').map((a) => a.value),
      ['2026-11-28', '2026-11-29']);
  });

  it('a load without deferValues (the command line) computes them itself and leaves nothing for later', async () => {
    const session = new SidecarSession(new MemoryStorage(await sidecarWithoutValues()), 'a.txt', TEXT);
    const changes: SessionChange[] = [];
    session.onChange((c) => changes.push(c));
    await session.load();
    assert.deepEqual(values(session), ['2026-11-28', '2026-11-29']);
    session.releaseValues();
    await session.flush();
    assert.equal(changes.length, 1, 'no second load for values computed later');
  });

  it('readSidecarFor lists the dates left to compute, and computes everything without deferValues', async () => {
    const content = await sidecarWithoutValues();
    const context = { text: TEXT, schema: NEWS_PRESET, fileName: 'a.txt', formerNames: new Set<string>(),
      published: undefined };
    const deferred = readSidecarFor(content, { ...context, deferValues: true });
    assert.ok(deferred.ok);
    assert.equal(deferred.undated?.length, 2);
    assert.deepEqual(deferred.annotations.filter((a) => a.label === 'date').map((a) => a.value), [undefined, undefined]);
    const now = readSidecarFor(content, context);
    assert.ok(now.ok);
    assert.equal(now.undated, undefined);
    assert.deepEqual(now.annotations.filter((a) => a.label === 'date').map((a) => a.value), ['2026-11-28', '2026-11-29']);
  });
});
