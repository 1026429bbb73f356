// Over 500 lines: the merge cases share the three-version fixtures at the top.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type Annotation, conflictAlternatives, recordedConflict } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import {
  type Registry,
  createEntity,
  mergeEntities,
  parseRegistry,
  serializeRegistry,
  updateEntity,
} from '../../../../src/core/entities/entityRegistry';
import {
  mapOntoText,
  mergeAnnotations,
  mergePublished,
  mergeRegistries,
  mergeSidecars,
} from '../../../../src/core/merge/merge';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { heavyTimeout } from '../../../support/timeouts';

const NOW = { now: '2026-11-29T12:00:00.000Z' };
describe('merge: whole sidecars', () => {
  const text = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة.\n';
  function sidecarOn(t: string, build: (set: AnnotationSet) => void) {
    const set = new AnnotationSet(t);
    build(set);
    const s = emptySidecar('a.txt');
    s.text.sha256 = textSha256(t);
    s.text.length = [...t].length;
    s.annotations = set.annotations;
    return s;
  }

  it('places every side on the merged article and describes it in text', () => {
    const base = sidecarOn(text, (set) => set.add('actor', 4, 10, NOW));
    const ours = {
      ...base,
      annotations: [...base.annotations, ...sidecarOn(text, (set) => set.add('date', 36, 42, NOW)).annotations],
    };
    const edited = `عاجل: ${text}`.replace('\n', '\r\n');
    const theirs = sidecarOn(edited, (set) => set.add('claim', 20, 37, NOW));
    theirs.annotations.push({ ...base.annotations[0], start: 10, end: 16, quote: 'لافروف', note: 'theirs' });
    const merged = mergeSidecars({
      base: { sidecar: base, text },
      ours: { sidecar: ours, text },
      theirs: { sidecar: theirs, text: edited },
      merged: edited,
    });
    assert.deepEqual(merged.conflicts, []);
    assert.deepEqual(merged.placement, { base: 'diff', ours: 'diff', theirs: 'same' });
    assert.equal(merged.sidecar.text.sha256, textSha256(edited));
    const points = [...edited];
    for (const a of merged.sidecar.annotations) assert.equal(points.slice(a.start, a.end).join(''), a.quote);
    assert.deepEqual(
      merged.sidecar.annotations.map((a) => a.quote).sort(),
      ['الجمعة', 'لافروف', 'المحادثات ستستأنف'].sort(),
    );
    assert.equal(merged.sidecar.annotations.find((a) => a.quote === 'لافروف')!.note, 'theirs');
    // the merged sidecar is valid and written like any other
    assert.ok(parseSidecar(serializeSidecar(merged.sidecar)).ok);
  });

  it('a side whose text is unknown is found again by quote; with no merged article, a mixed result leaves out sha256', () => {
    const base = sidecarOn(text, (set) => set.add('actor', 4, 10, NOW));
    const edited = `عاجل: ${text}`;
    const theirs = sidecarOn(edited, (set) => set.add('date', 42, 48, NOW));
    theirs.annotations.push({ ...base.annotations[0], start: 10, end: 16, note: 'theirs' });
    const merged = mergeSidecars({
      base: { sidecar: base },
      ours: { sidecar: base },
      theirs: { sidecar: theirs },
      merged: edited,
    });
    assert.deepEqual(merged.placement, { base: 'reanchored', ours: 'reanchored', theirs: 'same' });
    assert.deepEqual(merged.sidecar.annotations.map((a) => [a.quote, a.start]).sort(), [
      ['الجمعة', 42],
      ['لافروف', 10],
    ]);
    const unknown = mergeSidecars({ base: { sidecar: base }, ours: { sidecar: base }, theirs: { sidecar: theirs } });
    assert.equal(unknown.sidecar.text.sha256, undefined);
    assert.equal(unknown.sidecar.text.length, undefined);
    const same = mergeSidecars({ base: { sidecar: base }, ours: { sidecar: base }, theirs: { sidecar: base } });
    assert.equal(same.sidecar.text.sha256, base.text.sha256);
  });

  it('removed here, only re-anchored there (a status, or orphaned by their re-anchoring): gone, no conflict', () => {
    const base = sidecarOn(text, (set) => {
      set.add('actor', 4, 10, NOW);
      set.add('date', 36, 42, NOW);
    });
    const edited = `عاجل: ${text}`;
    const [actor, date] = base.annotations;
    const theirs = {
      ...base,
      text: { ...base.text, sha256: textSha256(edited), length: [...edited].length },
      annotations: [
        { ...actor, start: 10, end: 16, anchored: 'moved' as const },
        { ...date, start: 0, end: 0, anchored: 'orphaned' as const },
      ],
    };
    const ours = { ...base, annotations: [] };
    const merged = mergeSidecars({
      base: { sidecar: base, text },
      ours: { sidecar: ours, text },
      theirs: { sidecar: theirs, text: edited },
      merged: edited,
    });
    assert.deepEqual([merged.sidecar.annotations, merged.conflicts], [[], []]);
    // changed there (a note): kept, with removed: ours
    theirs.annotations[0] = { ...theirs.annotations[0], note: 'n' };
    const kept = mergeSidecars({
      base: { sidecar: base, text },
      ours: { sidecar: ours, text },
      theirs: { sidecar: theirs, text: edited },
      merged: edited,
    });
    assert.deepEqual(
      kept.sidecar.annotations.map((a) => [a.quote, a.conflict]),
      [['لافروف', { removed: 'ours' }]],
    );
  });

  it("the publication date: the analyst's over a guess, the side that changed it, else a recorded conflict", () => {
    const d = (date: string, guessed?: boolean) => (guessed ? { date, guessed } : { date });
    assert.deepEqual(mergePublished(d('2015-01-01', true), d('2015-12-16'), d('2015-01-02', true)), {
      published: d('2015-12-16'),
      conflict: false,
    });
    assert.deepEqual(mergePublished(undefined, d('2015-01-01', true), d('2015-01-02', true)), {
      published: d('2015-01-01', true),
      conflict: false,
    });
    assert.deepEqual(mergePublished(d('2015-12-16'), d('2015-12-16'), d('2015-12-17')), {
      published: d('2015-12-17'),
      conflict: false,
    });
    assert.deepEqual(mergePublished(d('2015-12-16'), d('2015-12-18'), d('2015-12-17'), 'x'), {
      published: { date: '2015-12-18', conflict: { with: 'x', theirs: { date: '2015-12-17' } } },
      conflict: true,
    });
    assert.deepEqual(mergePublished(undefined, undefined, d('2015-12-17')), {
      published: d('2015-12-17'),
      conflict: false,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// mergeRegistries

describe('merge: the entity registry', function () {
  this.timeout(heavyTimeout(1500));
  function base(): { registry: Registry; ids: string[] } {
    let registry: Registry = { entities: [] };
    const ids: string[] = [];
    for (const name of ['سيرغي لافروف', 'لافروف', 'جون كيري', 'بوتين', 'الأمم المتحدة']) {
      const made = createEntity(registry, { name, kind: 'person' });
      registry = made.registry;
      ids.push(made.entity.id);
    }
    return { registry, ids };
  }

  type Op =
    | { kind: 'alias'; e: number; alias: string }
    | { kind: 'rename'; e: number; name: string }
    | { kind: 'note'; e: number; note: string }
    | { kind: 'merge'; from: number; into: number }
    | { kind: 'create'; name: string }
    | { kind: 'remove'; e: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant('alias' as const),
      e: fc.nat(4),
      alias: fc.constantFrom('س. لافروف', 'كيري', 'Putin', 'UN'),
    }),
    fc.record({ kind: fc.constant('rename' as const), e: fc.nat(4), name: fc.constantFrom('الاسم أ', 'الاسم ب') }),
    fc.record({ kind: fc.constant('note' as const), e: fc.nat(4), note: fc.constantFrom('n1', 'n2') }),
    fc.record({ kind: fc.constant('merge' as const), from: fc.nat(4), into: fc.nat(4) }),
    fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom('جديد 1', 'جديد 2') }),
    fc.record({ kind: fc.constant('remove' as const), e: fc.nat(4) }),
  );
  function apply(registry: Registry, ids: string[], ops: Op[]): Registry {
    let r = registry;
    const has = (id: string) => r.entities.some((e) => e.id === id);
    for (const op of ops) {
      if (op.kind === 'create') r = createEntity(r, { name: op.name, kind: 'group' }).registry;
      else if (op.kind === 'remove') r = { entities: r.entities.filter((e) => e.id !== ids[op.e]) };
      else if (op.kind === 'merge') {
        if (op.from !== op.into && has(ids[op.from]) && has(ids[op.into]))
          r = mergeEntities(r, ids[op.from], ids[op.into]);
      } else if (has(ids[op.e])) {
        const e = r.entities.find((x) => x.id === ids[op.e])!;
        r = updateEntity(
          r,
          e.id,
          op.kind === 'alias'
            ? { aliases: [...e.aliases, op.alias] }
            : op.kind === 'rename'
              ? { name: op.name }
              : { note: op.note },
        );
      }
    }
    return r;
  }

  it('always a valid registry (unique ids across ids and replaces); no entity lost; every merged-away id still resolves', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 5 }), fc.array(opArb, { maxLength: 5 }), (oursOps, theirsOps) => {
        const { registry, ids } = base();
        const ours = apply(registry, ids, oursOps);
        const theirs = apply(registry, ids, theirsOps);
        const { registry: merged } = mergeRegistries(registry, ours, theirs, { with: 'x' });
        const parsed = parseRegistry(serializeRegistry(merged));
        assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
        const known = new Set(merged.entities.flatMap((e) => [e.id, ...(e.replaces ?? [])]));
        // without removals by hand, no id of either side is lost (merged-away ones stay under replaces)
        if (![...oursOps, ...theirsOps].some((op) => op.kind === 'remove')) {
          for (const side of [ours, theirs])
            for (const e of side.entities)
              for (const id of [e.id, ...(e.replaces ?? [])]) assert.ok(known.has(id), `${id} lost`);
        }
        // merging a registry with itself changes nothing
        assert.deepEqual(
          mergeRegistries(registry, ours, ours)
            .registry.entities.map((e) => e.id)
            .sort(),
          ours.entities.map((e) => e.id).sort(),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('aliases: added on both sides united, removed on one side removed', () => {
    const { registry, ids } = base();
    const ours = updateEntity(registry, ids[2], { aliases: ['كيري', 'John Kerry'] });
    const theirs = updateEntity(registry, ids[2], { aliases: ['كيري', 'وزير الخارجية'] });
    const once = mergeRegistries(registry, ours, theirs);
    assert.deepEqual(once.registry.entities.find((e) => e.id === ids[2])!.aliases, [
      'كيري',
      'John Kerry',
      'وزير الخارجية',
    ]);
    const removed = mergeRegistries(
      ours,
      updateEntity(ours, ids[2], { aliases: ['كيري'] }),
      updateEntity(ours, ids[2], { note: 'n' }),
    );
    assert.deepEqual(removed.registry.entities.find((e) => e.id === ids[2])!.aliases, ['كيري']);
    assert.deepEqual(once.conflicts, []);
  });
});

describe('merge: an earlier conflict through a text change', () => {
  it('their recorded position moves with the text like the annotation', () => {
    const text = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة.';
    const a: Annotation = {
      id: 'x',
      label: 'date',
      start: 36,
      end: 42,
      quote: 'الجمعة',
      prefix: '',
      suffix: '',
      conflict: { with: 'b', theirs: { start: 4, end: 10, quote: 'لافروف', note: 'n' } },
    };
    const after = `عاجل: ${text}`;
    const [moved] = mapOntoText([a], text, after);
    assert.deepEqual([moved.start, moved.end, moved.quote], [42, 48, 'الجمعة']);
    const t = moved.conflict!.theirs!;
    assert.deepEqual([t.start, t.end, t.quote, t.note, moved.conflict!.with], [10, 16, 'لافروف', 'n', 'b']);
    assert.equal([...after].slice(t.start!, t.end!).join(''), t.quote);
  });
});

describe('merge: the entity registry, merged entities', () => {
  function reg(): { registry: Registry; ids: string[] } {
    let registry: Registry = { entities: [] };
    const ids: string[] = [];
    for (const name of ['سيرغي لافروف', 'لافروف', 'بوتين']) {
      const made = createEntity(registry, { name, kind: 'person' });
      registry = made.registry;
      ids.push(made.entity.id);
    }
    return { registry, ids };
  }

  it('merged into on one side, removed by hand on the other: the merged-away id still resolves', () => {
    const { registry, ids } = reg();
    const ours = mergeEntities(registry, ids[1], ids[0]);
    const theirs = { entities: registry.entities.filter((e) => e.id !== ids[1]) };
    for (const [o, t] of [
      [ours, theirs],
      [theirs, ours],
    ]) {
      const merged = mergeRegistries(registry, o, t).registry;
      assert.deepEqual(merged.entities.find((e) => e.id === ids[0])!.replaces, [ids[1]]);
      assert.equal(
        merged.entities.some((e) => e.id === ids[1]),
        false,
      );
    }
  });

  it('a chain: ours merged A into B, theirs merged B into C: C replaces both, on either side', () => {
    const { registry, ids } = reg();
    const ours = mergeEntities(registry, ids[1], ids[0]);
    const theirs = mergeEntities(registry, ids[0], ids[2]);
    for (const [o, t] of [
      [ours, theirs],
      [theirs, ours],
    ]) {
      const merged = mergeRegistries(registry, o, t);
      assert.deepEqual(
        merged.registry.entities.map((e) => e.id),
        [ids[2]],
      );
      assert.deepEqual([...merged.registry.entities[0].replaces!].sort(), [ids[0], ids[1]].sort());
      assert.ok(
        merged.registry.entities[0].aliases.includes('لافروف') &&
          merged.registry.entities[0].aliases.includes('سيرغي لافروف'),
      );
      assert.ok(parseRegistry(serializeRegistry(merged.registry)).ok);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Recorded conflicts met again by later merges (adversarial review, finding 3): nothing recorded
// is dropped; every unresolved alternative stays, in `also`.

describe('merge: conflicts recorded before are kept (several alternatives)', function () {
  this.timeout(heavyTimeout(1500)); // 3,000 fast-check runs
  const at = (note: string, conflict?: Annotation['conflict']): Annotation => {
    const a: Annotation = { id: 'k', label: 'actor', start: 0, end: 5, quote: 'abcde', prefix: '', suffix: '', note };
    if (conflict) a.conflict = conflict;
    return a;
  };
  const notesOf = (a: Annotation | undefined) =>
    a ? [a.note, ...conflictAlternatives(a.conflict).map((c) => c.theirs?.note)] : [];

  it("sequential: main recorded A's note, then merges B (which changed it too): A's and B's notes both kept, A first", () => {
    const ours = at('note of main', { with: 'A', theirs: { note: 'note of A' } });
    const m = mergeAnnotations([at('n0')], [ours], [at('note of B')], { with: 'B' });
    assert.deepEqual(m.annotations[0].conflict, {
      with: 'A',
      theirs: { note: 'note of A' },
      also: [{ with: 'B', theirs: { note: 'note of B' } }],
    });
    assert.deepEqual(m.conflicts, ['k']);
  });

  it("crossed: C recorded D's note and main recorded A's; main merges C: A's, D's and C's notes all kept", () => {
    const ours = at('note of main', { with: 'A', theirs: { note: 'note of A' } });
    const theirs = at('note of C', { with: 'D', theirs: { note: 'note of D' } });
    const m = mergeAnnotations([at('n0')], [ours], [theirs], { with: 'C' });
    assert.deepEqual(notesOf(m.annotations[0]), ['note of main', 'note of A', 'note of D', 'note of C']);
    // the other way round (C merges main): the same four
    assert.deepEqual(
      new Set(notesOf(mergeAnnotations([at('n0')], [theirs], [ours], { with: 'main' }).annotations[0])),
      new Set(notesOf(m.annotations[0])),
    );
  });

  it('an alternative resolved on one side goes; one still open there stays; repeats and settled ones are left out', () => {
    const base = at('n0', { with: 'A', theirs: { note: 'note of A' } });
    // theirs resolved A's (took ours): gone, also from ours, which still had it
    assert.equal(mergeAnnotations([base], [at('n0', base.conflict)], [at('n0')]).annotations[0].conflict, undefined);
    // theirs took A's note: their note is taken (ours unchanged), and A's alternative goes
    const took = mergeAnnotations([base], [base], [at('note of A')]);
    assert.deepEqual(
      [took.annotations[0].note, took.annotations[0].conflict, took.conflicts],
      ['note of A', undefined, []],
    );
    // both sides still have it and each added one: A once, then ours', then theirs'
    const o = at('n0', {
      with: 'A',
      theirs: { note: 'note of A' },
      also: [{ with: 'B', theirs: { note: 'note of B' } }],
    });
    const t = at('n0', {
      with: 'A',
      theirs: { note: 'note of A' },
      also: [{ with: 'C', theirs: { note: 'note of C' } }],
    });
    assert.deepEqual(
      conflictAlternatives(mergeAnnotations([base], [o], [t]).annotations[0].conflict).map((c) => c.with),
      ['A', 'B', 'C'],
    );
    // an alternative asking for what the merged annotation has is left out
    const settled = mergeAnnotations([at('n0')], [at('y')], [at('n0', { with: 'B', theirs: { note: 'y' } })]);
    assert.deepEqual([settled.annotations[0].note, settled.annotations[0].conflict], ['y', undefined]);
  });

  it('removals: a removal recorded there is theirs here; one recorded now follows those recorded before', () => {
    // theirs (branch C) removed it while D changed it: C's version kept there with removed: ours; here it is theirs'
    // proposal
    const theirs = at('note of D', { with: 'D', removed: 'ours' });
    const m = mergeAnnotations([at('n0')], [at('note of main')], [theirs], { with: 'C' });
    assert.deepEqual(m.annotations[0].conflict, {
      with: 'C',
      removed: 'theirs',
      also: [{ with: 'C', theirs: { note: 'note of D' } }],
    });
    // ours recorded A's note; theirs removes the annotation: both kept
    const ours = at('note of main', { with: 'A', theirs: { note: 'note of A' } });
    const r = mergeAnnotations([at('n0')], [ours], [], { with: 'B' });
    assert.deepEqual(r.annotations[0].conflict, {
      with: 'A',
      theirs: { note: 'note of A' },
      also: [{ with: 'B', removed: 'theirs' }],
    });
    // ours removed it; theirs recorded A's note and changed it: theirs' version, A's alternative, and ours' removal
    const t2 = at('note of B', { with: 'A', theirs: { note: 'note of A' } });
    const r2 = mergeAnnotations([at('n0')], [], [t2], { with: 'B' });
    assert.deepEqual(r2.annotations[0].conflict, {
      with: 'A',
      theirs: { note: 'note of A' },
      also: [{ with: 'B', removed: 'ours' }],
    });
    // a new annotation of theirs with a conflict recorded there: kept, and said
    const added = mergeAnnotations([], [], [t2], { with: 'B' });
    assert.deepEqual([added.annotations[0].conflict, added.conflicts], [t2.conflict, ['k']]);
  });

  it('the publication date and registry entities keep theirs too', () => {
    const p = mergePublished(
      { date: '2015-12-16' },
      { date: '2015-12-18', conflict: { with: 'A', theirs: { date: '2015-12-19' } } },
      { date: '2015-12-17' },
      'B',
    );
    assert.deepEqual(p, {
      published: {
        date: '2015-12-18',
        conflict: { with: 'A', theirs: { date: '2015-12-19' }, also: [{ with: 'B', theirs: { date: '2015-12-17' } }] },
      },
      conflict: true,
    });
    // the same date on both sides, a conflict recorded on theirs only: kept (it was dropped before)
    const same = mergePublished(
      { date: '2015-12-16' },
      { date: '2015-12-16' },
      { date: '2015-12-16', conflict: { with: 'D', theirs: { date: '2015-12-20' } } },
    );
    assert.deepEqual(same.published!.conflict, { with: 'D', theirs: { date: '2015-12-20' } });
    const e = (note: string, conflict?: Registry['entities'][number]['conflict']) => ({
      id: 'e',
      name: 'X',
      kind: 'person' as const,
      aliases: [],
      note,
      ...(conflict ? { conflict } : {}),
    });
    const reg = mergeRegistries(
      { entities: [e('n0')] },
      { entities: [e('main', { with: 'A', theirs: { note: 'A' } })] },
      { entities: [e('C', { with: 'D', theirs: { note: 'D' } })] },
      { with: 'C' },
    );
    assert.deepEqual(
      conflictAlternatives(reg.registry.entities[0].conflict).map((c) => c.theirs?.note),
      ['A', 'D', 'C'],
    );
    assert.deepEqual(reg.conflicts, ['e']);
    assert.ok(parseRegistry(serializeRegistry(reg.registry)).ok);
  });

  it('nothing recorded is dropped (property): every alternative open on either side is in the merge, or asks for nothing new', () => {
    const alternative = fc.oneof(
      fc
        .record({ with: fc.constantFrom('A', 'B', 'C'), note: fc.constantFrom('x1', 'x2', 'x3', 'n0') })
        .map(({ with: w, note }) => ({ with: w, theirs: { note } })),
      fc.constantFrom('A', 'B').map((w) => ({ with: w, removed: 'theirs' as const })),
    );
    const conflictArb = fc.array(alternative, { maxLength: 3 }).map((list) => recordedConflict(list));
    const version = fc
      .record({ note: fc.constantFrom('n0', 'n1', 'n2', 'x1'), conflict: conflictArb })
      .map(({ note, conflict }) => at(note, conflict));
    const sideOf = (base: Annotation) => fc.oneof(fc.constant(base), version, fc.constant(undefined));
    const three = version.chain((base) => fc.tuple(sideOf(base), sideOf(base)).map(([o, t]) => ({ base, o, t })));
    fc.assert(
      fc.property(three, ({ base, o, t }) => {
        const m = mergeAnnotations([base], o ? [o] : [], t ? [t] : [], { with: 'T' });
        const merged = m.annotations[0];
        const keys = (c: Annotation['conflict']) =>
          new Set(
            conflictAlternatives(c).map((x) =>
              JSON.stringify([x.with, x.removed ? 'r' : null, x.theirs?.note ?? null]),
            ),
          );
        const [inBase, inOurs, inTheirs] = [keys(base.conflict), keys(o?.conflict), keys(t?.conflict)];
        const open = [...inOurs]
          .filter((k) => !inBase.has(k) || inTheirs.has(k))
          .concat([...inTheirs].filter((k) => !inBase.has(k)));
        if (!merged) {
          // removed on one side, left as it was on the other: nothing new was recorded there
          assert.ok(
            open.every((k) => inBase.has(k)),
            'an annotation with a new alternative is never dropped',
          );
          return;
        }
        const got = [...keys(merged.conflict)].map((k) => JSON.parse(k) as [string, string | null, string | null]);
        for (const k of open) {
          const [w, removed, note] = JSON.parse(k) as [string, string | null, string | null];
          const kept = got.some(
            ([gw, gr, gn]) => gn === note && (gr === null) === (removed === null) && (gw === w || removed !== null),
          );
          assert.ok(
            kept || (removed === null && note === merged.note),
            `alternative ${k} dropped: ${JSON.stringify(merged)}`,
          );
        }
        assert.ok(parseSidecar(serializeSidecar({ ...emptySidecar('a.txt'), annotations: m.annotations })).ok);
      }),
      { numRuns: 3000 },
    );
  });

  it('their recorded positions, first and further, move with the text; beyond the text: orphaned, never a crash', () => {
    const text = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة.';
    const a: Annotation = {
      id: 'x',
      label: 'date',
      start: 36,
      end: 42,
      quote: 'الجمعة',
      prefix: '',
      suffix: '',
      conflict: {
        with: 'b',
        theirs: { start: 4, end: 10, quote: 'لافروف' },
        also: [
          { with: 'c', theirs: { start: 14, end: 23, quote: 'المحادثات', note: 'n' } },
          { with: 'd', theirs: { start: 3000, end: 3004, quote: 'كيري' } },
        ],
      },
    };
    const after = `عاجل: ${text}`;
    const [moved] = mapOntoText([a], text, after);
    const positions = conflictAlternatives(moved.conflict).map((c) => [
      c.theirs!.start,
      c.theirs!.end,
      c.theirs!.quote,
      c.theirs!.anchored,
    ]);
    assert.deepEqual(positions, [
      [10, 16, 'لافروف', undefined],
      [20, 29, 'المحادثات', undefined],
      [[...after].length, [...after].length, 'كيري', 'orphaned'],
    ]);
    assert.equal(moved.conflict!.also![0].theirs!.note, 'n');
  });
});

describe('merge: field by field', () => {
  it('merges field by field and reports only real conflicts', () => {
    const base = { id: 'a', label: 'actor' as const, start: 0, end: 3, quote: 'abc', prefix: '', suffix: '' };
    const ours = { ...base, note: 'ours', start: 5, end: 8 };
    const theirs = { ...base, entity: 'E', label: 'claim' as const };
    const merged = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(merged.conflicts, []);
    assert.deepEqual(merged.annotations[0], { ...base, start: 5, end: 8, note: 'ours', entity: 'E', label: 'claim' });
    const both = mergeAnnotations([base], [{ ...base, note: 'x' }], [{ ...base, note: 'y' }]);
    assert.deepEqual([both.conflicts, both.annotations[0].note], [['a'], 'x']);
    const deletedChanged = mergeAnnotations([base], [], [{ ...base, note: 'kept' }]);
    assert.equal(deletedChanged.annotations[0].note, 'kept', 'deleted here, changed there: kept');
    assert.deepEqual(mergeAnnotations([base], [], [base]).annotations, [], 'deleted here, unchanged there: gone');
  });
});

describe('merge: the same id added on both sides', () => {
  it('ours wins and a conflict is reported', () => {
    const a = (note: string): Annotation => ({
      id: 'x',
      label: 'claim',
      start: 0,
      end: 1,
      quote: 'q',
      prefix: '',
      suffix: '',
      note,
    });
    const m = mergeAnnotations([], [a('ours')], [a('theirs')]);
    assert.equal(m.annotations[0].note, 'ours');
    assert.deepEqual(m.conflicts, ['x']);
  });
});
