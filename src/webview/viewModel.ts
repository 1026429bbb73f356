/**
 * What the view knows, as the host last sent it: the schema and UI language, the view's strings,
 * the file, whether it is read-only and why, the annotations and suggestions (UTF-16 code units
 * of the document text). One object, handed to every part of the view that reads it.
 */
import type { Label } from '../core/model/annotation';
import type { ConflictSummary } from '../core/merge/conflictRows';
import { NEWS_PRESET, type ProjectSchema, labelTitle } from '../core/model/projectSchema';
import { fromEntry } from '../shared/annotationDelta';
import type { AnnotationDelta, ViewAnnotation, ViewAnnotationEntry, ViewSuggestion } from '../shared/protocol';
import { DEFAULT_VIEW_STRINGS, type ViewStrings } from '../shared/strings';

/** The host's order of annotations (core compareAnnotations, on UTF-16 offsets, which keep its order). */
function compare(a: ViewAnnotation, b: ViewAnnotation): number {
  return a.start16 - b.start16 || b.end16 - a.end16
    || (a.annotation.id < b.annotation.id ? -1 : a.annotation.id > b.annotation.id ? 1 : 0);
}

/**
 * What a delta did to the model: the annotations that went (as they were) and came (as they are);
 * changed ones are in both.
 */
export interface AppliedDelta {
  gone: ViewAnnotation[];
  fresh: ViewAnnotation[];
}

export class ViewModel {
  /** The project schema (labels, keys, colours, codebooks), from the host. */
  schema: ProjectSchema = NEWS_PRESET;
  /** The UI language the schema's titles are shown in. */
  language = 'en';
  strings: ViewStrings = DEFAULT_VIEW_STRINGS;
  fileName = '';
  readOnly = false;
  /** Why the view is read-only (the banner), if it is. */
  problem: string | undefined;
  /** True when the problem is in the sidecar (the banner offers to open it). */
  problemInSidecar = false;
  /** The annotations in the host's order (start, longer first, id). */
  annotations: ViewAnnotation[] = [];
  /** Suggestions under review (drawn dashed; not in the sidecar until accepted). */
  suggestions: ViewSuggestion[] = [];
  /** The key of the suggestion the review is on. */
  currentSuggestion: string | undefined;
  /** The publication date's recorded conflict, if any. */
  publishedConflict: ConflictSummary | undefined;
  /** The annotations by id. */
  private readonly byId = new Map<string, ViewAnnotation>();
  /** Ids of annotations whose quote the view took from its text (it follows the text when that changes). */
  private readonly quoteFromText = new Set<string>();

  /** A label's title in the UI language. */
  labelName(label: Label): string {
    return labelTitle(this.schema, label, this.language);
  }

  /** The annotation with `id`, if the view has it. */
  annotation(id: string): ViewAnnotation | undefined {
    return this.byId.get(id);
  }

  /** Takes every annotation (the host's init), `text` being the document text they are on. */
  setAnnotations(entries: readonly ViewAnnotationEntry[], text: string): void {
    this.byId.clear();
    this.quoteFromText.clear();
    this.annotations = entries.map((e) => this.take(e, text)).sort(compare);
  }

  /** Applies what the host says changed; returns what went and what came, for the highlights. */
  applyDelta(delta: AnnotationDelta, text: string): AppliedDelta {
    const gone: ViewAnnotation[] = [];
    const fresh: ViewAnnotation[] = [];
    for (const id of [...delta.remove, ...delta.change.map((e) => e.annotation.id)]) {
      const old = this.byId.get(id);
      if (!old) continue;
      gone.push(old);
      this.byId.delete(id);
      this.quoteFromText.delete(id);
    }
    for (const e of [...delta.add, ...delta.change]) {
      const old = this.byId.get(e.annotation.id);
      if (old) gone.push(old);
      fresh.push(this.take(e, text));
    }
    const list = this.annotations;
    if (gone.length + fresh.length > 64) {
      this.annotations = [...this.byId.values()].sort(compare);
    } else {
      for (const a of gone) {
        const at = this.indexOf(a);
        if (list[at] === a) list.splice(at, 1);
      }
      for (const a of fresh) {
        if (this.byId.get(a.annotation.id) === a) list.splice(this.indexOf(a), 0, a);
      }
    }
    return { gone, fresh };
  }

  /** The text changed (the host's textEdited): quotes taken from the text are taken again. */
  textChanged(text: string): void {
    for (const id of this.quoteFromText) {
      const a = this.byId.get(id);
      if (a) a.annotation.quote = text.slice(a.start16, a.end16);
    }
  }

  private take(entry: ViewAnnotationEntry, text: string): ViewAnnotation {
    const a = fromEntry(entry, text);
    this.byId.set(a.annotation.id, a);
    if (entry.annotation.quote === undefined) this.quoteFromText.add(a.annotation.id);
    return a;
  }

  /** Where `a` is or would go in the sorted annotations (binary search). */
  private indexOf(a: ViewAnnotation): number {
    let lo = 0;
    let hi = this.annotations.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(this.annotations[mid], a) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
