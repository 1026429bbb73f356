import type { AnnotationSet } from '../core/annotationSet';
import type { ViewAnnotation } from '../common/protocol';

/** The annotations of `set` with their spans converted to UTF-16 code units for the view. */
export function toViewAnnotations(set: AnnotationSet): ViewAnnotation[] {
  const index = set.index;
  return set.annotations.map((annotation) => ({
    annotation,
    start16: index.toUtf16(Math.min(annotation.start, index.codePointLength)),
    end16: index.toUtf16(Math.min(annotation.end, index.codePointLength)),
  }));
}
