/**
 * Agreement of two annotators on the same texts: per label, span F1 exact and overlap with their
 * counts, Cohen's κ over code points, Krippendorff's αU, and agreement on the relations,
 * attributes and fields of the spans both marked. Labels, relations and attributes come from the
 * project schema (core/model/projectSchema) and from the annotations themselves; none is built in.
 * A text's tally ({@link tallyText}) adds up over texts ({@link addTally}) and is summed up by
 * {@link summarize}. Offsets are code points. Measures: docs/agreement.md.
 */
import { type Annotation, isOrphaned, ownValue } from '../model/annotation';
import { type ProjectSchema, labelDef, relationsOf } from '../model/projectSchema';
import { relationTarget } from '../model/relations';
import { type Confusion, addConfusion, addRuns, categoryRuns, cohenKappa } from './cohenKappa';
import { type MatchedPair, exactMatches, f1, matchCounts, overlapMatches } from './spanMatching';
import {
  type AlphaParts, type UnitizingAlpha, addAlphaParts, alphaParts, combinedAlpha, noAlphaParts, unitizingAlpha,
} from './unitizingAlpha';

/** One annotator's version of one text: its length in code points and the annotations of its sidecar. */
export interface AnnotatorText {
  length: number;
  annotations: readonly Annotation[];
}

/** How often two annotators gave a matched pair of spans the same value: `agree` of `compared` pairs. */
export interface ValueTally {
  compared: number;
  agree: number;
}

/** What one label's spans of two annotators add up to over texts (counts of spans, code points, αU parts). */
export interface LabelTally {
  /** Spans of A, of B. */
  a: number;
  b: number;
  exactTp: number;
  overlapTp: number;
  /** Code points: this label or not, A against B (κ of the label). */
  binary: Confusion;
  alpha: AlphaParts;
  /** By relation name (schema: the label's `relations`). */
  relations: Record<string, ValueTally>;
  /** By attribute name (the schema's and any set on a matched span). */
  attributes: Record<string, ValueTally>;
  /** entity, stance, value: those the schema gives the label. */
  fields: Record<string, ValueTally>;
}

/** Two annotators' tally over `texts` texts of `length` code points in all. */
export interface PairTally {
  texts: number;
  length: number;
  labels: Record<string, LabelTally>;
  /** Code points by the labels covering them ("claim", "actor+claim", "none"), A against B. */
  confusion: Confusion;
}

/** A value's agreement: `agree` of `compared` matched pairs, `agreement` their share (null when none compared). */
export interface ValueAgreement extends ValueTally {
  agreement: number | null;
}

/**
 * One label's agreement. Spans: `a`, `b`; exact and overlap pairings (spanMatching.ts) with `tp`
 * pairs, `fp` spans of A and `fn` spans of B left unpaired, and F1 (null: no span on either
 * side); `kappa` Cohen's κ of this label against the rest over code points; `alphaU` αU and its
 * D_o, D_e; relations, attributes and fields compared on the overlap-paired spans.
 */
export interface LabelAgreement {
  a: number;
  b: number;
  exactTp: number;
  exactFp: number;
  exactFn: number;
  exactF1: number | null;
  overlapTp: number;
  overlapFp: number;
  overlapFn: number;
  overlapF1: number | null;
  kappa: number | null;
  alphaU: number | null;
  alphaObserved: number;
  alphaExpected: number;
  relations: Record<string, ValueAgreement>;
  attributes: Record<string, ValueAgreement>;
  fields: Record<string, ValueAgreement>;
}

/**
 * Two annotators' agreement: per label, and over all labels (F1 from the summed counts, κ over
 * code points categorised by all the labels covering them, αU = 1 − ΣD_o/ΣD_e), and per relation
 * name over all labels that have it (`relations.speaker`: every label's speakers).
 */
export interface Agreement {
  texts: number;
  length: number;
  labels: Record<string, LabelAgreement>;
  exactF1: number | null;
  overlapF1: number | null;
  kappa: number | null;
  alphaU: number | null;
  relations: Record<string, ValueAgreement>;
}

/**
 * The labels to report: those of `schema` in its order, then any other label found in
 * `annotations` (a sidecar may hold labels its schema lacks), sorted.
 */
export function agreementLabels(schema: ProjectSchema, ...annotations: readonly (readonly Annotation[])[]): string[] {
  const known = schema.labels.map((l) => l.id);
  const others = new Set<string>();
  for (const list of annotations) for (const a of list) if (!known.includes(a.label)) others.add(a.label);
  return [...known, ...[...others].sort()];
}

/** A tally of nothing (0 texts) for two annotators. */
export function emptyTally(): PairTally {
  return { texts: 0, length: 0, labels: {}, confusion: new Map() };
}

function emptyLabelTally(): LabelTally {
  return {
    a: 0, b: 0, exactTp: 0, overlapTp: 0, binary: new Map(), alpha: noAlphaParts(2),
    relations: {}, attributes: {}, fields: {},
  };
}

function count(into: Record<string, ValueTally>, name: string, x: string | undefined, y: string | undefined): void {
  if (x === undefined && y === undefined) return;
  const t = (into[name] ??= { compared: 0, agree: 0 });
  t.compared++;
  if (x === y) t.agree++;
}

/**
 * The tally of one text annotated by A and by B (the same text: lengths must agree), for `labels`
 * (see {@link agreementLabels}; spans of other labels are left out) under `schema`. Orphaned
 * annotations (their text is gone) are left out. Throws RangeError when the lengths differ.
 */
export function tallyText(
  textA: AnnotatorText, textB: AnnotatorText, schema: ProjectSchema, labels: readonly string[],
): PairTally {
  if (textA.length !== textB.length) throw new RangeError('the two versions of a text differ in length');
  const length = textA.length;
  const wanted = new Set(labels);
  const placed = (list: readonly Annotation[]) => list.filter((a) => wanted.has(a.label) && !isOrphaned(a));
  const [spansA, spansB] = [placed(textA.annotations), placed(textB.annotations)];
  const byLabel = (list: Annotation[], label: string) => list.filter((a) => a.label === label);
  // overlap pairings first, for every label: relations compare their targets through them
  const partner = new Map<Annotation, Annotation>();
  const pairings = new Map<string, { a: Annotation[]; b: Annotation[]; overlap: MatchedPair[] }>();
  for (const label of labels) {
    const a = byLabel(spansA, label);
    const b = byLabel(spansB, label);
    const overlap = overlapMatches(a, b);
    for (const [i, j] of overlap) partner.set(a[i], b[j]);
    pairings.set(label, { a, b, overlap });
  }
  const idsA = new Map(spansA.map((x) => [x.id, x]));
  const idsB = new Map(spansB.map((x) => [x.id, x]));
  const tally: PairTally = { texts: 1, length, labels: {}, confusion: new Map() };
  addRuns(tally.confusion, categoryRuns(spansA, length), categoryRuns(spansB, length));
  for (const label of labels) {
    const { a, b, overlap } = pairings.get(label)!;
    const t = emptyLabelTally();
    t.a = a.length;
    t.b = b.length;
    t.exactTp = exactMatches(a, b).length;
    t.overlapTp = overlap.length;
    const only = () => label;
    addRuns(t.binary, categoryRuns(a, length, only), categoryRuns(b, length, only));
    t.alpha = alphaParts([a, b], length);
    const def = labelDef(schema, label);
    const attributeNames = def?.attributes?.map((x) => x.name) ?? [];
    for (const [i, j] of overlap) {
      const [x, y] = [a[i], b[j]];
      for (const r of relationsOf(schema, label)) {
        const targetX = idsA.get(relationTarget(x, r.name) ?? '');
        const targetY = idsB.get(relationTarget(y, r.name) ?? '');
        if (!targetX && !targetY) continue;
        const t2 = (t.relations[r.name] ??= { compared: 0, agree: 0 });
        t2.compared++;
        if (targetX && targetY && partner.get(targetX) === targetY) t2.agree++;
      }
      const names = new Set([...attributeNames, ...Object.keys(x.attributes ?? {}),
        ...Object.keys(y.attributes ?? {})]);
      for (const name of names) count(t.attributes, name, ownValue(x.attributes, name), ownValue(y.attributes, name));
      if (def?.entity) count(t.fields, 'entity', x.entity, y.entity);
      if (def?.stance) count(t.fields, 'stance', x.stance, y.stance);
      if (def?.dateValue) count(t.fields, 'value', x.value, y.value);
    }
    tally.labels[label] = t;
  }
  return tally;
}

function addValues(into: Record<string, ValueTally>, from: Record<string, ValueTally>): void {
  for (const [name, t] of Object.entries(from)) {
    const x = (into[name] ??= { compared: 0, agree: 0 });
    x.compared += t.compared;
    x.agree += t.agree;
  }
}

/** Adds the tally `from` to `into` (changed in place and returned): their texts side by side. */
export function addTally(into: PairTally, from: PairTally): PairTally {
  into.texts += from.texts;
  into.length += from.length;
  addConfusion(into.confusion, from.confusion);
  for (const [label, t] of Object.entries(from.labels)) {
    const x = (into.labels[label] ??= emptyLabelTally());
    x.a += t.a;
    x.b += t.b;
    x.exactTp += t.exactTp;
    x.overlapTp += t.overlapTp;
    addConfusion(x.binary, t.binary);
    addAlphaParts(x.alpha, t.alpha);
    addValues(x.relations, t.relations);
    addValues(x.attributes, t.attributes);
    addValues(x.fields, t.fields);
  }
  return into;
}

function values(from: Record<string, ValueTally>): Record<string, ValueAgreement> {
  const out: Record<string, ValueAgreement> = {};
  for (const [name, t] of Object.entries(from)) {
    out[name] = { ...t, agreement: t.compared === 0 ? null : t.agree / t.compared };
  }
  return out;
}

/** The measures of a tally (see {@link Agreement}). */
export function summarize(tally: PairTally): Agreement {
  const labels: Record<string, LabelAgreement> = {};
  const alphas: UnitizingAlpha[] = [];
  const relations: Record<string, ValueTally> = {};
  let [a, b, exactTp, overlapTp] = [0, 0, 0, 0];
  for (const [label, t] of Object.entries(tally.labels)) {
    const exact = matchCounts(t.exactTp, t.a, t.b);
    const overlap = matchCounts(t.overlapTp, t.a, t.b);
    const alpha = unitizingAlpha(t.alpha);
    alphas.push(alpha);
    labels[label] = {
      a: t.a, b: t.b,
      exactTp: exact.tp, exactFp: exact.fp, exactFn: exact.fn, exactF1: f1(exact),
      overlapTp: overlap.tp, overlapFp: overlap.fp, overlapFn: overlap.fn, overlapF1: f1(overlap),
      kappa: cohenKappa(t.binary),
      alphaU: alpha.alpha, alphaObserved: alpha.observed, alphaExpected: alpha.expected,
      relations: values(t.relations), attributes: values(t.attributes), fields: values(t.fields),
    };
    addValues(relations, t.relations);
    [a, b, exactTp, overlapTp] = [a + t.a, b + t.b, exactTp + t.exactTp, overlapTp + t.overlapTp];
  }
  return {
    texts: tally.texts,
    length: tally.length,
    labels,
    exactF1: f1(matchCounts(exactTp, a, b)),
    overlapF1: f1(matchCounts(overlapTp, a, b)),
    kappa: cohenKappa(tally.confusion),
    alphaU: combinedAlpha(alphas),
    relations: values(relations),
  };
}
