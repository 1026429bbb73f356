import type { Annotation } from '../../core/model/annotation';
import type { AnnotationSet } from '../../core/model/annotationSet';
import type { AnnotationDelta, HostMessage, ViewAnnotation, ViewAnnotationEntry } from '../../shared/protocol';
import { SentAnnotations } from '../../shared/annotationDelta';
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

/**
 * What one view of an article was sent, and so what to send it next: every annotation at init
 * (slim entries, shared/annotationDelta), afterwards only what was added, changed or removed.
 */
export class ViewAnnotationFeed {
  private readonly sent = new SentAnnotations();

  /** `nameOf`: the name of an actor's entity (see {@link toViewAnnotations}). */
  constructor(private readonly nameOf?: (annotation: Annotation) => string) {}

  /** Every annotation of `set` (the view's init); later deltas are against these. */
  full(set: AnnotationSet, published?: Published): ViewAnnotationEntry[] {
    return this.sent.full(toViewAnnotations(set, this.nameOf, published), set.text);
  }

  /** No annotations (a view of an article without a session); later deltas are against none. */
  none(): ViewAnnotationEntry[] {
    return this.sent.full([], '');
  }

  /** What changed in `set` since the view was last sent its annotations. */
  delta(set: AnnotationSet, published?: Published): AnnotationDelta {
    return this.sent.delta(toViewAnnotations(set, this.nameOf, published), set.text);
  }

  /** The message that brings the view up to `set` (the annotations only; not read-only, no problem). */
  update(set: AnnotationSet, published?: Published): Extract<HostMessage, { type: 'annotations' }> {
    return { type: 'annotations', delta: this.delta(set, published), readOnly: false };
  }
}
