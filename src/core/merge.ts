import type { Annotation } from './annotation';

const COMPARED_KEYS = ['label', 'start', 'end', 'quote', 'entity', 'note', 'anchored'] as const;

/** True when two annotations say the same thing (times and context are not compared). */
export function sameAnnotation(a: Annotation | undefined, b: Annotation | undefined): boolean {
  if (!a || !b) return a === b;
  return COMPARED_KEYS.every((key) => a[key] === b[key]);
}

/** Result of {@link mergeAnnotations}. */
export interface MergeResult {
  annotations: Annotation[];
  /** Ids changed differently on both sides; the merged result holds our version. */
  conflicts: string[];
}

/**
 * Three-way merge of annotation lists by id against `base`, the version both sides last saw.
 * A side that did not change an annotation takes the other side's version (including a
 * deletion); when both changed it, ours wins and the id is reported as a conflict; an annotation
 * deleted on one side and changed on the other is kept (nothing is lost).
 */
export function mergeAnnotations(base: readonly Annotation[], ours: readonly Annotation[], theirs: readonly Annotation[]): MergeResult {
  const b = new Map(base.map((a) => [a.id, a]));
  const o = new Map(ours.map((a) => [a.id, a]));
  const t = new Map(theirs.map((a) => [a.id, a]));
  const ids = new Set([...o.keys(), ...t.keys(), ...b.keys()]);
  const annotations: Annotation[] = [];
  const conflicts: string[] = [];
  for (const id of ids) {
    const [bo, oo, to] = [b.get(id), o.get(id), t.get(id)];
    let pick: Annotation | undefined;
    if (sameAnnotation(oo, to)) pick = oo ?? to;
    else if (sameAnnotation(bo, oo)) pick = to;
    else if (sameAnnotation(bo, to)) pick = oo;
    else {
      pick = oo ?? to;
      if (oo && to) conflicts.push(id);
    }
    if (pick) annotations.push(pick);
  }
  return { annotations, conflicts };
}
