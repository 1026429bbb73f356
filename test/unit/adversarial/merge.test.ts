// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Annotation } from '../../../src/core/model/annotation';
import { mergeAnnotations, sameAnnotation } from '../../../src/core/merge/merge';
import { heavyTimeout } from '../../support/timeouts';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { textSha256 } from '../../../src/core/text/textHash';
import { MemoryStorage } from '../../support/model';

const idArb = fc.constantFrom('a1', 'a2', 'a3', 'a4');
const annArb = (id: string) => fc.record({
  id: fc.constant(id),
  label: fc.constantFrom('claim' as const, 'actor' as const),
  start: fc.constantFrom(0, 5),
  end: fc.constantFrom(5, 9),
  quote: fc.constantFrom('q', 'r'),
  prefix: fc.constant(''), suffix: fc.constant(''),
  note: fc.option(fc.constantFrom('n1', 'n2'), { nil: undefined }),
  entity: fc.option(fc.constantFrom('e1'), { nil: undefined }),
  modified: fc.option(fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), { nil: undefined }),
}, { requiredKeys: ['id', 'label', 'start', 'end', 'quote', 'prefix', 'suffix'] }).map((a) => {
  const out: any = { ...a };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as Annotation;
});
const listArb = fc.uniqueArray(idArb, { maxLength: 4 }).chain((ids) => fc.tuple(...ids.map(annArb)) as fc.Arbitrary<Annotation[]>);
// ours/theirs derived from base by keep / change / delete, plus additions
const sideArb = (base: Annotation[]) => fc.tuple(
  fc.tuple(...base.map((a) => fc.oneof(fc.constant(a), annArb(a.id), fc.constant(undefined)))),
  fc.uniqueArray(fc.constantFrom('n5', 'n6'), { maxLength: 2 }).chain((ids) => fc.tuple(...ids.map(annArb))),
).map(([kept, added]) => [...(kept as (Annotation | undefined)[]).filter((a): a is Annotation => !!a), ...(added as Annotation[])]);

const byId = (l: readonly Annotation[]) => new Map(l.map((a) => [a.id, a]));
describe('adversarial: merge properties', function () {
  this.timeout(heavyTimeout(450));
  it('fast-forward: merge(base, base, theirs) is theirs without conflicts; merge(base, ours, base) is ours', () => {
    fc.assert(fc.property(listArb.chain((b) => fc.tuple(fc.constant(b), sideArb(b))), ([base, side]) => {
      const ff = mergeAnnotations(base, base, side);
      assert.deepEqual(ff.conflicts, []);
      assert.deepEqual([...byId(ff.annotations).keys()].sort(), side.map((a) => a.id).sort());
      for (const a of side) assert.ok(sameAnnotation(byId(ff.annotations).get(a.id), a), a.id);
      const mine = mergeAnnotations(base, side, base);
      assert.deepEqual(mine.conflicts, []);
      assert.deepEqual([...byId(mine.annotations).keys()].sort(), side.map((a) => a.id).sort());
      for (const a of side) { const { modified: _m, ...x } = byId(mine.annotations).get(a.id)!; const { modified: _n, ...y } = a; assert.deepEqual(x, y, a.id); }
    }), { numRuns: 3000 });
  });
  it('three-way: nothing lost, ours wins conflicts, conflicts only when both changed', () => {
    fc.assert(fc.property(listArb.chain((b) => fc.tuple(fc.constant(b), sideArb(b), sideArb(b))), ([base, ours, theirs]) => {
      const m = mergeAnnotations(base, ours, theirs);
      const r = byId(m.annotations), o = byId(ours), t = byId(theirs), b = byId(base);
      assert.equal(r.size, m.annotations.length, 'no duplicate ids');
      for (const id of new Set([...o.keys(), ...t.keys()])) {
        const [bo, oo, to] = [b.get(id), o.get(id), t.get(id)];
        const deletedCleanly = bo && ((!oo && sameAnnotation(bo, to)) || (!to && sameAnnotation(bo, oo)));
        if (!deletedCleanly) assert.ok(r.has(id), `${id} lost`);
        if (oo && to && r.has(id)) {
          // each field: if theirs unchanged -> ours
          for (const k of ['label', 'note', 'entity'] as const) {
            if (bo && bo[k] === to[k]) assert.equal(r.get(id)![k], oo[k], `${id}.${k} ours`);
            if (bo && bo[k] === oo[k]) assert.equal(r.get(id)![k], to[k], `${id}.${k} theirs`);
            if (oo[k] !== to[k] && bo && bo[k] !== oo[k] && bo[k] !== to[k]) {
              assert.equal(r.get(id)![k], oo[k], `${id}.${k}: both changed -> ours`);
              assert.ok(m.conflicts.includes(id), `${id}.${k}: conflict reported`);
            }
          }
        }
      }
    }), { numRuns: 5000 });
  });
});

describe('adversarial: merge, same id added on both sides', () => {
  it('ours wins and a conflict is reported', () => {
    const a = (note: string): Annotation => ({ id: 'x', label: 'claim', start: 0, end: 1, quote: 'q', prefix: '', suffix: '', note });
    const m = mergeAnnotations([], [a('ours')], [a('theirs')]);
    assert.equal(m.annotations[0].note, 'ours');
    assert.deepEqual(m.conflicts, ['x']);
  });
});

describe('adversarial: a session merging a change on disk records the conflict', () => {
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
