import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { serializeSidecar } from '../../../../src/core/format/sidecar';
import {
  DiskCopy, type DiskRead, type ReadContext, Unreadable, mergeWithDisk, readKept, readSidecarFor, settleRead, sidecarOf,
} from '../../../../src/core/session/diskSync';
import { MemoryStorage, TEST_PROVENANCE } from '../../../support/model';

const TEXT = 'قال الوزير إن الاجتماع كان مثمرا';

function context(text = TEXT): ReadContext {
  return { text, schema: NEWS_PRESET, fileName: 'a.txt', formerNames: new Set(), published: undefined };
}

function sidecarWith(text: string, build: (set: AnnotationSet) => void): string {
  const set = new AnnotationSet(text);
  build(set);
  return serializeSidecar(sidecarOf('a.txt', set, undefined));
}

describe('core/session/diskSync', () => {
  it('reads a sidecar against its text, and another article\'s as a problem at text.file', () => {
    const source = sidecarWith(TEXT, (set) => set.add('actor', 4, 10, TEST_PROVENANCE));
    const read = readSidecarFor(source, context());
    assert.ok(read.ok);
    assert.deepEqual(read.annotations.map((a) => [a.start, a.end, a.quote]), [[4, 10, 'الوزير']]);
    assert.equal(read.reanchored, undefined);
    const other = readSidecarFor(source, { ...context(), fileName: 'b.txt' });
    assert.ok(!other.ok);
    assert.match(other.problems[0].message, /a\.txt/);
    assert.deepEqual(readSidecarFor(undefined, context()), { ok: true, raw: [], annotations: [], orphaned: [] });
  });

  it('counts how annotations were found again in a changed text', () => {
    const source = sidecarWith(TEXT, (set) => set.add('actor', 4, 10, TEST_PROVENANCE));
    const read = readSidecarFor(source, context(`عاجل: ${TEXT}`));
    assert.ok(read.ok);
    assert.deepEqual(read.reanchored, { exact: 0, moved: 1, fuzzy: 0, orphaned: 0 });
    assert.equal(read.annotations[0].start, 10);
  });

  it('merges our unwritten annotations with theirs by id against the base', () => {
    const set = new AnnotationSet(TEXT);
    const a = set.add('actor', 4, 10, TEST_PROVENANCE);
    const base = set.annotations;
    const ours = [{ ...a, note: 'ours' }];
    const theirs = [{ ...a, entity: 'الوزير' }];
    const merged = mergeWithDisk(base, ours, { raw: theirs, annotations: theirs });
    assert.deepEqual(merged.conflicts, []);
    assert.equal(merged.annotations[0].note, 'ours');
    assert.equal(merged.annotations[0].entity, 'الوزير');
  });

  it('refuses kept changes that are not a sidecar', () => {
    assert.throws(() => readKept('version: [', TEXT, NEWS_PRESET), /kept changes are not a valid sidecar/);
  });

  it('reads a file that does not parse again until it stays the same', async () => {
    const reads: DiskRead[] = ['half', 'half', 'whole'];
    const taken: DiskRead[] = [];
    const found = await settleRead('broken', async () => reads.shift(), {
      skip: () => false,
      take: (source) => { taken.push(source); return source === 'whole'; },
      stayed: () => assert.fail('it changed'),
    });
    assert.equal(found, 'whole');
    assert.deepEqual(taken, ['broken', 'half', 'whole']);
    let stayed = 0;
    await settleRead('x', async () => 'x', { skip: () => false, take: () => false, stayed: () => stayed++ });
    assert.equal(stayed, 1);
  });

  it('writes by compare-and-swap and reports what the file holds when it changed', async () => {
    const storage = new MemoryStorage();
    const disk = new DiskCopy(storage);
    const set = new AnnotationSet(TEXT);
    set.add('actor', 4, 10, TEST_PROVENANCE);
    assert.deepEqual(await disk.write(sidecarOf('a.txt', set, undefined), undefined), { written: true });
    assert.equal(disk.source, storage.content);
    assert.equal(disk.base, storage.content);
    const written = disk.source;
    storage.content = 'changed by someone else';
    set.add('claim', 14, 32, TEST_PROVENANCE);
    const outcome = await disk.write(sidecarOf('a.txt', set, undefined), written);
    assert.deepEqual(outcome, { written: false, current: 'changed by someone else' });
    assert.equal(disk.source, written);
  });

  it('turns read errors into Unreadable', async () => {
    const disk = new DiskCopy({ read: async () => { throw new Error('EACCES'); }, write: async () => undefined });
    const read = await disk.read();
    assert.ok(read instanceof Unreadable);
    assert.equal(read.problem.message, 'EACCES');
  });
});
