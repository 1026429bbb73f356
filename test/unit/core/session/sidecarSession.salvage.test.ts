import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { emptySidecar, parseSidecar, salvageSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { BrokenSidecarError, SidecarSession } from '../../../../src/core/session/sidecarSession';
import { textSha256 } from '../../../../src/core/text/textHash';
import { MemoryStorage, TEST_PROVENANCE } from '../../../support/model';

const TEXT = 'Kerry met Lavrov in Moscow on Tuesday.';

/** A valid sidecar of TEXT (file a.txt) with an actor, an actor and a date, as YAML. */
function validSource(): string {
  const set = new AnnotationSet(TEXT);
  set.add('actor', 0, 5, TEST_PROVENANCE);
  set.add('actor', 10, 16, TEST_PROVENANCE);
  set.add('date', 30, 37, TEST_PROVENANCE);
  const sidecar = emptySidecar('a.txt');
  sidecar.text.sha256 = textSha256(TEXT);
  sidecar.text.length = [...TEXT].length;
  sidecar.annotations = set.annotations;
  return serializeSidecar(sidecar);
}

/** `source` with the nth annotation entry's line `key: ...` replaced by `replacement`. */
function editEntry(source: string, nth: number, key: string, replacement: string): string {
  const lines = source.split('\n');
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('  - ')) seen++;
    if (seen === nth && lines[i].trimStart().replace(/^- /, '').startsWith(`${key}:`)) {
      lines[i] = lines[i].replace(new RegExp(`${key}:.*$`), replacement);
      return lines.join('\n');
    }
  }
  throw new Error(`no ${key} in entry ${nth}`);
}

describe('broken sidecars: what is valid is shown read-only, nothing is written (issue 8, item 9c)', () => {
  it('keeps every entry that is valid on its own, and says how many there were', () => {
    const source = validSource();
    assert.ok(parseSidecar(source).ok);
    const cases: [string, string, number][] = [
      ['an unknown label', editEntry(source, 1, 'label', 'label: "person"'), 1],
      ['an unknown key', editEntry(source, 1, 'label', 'label: "actor"\n    "[click](command:workbench.action.quit)": 1'), 1],
      ['start after end', editEntry(source, 1, 'start', 'start: 99'), 1],
      ['a tag', editEntry(source, 1, 'quote', 'quote: !!str "Lavrov"'), 1],
      ['a number written otherwise', editEntry(source, 1, 'end', 'end: 0x10'), 1],
    ];
    for (const [what, broken, dropped] of cases) {
      assert.equal(parseSidecar(broken).ok, false, what);
      const salvaged = salvageSidecar(broken);
      assert.ok(salvaged, what);
      assert.equal(salvaged.total, 3, what);
      assert.deepEqual(salvaged.annotations.map((a) => a.quote), ['Kerry', 'Lavrov', 'Tuesday'].filter((_, i) => i !== dropped), what);
    }
  });

  it('an alias inside one entry leaves the others readable and is never expanded', () => {
    const source = validSource().replace(/(  - id: "[^"]+"\n    label: "actor")/, '$1\n    note: &n "x"').replace(/(label: "date")/, '$1\n    note: *n');
    assert.equal(parseSidecar(source).ok, false);
    const salvaged = salvageSidecar(source)!;
    assert.ok(salvaged);
    assert.deepEqual(salvaged.annotations.map((a) => a.quote), ['Kerry', 'Lavrov']);
  });

  it('an id used twice: neither entry is shown', () => {
    const source = validSource();
    const firstId = /id: "([^"]+)"/.exec(source)![1];
    const broken = editEntry(source, 2, 'id', `id: "${firstId}"`).replace(/^(\s+)- id:/m, '$1- id:');
    const salvaged = salvageSidecar(broken)!;
    assert.deepEqual(salvaged.annotations.map((a) => a.quote), ['Lavrov']);
  });

  it('nothing when nothing can be trusted: YAML that does not parse, no text block, a bad version', () => {
    const source = validSource();
    assert.equal(salvageSidecar(source.replace('annotations:', 'annotations: [')), undefined);
    assert.equal(salvageSidecar(source.replace('version: 1', 'version: 2')), undefined);
    assert.equal(salvageSidecar(source.replace('unit: "codepoint"', 'unit: "utf16"')), undefined);
    assert.equal(salvageSidecar(source.replace(/sha256: "[0-9a-f]+"/, 'sha256: "nope"')), undefined);
    assert.equal(salvageSidecar('{}'), undefined);
    assert.equal(salvageSidecar(source.replace('version: 1', 'version: 1\nextra: *x')), undefined);
  });

  it('an unknown key at the top or a bad publication date: the annotations are all shown', () => {
    const source = validSource();
    assert.equal(salvageSidecar(`${source}extra: 1\n`)!.annotations.length, 3);
    const salvaged = salvageSidecar(source.replace('annotations:', 'published:\n  date: "yesterday"\nannotations:'))!;
    assert.equal(salvaged.annotations.length, 3);
    assert.equal(salvaged.published, undefined);
  });

  it('a session on a broken sidecar holds the valid annotations found in the text, refuses every change and writes nothing', async () => {
    const broken = editEntry(editEntry(validSource(), 1, 'label', 'label: "person"'), 2, 'quote', 'quote: "Friday!"');
    const storage = new MemoryStorage(broken);
    const session = new SidecarSession(storage, 'a.txt', TEXT);
    const state = await session.load();
    assert.equal(state.kind, 'broken');
    assert.ok(state.kind === 'broken' && state.problems[0].line > 1 && /label must be one of/.test(state.problems[0].message));
    assert.deepEqual(session.set.annotations.map((a) => a.quote), ['Kerry'], 'the entry with a quote that disagrees with the text is left out too');
    assert.deepEqual(state.kind === 'broken' && [state.shown, state.total], [1, 3]);
    await assert.rejects(session.add('actor', 20, 26, TEST_PROVENANCE), BrokenSidecarError);
    await assert.rejects(session.remove(session.set.annotations[0].id), BrokenSidecarError);
    await session.flush();
    assert.equal(storage.writes, 0);
    assert.equal(storage.content, broken, 'the file is never overwritten');
    // fixed on disk: everything is back and writable
    storage.content = validSource();
    await session.reloadFromDisk();
    assert.equal(session.state.kind, 'ready');
    assert.equal(session.set.annotations.length, 3);
  });

  it('a sidecar whose text.file names another article is refused by the session, at text.file, and none of its annotations is shown', async () => {
    const storage = new MemoryStorage(validSource());
    const session = new SidecarSession(storage, 'b.txt', TEXT);
    const state = await session.load();
    assert.equal(state.kind, 'broken');
    const problem = state.kind === 'broken' ? state.problems[0] : undefined;
    assert.match(problem!.message, /^text\.file is "a\.txt" but the article is "b\.txt"/);
    assert.equal(problem!.line, validSource().split('\n').findIndex((l) => /^\s+file:/.test(l)) + 1);
    assert.equal(session.set.annotations.length, 0);
    await assert.rejects(session.add('actor', 0, 5, TEST_PROVENANCE), BrokenSidecarError);
    assert.equal(storage.writes, 0);
    // the same name in another Unicode normal form (macOS file systems) is the same article
    const nfd = new SidecarSession(new MemoryStorage(validSource().replace('"a.txt"', '"cafe\u0301.txt"')), 'caf\u00E9.txt', TEXT);
    assert.equal((await nfd.load()).kind, 'ready');
  });
});
