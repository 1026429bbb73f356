import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Annotation } from '../../../../src/core/model/annotation';
import { NEWS_PRESET, type ProjectSchema } from '../../../../src/core/model/projectSchema';
import {
  type AnnotatorText, addTally, agreementLabels, emptyTally, summarize, tallyText,
} from '../../../../src/core/agreement/agreement';
import { cpSpan } from '../../../support/model';

let next = 0;
/** An annotation of `label` on code points [start, end), with `extra` fields. */
function ann(label: string, [start, end]: [number, number], extra: Partial<Annotation> = {}): Annotation {
  return { id: `id${next++}`, label, start, end, quote: '', prefix: '', suffix: '', ...extra };
}

const compare = (a: AnnotatorText, b: AnnotatorText, schema: ProjectSchema = NEWS_PRESET) =>
  summarize(tallyText(a, b, schema, agreementLabels(schema, a.annotations, b.annotations)));

// Arabic with emoji: code points, UTF-16 units and bytes all differ
const TEXT = '😀 قال وزير الخارجية 🇸🇾 يوم الخميس إن «الحكومة ستخفض الضرائب» 😀';
const LENGTH = [...TEXT].length;

describe('agreement of two annotators on one text', () => {
  it('no annotations at all: every measure undefined (null), nothing compared', () => {
    const g = compare({ length: LENGTH, annotations: [] }, { length: LENGTH, annotations: [] });
    assert.deepEqual(Object.keys(g.labels), ['claim', 'actor', 'date']);
    for (const x of Object.values(g.labels)) {
      assert.deepEqual([x.a, x.b, x.exactF1, x.overlapF1, x.kappa, x.alphaU], [0, 0, null, null, null, null]);
    }
    assert.deepEqual([g.exactF1, g.overlapF1, g.kappa, g.alphaU], [null, null, null, null]);
  });

  it('one side empty: F1 0, κ 0, αU below 0', () => {
    const a = { length: LENGTH, annotations: [ann('actor', cpSpan(TEXT, 'وزير الخارجية'))] };
    const g = compare(a, { length: LENGTH, annotations: [] });
    const actor = g.labels.actor;
    assert.deepEqual([actor.a, actor.b, actor.exactTp, actor.exactFp, actor.exactFn, actor.exactF1],
      [1, 0, 0, 1, 0, 0]);
    assert.equal(actor.kappa, 0);
    assert.ok(actor.alphaU! < 0);
  });

  it('identical: F1, κ and αU are 1; relations and attributes agree', () => {
    const actor = ann('actor', cpSpan(TEXT, 'وزير الخارجية'), { entity: 'e1' });
    const date = ann('date', cpSpan(TEXT, 'يوم الخميس'), { value: 'XXXX-XX-XX' });
    const claim = ann('claim', cpSpan(TEXT, 'الحكومة ستخفض الضرائب'),
      { speaker: actor.id, date: date.id, stance: 'asserts', attributes: { type: 'prediction' } });
    const side = { length: LENGTH, annotations: [claim, actor, date] };
    const g = compare(side, side);
    for (const x of Object.values(g.labels)) {
      assert.deepEqual([x.exactF1, x.overlapF1, x.kappa, x.alphaU], [1, 1, 1, 1]);
    }
    assert.deepEqual(g.labels.claim.relations, {
      speaker: { compared: 1, agree: 1, agreement: 1 }, date: { compared: 1, agree: 1, agreement: 1 },
    });
    assert.deepEqual(g.labels.claim.attributes.type, { compared: 1, agree: 1, agreement: 1 });
    assert.deepEqual(g.labels.claim.fields.stance, { compared: 1, agree: 1, agreement: 1 });
    assert.deepEqual(g.labels.actor.fields.entity, { compared: 1, agree: 1, agreement: 1 });
    assert.equal(g.relations.speaker.agreement, 1);
  });

  it('disjoint spans of the same label: F1 0 exact and overlap', () => {
    const a = { length: LENGTH, annotations: [ann('actor', cpSpan(TEXT, 'وزير'))] };
    const b = { length: LENGTH, annotations: [ann('actor', cpSpan(TEXT, 'الحكومة'))] };
    const x = compare(a, b).labels.actor;
    assert.deepEqual([x.exactF1, x.overlapF1, x.overlapFp, x.overlapFn], [0, 0, 1, 1]);
  });

  it('counts code points, not UTF-16 units: a flag emoji is 2 code points, 4 UTF-16 units', () => {
    // A marks "وزير الخارجية"; B marks "وزير الخارجية 🇸🇾" (one space and two regional indicators more)
    const [start, end] = cpSpan(TEXT, 'وزير الخارجية');
    const a = { length: LENGTH, annotations: [ann('actor', [start, end])] };
    const b = { length: LENGTH, annotations: [ann('actor', [start, end + 3])] };
    const tally = tallyText(a, b, NEWS_PRESET, ['actor']);
    assert.equal(tally.labels.actor.binary.get('none\u0000actor'), 3);
    assert.equal(tally.length, LENGTH);
    const x = summarize(tally).labels.actor;
    assert.deepEqual([x.exactTp, x.overlapTp], [0, 1]);
    // αU by hand: L = LENGTH, δ² of the two units = 0² + 3² = 9, Σ_{i≠j} = 18; D_o = 18 / (2·L²)
    assert.ok(Math.abs(x.alphaObserved - 18 / (2 * LENGTH * LENGTH)) < 1e-15);
  });

  it('relations agree when both point to spans the pairing paired; a missing relation disagrees', () => {
    // A: actor "وزير الخارجية", B: actor "الخارجية" (overlap-paired); both claims name them as speaker.
    // A dates the claim, B does not: date compared once, agrees 0 times.
    const actorA = ann('actor', cpSpan(TEXT, 'وزير الخارجية'));
    const actorB = ann('actor', cpSpan(TEXT, 'الخارجية'));
    const date = ann('date', cpSpan(TEXT, 'الخميس'));
    const claimA = ann('claim', cpSpan(TEXT, 'الحكومة ستخفض الضرائب'), { speaker: actorA.id, date: date.id });
    const claimB = ann('claim', cpSpan(TEXT, 'ستخفض الضرائب'), { speaker: actorB.id, attributes: { type: 'quantity' } });
    const g = compare({ length: LENGTH, annotations: [claimA, actorA, date] },
      { length: LENGTH, annotations: [claimB, actorB] });
    assert.deepEqual(g.labels.claim.relations.speaker, { compared: 1, agree: 1, agreement: 1 });
    assert.deepEqual(g.labels.claim.relations.date, { compared: 1, agree: 0, agreement: 0 });
    // the schema's attributes, compared where either side sets one
    assert.deepEqual(g.labels.claim.attributes.type, { compared: 1, agree: 0, agreement: 0 });
    assert.equal(g.labels.claim.attributes.quotation, undefined);
    // the speaker points to a span paired with another: disagreement
    const other = ann('actor', cpSpan(TEXT, 'الحكومة'));
    const claimC = ann('claim', cpSpan(TEXT, 'ستخفض الضرائب'), { speaker: other.id });
    const h = compare({ length: LENGTH, annotations: [claimA, actorA] },
      { length: LENGTH, annotations: [claimC, actorB, other] });
    assert.deepEqual(h.labels.claim.relations.speaker, { compared: 1, agree: 0, agreement: 0 });
    assert.equal(h.relations.speaker.agreement, 0);
  });

  it("labels are the schema's, then others found in the sidecars; orphaned annotations are left out", () => {
    const schema: ProjectSchema = { version: 2, labels: [{ id: 'source', title: { en: 'Source' }, key: 's' }] };
    const a = { length: 10, annotations: [ann('source', [0, 3]), ann('quote', [4, 6]), ann('source', [7, 9], { anchored: 'orphaned' })] };
    const b = { length: 10, annotations: [ann('source', [0, 3])] };
    const g = compare(a, b, schema);
    assert.deepEqual(Object.keys(g.labels), ['source', 'quote']);
    assert.deepEqual([g.labels.source.a, g.labels.source.exactF1], [1, 1]);
    assert.deepEqual([g.labels.quote.a, g.labels.quote.b, g.labels.quote.exactF1], [1, 0, 0]);
  });

  it('texts of different lengths are refused', () => {
    const [three, four] = [{ length: 3, annotations: [] }, { length: 4, annotations: [] }];
    assert.throws(() => tallyText(three, four, NEWS_PRESET, []), RangeError);
  });
});

describe('agreement over several texts', () => {
  it('F1 from summed counts (micro), κ from the pooled table (hand-worked)', () => {
    // text 1 (10 code points): A actor [0,4), B actor [0,4)            → tp 1
    // text 2 (10 code points): A actor [0,2) [5,7), B actor [0,2) [6,9) → exact tp 1, overlap tp 2
    // exact: tp 2 of A 3, B 3 → F1 4/6; overlap: tp 3 → F1 1
    const t1 = tallyText({ length: 10, annotations: [ann('actor', [0, 4])] },
      { length: 10, annotations: [ann('actor', [0, 4])] }, NEWS_PRESET, ['actor']);
    const t2 = tallyText({ length: 10, annotations: [ann('actor', [0, 2]), ann('actor', [5, 7])] },
      { length: 10, annotations: [ann('actor', [0, 2]), ann('actor', [6, 9])] }, NEWS_PRESET, ['actor']);
    const g = summarize(addTally(addTally(emptyTally(), t1), t2));
    assert.equal(g.texts, 2);
    assert.equal(g.length, 20);
    assert.equal(g.labels.actor.exactF1, 4 / 6);
    assert.equal(g.labels.actor.overlapF1, 1);
    // pooled code points: both actor 4 + 2 + 1 = 7; A only 1 (5); B only 2 (7, 8); none 20 − 10 = 10
    // Po = 17/20; pA = 8/20, pB = 9/20; Pe = .4·.45 + .6·.55 = .51; κ = (.85 − .51)/.49
    assert.ok(Math.abs(g.labels.actor.kappa! - 0.34 / 0.49) < 1e-12);
  });

  const spans = (label: string) => fc.array(
    fc.tuple(fc.nat(30), fc.integer({ min: 1, max: 8 })).map(([x, l]) => ann(label, [x, Math.min(40, x + l)])),
    { maxLength: 5 });
  const side = fc.tuple(spans('claim'), spans('actor')).map(([c, a]) => ({ length: 40, annotations: [...c, ...a] }));

  it('property: every measure is the same both ways; F1 = 1 on identical input; κ in [−1, 1]', () => {
    fc.assert(fc.property(side, side, (a, b) => {
      const ab = compare(a, b);
      const ba = compare(b, a);
      for (const label of Object.keys(ab.labels)) {
        const [x, y] = [ab.labels[label], ba.labels[label]];
        assert.deepEqual([x.exactF1, x.overlapF1], [y.exactF1, y.overlapF1]);
        assert.deepEqual([x.a, x.exactFp, x.overlapFp], [y.b, y.exactFn, y.overlapFn]);
        if (x.kappa !== null) {
          assert.ok(x.kappa >= -1 - 1e-12 && x.kappa <= 1 + 1e-12);
          assert.ok(Math.abs(x.kappa - y.kappa!) < 1e-12);
        }
        if (x.alphaU !== null) assert.ok(Math.abs(x.alphaU - y.alphaU!) < 1e-9);
      }
      const same = compare(a, a);
      if (a.annotations.length > 0) assert.deepEqual([same.exactF1, same.overlapF1], [1, 1]);
      if (same.kappa !== null) assert.equal(same.kappa, 1);
    }));
  });
});
