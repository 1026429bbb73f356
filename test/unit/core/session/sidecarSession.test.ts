import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { BrokenSidecarError, SidecarSession, type SidecarStorage } from '../../../../src/core/session/sidecarSession';
import { parseSidecar } from '../../../../src/core/format/sidecar';
import { anchorToText } from '../../../../src/core/anchoring/anchoring';
import { acceptInto, moveSuggestions } from '../../../../src/core/suggest/pendingSuggestions';
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

/** The session's annotations are on their quotes, and what it wrote is accepted against its text. */
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
describe('sidecar session: redo after a text edit puts the annotation back on its words', () => {
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

/** A sidecar in memory without compare-and-swap: every write lands. */
class PlainStorage implements SidecarStorage {
  constructor(public content?: string) {}
  async read() { return this.content; }
  async write(content: string) { this.content = content; }
}
describe('sidecar session: a sidecar broken for a moment', () => {
  it('edits made while the sidecar was broken are not replaced by a re-anchoring onto a look-alike', async () => {
    const text = 'Ali: the dam is safe. Omar: the dam is safe.';
    const storage = new PlainStorage();
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

const RUSSIA_READY = 'قال لافروف إن روسيا مستعدة.';
describe('sidecar session: actions are all or nothing', () => {
  it('an action that throws part-way leaves the annotations as they were, records no undo step and writes nothing', async () => {
    const storage = new MemoryStorage();
    const session = new SidecarSession(storage, 'a.txt', RUSSIA_READY);
    await session.load();
    const actor = { key: 'k1', label: 'actor' as const, start: 4, end: 10, quote: 'لافروف', rule: 't' };
    const claim = { key: 'k2', label: 'claim' as const, start: 14, end: 999, quote: 'روسيا مستعدة', rule: 't' };
    await assert.rejects(session.mutate((set) => acceptInto(set, [actor, claim], NOW)), RangeError);
    assert.equal(session.set.size, 0);
    assert.equal(session.undoDescription, undefined);
    await session.add('date', 0, 3, NOW);
    assert.deepEqual(session.set.annotations.map((a) => a.label), ['date']);
    assert.ok(!storage.content?.includes('label: "actor"'), 'the half-done actor never reaches the file');
  });

  it('a suggestion whose words are no longer at its offsets is refused, not stored on other words', async () => {
    const session = new SidecarSession(new MemoryStorage(), 'a.txt', RUSSIA_READY);
    await session.load();
    const stale = { key: 'k', label: 'actor' as const, start: 4, end: 10, quote: 'لافروف', rule: 't' };
    session.applyTextChanges([{ start: 0, end: 0, text: 'أمس ' }], `أمس ${RUSSIA_READY}`);
    await assert.rejects(session.mutate((set) => acceptInto(set, [stale], NOW)), /no longer at 4\.\.10/);
    assert.equal(session.set.size, 0);
    // moved with the edit, it is accepted on its words
    const [moved] = moveSuggestions([stale], [{ start: 0, end: 0, text: 'أمس ' }]);
    await session.mutate((set) => acceptInto(set, [moved], NOW));
    assert.equal(session.set.annotations[0].quote, 'لافروف');
  });
});
