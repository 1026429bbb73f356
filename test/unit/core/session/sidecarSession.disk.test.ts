// The session against the file on disk: other writers, failed writes, writes in flight, sessions thrown away.
import { strict as assert } from 'node:assert';
import {
  BrokenSidecarError, SidecarSession, TextChangedError, type SidecarStorage, type WriteOutcome,
} from '../../../../src/core/session/sidecarSession';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { type Sidecar, emptySidecar, parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { MemoryStorage } from '../../../support/model';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };

/**
 * A sidecar in memory whose writes are compare-and-swap, with someone else's writes landing at
 * the last moment: `interpose` runs inside a write, after the session read the file and before
 * the compare (what a real race does at random; see node/concurrentWrites.test.ts for the real one).
 */
class RacedStorage extends MemoryStorage {
  interpose: ((storage: RacedStorage) => void)[] = [];
  outcomes: boolean[] = [];
  override async write(content: string, expected: string | undefined): Promise<WriteOutcome> {
    this.interpose.shift()?.(this);
    const outcome = await super.write(content, expected);
    this.outcomes.push(outcome.written);
    return outcome;
  }
}

/** `source` with one more annotation from someone else (a colleague's git pull). */
function theirsAdded(source: string, text: string, id: string, start: number, end: number, note?: string): string {
  const parsed = parseSidecar(source);
  assert.ok(parsed.ok);
  parsed.sidecar.annotations.push({ id, label: 'actor', start, end, quote: [...text].slice(start, end).join(''), prefix: '', suffix: '', ...(note ? { note } : {}) });
  return serializeSidecar(parsed.sidecar, source);
}

describe('sidecar session: writes never replace a change made on disk meanwhile (issue 8, item 1)', () => {
  const TEXT = 'The governor said the curfew will end on Friday in Basra.';

  it('a change landing between the read and the write is merged by id and field, said (concurrent), and written again', async () => {
    const storage = new RacedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    const governor = await s.add('actor', 4, 12, NOW);
    const changes: { concurrent?: boolean; conflicts: string[] }[] = [];
    s.onChange((c) => changes.push(c));
    storage.interpose.push((st) => { st.content = theirsAdded(st.content!, TEXT, 'friday0001', 41, 47, 'theirs'); });
    const basra = await s.add('actor', 51, 56, NOW);
    assert.deepEqual(storage.outcomes.slice(-2), [false, true], 'refused once, then written');
    const disk = parseSidecar(storage.content!);
    assert.ok(disk.ok);
    assert.deepEqual(disk.sidecar.annotations.map((a) => a.id).sort(), [governor.id, basra.id, 'friday0001'].sort());
    assert.equal(disk.sidecar.annotations.find((a) => a.id === 'friday0001')!.note, 'theirs');
    assert.ok(changes.some((c) => c.concurrent && c.conflicts.length === 0), 'listeners hear of the concurrent change');
    assert.equal(s.hasPendingWrite, false);
    assert.ok(s.set.get('friday0001'), 'their annotation is in the session too');
  });

  it('the same after text edits (flush): their offsets are re-anchored onto the edited text', async () => {
    const storage = new RacedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    await s.add('actor', 4, 12, NOW);
    const before = storage.content!;
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday, ' }], `Yesterday, ${TEXT}`);
    storage.interpose.push((st) => { st.content = theirsAdded(before, TEXT, 'friday0001', 41, 47); });
    await s.flush();
    const disk = parseSidecar(storage.content!);
    assert.ok(disk.ok);
    const friday = disk.sidecar.annotations.find((a) => a.id === 'friday0001')!;
    assert.deepEqual([friday.start, friday.end, friday.quote], [52, 58, 'Friday']);
  });

  it('both changed the same field: the conflict is reported with the concurrent change', async () => {
    const storage = new RacedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    const governor = await s.add('actor', 4, 12, NOW);
    const conflicts: string[] = [];
    s.onChange((c) => { if (c.concurrent) conflicts.push(...c.conflicts); });
    storage.interpose.push((st) => {
      const p = parseSidecar(st.content!);
      assert.ok(p.ok);
      p.sidecar.annotations[0].note = 'theirs';
      st.content = serializeSidecar(p.sidecar, st.content);
    });
    await s.update(governor.id, { note: 'ours' }, NOW);
    assert.deepEqual(conflicts, [governor.id]);
    assert.equal(s.set.get(governor.id)!.note, 'ours');
  });

  it('a file broken meanwhile (conflict markers of a git merge) is never written over: the action stays pending', async () => {
    const storage = new RacedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    await s.add('actor', 4, 12, NOW);
    const good = storage.content!;
    storage.interpose.push((st) => { st.content = `<<<<<<< HEAD\n${good}=======\n${good}>>>>>>> theirs\n`; });
    await assert.rejects(s.add('date', 41, 47, NOW), BrokenSidecarError);
    assert.match(storage.content!, /^<<<<<<< HEAD/);
    assert.equal(s.state.kind, 'broken');
    assert.equal(s.hasPendingWrite, true);
    assert.equal(s.set.size, 2, 'kept in memory');
    storage.content = good;
    await s.reloadFromDisk();
    await s.flush();
    const disk = parseSidecar(storage.content!);
    assert.ok(disk.ok);
    assert.equal(disk.sidecar.annotations.length, 2, 'written once the file is mended');
  });

  it('a file caught half written in place is read again until it is whole, then merged', async () => {
    const storage = new RacedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    await s.add('actor', 4, 12, NOW);
    const whole = theirsAdded(storage.content!, TEXT, 'friday0001', 41, 47);
    let broken = 0;
    s.onChange((c) => { if (s.state.kind === 'broken') broken++; void c; });
    storage.interpose.push((st) => {
      st.content = whole.slice(0, whole.length - 20);
      setTimeout(() => { st.content = whole; }, 30);
    });
    await s.add('actor', 51, 56, NOW);
    assert.equal(broken, 0, 'never announced as broken');
    const disk = parseSidecar(storage.content!);
    assert.ok(disk.ok);
    assert.equal(disk.sidecar.annotations.length, 3);
  });

  it('a file that keeps changing: after 8 attempts the write gives up, says so, and keeps the changes pending', async () => {
    const storage = new RacedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    await s.add('actor', 4, 12, NOW);
    for (let i = 0; i < 8; i++) storage.interpose.push((st) => { st.content = theirsAdded(st.content!, TEXT, `other${i}`, 18 + i, 19 + i); });
    await assert.rejects(s.add('actor', 51, 56, NOW), /changed on disk 8 times/);
    assert.equal(s.hasPendingWrite, true);
    await s.flush();
    const disk = parseSidecar(storage.content!);
    assert.ok(disk.ok);
    assert.equal(disk.sidecar.annotations.length, 2 + 8, 'ours and all of theirs, at the next flush');
  });

  it('a storage that cannot compare (returns nothing) counts as written', async () => {
    let content: string | undefined;
    const storage: SidecarStorage = { read: async () => content, write: async (c: string) => { content = c; } };
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    await s.add('actor', 4, 12, NOW);
    assert.equal(s.hasPendingWrite, false);
    assert.ok(parseSidecar(content!).ok);
  });
});

describe('sidecar session: unwritten changes kept when a session is thrown away (issue 8, item 2)', () => {
  const TEXT = 'The governor said the curfew will end on Friday in Basra.';

  it('pendingSidecar keeps what could not be written; restorePending merges it back by id against its base', async () => {
    const storage = new MemoryStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    const governor = await s.add('actor', 4, 12, NOW);
    const curfew = await s.add('claim', 22, 28, NOW);
    assert.equal(s.pendingSidecar(), undefined, 'nothing pending');
    const good = storage.content!;
    // a note that could not be written (a full disk), a text edit, then the file breaks (a bad merge)
    storage.fail = true;
    await assert.rejects(s.update(governor.id, { note: 'checked' }, NOW), /EACCES/);
    storage.fail = false;
    const edited = `${TEXT} Officials agreed.`;
    s.applyTextChanges([{ start: [...TEXT].length, end: [...TEXT].length, text: ' Officials agreed.' }], edited);
    storage.content = `${good}<<<<<<< HEAD\n`;
    await s.flush();
    assert.equal(s.state.kind, 'broken');
    assert.equal(s.hasPendingWrite, true, 'the broken file was not written');
    const pending = s.pendingSidecar()!;
    assert.ok(parseSidecar(pending.sidecar).ok, 'a valid sidecar');
    assert.equal(pending.base, good, 'the base is the last valid file, not the broken one');
    // later, a new session: a colleague mended the file, removed the claim and added an annotation
    const p = parseSidecar(good);
    assert.ok(p.ok);
    p.sidecar.annotations = p.sidecar.annotations.filter((a) => a.id !== curfew.id);
    const mended = theirsAdded(serializeSidecar(p.sidecar, good), TEXT, 'basra00001', 51, 56);
    const disk = new MemoryStorage(mended);
    const next = new SidecarSession(disk, 'a.txt', edited);
    await next.load();
    await next.restorePending(pending.sidecar, pending.base);
    const written = parseSidecar(disk.content!);
    assert.ok(written.ok);
    const byId = new Map(written.sidecar.annotations.map((a) => [a.id, a]));
    assert.equal(byId.get(governor.id)?.note, 'checked', 'our note is back');
    assert.ok(byId.has('basra00001'), 'their annotation is kept');
    assert.ok(!byId.has(curfew.id), 'their removal of an annotation we did not change is kept');
    assert.equal(written.sidecar.text.length, [...edited].length);
    assert.equal(next.hasPendingWrite, false);
  });

  it('restorePending refuses a kept sidecar that does not parse, and changes nothing', async () => {
    const disk = new MemoryStorage();
    const s = new SidecarSession(disk, 'a.txt', TEXT);
    await s.load();
    await assert.rejects(s.restorePending('version: [', undefined), /not a valid sidecar/);
    assert.equal(disk.writes, 0);
  });
});

describe('sidecar session: undo and failed writes against changes made on disk', () => {
  const TEXT = 'Kerry met Lavrov in Moscow.';

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

describe('sidecar session: a note changed here and on disk keeps ours and records theirs', () => {
  it('a note changed here (not yet written) and on disk: ours kept, theirs recorded with: "disk", written as a valid sidecar', async () => {
    const text = 'قال لافروف إن المحادثات ستستأنف.';
    const base = new AnnotationSet(text);
    const a = base.add('actor', 4, 10, { now: '2026-11-29T12:00:00.000Z' });
    const sidecar = { ...emptySidecar('a.txt'), annotations: base.annotations };
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    const storage = new MemoryStorage(serializeSidecar(sidecar));
    const session = new SidecarSession(storage, 'a.txt', text);
    await session.load();
    storage.fail = true;
    await assert.rejects(session.update(a.id, { note: 'ours' }, { now: '2026-11-29T12:01:00.000Z' }));
    assert.ok(session.hasPendingWrite);
    storage.fail = false;
    storage.content = serializeSidecar({ ...sidecar, annotations: [{ ...base.annotations[0], note: 'theirs', entity: 'Lavrov' }] });
    const conflicts: string[][] = [];
    session.onChange((c) => { if (c.conflicts.length) conflicts.push(c.conflicts); });
    await session.flush();
    assert.deepEqual(conflicts, [[a.id]]);
    const parsed = parseSidecar(storage.content!);
    assert.ok(parsed.ok);
    const merged = parsed.sidecar.annotations[0];
    assert.deepEqual([merged.note, merged.entity, merged.conflict], ['ours', 'Lavrov', { with: 'disk', theirs: { note: 'theirs' } }]);
  });
});


/** In-memory sidecar whose reads and writes can be held on a promise, to interleave edits. */
function gatedStorage(content?: string) {
  const s = {
    content,
    readGate: undefined as Promise<void> | undefined,
    writeGate: undefined as Promise<void> | undefined,
    async read() { if (s.readGate) await s.readGate; return s.content; },
    async write(c: string) { if (s.writeGate) await s.writeGate; s.content = c; },
  };
  return s as SidecarStorage & typeof s;
}

function diskOf(content: string | undefined): Sidecar {
  const parsed = parseSidecar(content!);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  return parsed.sidecar;
}

describe('sidecar session: edits and writes that interleave', () => {
  it('an edit made while a write is in flight is written afterwards', async () => {
    const text = 'Kerry met Lavrov.';
    const st = gatedStorage();
    const s = new SidecarSession(st, 'a.txt', text);
    await s.load();
    const a = await s.add('actor', 10, 16, NOW);
    let release!: () => void;
    st.writeGate = new Promise((r) => { release = r; });
    const p = s.update(a.id, { note: 'n' }, NOW);
    await new Promise((r) => setTimeout(r, 5));
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${text}`);
    release();
    await p;
    st.writeGate = undefined;
    await s.flush();
    const disk = diskOf(st.content);
    assert.deepEqual([disk.annotations[0].start, disk.annotations[0].end, disk.annotations[0].note], [20, 26, 'n']);
    assert.equal(disk.text.sha256, textSha256(`Yesterday ${text}`));
  });

  it('an annotation computed on an older text is refused, not put on other words', async () => {
    const text = 'Kerry met Lavrov.';
    const st = gatedStorage();
    const s = new SidecarSession(st, 'a.txt', text);
    await s.load();
    let release!: () => void;
    st.readGate = new Promise((r) => { release = r; });
    const p = s.add('actor', 10, 16, NOW);
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${text}`);
    release();
    await assert.rejects(p, TextChangedError);
    assert.equal(s.set.size, 0);
  });

  it('a note changed on disk is merged, not overwritten, when we only moved offsets', async () => {
    const text = 'Kerry met Lavrov.';
    const st = gatedStorage();
    const s = new SidecarSession(st, 'a.txt', text);
    await s.load();
    await s.add('actor', 10, 16, NOW);
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${text}`);
    const theirs = diskOf(st.content);
    theirs.annotations[0].note = 'checked by a colleague';
    theirs.annotations[0].entity = 'Sergei Lavrov';
    st.content = serializeSidecar(theirs, st.content);
    await s.flush();
    const disk = diskOf(st.content);
    assert.deepEqual([disk.annotations[0].start, disk.annotations[0].note, disk.annotations[0].entity], [20, 'checked by a colleague', 'Sergei Lavrov']);
  });
});

describe('sidecar session: an action is shown before it is written, and the file is read only when it changed (issue 12)', () => {
  const TEXT = 'The governor said the curfew will end on Friday in Basra.';

  /** Storage that notes what listeners had heard when it was written, and whether it was read or only looked at. */
  class WatchedStorage extends MemoryStorage {
    heardAtWrite: number[] = [];
    reads = 0;
    looks = 0;
    heard = 0;
    override async read(): Promise<string | undefined> {
      this.reads++;
      return super.read();
    }
    override async write(content: string, expected: string | undefined): Promise<WriteOutcome> {
      this.heardAtWrite.push(this.heard);
      return super.write(content, expected);
    }
    async holds(content: string): Promise<boolean> {
      this.looks++;
      return content === this.content;
    }
  }

  it('listeners hear of the action (unwritten) before the write, and again once it is written', async () => {
    const storage = new WatchedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    const heard: { unwritten?: boolean; pending: boolean; size: number }[] = [];
    s.onChange((c) => {
      storage.heard++;
      heard.push({ unwritten: c.unwritten, pending: s.hasPendingWrite, size: s.set.size });
    });
    await s.add('actor', 4, 12, NOW);
    assert.deepEqual(storage.heardAtWrite, [1], 'told once before the write');
    assert.deepEqual(heard.map((h) => [h.unwritten, h.size]), [[true, 1], [undefined, 1]]);
    assert.ok(diskOf(storage.content).annotations.length === 1);
    await s.undo();
    assert.deepEqual(storage.heardAtWrite, [1, 3], 'undo too');
  });

  it('a write that fails after listeners heard: the error is thrown, the action stays pending and is written by the next flush', async () => {
    const storage = new WatchedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    const heard: (boolean | undefined)[] = [];
    s.onChange((c) => heard.push(c.unwritten));
    storage.fail = true;
    await assert.rejects(s.add('actor', 4, 12, NOW), /EACCES/);
    assert.deepEqual(heard, [true, undefined]);
    assert.equal(s.hasPendingWrite, true);
    assert.equal(s.set.size, 1, 'still shown');
    storage.fail = false;
    await s.flush();
    assert.equal(diskOf(storage.content).annotations.length, 1);
    assert.equal(s.hasPendingWrite, false);
  });

  it('the write waits for beforeWrite (the views have taken their message), or gives up waiting', async () => {
    const storage = new WatchedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    let release: (() => void) | undefined;
    s.beforeWrite = () => new Promise<void>((resolve) => { release = resolve; });
    const adding = s.add('actor', 4, 12, NOW);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(storage.heardAtWrite.length, 0, 'not written before the view took its message');
    assert.equal(s.set.size, 1, 'shown already');
    release!();
    await adding;
    assert.equal(storage.heardAtWrite.length, 1);
    // a view that never answers does not keep the write from happening
    s.beforeWrite = () => new Promise(() => undefined);
    await s.add('actor', 51, 56, NOW);
    assert.equal(diskOf(storage.content).annotations.length, 2);
  });

  it('an action reads the file only when the storage cannot say it still holds what was last read or written', async () => {
    const storage = new WatchedStorage();
    const s = new SidecarSession(storage, 'a.txt', TEXT);
    await s.load();
    await s.add('actor', 4, 12, NOW);
    const reads = storage.reads;
    await s.add('actor', 51, 56, NOW);
    assert.equal(storage.reads, reads, 'unchanged: looked at, not read');
    assert.ok(storage.looks > 0);
    // someone else's change: read and taken in before the action, never overwritten
    storage.content = theirsAdded(storage.content!, TEXT, 'friday0001', 41, 47, 'theirs');
    await s.add('actor', 22, 28, NOW);
    assert.equal(storage.reads, reads + 1);
    assert.deepEqual(diskOf(storage.content).annotations.map((a) => a.id).includes('friday0001'), true);
    assert.equal(diskOf(storage.content).annotations.length, 4);
  });
});
