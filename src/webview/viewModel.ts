/**
 * What the view knows, as the host last sent it: the schema and UI language, the view's strings,
 * the file, whether it is read-only and why, the annotations and suggestions (UTF-16 code units
 * of the document text). One object, handed to every part of the view that reads it.
 */
import type { Label } from '../core/model/annotation';
import type { ConflictSummary } from '../core/merge/conflictRows';
import { NEWS_PRESET, type ProjectSchema, labelTitle } from '../core/model/projectSchema';
import type { ViewAnnotation, ViewSuggestion } from '../shared/protocol';
import { DEFAULT_VIEW_STRINGS, type ViewStrings } from '../shared/strings';

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
  annotations: ViewAnnotation[] = [];
  /** Suggestions under review (drawn dashed; not in the sidecar until accepted). */
  suggestions: ViewSuggestion[] = [];
  /** The key of the suggestion the review is on. */
  currentSuggestion: string | undefined;
  /** The publication date's recorded conflict, if any. */
  publishedConflict: ConflictSummary | undefined;

  /** A label's title in the UI language. */
  labelName(label: Label): string {
    return labelTitle(this.schema, label, this.language);
  }
}
