import { strict as assert } from 'node:assert';
import { type Sidecar, parseSidecar, serializeSidecar, writeSidecar } from '../../../../src/core/format/sidecar';
import { mergeSidecars } from '../../../../src/core/merge/merge';
import { SidecarSession } from '../../../../src/core/session/sidecarSession';
import { MemoryStorage } from '../../../support/model';

const OLD = [
  '# hand comment',
  'version: 1',
  'text:',
  '  file: "a.txt"',
  '  unit: "codepoint"',
  'annotations:',
  '  - id: "a1"',
  '    label: "actor"',
  '    start: 0',
  '    end: 3',
  '    quote: "abc"',
  '    prefix: ""',
  '    suffix: ""',
  '',
].join('\n');

describe('sidecar: the article status', () => {
  it('round-trips status with who and when, between published and annotations', () => {
    const parsed = parseSidecar(OLD);
    assert.ok(parsed.ok);
    const sidecar: Sidecar = {
      ...parsed.sidecar,
      status: { value: 'needs-review', by: 'سلمى', at: '2026-12-03T10:00:00.000Z' },
    };
    const source = serializeSidecar(sidecar, OLD);
    assert.match(source, /^# hand comment/);
    assert.match(source, /unit: "codepoint"\nstatus:\n {2}value: "needs-review"\n {2}by: "سلمى"\n {2}at: "2026-12-03T10:00:00.000Z"\nannotations:/);
    const again = parseSidecar(source);
    assert.ok(again.ok);
    assert.deepEqual(again.sidecar.status, sidecar.status);
    assert.equal(serializeSidecar(again.sidecar, source), source);
  });

  it('an older sidecar without status is written byte for byte as it was', () => {
    const parsed = parseSidecar(OLD);
    assert.ok(parsed.ok);
    assert.equal(parsed.sidecar.status, undefined);
    assert.equal(writeSidecar(parsed.sidecar, OLD).source, OLD);
  });

  it('a status that is not one of the five is an error at its line and column', () => {
    const bad = OLD.replace('annotations:', 'status:\n  value: "finished"\nannotations:');
    const parsed = parseSidecar(bad);
    assert.ok(!parsed.ok);
    assert.equal(parsed.problems[0]!.line, 7);
    assert.equal(parsed.problems[0]!.column, 10);
    const noValue = parseSidecar(OLD.replace('annotations:', 'status:\n  by: "x"\nannotations:'));
    assert.ok(!noValue.ok);
  });

  it('merges: the side that changed it; both: the later one, no conflict recorded', () => {
    const parsed = parseSidecar(OLD);
    assert.ok(parsed.ok);
    const base = parsed.sidecar;
    const ours: Sidecar = { ...base, status: { value: 'done', by: 'A', at: '2026-12-03T10:00:00Z' } };
    const theirs: Sidecar = { ...base, status: { value: 'needs-review', by: 'B', at: '2026-12-03T12:00:00Z' } };
    assert.deepEqual(mergeSidecars({ base: { sidecar: base }, ours: { sidecar: ours }, theirs: { sidecar: base } })
      .sidecar.status, ours.status);
    const both = mergeSidecars({ base: { sidecar: base }, ours: { sidecar: ours }, theirs: { sidecar: theirs } });
    assert.deepEqual(both.sidecar.status, theirs.status);
    assert.deepEqual(both.conflicts, []);
  });

  it('the session sets a status, creating the sidecar of an article that has none, and keeps it', async () => {
    const storage = new MemoryStorage();
    const session = new SidecarSession(storage, 'a.txt', 'abc def');
    await session.load();
    await session.setStatus({ value: 'done', by: 'Salma', at: '2026-12-03T10:00:00.000Z' });
    assert.equal(storage.writes, 1);
    const written = parseSidecar(storage.content!);
    assert.ok(written.ok);
    assert.deepEqual(written.sidecar.status, { value: 'done', by: 'Salma', at: '2026-12-03T10:00:00.000Z' });
    // an annotation later keeps the status; a status set on disk meanwhile is taken in
    await session.add('actor', 0, 3, { author: 'Salma', now: '2026-12-03T10:01:00.000Z' });
    const after = parseSidecar(storage.content!);
    assert.ok(after.ok && after.sidecar.status?.value === 'done');
    storage.content = storage.content!.replace('value: "done"', 'value: "needs-review"');
    await session.add('claim', 4, 7, { author: 'Salma', now: '2026-12-03T10:02:00.000Z' });
    assert.equal(session.status?.value, 'needs-review');
    assert.match(storage.content!, /value: "needs-review"/);
  });
});
