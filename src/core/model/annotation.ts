/**
 * The annotation model: labelled spans of an article's text, stored standoff (beside the text)
 * with code-point offsets and a W3C TextQuoteSelector-style quote, prefix and suffix.
 * Sources: W3C Web Annotation Data Model §4.2.4 (TextQuoteSelector), §4.2.5 (TextPositionSelector).
 */
import * as l10n from '@vscode/l10n';

/**
 * What a span is: the id of a label of the project schema (core/model/projectSchema); with the news
 * preset a claim, an actor (person, organisation, group) or a date.
 */
export type Label = string;

/** Form of a label id (schemas/project.schema.json). */
export const LABEL_ID = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * How an annotation sits on the current text: `exact` (the quote is at its offsets), `moved` and
 * `fuzzy` (found again elsewhere, by re-anchoring), `orphaned` (its text is gone; offsets are the
 * last known place, the quote is kept).
 */
export const ANCHOR_STATUSES = ['exact', 'moved', 'fuzzy', 'orphaned'] as const;

/** See {@link ANCHOR_STATUSES}. */
export type AnchorStatus = (typeof ANCHOR_STATUSES)[number];

/**
 * The value of `key` in a map read from a file (attributes, relations), only when the map has it
 * as its own key: never a member of Object.prototype (an attribute named "constructor").
 */
export function ownValue(map: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return map !== undefined && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** True when `value` has the form of a label id (whether the project schema has it is checked apart). */
export function isLabel(value: unknown): value is Label {
  return typeof value === 'string' && LABEL_ID.test(value);
}

/** One annotation: a labelled span of the article. */
export interface Annotation {
  /** Stable id, unique in its sidecar; never reused. */
  id: string;
  label: Label;
  /** Start offset in Unicode code points, inclusive, BOM not counted. */
  start: number;
  /** End offset in Unicode code points, exclusive. */
  end: number;
  /** The exact text of the span (TextQuoteSelector `exact`), never normalised. */
  quote: string;
  /** Up to {@link CONTEXT_LENGTH} code points before the span (TextQuoteSelector `prefix`). */
  prefix: string;
  /** Up to {@link CONTEXT_LENGTH} code points after the span (TextQuoteSelector `suffix`). */
  suffix: string;
  /**
   * The entity this mention refers to: the id of an entity of the workspace registry
   * (`.hashiya/entities.yaml`), or a plain name (older sidecars, no registry); absent means the
   * mention's own text.
   */
  entity?: string;
  /** Claims, relation: id of the actor annotation (same sidecar) who makes the claim. */
  speaker?: string;
  /** Claims, relation: id of the date annotation (same sidecar) telling when the claim was made. */
  date?: string;
  /** Claims: the speaker's stance towards what the claim says (asserts, denies, doubts…), free text. */
  stance?: string;
  /** Attributes the project schema declares for the label (name to value), e.g. a claim's `type`. */
  attributes?: Record<string, string>;
  /** Relations the project schema declares for the label other than `speaker` and `date` (name to annotation id). */
  relations?: Record<string, string>;
  /** Free-text note of the analyst. */
  note?: string;
  /** Who made the annotation. */
  author?: string;
  /** When it was made, ISO 8601 with time zone. */
  created?: string;
  /** When it was last changed, ISO 8601 with time zone. */
  modified?: string;
  /** Anchoring status; absent means `exact`. */
  anchored?: AnchorStatus;
  /**
   * The version of the project schema (`.hashiya/schema.yaml`) the annotation was made or last relabelled under; absent
   * with the preset.
   */
  schemaVersion?: number;
  /** Dates: the normalised value, ISO 8601 / TIMEX3 (2015-12-18, XXXX-12-18, 2015-12-15TEV). */
  value?: string;
  /** In a gold sidecar: how adjudication put it there and from whom (docs/adjudication.md); absent elsewhere. */
  adjudication?: AdjudicationRecord;
  /** Who set `value`: computed by Hashiya from the quote, or corrected by the analyst (then kept). */
  valueSource?: 'computed' | 'analyst';
  /**
   * A recorded merge conflict (docs/sidecar-format.md, "Recorded conflicts"): the fields above
   * hold our version; this holds their values of the fields that conflict, or which side removed
   * the annotation. Absent when there is none.
   */
  conflict?: AnnotationConflict;
}

/**
 * How an annotation of a gold sidecar came there (docs/adjudication.md): `unanimous` when every
 * annotator had it, `adjudicated` when the adjudicator chose it; `from` names the annotators whose
 * version it is; `decision` says how it was chosen (adjudicated only).
 */
export interface AdjudicationRecord {
  status: 'unanimous' | 'adjudicated';
  /** Names of the annotators (their folders' base names) whose version this is. */
  from: string[];
  /** take: one annotator's version; both: the versions of several kept; edited: taken, then changed by hand. */
  decision?: 'take' | 'both' | 'edited';
  /**
   * The annotators' annotations this one stands for, as `name:id` (their ids in their own sidecars):
   * what ties it to its item even after the adjudicator edited its span, label or fields.
   */
  versions?: string[];
}

/** The two sides of a merge: ours (the version merged into) and theirs (the version merged in). */
export type ConflictSide = 'ours' | 'theirs';

/**
 * One proposal of a recorded conflict: the other side's values of the fields that conflict, or
 * that a side removed the annotation (or entity) the other changed. At least one of `theirs` and
 * `removed` is present.
 */
export interface ConflictAlternative<Theirs> {
  /** A label for the other side: a branch ("origin/feature-x"), a commit, "disk"... */
  with?: string;
  /** Their values of the fields that conflict; `null`: they have no such field. */
  theirs?: Theirs;
  /** The side that removed the annotation (or entity) the other side changed; the changed version is kept. */
  removed?: ConflictSide;
}

/**
 * A conflict recorded by a merge (the git merge driver `hashiya merge`, or a session that merged
 * a change made on disk) on an annotation, the publication date or an entity of the registry:
 * its first alternative (`with`, `theirs`, `removed`) and, when later merges met the same
 * annotation again before it was resolved, the further ones in `also`, in the order they are
 * resolved (take ours / theirs / both acts on the first; the next one then takes its place).
 * Nothing recorded is ever dropped by a later merge.
 */
export interface RecordedConflict<Theirs> extends ConflictAlternative<Theirs> {
  /** Further alternatives, each like the first; absent when there is one. */
  also?: ConflictAlternative<Theirs>[];
}

/** The alternatives of a recorded conflict, the first first; [] when there is none. */
export function conflictAlternatives<T>(conflict: RecordedConflict<T> | undefined): ConflictAlternative<T>[] {
  if (!conflict) return [];
  const first: ConflictAlternative<T> = {};
  if (conflict.with !== undefined) first.with = conflict.with;
  if (conflict.theirs !== undefined) first.theirs = conflict.theirs;
  if (conflict.removed !== undefined) first.removed = conflict.removed;
  return [first, ...(conflict.also ?? [])].filter((a) => a.theirs !== undefined || a.removed !== undefined);
}

/** The recorded conflict made of `alternatives` (the first at the top, the rest in `also`); undefined for none. */
export function recordedConflict<T>(alternatives: readonly ConflictAlternative<T>[]): RecordedConflict<T> | undefined {
  const [first, ...rest] = alternatives.filter((a) => a.theirs !== undefined || a.removed !== undefined);
  if (!first) return undefined;
  const out: RecordedConflict<T> = {};
  if (first.with !== undefined) out.with = first.with;
  if (first.removed !== undefined) out.removed = first.removed;
  if (first.theirs !== undefined) out.theirs = first.theirs;
  if (rest.length > 0) out.also = rest.map((a) => ({ ...a }));
  return out;
}

/**
 * Their values of an annotation's conflicting fields. The position (start, end, quote, prefix,
 * suffix, anchored) is one group: when present, `start`, `end` and `quote` are, with offsets
 * (code points) into the same text as ours; `anchored` absent means exact.
 */
export interface AnnotationTheirs {
  label?: Label;
  entity?: string | null;
  speaker?: string | null;
  date?: string | null;
  stance?: string | null;
  note?: string | null;
  value?: string | null;
  valueSource?: 'computed' | 'analyst' | null;
  attributes?: Record<string, string> | null;
  relations?: Record<string, string> | null;
  author?: string | null;
  start?: number;
  end?: number;
  quote?: string;
  prefix?: string;
  suffix?: string;
  anchored?: AnchorStatus | null;
}

/** A conflict recorded on an annotation. */
export type AnnotationConflict = RecordedConflict<AnnotationTheirs>;

/**
 * The fields of an annotation that a merge compares one by one (a conflict names each), in the
 * order they are written. Provenance (`created`, `modified`) never conflicts: the earlier
 * `created` and the later `modified` are kept.
 */
export const CONFLICT_FIELDS = [
  'label',
  'entity',
  'speaker',
  'date',
  'stance',
  'note',
  'value',
  'valueSource',
  'attributes',
  'relations',
  'author',
] as const;

/**
 * True when two values of a {@link CONFLICT_FIELDS} field are the same (maps compared by their entries, in any order).
 */
export function sameFieldValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return (a ?? null) === (b ?? null);
  const ea = Object.entries(a).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const eb = Object.entries(b).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify(ea) === JSON.stringify(eb);
}

/** One of {@link CONFLICT_FIELDS}. */
export type ConflictField = (typeof CONFLICT_FIELDS)[number];

/**
 * The fields of an annotation's position: they change together (offsets refer to one text) and conflict as one group.
 */
export const POSITION_FIELDS = ['start', 'end', 'quote', 'prefix', 'suffix', 'anchored'] as const;

/** The relations of a claim, field name to the label of the annotation it points to. */
export const RELATIONS = { speaker: 'actor', date: 'date' } as const satisfies Record<string, Label>;

/** A relation of a claim: `speaker` (an actor) or `date` (a date). */
export type Relation = keyof typeof RELATIONS;

/** Stances offered when setting one; any other text may be typed. */
export const STANCES = ['asserts', 'denies', 'doubts', 'warns', 'demands', 'predicts'] as const;

/**
 * The word for one of {@link STANCES} in the interface's language ('asserts' in English, «يؤكّد»
 * in Arabic), or undefined for a stance typed by the analyst (shown as written). The sidecar
 * always stores the English value.
 */
export function stanceTitle(stance: string): string | undefined {
  switch (stance) {
    case 'asserts':
      return l10n.t('asserts');
    case 'denies':
      return l10n.t('denies');
    case 'doubts':
      return l10n.t('doubts');
    case 'warns':
      return l10n.t('warns');
    case 'demands':
      return l10n.t('demands');
    case 'predicts':
      return l10n.t('predicts');
    default:
      return undefined;
  }
}

/**
 * A stance as shown: its word in the interface's language, with the stored value after it when
 * they differ («يؤكّد (asserts)»); a typed stance as written.
 */
export function stanceText(stance: string): string {
  const title = stanceTitle(stance);
  return title === undefined || title === stance ? stance : `${title} (${stance})`;
}

/** Code points of context kept on each side of a span in `prefix` and `suffix`. */
export const CONTEXT_LENGTH = 32;

/** True when the annotation is orphaned (its text no longer exists in the article). */
export function isOrphaned(annotation: Annotation): boolean {
  return annotation.anchored === 'orphaned';
}

/** Sort order of annotations in a sidecar and in lists: by start, longer first, then by id. */
export function compareAnnotations(a: Annotation, b: Annotation): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new random annotation id: a letter then 9 letters or digits (about 46 bits), never equal to
 * one in `taken`, and never a word a YAML 1.1 reader would take for a boolean or null.
 */
export function newAnnotationId(taken: ReadonlySet<string> = new Set()): string {
  const bytes = new Uint8Array(10);
  for (;;) {
    globalThis.crypto.getRandomValues(bytes);
    let id = ID_ALPHABET[bytes[0] % 26];
    for (let i = 1; i < bytes.length; i++) id += ID_ALPHABET[bytes[i] % ID_ALPHABET.length];
    if (!taken.has(id)) return id;
  }
}

/**
 * The positions a recorded conflict holds: for each alternative whose `theirs` has one (start,
 * end, quote, prefix, suffix, anchored), that position as an annotation (the owner's id and label,
 * no conflict) so that it can be moved, found again and checked exactly like the annotation
 * itself; `at` is the alternative's index (0: the first, k: `also[k - 1]`). [] when none has one.
 */
export function conflictPositions(annotation: Annotation): { at: number; position: Annotation }[] {
  const out: { at: number; position: Annotation }[] = [];
  conflictAlternatives(annotation.conflict).forEach((c, at) => {
    const t = c.theirs;
    if (t?.start === undefined) return;
    const position: Annotation = {
      id: annotation.id,
      label: annotation.label,
      start: t.start,
      end: t.end ?? t.start,
      quote: t.quote ?? '',
      prefix: t.prefix ?? '',
      suffix: t.suffix ?? '',
    };
    if (t.anchored && t.anchored !== 'exact') position.anchored = t.anchored;
    out.push({ at, position });
  });
  return out;
}

/**
 * `annotation` with the positions of its conflict's alternatives replaced by `placed` (by
 * alternative index, as {@link conflictPositions} gives them: start, end, quote, prefix and
 * suffix when not empty, anchored when not exact). A new object; the input is not changed.
 */
export function withConflictPositions(annotation: Annotation, placed: ReadonlyMap<number, Annotation>): Annotation {
  if (placed.size === 0 || !annotation.conflict) return annotation;
  const alternatives = conflictAlternatives(annotation.conflict).map((c, at) => {
    const p = placed.get(at);
    if (!p || !c.theirs) return c;
    const theirs: AnnotationTheirs = { ...c.theirs };
    for (const key of POSITION_FIELDS) delete theirs[key];
    Object.assign(theirs, { start: p.start, end: p.end, quote: p.quote });
    if (p.prefix) theirs.prefix = p.prefix;
    if (p.suffix) theirs.suffix = p.suffix;
    if (p.anchored && p.anchored !== 'exact') theirs.anchored = p.anchored;
    return { ...c, theirs };
  });
  return { ...annotation, conflict: recordedConflict(alternatives) };
}
