import type { Annotation } from './annotation';

/** Where an annotation is: these fields change together (offsets refer to one text). */
const POSITION_KEYS = ['start', 'end', 'quote', 'prefix', 'suffix', 'anchored'] as const;
/** What the analyst says about it: merged one field at a time. */
const FIELD_KEYS = ['label', 'entity', 'speaker', 'date', 'stance', 'note', 'author', 'created', 'value', 'valueSource'] as const;

function samePosition(a: Annotation, b: Annotation): boolean {
  return a.start === b.start && a.end === b.end && a.quote === b.quote && (a.anchored ?? 'exact') === (b.anchored ?? 'exact');
}

/** True when two annotations say the same thing (times and context are not compared). */
export function sameAnnotation(a: Annotation | undefined, b: Annotation | undefined): boolean {
  if (!a || !b) return a === b;
  return samePosition(a, b) && FIELD_KEYS.every((key) => key === 'created' || a[key] === b[key]);
}

/** Result of {@link mergeAnnotations}. */
export interface MergeResult {
  annotations: Annotation[];
  /** Ids changed differently on both sides (in the same field); the merged result holds ours there. */
  conflicts: string[];
  /** Ids whose position was taken from `theirs` (their offsets refer to their text). */
  theirPositions: Set<string>;
}

/**
 * Three-way merge of annotation lists by id against `base`, the version both sides last saw.
 * Per annotation, the position (offsets, quote) and each of label, entity, note, author are
 * merged separately: a side that did not change one takes the other side's; when both changed
 * it differently, ours wins and the id is reported as a conflict. An annotation deleted on one
 * side and changed on the other is kept (nothing is lost); `modified` is the later of the two.
 */
export function mergeAnnotations(base: readonly Annotation[], ours: readonly Annotation[], theirs: readonly Annotation[]): MergeResult {
  const b = new Map(base.map((a) => [a.id, a]));
  const o = new Map(ours.map((a) => [a.id, a]));
  const t = new Map(theirs.map((a) => [a.id, a]));
  const annotations: Annotation[] = [];
  const conflicts: string[] = [];
  const theirPositions = new Set<string>();
  for (const id of new Set([...o.keys(), ...t.keys(), ...b.keys()])) {
    const [bo, oo, to] = [b.get(id), o.get(id), t.get(id)];
    if (!oo && !to) continue;
    if (!oo || !to) {
      const kept = (oo ?? to)!;
      // one side deleted it: gone only if the other side left it as it was
      if (bo && sameAnnotation(bo, kept)) continue;
      if (bo) conflicts.push(id);
      if (!oo) theirPositions.add(id);
      annotations.push(kept);
      continue;
    }
    const merged: Annotation = { ...oo };
    let conflict = false;
    if (bo && !samePosition(bo, to)) {
      if (samePosition(bo, oo)) {
        for (const key of POSITION_KEYS) setField(merged, key, to[key]);
        theirPositions.add(id);
      } else if (!samePosition(oo, to)) conflict = true;
    }
    if (!bo && !samePosition(oo, to)) conflict = true;
    for (const key of FIELD_KEYS) {
      const [bv, ov, tv] = [bo?.[key], oo[key], to[key]];
      if (ov === tv || (bo && tv === bv)) continue;
      // added on both sides with the same id (no base): ours, and a conflict
      if (bo && ov === bv) setField(merged, key, tv);
      else conflict = true;
    }
    const modified = [oo.modified, to.modified].filter((v): v is string => !!v).sort().pop();
    setField(merged, 'modified', modified);
    if (conflict) conflicts.push(id);
    annotations.push(merged);
  }
  return { annotations, conflicts, theirPositions };
}

function setField<K extends keyof Annotation>(a: Annotation, key: K, value: Annotation[K] | undefined): void {
  if (value === undefined) delete a[key];
  else a[key] = value;
}
