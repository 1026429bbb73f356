/**
 * Adjudication: several annotators' annotations of one text aligned into items (unanimous, some
 * annotators only, disagreements and what differs), and the adjudicator's decisions turned into a
 * gold annotation set whose annotations record how they came there (`adjudication`, see
 * docs/adjudication.md). Offsets are Unicode code points, `end` exclusive, as in sidecars; all
 * annotators' versions must be of the same text (the caller checks its SHA-256).
 */
import {
  type AdjudicationRecord,
  type Annotation,
  compareAnnotations,
  isOrphaned,
  newAnnotationId,
  sameFieldValue,
} from '../model/annotation';
import { relationEntries, relationTarget, setRelation } from '../model/relations';
import { overlapMatches, sharedLength } from '../agreement/spanMatching';

/** One annotator's version of an article: a name (their folder's base name) and their annotations. */
export interface AnnotatorVersion {
  name: string;
  annotations: readonly Annotation[];
}

/**
 * What differs between the versions of an item: `missing` (an annotator has none), `boundary`
 * (start or end), `label`, `entity`, `speaker` and `date` (the spans the relation points at, not
 * ids), `relations` (the other relations), `attributes`, `stance`, `value` (a date's value).
 */
export const DIFFERENCE_KINDS = [
  'missing', 'boundary', 'label', 'entity', 'speaker', 'date', 'relations', 'attributes', 'stance', 'value',
] as const;

/** See {@link DIFFERENCE_KINDS}. */
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/**
 * `unanimous`: every annotator has the same annotation; `some`: not every annotator has it, and
 * those who do agree; `disagreement`: the versions differ (see the item's `kinds`).
 */
export type ItemStatus = 'unanimous' | 'some' | 'disagreement';

/** One place where the annotators' annotations are compared: at most one annotation of each annotator. */
export interface AdjudicationItem {
  /** Its place in {@link Alignment.items} (reading order). */
  index: number;
  status: ItemStatus;
  /** Per annotator (in the alignment's order): their annotation of this item, or undefined. */
  versions: (Annotation | undefined)[];
  /**
   * Per annotator: which distinct version they have (0 for the first distinct one, 1 for the next…),
   * -1 when they have none. Annotators with the same number have identical versions.
   */
  variants: number[];
  /** What differs, in {@link DIFFERENCE_KINDS} order; [] when unanimous. */
  kinds: DifferenceKind[];
  /** Start of the first version, code points, inclusive. */
  start: number;
  /** End of the last version, code points, exclusive. */
  end: number;
}

/** Several annotators' versions of one text, aligned. */
export interface Alignment {
  /** The annotators' names, in the order given. */
  names: string[];
  /** The items in reading order (start, longer first). */
  items: AdjudicationItem[];
  /** Per annotator: annotation id to the index of the item it belongs to. */
  itemOf: Map<string, number>[];
}

/** Versions of two annotators pair when they share at least this share of the longer one across labels. */
const CROSS_LABEL_SHARE = 0.5;

/**
 * Aligns the versions: each annotator's annotations (orphaned ones left out) are paired with the
 * items made so far, one to one, by the overlap pairing of agreement (core/agreement/spanMatching:
 * most shared code points, then nearest boundaries) among spans of the same label first, then,
 * for a label disagreement, across labels when the two spans share at least half of the longer
 * one. An item is compared with the first annotator's version that made it. Versions are equal
 * when span, label, entity, stance, value, attributes and relations are (relations by the item of
 * the annotation they point at); note, author and times are not compared.
 */
export function alignAnnotators(versions: readonly AnnotatorVersion[]): Alignment {
  const n = versions.length;
  const groups: { members: (Annotation | undefined)[]; first: Annotation }[] = [];
  const itemOf: Map<string, number>[] = versions.map(() => new Map());
  versions.forEach((version, k) => {
    const own = version.annotations.filter((a) => !isOrphaned(a)).sort(compareAnnotations);
    const pairs = new Map<number, number>();
    for (const label of new Set(own.map((a) => a.label))) {
      const mine = own.map((_, i) => i).filter((i) => own[i].label === label);
      const theirs = groups.map((_, g) => g).filter((g) => groups[g].first.label === label);
      for (const [x, y] of overlapMatches(mine.map((i) => own[i]), theirs.map((g) => groups[g].first))) {
        pairs.set(mine[x], theirs[y]);
      }
    }
    const taken = new Set(pairs.values());
    const leftMine = own.map((_, i) => i).filter((i) => !pairs.has(i));
    const leftTheirs = groups.map((_, g) => g).filter((g) => !taken.has(g));
    for (const [x, y] of overlapMatches(leftMine.map((i) => own[i]), leftTheirs.map((g) => groups[g].first))) {
      const [a, b] = [own[leftMine[x]], groups[leftTheirs[y]].first];
      const longer = Math.max(a.end - a.start, b.end - b.start);
      if (sharedLength(a, b) >= CROSS_LABEL_SHARE * longer) pairs.set(leftMine[x], leftTheirs[y]);
    }
    own.forEach((a, i) => {
      let g = pairs.get(i);
      if (g === undefined) {
        g = groups.length;
        groups.push({ members: new Array<Annotation | undefined>(n).fill(undefined), first: a });
      }
      groups[g].members[k] = a;
    });
  });
  // reading order: by the first version's place
  const order = groups.map((_, g) => g).sort((x, y) => compareAnnotations(groups[x].first, groups[y].first) || x - y);
  const indexOf = new Map(order.map((g, i) => [g, i]));
  groups.forEach((group, g) => group.members.forEach((a, k) => {
    if (a) itemOf[k].set(a.id, indexOf.get(g)!);
  }));
  const items = order.map((g, index): AdjudicationItem => {
    const versionsOfItem = groups[g].members;
    const signatures = versionsOfItem.map((a, k) => (a ? signature(a, itemOf[k]) : undefined));
    const distinct: string[] = [];
    const variants = signatures.map((s) => {
      if (s === undefined) return -1;
      let at = distinct.indexOf(s);
      if (at < 0) at = distinct.push(s) - 1;
      return at;
    });
    const present = versionsOfItem.filter((a) => a !== undefined).length;
    const kinds = differences(versionsOfItem, itemOf);
    const status: ItemStatus = distinct.length > 1 ? 'disagreement' : present === n ? 'unanimous' : 'some';
    const placed = versionsOfItem.filter((a): a is Annotation => a !== undefined);
    return {
      index,
      status,
      versions: versionsOfItem,
      variants,
      kinds,
      start: Math.min(...placed.map((a) => a.start)),
      end: Math.max(...placed.map((a) => a.end)),
    };
  });
  return { names: versions.map((v) => v.name), items, itemOf };
}

/** The compared content of an annotation, relations by the item they point at. */
function signature(a: Annotation, itemOf: ReadonlyMap<string, number>): string {
  const relations = relationEntries(a)
    .map((r) => [r.name, itemOf.get(r.target) ?? `?${r.target}`] as const)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const attributes = Object.entries(a.attributes ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify([a.start, a.end, a.label, a.entity ?? null, a.stance ?? null, a.value ?? null, attributes,
    relations]);
}

/** What differs among the versions of one item (see {@link DIFFERENCE_KINDS}). */
function differences(
  versions: readonly (Annotation | undefined)[],
  itemOf: readonly ReadonlyMap<string, number>[],
): DifferenceKind[] {
  const present = versions.map((a, k) => ({ a, k })).filter((x): x is { a: Annotation; k: number } => !!x.a);
  const kinds = new Set<DifferenceKind>();
  if (present.length < versions.length) kinds.add('missing');
  const target = (x: { a: Annotation; k: number }, name: string) => {
    const t = relationTarget(x.a, name);
    return t === undefined ? undefined : (itemOf[x.k].get(t) ?? `?${t}`);
  };
  const otherRelations = (x: { a: Annotation; k: number }) =>
    Object.fromEntries(Object.keys(x.a.relations ?? {}).map((name) => [name, String(target(x, name))]));
  const [first, ...rest] = present;
  for (const x of rest) {
    if (x.a.start !== first.a.start || x.a.end !== first.a.end) kinds.add('boundary');
    if (x.a.label !== first.a.label) kinds.add('label');
    if (!sameFieldValue(x.a.entity, first.a.entity)) kinds.add('entity');
    if (target(x, 'speaker') !== target(first, 'speaker')) kinds.add('speaker');
    if (target(x, 'date') !== target(first, 'date')) kinds.add('date');
    if (!sameFieldValue(otherRelations(x), otherRelations(first))) kinds.add('relations');
    if (!sameFieldValue(x.a.attributes ?? {}, first.a.attributes ?? {})) kinds.add('attributes');
    if (!sameFieldValue(x.a.stance, first.a.stance)) kinds.add('stance');
    if (!sameFieldValue(x.a.value, first.a.value)) kinds.add('value');
  }
  return DIFFERENCE_KINDS.filter((k) => kinds.has(k));
}

/** The items the adjudicator decides: every one that is not unanimous, in reading order. */
export function openItems(alignment: Alignment): AdjudicationItem[] {
  return alignment.items.filter((item) => item.status !== 'unanimous');
}

/**
 * The annotations of `gold` that stand for `item`: those whose span and label are those of one of
 * the item's versions. With `adjudicated`, only those with an `adjudication` record; without, also
 * an annotation the gold had before (the article's own sidecar, annotated like any other): a
 * decision on the item replaces it (keeping its id), so that the gold never holds the same
 * span twice.
 */
export function goldOfItem(item: AdjudicationItem, gold: readonly Annotation[], adjudicated = true,
  names?: readonly string[]): Annotation[] {
  const keys = names ? new Set(item.versions.flatMap((v, k) => (v ? [versionKey(names[k], v.id)] : []))) : undefined;
  return gold.filter((g) => {
    if (!g.adjudication && adjudicated) return false;
    // tied by the versions it stands for (after an edit its span or label may be any)
    if (keys && g.adjudication?.versions?.length) return g.adjudication.versions.some((x) => keys.has(x));
    return item.versions.some((v) => v && v.start === g.start && v.end === g.end && v.label === g.label);
  });
}

/** How an adjudication record names an annotator's annotation: `name:id`. */
export function versionKey(name: string, id: string): string {
  return `${name}:${id}`;
}

/**
 * What to do to a gold annotation set: remove these ids, add these annotations, and set (or, with
 * undefined, remove) these relations of annotations already there.
 */
export interface GoldChange {
  remove: string[];
  add: Annotation[];
  relink: { id: string; name: string; target: string | undefined }[];
}

/** How an item is decided: the annotators whose versions are taken ([]: neither), and whether it was edited. */
export interface Decision {
  /** Annotator indices whose versions go into gold; annotators with identical versions give one annotation. */
  take: readonly number[];
  /** True: the adjudicator took it to change it by hand (recorded as `decision: edited`). */
  edited?: boolean;
}

/**
 * The change that makes `gold` hold `item` as `decision` says: the item's gold annotations so far
 * removed, the versions taken added (their ids kept when free in gold, else new ones; each with an
 * `adjudication` record: `unanimous` for a unanimous item taken whole, else `adjudicated` from the
 * annotators who have that version, `take`, `both` or `edited`), their relations pointed at the gold
 * annotations of the items their targets belong to (left out while that item has none), and the
 * relations of gold annotations already there that pointed into this item re-pointed at what was
 * taken (removed on neither). `now` is not used for the record; provenance fields are kept as the
 * annotator left them. Throws RangeError for an annotator index the item has no version of.
 */
export function decide(alignment: Alignment, gold: readonly Annotation[], itemIndex: number, decision: Decision):
GoldChange {
  const item = alignment.items[itemIndex];
  const removed = goldOfItem(item, gold, false, alignment.names);
  const removedIds = new Set(removed.map((g) => g.id));
  const kept = gold.filter((g) => !removedIds.has(g.id));
  const taken = new Set(kept.map((g) => g.id));
  // one gold annotation per distinct version taken
  const chosen: number[] = [];
  for (const k of decision.take) {
    if (!item.versions[k]) throw new RangeError(`annotator ${k} has no version of item ${itemIndex}`);
    if (!chosen.some((c) => item.variants[c] === item.variants[k])) chosen.push(k);
  }
  const unanimous = item.status === 'unanimous' && chosen.length === 1 && !decision.edited;
  const add = chosen.map((k): Annotation => {
    const source = item.versions[k]!;
    const from = alignment.names.filter((_, j) => item.variants[j] === item.variants[k]);
    const versions = alignment.names.flatMap((name, j) => (item.variants[j] === item.variants[k]
      ? [versionKey(name, item.versions[j]!.id)] : []));
    const record: AdjudicationRecord = unanimous ? { status: 'unanimous', from, versions }
      : {
        status: 'adjudicated', from, decision: decision.edited ? 'edited' : chosen.length > 1 ? 'both' : 'take', versions,
      };
    const out: Annotation = { ...source, adjudication: record };
    delete out.conflict;
    if (out.attributes) out.attributes = { ...out.attributes };
    if (out.relations) out.relations = { ...out.relations };
    // the id of what stood there before in the gold, so that relations pointing at it still hold
    const before = removed.find((r) => r.start === source.start && r.end === source.end && r.label === source.label
      && !taken.has(r.id));
    out.id = before ? before.id : taken.has(source.id) ? newAnnotationId(taken) : source.id;
    taken.add(out.id);
    return out;
  });
  const all = [...kept, ...add];
  for (const [i, g] of add.entries()) {
    const k = chosen[i];
    for (const r of relationEntries(g)) setRelation(g, r.name, goldTarget(alignment, all, k, r.target));
  }
  // gold annotations already there whose annotator's version pointed into this item
  const relink: GoldChange['relink'] = [];
  for (const g of kept) {
    const source = sourceOf(alignment, g);
    if (!source) continue;
    for (const r of relationEntries(source.version)) {
      if (alignment.itemOf[source.annotator].get(r.target) !== itemIndex) continue;
      const target = goldTarget(alignment, all, source.annotator, r.target);
      if (relationTarget(g, r.name) !== target) relink.push({ id: g.id, name: r.name, target });
    }
  }
  // relations of other gold annotations (made before the adjudication) to what was removed and not taken again
  const reused = new Set(add.map((g) => g.id));
  for (const g of kept) {
    for (const r of relationEntries(g)) {
      const relinked = relink.some((x) => x.id === g.id && x.name === r.name);
      if (removedIds.has(r.target) && !reused.has(r.target) && !relinked) {
        relink.push({ id: g.id, name: r.name, target: undefined });
      }
    }
  }
  return { remove: [...removedIds], add, relink };
}

/**
 * The gold id standing for annotator `k`'s annotation `target`: a gold annotation of the item it
 * belongs to, the one from annotator `k` when several were taken; undefined when that item has none.
 */
function goldTarget(alignment: Alignment, gold: readonly Annotation[], k: number, target: string): string | undefined {
  const index = alignment.itemOf[k].get(target);
  if (index === undefined) return undefined;
  const candidates = goldOfItem(alignment.items[index], gold, true, alignment.names);
  const name = alignment.names[k];
  return (candidates.find((g) => g.adjudication!.from.includes(name)) ?? candidates[0])?.id;
}

/**
 * The annotator version a gold annotation was taken from (its item's version of the first of
 * its `from` that has the same span and label), or undefined.
 */
export function sourceOf(alignment: Alignment, g: Annotation): { annotator: number; version: Annotation } | undefined {
  if (!g.adjudication) return undefined;
  for (const key of g.adjudication.versions ?? []) {
    const at = key.lastIndexOf(':');
    const k = alignment.names.indexOf(key.slice(0, at));
    const index = k < 0 ? undefined : alignment.itemOf[k].get(key.slice(at + 1));
    if (index !== undefined) return { annotator: k, version: alignment.items[index].versions[k]! };
  }
  for (const name of g.adjudication.from) {
    const k = alignment.names.indexOf(name);
    if (k < 0) continue;
    const index = alignment.items.findIndex((item) => {
      const v = item.versions[k];
      return v && v.start === g.start && v.end === g.end && v.label === g.label;
    });
    if (index >= 0) return { annotator: k, version: alignment.items[index].versions[k]! };
  }
  return undefined;
}

/** `gold` with `change` applied (a new array; relinked annotations are copies). */
export function applyGoldChange(gold: readonly Annotation[], change: GoldChange): Annotation[] {
  const removed = new Set(change.remove);
  const out = gold.filter((g) => !removed.has(g.id)).map((g) => {
    const relinks = change.relink.filter((r) => r.id === g.id);
    if (relinks.length === 0) return g;
    const copy: Annotation = { ...g };
    for (const r of relinks) setRelation(copy, r.name, r.target);
    return copy;
  });
  return [...out, ...change.add].sort(compareAnnotations);
}

/**
 * The unanimous items not yet in `gold`, each taken whole (status `unanimous`, from every
 * annotator), one after another so that relations among them are linked: the prefilled gold.
 */
export function prefillUnanimous(alignment: Alignment, gold: readonly Annotation[]): Annotation[] {
  let out = [...gold];
  for (const item of alignment.items) {
    // an annotation the gold had before on the same span is replaced by the unanimous one (its id kept)
    if (item.status !== 'unanimous' || goldOfItem(item, out, true, alignment.names).length > 0) continue;
    out = applyGoldChange(out, decide(alignment, out, item.index, { take: [0] }));
  }
  return out;
}

/**
 * Annotators' names for their folders' paths ('/'-separated): each folder's base name, with as
 * many parent folders as it takes to tell two apart («alice/corpus», «bob/corpus»), and a number
 * when even the whole paths are the same. Names are what `from` and `versions` record, so they
 * must differ.
 */
export function annotatorNames(paths: readonly string[]): string[] {
  const parts = paths.map((p) => p.split('/').filter((x) => x !== ''));
  const names = parts.map((p) => p.slice(-1).join('/') || '/');
  for (let depth = 2; depth <= Math.max(1, ...parts.map((p) => p.length)); depth++) {
    const clash = names.map((n, i) => names.some((m, j) => j !== i && m === n));
    if (!clash.some(Boolean)) break;
    parts.forEach((p, i) => {
      if (clash[i]) names[i] = p.slice(-depth).join('/');
    });
  }
  return names.map((n, i) => (names.indexOf(n) < i ? `${n} (${i + 1})` : n));
}
