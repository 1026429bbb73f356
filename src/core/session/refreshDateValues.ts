import { type Annotation } from '../model/annotation';
import { type AnnotationSet } from '../model/annotationSet';
import { refreshDateValue } from '../model/dateValue';
import { labelDef } from '../model/projectSchema';

/**
 * Recomputes, against the publication date `published` (YYYY-MM-DD), the date values of the
 * annotations of `set` whose quote, label or anchoring changed since `before` (a snapshot by id),
 * or of all with `all`; values the analyst set stay (see `refreshDateValue`).
 */
export function refreshDateValues(set: AnnotationSet, before: Map<string, Annotation>, published: string | undefined,
  all = false): void {
  for (const a of set.annotations) {
    const old = before.get(a.id);
    if (!all && old && old.quote === a.quote && old.label === a.label && old.anchored === a.anchored
      && (old.valueSource === a.valueSource || a.valueSource !== undefined)) continue;
    const carries = labelDef(set.schema, a.label)?.dateValue === true;
    if (refreshDateValue(a, published, carries)) set.restore(a);
  }
}
