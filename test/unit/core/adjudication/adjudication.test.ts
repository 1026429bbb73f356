import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { mergeAnnotations } from '../../../../src/core/merge/merge';
import type { Annotation } from '../../../../src/core/model/annotation';
import {
  type AnnotatorVersion, alignAnnotators, annotatorNames, applyGoldChange, decide, goldOfItem, openItems,
  prefillUnanimous,
} from '../../../../src/core/adjudication/adjudication';
import { cpSpan } from '../../../support/model';

// emoji (one code point, two UTF-16 units), a flag (two code points) and CR LF (two code points)
const TEXT = '😀 قال وزير الخارجية 🇸🇾\r\nسيرغي لافروف يوم الخميس إن «الحكومة ستخفض الضرائب» 😀';

/** An annotation of `label` on the `nth` occurrence of `needle` in TEXT (code points), with `extra`. */
function ann(id: string, label: string, needle: string, extra: Partial<Annotation> = {}): Annotation {
  const [start, end] = cpSpan(TEXT, needle);
  return { id, label, start, end, quote: needle, prefix: '', suffix: '', ...extra };
}

const v = (name: string, annotations: Annotation[]): AnnotatorVersion => ({ name, annotations });

/** A gold annotation's adjudication record without `versions` (what it names is checked where it matters). */
function record(g: Annotation): Omit<NonNullable<Annotation['adjudication']>, 'versions'> | undefined {
  if (!g.adjudication) return undefined;
  const { versions: _versions, ...rest } = g.adjudication;
  return rest;
}

describe('adjudication: aligning annotators', () => {
  it('identical versions (other ids, authors and notes): every item unanimous, relations by span', () => {
    const a = v('alice', [
      ann('a1', 'actor', 'سيرغي لافروف', { entity: 'lavrov', author: 'alice' }),
      ann('a2', 'claim', 'الحكومة ستخفض الضرائب', { speaker: 'a1', stance: 'asserts' }),
    ]);
    const b = v('bob', [
      ann('b7', 'claim', 'الحكومة ستخفض الضرائب', { speaker: 'b9', stance: 'asserts', note: 'mine' }),
      ann('b9', 'actor', 'سيرغي لافروف', { entity: 'lavrov', author: 'bob' }),
    ]);
    const al = alignAnnotators([a, b]);
    assert.deepEqual(al.items.map((i) => i.status), ['unanimous', 'unanimous']);
    assert.deepEqual(openItems(al), []);
    // code points: the emoji and the flag count 1 and 2, CR LF 2
    assert.equal(al.items[0].start, [...TEXT].indexOf('س'));
    assert.equal(al.items[0].start, 24);
  });

  it('boundary, label, entity, speaker and one-only are told apart', () => {
    const a = v('alice', [
      ann('a1', 'actor', 'وزير الخارجية', { entity: 'lavrov' }),
      ann('a2', 'actor', 'سيرغي لافروف'),
      ann('a3', 'claim', 'الحكومة ستخفض الضرائب', { speaker: 'a1' }),
      ann('a4', 'date', 'يوم الخميس'),
    ]);
    const b = v('bob', [
      ann('b1', 'actor', 'وزير الخارجية 🇸🇾', { entity: 'kerry' }),
      ann('b2', 'date', 'سيرغي لافروف'),
      ann('b3', 'claim', 'الحكومة ستخفض الضرائب', { speaker: 'b1' }),
      ann('b5', 'claim', '😀 قال'),
    ]);
    const al = alignAnnotators([a, b]);
    const byQuote = (q: string) => al.items.find((i) => i.versions.some((x) => x?.quote === q))!;
    assert.deepEqual(byQuote('وزير الخارجية').kinds, ['boundary', 'entity']);
    assert.deepEqual(byQuote('سيرغي لافروف').kinds, ['label']);
    // the speakers are the same item (the minister), though their spans differ: no speaker difference
    assert.equal(byQuote('الحكومة ستخفض الضرائب').status, 'unanimous');
    assert.deepEqual([byQuote('يوم الخميس').status, byQuote('يوم الخميس').kinds], ['some', ['missing']]);
    assert.deepEqual(byQuote('😀 قال').versions.map((x) => x?.id), [undefined, 'b5']);
    assert.equal(openItems(al).length, 4);
  });

  it('a speaker pointing at another span is a speaker difference', () => {
    const a = v('A', [ann('x', 'actor', 'وزير الخارجية'), ann('y', 'actor', 'سيرغي لافروف'),
      ann('c', 'claim', 'الحكومة ستخفض الضرائب', { speaker: 'x' })]);
    const b = v('B', [ann('x', 'actor', 'وزير الخارجية'), ann('y', 'actor', 'سيرغي لافروف'),
      ann('c', 'claim', 'الحكومة ستخفض الضرائب', { speaker: 'y' })]);
    const al = alignAnnotators([a, b]);
    const claim = al.items.find((i) => i.versions[0]?.label === 'claim')!;
    assert.deepEqual([claim.status, claim.kinds], ['disagreement', ['speaker']]);
  });
});

describe('adjudication: deciding into gold', () => {
  it('prefills the unanimous, then takes A, B, both and neither; records status and from', () => {
    const a = v('alice', [
      ann('a1', 'actor', 'سيرغي لافروف'),
      ann('a2', 'date', 'يوم الخميس', { value: '2015-12-17' }),
      ann('a3', 'claim', 'الحكومة ستخفض الضرائب'),
      ann('a4', 'actor', 'وزير الخارجية'),
    ]);
    const b = v('bob', [
      ann('a1', 'actor', 'سيرغي لافروف'),
      ann('b2', 'date', 'الخميس', { value: '2015-12-17' }),
      ann('b3', 'claim', 'ستخفض الضرائب'),
    ]);
    const al = alignAnnotators([a, b]);
    let gold = prefillUnanimous(al, []);
    assert.deepEqual(gold.map((g) => [g.id, record(g)]), [
      ['a1', { status: 'unanimous', from: ['alice', 'bob'] }],
    ]);
    const [date, claim, minister] = openItems(al).sort((x, y) => x.start - y.start)
      .sort((x, y) => (x.versions[0]?.label ?? '').localeCompare(y.versions[0]?.label ?? '')).reverse();
    assert.equal(date.versions[0]?.label, 'date');
    gold = applyGoldChange(gold, decide(al, gold, date.index, { take: [1] }));
    gold = applyGoldChange(gold, decide(al, gold, claim.index, { take: [0, 1] }));
    gold = applyGoldChange(gold, decide(al, gold, minister.index, { take: [] }));
    assert.deepEqual(gold.map((g) => [g.id, g.quote, record(g)]), [
      ['a1', 'سيرغي لافروف', { status: 'unanimous', from: ['alice', 'bob'] }],
      ['b2', 'الخميس', { status: 'adjudicated', from: ['bob'], decision: 'take' }],
      ['a3', 'الحكومة ستخفض الضرائب', { status: 'adjudicated', from: ['alice'], decision: 'both' }],
      ['b3', 'ستخفض الضرائب', { status: 'adjudicated', from: ['bob'], decision: 'both' }],
    ].sort((x, y) => TEXT.indexOf(x[1] as string) - TEXT.indexOf(y[1] as string)));
    // deciding again replaces the earlier decision
    gold = applyGoldChange(gold, decide(al, gold, date.index, { take: [0] }));
    assert.deepEqual(goldOfItem(date, gold).map((g) => [g.id, g.quote]), [['a2', 'يوم الخميس']]);
  });

  it('a gold that had annotations before (the article\'s own sidecar): never the same span twice, ids kept', () => {
    const a = v('alice', [ann('a1', 'actor', 'سيرغي لافروف'), ann('a2', 'actor', 'وزير الخارجية')]);
    const b = v('bob', [ann('b1', 'actor', 'سيرغي لافروف')]);
    const al = alignAnnotators([a, b]);
    const own = [
      ann('g1', 'actor', 'سيرغي لافروف', { entity: 'old' }),
      ann('g2', 'actor', 'وزير الخارجية'),
      ann('g3', 'claim', 'الحكومة ستخفض الضرائب', { speaker: 'g2' }),
    ];
    let gold = prefillUnanimous(al, own);
    assert.deepEqual(gold.map((g) => [g.id, g.quote, g.entity, g.adjudication?.status]), [
      ['g2', 'وزير الخارجية', undefined, undefined],
      ['g1', 'سيرغي لافروف', undefined, 'unanimous'],
      ['g3', 'الحكومة ستخفض الضرائب', undefined, undefined],
    ].sort((x, y) => TEXT.indexOf(x[1] as string) - TEXT.indexOf(y[1] as string)));
    // neither on the minister: the annotation there goes, and the claim's speaker with it
    const [minister] = openItems(al);
    gold = applyGoldChange(gold, decide(al, gold, minister.index, { take: [] }));
    assert.deepEqual(gold.map((g) => g.id).sort(), ['g1', 'g3']);
    assert.equal(gold.find((g) => g.id === 'g3')!.speaker, undefined);
    // taking A there puts A's version back (under A's id: the one before is gone)
    gold = applyGoldChange(gold, decide(al, gold, minister.index, { take: [0] }));
    assert.deepEqual(gold.filter((g) => g.quote === 'وزير الخارجية').map((g) => g.id), ['a2']);
  });

  it('three annotators: taking A names everyone with the same version; ids already in gold are not reused', () => {
    const mk = (name: string, end: string) => v(name, [ann('same', 'actor', end)]);
    const al = alignAnnotators([mk('A', 'وزير الخارجية'), mk('B', 'وزير الخارجية 🇸🇾'), mk('C', 'وزير الخارجية')]);
    assert.deepEqual([al.items.length, al.items[0].variants, al.items[0].kinds], [1, [0, 1, 0], ['boundary']]);
    let gold = applyGoldChange([], decide(al, [], 0, { take: [0] }));
    assert.deepEqual(gold[0].adjudication, { status: 'adjudicated', from: ['A', 'C'], decision: 'take', versions: ['A:same', 'C:same'] });
    gold = applyGoldChange(gold, decide(al, gold, 0, { take: [0, 1, 2] }));
    assert.equal(gold.length, 2);
    assert.deepEqual(gold.map((g) => g.adjudication?.from), [['B'], ['A', 'C']]);
    assert.equal(new Set(gold.map((g) => g.id)).size, 2);
    assert.throws(() => decide(al, gold, 0, { take: [5] }), RangeError);
  });

  it('relations are remapped to gold ids: a claim from B points at the actor taken from A', () => {
    const a = v('A', [ann('ax', 'actor', 'وزير الخارجية'), ann('ac', 'claim', 'الحكومة ستخفض الضرائب',
      { stance: 'asserts', speaker: 'ax' })]);
    const b = v('B', [ann('bx', 'actor', 'وزير الخارجية 🇸🇾'), ann('bc', 'claim', 'الحكومة ستخفض الضرائب',
      { stance: 'denies', speaker: 'bx' })]);
    const al = alignAnnotators([a, b]);
    const actor = al.items.find((i) => i.versions[0]?.label === 'actor')!;
    const claim = al.items.find((i) => i.versions[0]?.label === 'claim')!;
    assert.deepEqual(claim.kinds, ['stance']);
    // the claim first: its speaker's item has no gold yet, so no speaker for now
    let gold = applyGoldChange([], decide(al, [], claim.index, { take: [1] }));
    assert.equal(gold[0].speaker, undefined);
    // then the actor from A: the claim taken from B is linked to it
    gold = applyGoldChange(gold, decide(al, gold, actor.index, { take: [0] }));
    const goldClaim = gold.find((g) => g.label === 'claim')!;
    assert.deepEqual([goldClaim.id, goldClaim.stance, goldClaim.speaker], ['bc', 'denies', 'ax']);
    // neither for the actor: the relation goes
    gold = applyGoldChange(gold, decide(al, gold, actor.index, { take: [] }));
    assert.equal(gold.find((g) => g.label === 'claim')!.speaker, undefined);
    // the edited decision
    gold = applyGoldChange(gold, decide(al, gold, actor.index, { take: [1], edited: true }));
    assert.deepEqual(record(gold.find((g) => g.label === 'actor')!),
      { status: 'adjudicated', from: ['B'], decision: 'edited' });
    assert.equal(gold.find((g) => g.label === 'claim')!.speaker, 'bx');
  });
});

describe('adjudication: the gold sidecar field', () => {
  it('is written, read back and validated; a merge takes the side that changed it, ours when both did', () => {
    const a: Annotation = { ...ann('g1', 'actor', 'سيرغي لافروف'),
      adjudication: { status: 'adjudicated', from: ['alice', 'bob'], decision: 'both' } };
    const text = serializeSidecar({ ...emptySidecar('a.txt'), annotations: [a] });
    assert.match(text, /adjudication:\n {6}status: "adjudicated"\n {6}from:\n {8}- "alice"\n {8}- "bob"\n {6}decision: "both"/);
    const parsed = parseSidecar(text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.annotations[0].adjudication, a.adjudication);
    assert.equal(parseSidecar(text.replace('"adjudicated"', '"maybe"')).ok, false);
    assert.equal(parseSidecar(text.replace('decision: "both"', 'decision: "both"\n      extra: "x"')).ok, false);
    const base = { ...a, adjudication: { status: 'unanimous' as const, from: ['alice', 'bob'] } };
    const theirs = { ...base, adjudication: { status: 'adjudicated' as const, from: ['bob'], decision: 'take' as const } };
    const oneSide = mergeAnnotations([base], [base], [theirs]);
    assert.deepEqual([oneSide.annotations[0].adjudication, oneSide.conflicts], [theirs.adjudication, []]);
    const bothSides = mergeAnnotations([base], [a], [theirs]);
    assert.deepEqual([bothSides.annotations[0].adjudication, bothSides.conflicts], [a.adjudication, []]);
    const removedOurs = mergeAnnotations([base], [{ ...base, adjudication: undefined }], [base]);
    assert.equal(removedOurs.annotations[0].adjudication, undefined);
  });
});

describe('adjudication: properties', () => {
  it('any decisions give a gold of versions only, unique ids, relations only to gold annotations', () => {
    const WORDS = [...TEXT].length;
    const spanArb = fc.tuple(fc.integer({ min: 0, max: WORDS - 1 }), fc.integer({ min: 1, max: 12 }))
      .map(([s, l]) => [s, Math.min(WORDS, s + l)] as const);
    const versionArb = fc.array(fc.tuple(fc.constantFrom('claim', 'actor', 'date'), spanArb,
      fc.option(fc.nat(5), { nil: undefined })), { maxLength: 8 });
    fc.assert(fc.property(fc.array(versionArb, { minLength: 2, maxLength: 3 }), fc.array(fc.nat(7), { maxLength: 12 }),
      (raw, choices) => {
        const versions = raw.map((list, k): AnnotatorVersion => ({
          name: `n${k}`,
          annotations: list.map(([label, [start, end]], i) => ({
            id: `x${i}`, label, start, end, quote: [...TEXT].slice(start, end).join(''), prefix: '', suffix: '',
          })),
        }));
        // claims point at an actor of the same annotator when one is drawn
        raw.forEach((list, k) => list.forEach(([label, , target], i) => {
          const t = target === undefined ? undefined : versions[k].annotations[target];
          if (label === 'claim' && t && t.label === 'actor') (versions[k].annotations[i] as Annotation).speaker = t.id;
        }));
        const al = alignAnnotators(versions);
        // every annotation is in exactly one item
        for (const [k, v] of versions.entries()) {
          assert.equal(al.items.reduce((n, item) => n + (item.versions[k] ? 1 : 0), 0), v.annotations.length);
        }
        let gold = prefillUnanimous(al, []);
        const open = openItems(al);
        choices.forEach((c, i) => {
          if (open.length === 0) return;
          const item = open[i % open.length];
          const present = item.versions.flatMap((v, k) => (v ? [k] : []));
          const take = c % 3 === 0 ? [] : c % 3 === 1 ? [present[c % present.length]] : present;
          gold = applyGoldChange(gold, decide(al, gold, item.index, { take }));
        });
        const ids = new Set(gold.map((g) => g.id));
        assert.equal(ids.size, gold.length);
        for (const g of gold) {
          assert.ok(al.items.some((item) => item.versions.some((v) => v && v.start === g.start && v.end === g.end
            && v.label === g.label)));
          if (g.speaker !== undefined) assert.ok(ids.has(g.speaker), `speaker ${g.speaker} in gold`);
        }
      }));
  });
});

// cases an adversarial review found (each was data loss or a relation on the wrong annotation)
describe('adjudication: items stay apart', () => {
  const A = (id: string, label: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation =>
    ({ id, label, start, end, quote: 'q'.repeat(end - start), prefix: '', suffix: '', ...extra });

  it('deciding one item never removes the gold of another item with the same span and label', () => {
    const al = alignAnnotators([
      { name: 'alice', annotations: [A('a1', 'actor', 0, 10, { entity: 'X' })] },
      { name: 'bob', annotations: [A('b1', 'actor', 0, 10, { entity: 'X' }), A('b2', 'actor', 0, 10, { entity: 'Y' })] },
    ]);
    let gold = prefillUnanimous(al, []);
    assert.equal(gold.length, 1);
    const [open] = openItems(al);
    gold = applyGoldChange(gold, decide(al, gold, open.index, { take: [1] }));
    assert.deepEqual(gold.map((g) => g.entity).sort(), ['X', 'Y']);
  });

  it('an item decided by Edit stays decided, and its relations hold, after its span is changed by hand', () => {
    const al = alignAnnotators([
      { name: 'alice', annotations: [A('a1', 'actor', 0, 10), A('ac', 'claim', 20, 40, { speaker: 'a1' })] },
      { name: 'bob', annotations: [A('b1', 'actor', 0, 8), A('bc', 'claim', 20, 41, { speaker: 'b1' })] },
    ]);
    let gold = applyGoldChange([], decide(al, [], 0, { take: [0], edited: true }));
    gold = gold.map((g) => ({ ...g, end: 9, quote: 'q'.repeat(9) }));
    assert.ok(goldOfItem(al.items[0], gold, true, al.names).length > 0, 'item 0 counts as decided');
    gold = applyGoldChange(gold, decide(al, gold, 1, { take: [1] }));
    const claim = gold.find((g) => g.label === 'claim')!;
    assert.equal(claim.speaker, gold.find((g) => g.label === 'actor')!.id, 'the claim keeps its speaker');
    assert.deepEqual(claim.adjudication?.versions, ['bob:bc']);
  });

  it('annotators whose folders share a base name get names that differ, and relations follow their versions', () => {
    assert.deepEqual(annotatorNames(['/home/alice/corpus', '/home/bob/corpus', '/srv/x']), ['alice/corpus', 'bob/corpus', 'x']);
    assert.deepEqual(annotatorNames(['/a/b', '/a/b']), ['a/b', 'a/b (2)']);
    const [n1, n2] = annotatorNames(['/home/alice/corpus', '/home/bob/corpus']);
    const al = alignAnnotators([
      { name: n1, annotations: [A('a1', 'actor', 0, 10, { entity: 'X' }), A('ac', 'claim', 20, 40, { speaker: 'a1' })] },
      { name: n2, annotations: [A('b1', 'actor', 0, 10, { entity: 'Y' }), A('bc', 'claim', 20, 40, { speaker: 'b1', stance: 'denies' })] },
    ]);
    let gold = applyGoldChange([], decide(al, [], 0, { take: [0, 1] }));
    gold = applyGoldChange(gold, decide(al, gold, 1, { take: [1] }));
    const claim = gold.find((g) => g.label === 'claim')!;
    assert.equal(gold.find((g) => g.id === claim.speaker)?.entity, 'Y');
  });
});
