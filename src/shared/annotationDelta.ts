/**
 * Annotations on their way to the view (issue 12): slim entries and deltas. The host sends every
 * annotation once (init) and afterwards only what was added, changed or removed; an entry leaves
 * out the TextQuoteSelector context (prefix, suffix) and the quote when it is the text of its span,
 * which the view takes from its own copy of the text. Offsets are UTF-16 code units of the document text.
 */
import type { AnnotationDelta, ViewAnnotation, ViewAnnotationEntry } from './protocol';

/** True when the delta changes nothing. */
export function isEmptyDelta(delta: AnnotationDelta): boolean {
  return delta.add.length === 0 && delta.change.length === 0 && delta.remove.length === 0;
}

/** The entry of `view` on `text` (the document text): no prefix and suffix, no quote when it is the span's text. */
export function toEntry(view: ViewAnnotation, text: string): ViewAnnotationEntry {
  const { prefix: _prefix, suffix: _suffix, quote, ...rest } = view.annotation;
  const placed = view.annotation.anchored !== 'orphaned' && text.slice(view.start16, view.end16) === quote;
  return { ...view, annotation: placed ? rest : { ...rest, quote } };
}

/**
 * The view's annotation of an entry, on the view's `text`: the quote taken from the text where the
 * entry has none; prefix and suffix are empty (the view never shows them).
 */
export function fromEntry(entry: ViewAnnotationEntry, text: string): ViewAnnotation {
  const quote = entry.annotation.quote ?? text.slice(entry.start16, entry.end16);
  return { ...entry, annotation: { ...entry.annotation, quote, prefix: '', suffix: '' } };
}

/**
 * What the host last sent one view: each annotation's entry (as JSON once compared), to find what
 * changed. `full` starts over (init), `delta` and `deltaOf` send what changed since and remember it.
 */
export class SentAnnotations {
  /** By id: the entry as sent, or its JSON once it was compared (an init is not written out twice). */
  private sent = new Map<string, ViewAnnotationEntry | string>();

  /** Every entry of `views` on `text`; what the view has from now on. */
  full(views: readonly ViewAnnotation[], text: string): ViewAnnotationEntry[] {
    this.sent = new Map();
    return views.map((v) => {
      const entry = toEntry(v, text);
      this.sent.set(v.annotation.id, entry);
      return entry;
    });
  }

  /** The JSON of what was sent for `id`, undefined when nothing was. */
  private sentJson(id: string): string | undefined {
    const sent = this.sent.get(id);
    return typeof sent === 'object' ? JSON.stringify(sent) : sent;
  }

  /** What changed from what was sent to `views` on `text`. */
  delta(views: readonly ViewAnnotation[], text: string): AnnotationDelta {
    const delta: AnnotationDelta = { add: [], change: [], remove: [] };
    const next = new Map<string, ViewAnnotationEntry | string>();
    for (const v of views) {
      const entry = toEntry(v, text);
      const json = JSON.stringify(entry);
      const id = v.annotation.id;
      next.set(id, json);
      const before = this.sentJson(id);
      if (before === undefined) delta.add.push(entry);
      else if (before !== json) delta.change.push(entry);
    }
    for (const id of this.sent.keys()) if (!next.has(id)) delta.remove.push(id);
    this.sent = next;
    return delta;
  }

  /**
   * What changed from what was sent when only `views` (on `text`) may have changed and the
   * annotations of `removed` (ids) may be gone; every other one is as it was sent.
   */
  deltaOf(views: readonly ViewAnnotation[], removed: readonly string[], text: string): AnnotationDelta {
    const delta: AnnotationDelta = { add: [], change: [], remove: [] };
    for (const v of views) {
      const entry = toEntry(v, text);
      const json = JSON.stringify(entry);
      const id = v.annotation.id;
      const before = this.sentJson(id);
      this.sent.set(id, json);
      if (before === undefined) delta.add.push(entry);
      else if (before !== json) delta.change.push(entry);
    }
    for (const id of removed) if (this.sent.delete(id)) delta.remove.push(id);
    return delta;
  }
}
