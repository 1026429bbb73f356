/**
 * The messages between the extension host and the RTL article view (webview). One discriminated
 * union per direction; `isViewMessage` guards what arrives from the webview. Offsets in messages
 * are UTF-16 code units of the document text (the DOM's unit); the host converts them to code
 * points with core/text/offsets before anything is stored.
 */
import { type Annotation, type Label, isLabel } from '../core/model/annotation';
import type { ConflictSummary } from '../core/merge/conflictRows';
import type { ProjectSchema } from '../core/model/projectSchema';
import type { ViewStrings } from './strings';

/**
 * An annotation as the view needs it: the stored annotation plus its span in UTF-16 units. (On the
 * way to the view it travels as a slimmer {@link ViewAnnotationEntry}: no prefix and suffix, which
 * are empty in the view, and no quote when it is the text of the span.)
 */
export interface ViewAnnotation {
  annotation: Annotation;
  /** Start in UTF-16 code units of the document text, inclusive. */
  start16: number;
  /** End in UTF-16 code units of the document text, exclusive. */
  end16: number;
  /** Actors: the name of the entity it refers to, from the workspace registry when linked there. */
  entityName?: string;
  /** Its recorded merge conflict, side by side as inert text (only when it has one). */
  conflict?: ConflictSummary;
  /** Dates: the guessed publication date its computed value was resolved against (see guessedReference). */
  guessedFrom?: string;
}

/**
 * An annotation as posted to the view (shared/annotationDelta): {@link ViewAnnotation} without
 * prefix and suffix, and with the quote only when it is not the text of the span (moved, fuzzy, orphaned).
 */
export interface ViewAnnotationEntry extends Omit<ViewAnnotation, 'annotation'> {
  annotation: Omit<Annotation, 'prefix' | 'suffix' | 'quote'> & { quote?: string };
}

/** What changed in an article's annotations since its view was last sent them. */
export interface AnnotationDelta {
  /** Annotations the view has not been sent. */
  add: ViewAnnotationEntry[];
  /** Annotations the view has, as they are now (same id). */
  change: ViewAnnotationEntry[];
  /** Ids of annotations the view has that are gone. */
  remove: string[];
}

/** A suggestion under review as the view draws it (dashed), UTF-16 code units. */
export interface ViewSuggestion {
  /** Identifies it while it is under review. */
  key: string;
  label: Label;
  start16: number;
  end16: number;
  quote: string;
  /** Dates: the suggested value. */
  value?: string;
  /** Dates: the guessed publication date (YYYY-MM-DD) the value was resolved against, when it was. */
  guessedFrom?: string;
  /** Claims: the text of the suggested speaker. */
  speaker?: string;
  /** The rule that found it. */
  rule: string;
}

/**
 * What the view's review keys ask for: accept or reject the current suggestion, its label's, or
 * all; next/previous carry the key the view has moved to.
 */
export const SUGGESTION_ACTIONS = [
  'accept', 'reject', 'acceptLabel', 'rejectLabel', 'acceptAll', 'rejectAll', 'next', 'previous',
] as const;

/** See {@link SUGGESTION_ACTIONS}. */
export type SuggestionAction = (typeof SUGGESTION_ACTIONS)[number];

/** How the view lays out text (from the `hashiya.view.*` settings). */
export interface ViewSettings {
  fontFamily: string;
  /** Font size in CSS pixels. */
  fontSize: number;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
}

/**
 * Why the view is read-only, shown as a banner: the article cannot be annotated (not UTF-8, mixed
 * line endings) or its sidecar is broken (file, line, column and problem in `message`).
 */
export interface ViewProblem {
  message: string;
  /** True when the problem is in the sidecar: the banner offers to open it. */
  sidecar?: boolean;
}

/** A change of the document text, UTF-16 code units; applied one after another. */
export interface ViewTextChange {
  start16: number;
  end16: number;
  text: string;
}

/**
 * The project schema as the view uses it: labels, keys, colours, codebooks; titles in `language`
 * (VS Code's UI language).
 */
export interface ViewSchema {
  schema: ProjectSchema;
  language: string;
}

/** Messages from the extension host to the view. */
export type HostMessage =
  | {
    type: 'init'; fileName: string; text: string; annotations: ViewAnnotationEntry[]; settings: ViewSettings;
    problem?: ViewProblem; readOnly: boolean; publishedConflict?: ConflictSummary; labels: ViewSchema;
    /** The view's words in the UI language; what is missing stays English (DEFAULT_VIEW_STRINGS). */
    strings?: Partial<ViewStrings>;
    /**
     * The extension's l10n bundle (`vscode.l10n.bundle`: English source string → translation), for
     * the words core makes in the view (hover fields); absent in English.
     */
    l10nBundle?: Record<string, string>;
  }
  | { type: 'labels'; labels: ViewSchema }
  /** What changed in the annotations since the view was last sent them (added, changed, removed). */
  | {
    type: 'annotations'; delta: AnnotationDelta; problem?: ViewProblem; readOnly: boolean;
    publishedConflict?: ConflictSummary;
  }
  /** The text changed (`changes` in order), and with it the annotations (`delta`). */
  | { type: 'textEdited'; changes: ViewTextChange[]; length16: number; delta: AnnotationDelta }
  | { type: 'reveal'; start16: number; end16: number; select: boolean }
  | { type: 'marked'; start16: number; end16: number }
  | { type: 'settings'; settings: ViewSettings }
  | { type: 'notice'; message: string }
  | { type: 'suggestions'; suggestions: ViewSuggestion[]; current?: string; reveal: boolean }
  | { type: 'conflictStep'; direction: 1 | -1 }
  /** Adjudication mode (docs/adjudication.md): the items to decide; null leaves the mode. */
  | { type: 'adjudication'; adjudication: ViewAdjudication | null; reveal: boolean };

/** One annotator's version of an adjudication item as the view shows it (UTF-16 code units). */
export interface ViewAdjudicationVersion {
  label: Label;
  start16: number;
  end16: number;
  quote: string;
  /** What else this version says (entity, speaker, stance, value, attributes), inert text in the UI language. */
  detail: string;
}

/** An item that is not unanimous, as the view draws it: spans of one annotator, or of several that disagree. */
export interface ViewAdjudicationItem {
  /** The item's index in the host's alignment (what the view's actions name). */
  index: number;
  /** `some`: not every annotator has it (dashed); `disagreement`: the versions differ (wavy). */
  status: 'some' | 'disagreement';
  /** True once decided (gold has it, or it was decided to take neither). */
  decided: boolean;
  /** What differs, in words of the UI language ("boundary", "label", "only A"). */
  kinds: string[];
  /** Annotators' letters that have a version ("A", "AB"). */
  letters: string;
  /** Cover of all versions, UTF-16 code units. */
  start16: number;
  end16: number;
  /** Per annotator (in the order of `letters` of the adjudication): their version, or null. */
  versions: (ViewAdjudicationVersion | null)[];
}

/** The adjudication of an article: its annotators, the open items and the current one. */
export interface ViewAdjudication {
  /** Annotators' names (folder base names), A first. */
  names: string[];
  /** Their letters: A, B, C… */
  letters: string[];
  items: ViewAdjudicationItem[];
  /** `index` of the current item, if any. */
  current?: number;
  /** Where the gold goes (a file name), for the bar. */
  gold: string;
}

/**
 * What the adjudication keys and buttons ask for: take an annotator's version, both (all
 * versions), neither, edit, or move to the next / previous item.
 */
export const ADJUDICATION_ACTIONS = ['take', 'both', 'neither', 'edit', 'next', 'previous'] as const;

/** See {@link ADJUDICATION_ACTIONS}. */
export type AdjudicationAction = (typeof ADJUDICATION_ACTIONS)[number];

/**
 * What the view's conflict keys ask for: take ours / theirs / both of the current recorded
 * conflict, or (focus) which conflict the view's conflict bar shows now.
 */
export const CONFLICT_ACTIONS = ['ours', 'theirs', 'both', 'focus'] as const;

/** See {@link CONFLICT_ACTIONS}. */
export type ConflictAction = (typeof CONFLICT_ACTIONS)[number];

/** Commands the view asks the host to run on the current selection. */
export const VIEW_COMMANDS = [
  'remove', 'changeLabel', 'editNote', 'editEntity', 'next', 'previous', 'openText', 'openSidecar', 'setSpeaker',
  'setClaimDate', 'setStance', 'editDateValue', 'annotateOccurrences', 'suggest', 'setAttribute', 'setRelation',
] as const;

/** See {@link VIEW_COMMANDS}. */
export type ViewCommand = (typeof VIEW_COMMANDS)[number];

/** Messages from the view to the extension host. */
export type ViewMessage =
  | { type: 'ready' }
  | { type: 'selection'; anchor16: number; focus16: number }
  | { type: 'annotate'; label: Label; anchor16: number; focus16: number }
  | { type: 'command'; command: ViewCommand; anchor16: number; focus16: number }
  | { type: 'reattach'; id: string; anchor16: number; focus16: number }
  | { type: 'suggestion'; action: SuggestionAction; key?: string }
  /** A conflict key: `id` is the annotation whose conflict it is; absent: the publication date's. */
  | { type: 'conflict'; action: ConflictAction; id?: string }
  | { type: 'needText' }
  /** An adjudication key or button: `annotator` (0-based) for take. */
  | { type: 'adjudicate'; action: AdjudicationAction; annotator?: number }
  | { type: 'log'; level: 'info' | 'error'; message: string };

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** True when `value` is a well-formed {@link ViewMessage}; anything else from the webview is dropped. */
export function isViewMessage(value: unknown): value is ViewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'needText':
      return true;
    case 'selection':
      return isOffset(m.anchor16) && isOffset(m.focus16);
    case 'annotate':
      return isLabel(m.label) && isOffset(m.anchor16) && isOffset(m.focus16);
    case 'command':
      return typeof m.command === 'string' && (VIEW_COMMANDS as readonly string[]).includes(m.command)
        && isOffset(m.anchor16) && isOffset(m.focus16);
    case 'reattach':
      return typeof m.id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(m.id)
        && isOffset(m.anchor16) && isOffset(m.focus16);
    case 'conflict':
      return typeof m.action === 'string' && (CONFLICT_ACTIONS as readonly string[]).includes(m.action)
        && (m.id === undefined || (typeof m.id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(m.id)));
    case 'suggestion':
      return typeof m.action === 'string' && (SUGGESTION_ACTIONS as readonly string[]).includes(m.action)
        && (m.key === undefined || (typeof m.key === 'string' && m.key.length <= 32));
    case 'adjudicate':
      return typeof m.action === 'string' && (ADJUDICATION_ACTIONS as readonly string[]).includes(m.action)
        && (m.annotator === undefined || (typeof m.annotator === 'number' && Number.isInteger(m.annotator)
          && m.annotator >= 0 && m.annotator < 26));
    case 'log':
      return (m.level === 'info' || m.level === 'error') && typeof m.message === 'string';
    default:
      return false;
  }
}

/** Compile-time exhaustiveness check for `switch` over message types. */
export function assertNever(value: never): never {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
}
