import { type Annotation } from '../model/annotation';
import { type AnnotationSet } from '../model/annotationSet';
import { refreshDateValue } from '../model/dateValue';
import { labelDef } from '../model/projectSchema';

/**
 * Recomputes, against the publication date `published` (YYYY-MM-DD), the date values of the
 * annotations of `set` whose quote, label or anchoring changed since `before` (by id, as they were;
 * undefined: added), or of all with `all`; values the analyst set stay (see `refreshDateValue`).
 * Only the ids of `before` are looked at (without `all`): it holds every annotation when it is a
 * snapshot of all of them, or those an action changed when it is what `AnnotationSet.record` recorded.
 */
export function refreshDateValues(set: AnnotationSet, before: ReadonlyMap<string, Annotation | undefined>,
  published: string | undefined, all = false): void {
  const looked = all ? set.annotations : [...before.keys()].map((id) => set.get(id)).filter((a) => a !== undefined);
  for (const a of looked) {
    const old = before.get(a.id);
    if (!all && old && old.quote === a.quote && old.label === a.label && old.anchored === a.anchored
      && (old.valueSource === a.valueSource || a.valueSource !== undefined)) continue;
    const carries = labelDef(set.schema, a.label)?.dateValue === true;
    if (refreshDateValue(a, published, carries)) set.restore(a);
  }
}
