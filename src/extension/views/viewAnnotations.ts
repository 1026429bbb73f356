import type { Annotation } from '../../core/model/annotation';
import type { AnnotationSet } from '../../core/model/annotationSet';
import type { HostMessage, ViewAnnotation } from '../../shared/protocol';
import { annotationConflictSummary } from '../../core/merge/conflictRows';
import { guessedReference } from '../../core/model/dateValue';
import type { Published } from '../../core/format/sidecar';
import { labelDef } from '../../core/model/projectSchema';

/**
 * The annotations of `set` with their spans converted to UTF-16 code units for the view, and
 * for actors the name of their entity (`nameOf`, e.g. from the registry), for dates resolved
 * against a guessed publication date (`published`, when guessed) that date.
 */
export function toViewAnnotations(
  set: AnnotationSet,
  nameOf?: (annotation: Annotation) => string,
  published?: Published,
): ViewAnnotation[] {
  const index = set.index;
  return set.annotations.map((annotation) => {
    const view: ViewAnnotation = {
      annotation,
      start16: index.toUtf16(Math.min(annotation.start, index.codePointLength)),
      end16: index.toUtf16(Math.min(annotation.end, index.codePointLength)),
    };
    const def = labelDef(set.schema, annotation.label);
    if (nameOf && def?.entity) view.entityName = nameOf(annotation);
    if (annotation.conflict) view.conflict = annotationConflictSummary(annotation);
    const guess = guessedReference(annotation, published, def?.dateValue === true);
    if (guess) view.guessedFrom = guess;
    return view;
  });
}

/** What the view of one article was sent: builds its messages of annotations. */
export class ViewAnnotationFeed {
  constructor(private readonly nameOf?: (annotation: Annotation) => string) {}

  /** Every annotation of `set` (the view's init). */
  full(set: AnnotationSet, published?: Published): ViewAnnotation[] {
    return toViewAnnotations(set, this.nameOf, published);
  }

  /** The message that brings the view up to `set`. */
  update(set: AnnotationSet, published?: Published): Extract<HostMessage, { type: 'annotations' }> {
    return { type: 'annotations', annotations: this.full(set, published), readOnly: false };
  }
}
