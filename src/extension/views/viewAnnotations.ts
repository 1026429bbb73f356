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
  return set.annotations.map((annotation) => toViewAnnotation(set, annotation, nameOf, published));
}

/** One annotation of `set` for the view (see {@link toViewAnnotations}). */
function toViewAnnotation(
  set: AnnotationSet,
  annotation: Annotation,
  nameOf?: (annotation: Annotation) => string,
  published?: Published,
): ViewAnnotation {
  const index = set.index;
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
}

/**
 * Above this many annotations changed since the last message, a delta compares all of them
 * (each changed one is looked up by id, a walk over the set).
 */
const LOOKED_UP = 64;

/**
 * What one view of an article was sent, and so what to send it next: every annotation at init
 * (slim entries, shared/annotationDelta), afterwards only what was added, changed or removed.
 */
export class ViewAnnotationFeed {
  private readonly sent = new SentAnnotations();
  /** The set last sent, where it stood then and the publication date it was shown against. */
  private last: { set: AnnotationSet; mark: { epoch: number; version: number }; published: string } | undefined;

  /** `nameOf`: the name of an actor's entity (see {@link toViewAnnotations}). */
  constructor(private readonly nameOf?: (annotation: Annotation) => string) {}

  /** Every annotation of `set` (the view's init); later deltas are against these. */
  full(set: AnnotationSet, published?: Published): ViewAnnotationEntry[] {
    const entries = this.sent.full(toViewAnnotations(set, this.nameOf, published), set.text);
    this.remember(set, published);
    return entries;
  }

  /** No annotations (a view of an article without a session); later deltas are against none. */
  none(): ViewAnnotationEntry[] {
    this.last = undefined;
    return this.sent.full([], '');
  }

  /**
   * What changed in `set` since the view was last sent its annotations. Only the annotations the
   * set says changed since then are looked at (`AnnotationSet.changedSince`), unless the text,
   * the set, the schema or the publication date changed, or `options.all` (what the entity names
   * come from changed): then all are compared.
   */
  delta(set: AnnotationSet, published?: Published, options: { all?: boolean } = {}): AnnotationDelta {
    const last = this.last;
    const changed = !options.all && last?.set === set && last.published === JSON.stringify(published ?? null)
      ? set.changedSince(last.mark) : undefined;
    this.remember(set, published);
    if (changed === undefined || changed.length > LOOKED_UP) {
      return this.sent.delta(toViewAnnotations(set, this.nameOf, published), set.text);
    }
    const views: ViewAnnotation[] = [];
    const removed: string[] = [];
    for (const id of changed) {
      const annotation = set.get(id);
      if (annotation) views.push(toViewAnnotation(set, annotation, this.nameOf, published));
      else removed.push(id);
    }
    return this.sent.deltaOf(views, removed, set.text);
  }

  private remember(set: AnnotationSet, published: Published | undefined): void {
    this.last = { set, mark: set.mark, published: JSON.stringify(published ?? null) };
  }

  /** The message that brings the view up to `set` (the annotations only; not read-only, no problem). */
  update(set: AnnotationSet, published?: Published): Extract<HostMessage, { type: 'annotations' }> {
    return { type: 'annotations', delta: this.delta(set, published), readOnly: false };
  }
}
