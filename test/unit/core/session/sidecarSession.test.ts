import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { BrokenSidecarError, SidecarSession, type SidecarStorage, type WriteOutcome } from '../../../../src/core/session/sidecarSession';
import { parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { fixturePath, readCase } from '../../../support/fixtures';
import { MemoryStorage } from '../../../support/model';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };


/** B24's sidecars use the shared case format (type/text/utf16); turn them into Hashiya sidecars. */
function hashiyaSidecar(caseFile: string): string {
  const raw = readFileSync(fixturePath('cases', 'B24', caseFile), 'utf8');
  return raw
    .replace(/^annotations:/m, 'version: 1\ntext:\n  file: "input.txt"\n  unit: "codepoint"\nannotations:')
    .replace(/ {4}type: /g, '    label: ')
    .replace(/ {4}utf16: .*\n/g, '')
    .replace(/ {4}text: /g, '    quote: ');
}

describe('sidecar session: nothing lost, nothing overwritten', () => {
  it('writes nothing for an article without annotations', async () => {
    const storage = new MemoryStorage();
    const session = new SidecarSession(storage, 'a.txt', 'abc');
    await session.load();
    assert.equal(storage.writes, 0);
    await session.add('actor', 0, 1, NOW);
    assert.equal(storage.writes, 1);
    assert.ok(parseSidecar(storage.content!).ok);
  });

  it('B24: a change made on disk while the session is open is kept when the user adds one more', async () => {
    const bug = readCase('B24');
    const storage = new MemoryStorage(hashiyaSidecar('sidecar-before.yaml'));
    const session = new SidecarSession(storage, 'input.txt', bug.text);
    await session.load();
    assert.deepEqual(session.set.annotations.map((a) => a.id), ['a1']);
    storage.content = hashiyaSidecar('sidecar-external.yaml');
    const a3 = bug.expected.find((e) => e.id === 'a3')!;
    await session.add('claim', a3.start, a3.end, NOW);
    const written = parseSidecar(storage.content!);
    assert.ok(written.ok);
    assert.deepEqual(written.sidecar.annotations.map((a) => a.quote), ['The governor', 'Friday', '40 people were detained']);
  });

  it('merges by id when text edits are unwritten and the file changed on disk', async () => {
    const text = 'The governor said the curfew will end on Friday.';
    const storage = new MemoryStorage();
    const session = new SidecarSession(storage, 'a.txt', text);
    await session.load();
    const governor = await session.add('actor', 4, 12, NOW);
    // someone else adds an annotation on disk
    const other = new SidecarSession(new MemoryStorage(storage.content), 'a.txt', text);
    await other.load();
    const friday = await other.add('date', 41, 47, NOW);
    storage.content = (other as unknown as { storage: MemoryStorage }).storage.content;
    // meanwhile the user types at the start of the text
    session.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${text}`);
    await session.flush();
    const written = parseSidecar(storage.content!);
    assert.ok(written.ok);
    const ids = written.sidecar.annotations.map((a) => a.id).sort();
    assert.deepEqual(ids, [governor.id, friday.id].sort());
    assert.equal(written.sidecar.annotations.find((a) => a.id === governor.id)!.start, 14, 'our shift kept');
  });

  it('never overwrites a broken sidecar and says where it is broken', async () => {
    const broken = 'version: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations:\n  - id: "k1"\n    label: "actor\n';
    const storage = new MemoryStorage(broken);
    const session = new SidecarSession(storage, 'a.txt', 'abc');
    const state = await session.load();
    assert.equal(state.kind, 'broken');
    await assert.rejects(session.add('actor', 0, 1, NOW), (err: Error) => err instanceof BrokenSidecarError && /line \d+, column \d+/.test(err.message));
    session.applyTextChanges([{ start: 0, end: 0, text: 'x' }], 'xabc');
    await session.flush();
    assert.equal(storage.content, broken);
    assert.equal(storage.writes, 0);
  });

  it('recovers once the sidecar on disk is fixed', async () => {
    const storage = new MemoryStorage('version: [');
    const session = new SidecarSession(storage, 'a.txt', 'abc');
    await session.load();
    storage.content = 'version: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations: []\n';
    assert.equal(await session.reloadFromDisk(), true);
    assert.equal(session.state.kind, 'ready');
    await session.add('date', 0, 3, NOW);
    assert.equal(storage.writes, 1);
  });

  it('re-anchors annotations whose text changed while closed, keeps the lost one orphaned, and writes them back', async () => {
    const storage = new MemoryStorage();
    const first = new SidecarSession(storage, 'a.txt', 'Talks on Monday in Vienna.');
    await first.load();
    await first.add('date', 9, 15, NOW);
    await first.add('actor', 19, 25, NOW);
    const second = new SidecarSession(storage, 'a.txt', 'Talks on Tuesday in Vienna.');
    await second.load();
    assert.deepEqual(second.set.annotations.map((a) => [a.quote, a.anchored ?? 'exact']), [['Monday', 'orphaned'], ['Vienna', 'moved']]);
    await second.add('date', 9, 16, NOW);
    const written = parseSidecar(storage.content!);
    assert.ok(written.ok);
    assert.equal(written.sidecar.annotations.length, 3);
  });

  it('runs operations one at a time, in call order', async () => {
    const storage = new MemoryStorage();
    const session = new SidecarSession(storage, 'a.txt', 'abcdef');
    await session.load();
    await Promise.all([session.add('actor', 0, 1, NOW), session.add('date', 1, 2, NOW), session.add('claim', 2, 3, NOW)]);
    const written = parseSidecar(storage.content!);
    assert.ok(written.ok);
    assert.equal(written.sidecar.annotations.length, 3);
  });
});

describe('sidecar session: undo and redo of annotation actions', () => {
  const NOW2 = { now: '2026-11-29T13:00:00.000Z' };

  it('undoes and redoes add, relabel, note and remove, writing each time', async () => {
    const storage = new MemoryStorage();
    const s = new SidecarSession(storage, 'a.txt', 'Kerry met Lavrov in Moscow.');
    await s.load();
    const a = await s.add('actor', 10, 16, NOW);
    await s.update(a.id, { label: 'claim' }, NOW2);
    await s.update(a.id, { note: 'checked' }, NOW2);
    await s.remove(a.id);
    assert.equal(s.set.size, 0);
    assert.equal(await s.undo(), 'remove');
    assert.equal(s.set.get(a.id)?.note, 'checked');
    assert.equal(await s.undo(), 'note');
    assert.equal(s.set.get(a.id)?.note, undefined);
    assert.equal(await s.undo(), 'relabel as claim');
    assert.equal(s.set.get(a.id)?.label, 'actor');
    assert.equal(await s.redo(), 'relabel as claim');
    assert.equal(s.set.get(a.id)?.label, 'claim');
    assert.equal(await s.undo(), 'relabel as claim');
    assert.equal(await s.undo(), 'mark actor');
    assert.equal(s.set.size, 0);
    assert.equal(await s.undo(), undefined, 'nothing more to undo');
    const disk = parseSidecar(storage.content!);
    assert.ok(disk.ok && disk.sidecar.annotations.length === 0);
    assert.equal(await s.redo(), 'mark actor');
    assert.equal(s.set.get(a.id)?.quote, 'Lavrov');
  });

  it('puts an undone removal back on its words after the text was edited', async () => {
    const s = new SidecarSession(new MemoryStorage(), 'a.txt', 'Kerry met Lavrov in Moscow.');
    await s.load();
    const a = await s.add('actor', 10, 16, NOW);
    await s.update(a.id, { note: 'n' }, NOW2);
    await s.remove(a.id);
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], 'Yesterday Kerry met Lavrov in Moscow.');
    await s.undo();
    const back = s.set.get(a.id)!;
    assert.deepEqual([back.start, back.end, back.quote, back.note], [20, 26, 'Lavrov', 'n']);
    s.applyTextChanges([{ start: 0, end: 10, text: '' }], 'Kerry met Lavrov in Moscow.');
    await s.undo();
    const again = s.set.get(a.id)!;
    assert.deepEqual([again.start, again.end, again.note, again.anchored], [10, 16, undefined, undefined], 'a note undone where the span is now');
  });

  it('a new action clears what could be redone', async () => {
    const s = new SidecarSession(new MemoryStorage(), 'a.txt', 'abc def');
    await s.load();
    await s.add('date', 0, 3, NOW);
    await s.undo();
    await s.add('claim', 4, 7, NOW);
    assert.equal(await s.redo(), undefined);
  });
});

describe('sidecar session: sidecars that cannot be read', () => {
  it('a read error (folder, unreadable, too large) makes the session broken; nothing is written', async () => {
    let writes = 0;
    const storage: SidecarStorage = {
      read: async () => { throw new Error('the sidecar is 50.0 MiB; Hashiya reads sidecars up to 16 MiB'); },
      write: async () => { writes++; },
    };
    const s = new SidecarSession(storage, 'a.txt', 'abc');
    const state = await s.load();
    assert.equal(state.kind, 'broken');
    assert.match(state.kind === 'broken' ? state.problems[0].message : '', /50\.0 MiB/);
    await assert.rejects(s.add('actor', 0, 1, NOW), BrokenSidecarError);
    s.applyTextChanges([{ start: 0, end: 0, text: 'x' }], 'xabc');
    await s.flush();
    assert.equal(writes, 0);
  });
});

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

describe('sidecar session: a checkout of the article and its sidecar leaves nothing to write (issue 8)', () => {
  const T1 = 'The governor said the curfew will end on Friday in Basra.\n';
  const T2 = 'Yesterday, the governor said the curfew will end on Friday in Basra, officials said.\n';
  /** The sidecar git checks out with T2: made by another session on T2. */
  async function sidecarOnT2(): Promise<string> {
    const other = new SidecarSession(new MemoryStorage(), 'a.txt', T2);
    await other.load();
    const g = T2.indexOf('governor');
    const f = T2.indexOf('Friday');
    await other.add('actor', g, g + 8, NOW);
    await other.add('date', f, f + 6, NOW);
    return (other as unknown as { storage: MemoryStorage }).storage.content!;
  }
  async function openOnT1(): Promise<{ storage: MemoryStorage; session: SidecarSession }> {
    const storage = new MemoryStorage();
    const session = new SidecarSession(storage, 'a.txt', T1);
    await session.load();
    await session.add('actor', T1.indexOf('governor'), T1.indexOf('governor') + 8, NOW);
    return { storage, session };
  }

  it('the sidecar lands first, then the editor reloads the article: the file is taken as it is, nothing is written', async () => {
    const { storage, session } = await openOnT1();
    const checkedOut = await sidecarOnT2();
    storage.content = checkedOut;
    const writes = storage.writes;
    await session.reloadFromDisk();
    session.replaceText(T2);
    assert.equal(session.hasPendingWrite, false);
    await session.flush();
    assert.equal(storage.writes, writes, 'nothing written');
    assert.equal(storage.content, checkedOut);
    assert.deepEqual(session.set.annotations.map((a) => [a.quote, a.anchored]), [['governor', undefined], ['Friday', undefined]]);
  });

  it('the editor reloads the article first (an edit), then the sidecar lands: the same', async () => {
    const { storage, session } = await openOnT1();
    const dot = T1.indexOf('.');
    // applied in order: the second change's offsets are in the text after the first
    session.applyTextChanges([{ start: 0, end: 4, text: 'Yesterday, the ' }, { start: dot + 11, end: dot + 12, text: ', officials said.' }], T2);
    assert.equal(session.set.text, T2);
    const checkedOut = await sidecarOnT2();
    storage.content = checkedOut;
    const writes = storage.writes;
    await session.reloadFromDisk();
    assert.equal(session.hasPendingWrite, false);
    await session.flush();
    assert.equal(storage.writes, writes, 'nothing written');
    assert.deepEqual(session.set.annotations.map((a) => a.quote), ['governor', 'Friday']);
  });

  it('an annotation action not yet written is never dropped by such a file: it is merged in', async () => {
    const { storage, session } = await openOnT1();
    storage.fail = true;
    await assert.rejects(session.add('date', T1.indexOf('Basra'), T1.indexOf('Basra') + 5, NOW));
    storage.fail = false;
    const checkedOut = await sidecarOnT2();
    storage.content = checkedOut;
    await session.reloadFromDisk();
    session.replaceText(T2);
    await session.flush();
    const written = parseSidecar(storage.content!);
    assert.ok(written.ok);
    assert.equal(written.sidecar.annotations.length, 3, 'theirs two and our unwritten date');
  });
});
