import { strict as assert } from 'node:assert';
import { conflictAlternatives } from '../../../../src/core/model/annotation';
import { anchorToText } from '../../../../src/core/anchoring/anchoring';
import { resolveAnnotationConflict } from '../../../../src/core/merge/conflict';
import { parseSidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { SidecarSession } from '../../../../src/core/session/sidecarSession';
import { MemoryStorage } from '../../../support/model';

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

describe('sidecar session: recorded conflicts follow the text and are never dropped (adversarial review, findings 3 and 4)', () => {
  const text = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة في جنيف.';
  const source = (note: string, conflict: string) => `version: 1
text:
  file: "a.txt"
  unit: "codepoint"
  length: ${[...text].length}
  sha256: "${textSha256(text)}"
annotations:
  - id: "act1"
    label: "actor"
    start: 4
    end: 10
    quote: "لافروف"
    prefix: "قال "
    suffix: " إن المحادثات ستستأنف يوم الجمعة"
    note: "${note}"
${conflict}`;
  const WITH_POSITIONS = `    conflict:
      with: "x"
      theirs:
        start: 46
        end: 50
        quote: "جنيف"
        prefix: "المحادثات ستستأنف يوم الجمعة في "
        suffix: "."
      also:
        - with: "y"
          theirs:
            start: 36
            end: 42
            quote: "الجمعة"
            prefix: "قال لافروف إن المحادثات ستستأنف يوم "
            suffix: " في جنيف."
`;

  it('typing in the article moves every position a conflict holds; the written sidecar checks against the new text', async () => {
    const storage = new MemoryStorage(source('n', WITH_POSITIONS));
    const session = new SidecarSession(storage, 'a.txt', text);
    await session.load();
    const inserted = 'عاجل: وقال لافروف إن جنيف مهمة. ';
    const after = inserted + text;
    session.applyTextChanges([{ start: 0, end: 0, text: inserted }], after);
    await session.flush();
    const sidecar = written(storage);
    const c = sidecar.annotations[0].conflict!;
    const shift = [...inserted].length;
    assert.deepEqual([c.theirs!.start, c.theirs!.quote, c.also![0].theirs!.start, c.also![0].theirs!.quote], [46 + shift, 'جنيف', 36 + shift, 'الجمعة']);
    const checked = anchorToText(after, sidecar);
    assert.ok(checked.ok && !checked.textChanged, JSON.stringify(!checked.ok && checked.problems));
    // taking theirs puts it on their word, not on the جنيف typed at the old offsets' neighbourhood
    await session.mutate((set) => {
      const r = resolveAnnotationConflict(set.annotations, 'act1', 'theirs', { text: set.text });
      set.restore(r.kept!);
    });
    assert.deepEqual([session.set.get('act1')!.start, session.set.get('act1')!.quote], [46 + shift, 'جنيف']);
  });

  it('the text replaced outside (reloaded): positions found again; their words gone: orphaned', async () => {
    const storage = new MemoryStorage(source('n', WITH_POSITIONS));
    const session = new SidecarSession(storage, 'a.txt', text);
    await session.load();
    session.replaceText(`عاجل. ${text.replace('في جنيف', 'في مكان ما')}`);
    const c = session.set.get('act1')!.conflict!;
    assert.deepEqual([c.theirs!.anchored, c.theirs!.quote], ['orphaned', 'جنيف']);
    assert.deepEqual([c.also![0].theirs!.start, c.also![0].theirs!.quote], [36 + 6, 'الجمعة']);
  });

  it('a conflict recorded on disk meets ours while we had changes pending: both kept', async () => {
    const storage = new MemoryStorage(source('n0', ''));
    const session = new SidecarSession(storage, 'a.txt', text);
    await session.load();
    // ours: a note and a conflict recorded here earlier (a merge), not yet written
    session.set.restore({ ...session.set.get('act1')!, note: 'note of main', conflict: { with: 'A', theirs: { note: 'note of A' } } });
    session.applyTextChanges([{ start: [...text].length, end: [...text].length, text: ' ' }], `${text} `);
    // meanwhile on disk (a colleague's merge): another note, with a conflict recorded there
    storage.content = source('note of C', '    conflict:\n      with: "D"\n      theirs:\n        note: "note of D"\n');
    await session.flush();
    const notes = [session.set.get('act1')!.note, ...conflictAlternatives(written(storage).annotations[0].conflict).map((x) => x.theirs?.note)];
    assert.deepEqual(new Set(notes), new Set(['note of main', 'note of A', 'note of D', 'note of C']));
  });
});
