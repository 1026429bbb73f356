// Over 500 lines: three-way merges of annotations, whole sidecars and the registry share the field-by-
// field rules and the placing of positions on the merged text; a split by those three is planned.
/**
 * Three-way merges of Hashiya's files: annotations by id and field, whole sidecars (placed on the
 * merged article through a text diff), and the entity registry by entity id. A merge never drops
 * anything and never writes conflict markers: when both sides changed the same field differently,
 * or one removed what the other changed, our version is kept and theirs is recorded in a
 * `conflict` mapping (docs/sidecar-format.md, "Recorded conflicts"; resolved with conflict.ts).
 * Pure: no `vscode`, no file access (the git merge driver, src/cli/mergeDriver.ts, finds the texts).
 */
import {
  type AnchorStatus,
  type Annotation,
  type AnnotationTheirs,
  CONFLICT_FIELDS,
  type ConflictAlternative,
  type ConflictField,
  sameFieldValue,
  type RecordedConflict,
  conflictAlternatives,
  conflictPositions,
  isOrphaned,
  withConflictPositions,
} from '../model/annotation';
import { anchorToText } from '../anchoring/anchoring';
import {
  alternativeKey,
  annotationAlternativeSettled,
  entityAlternativeSettled,
  publishedAlternativeSettled,
  remainingConflict,
} from './conflict';
import { type TextChange, orphanPoint, quoteSelector } from '../model/annotationSet';
import {
  ENTITY_CONFLICT_FIELDS,
  type Entity,
  type EntityTheirs,
  type Registry,
  mergeEntities,
} from '../entities/entityRegistry';
import { sameWordEdges } from '../text/matchText';
import {
  OffsetIndex,
  codePointLength,
  endAfterMarks,
  isGraphemeBoundary,
  splitsCrLf,
  startBeforeMarks,
} from '../text/offsets';
import type { Published, PublishedTheirs, Sidecar } from '../format/sidecar';
import { mergeStatus } from '../model/articleStatus';
import { diffTexts } from '../text/textDiff';
import { textSha256 } from '../text/textHash';
import { partitionPoint } from '../util/binarySearch';

// ---------------------------------------------------------------------------------------------
// Annotations by id and field

/** True when both are at the same place: same offsets and quote, or both orphaned with the same quote. */
function samePlace(a: Annotation, b: Annotation): boolean {
  if (isOrphaned(a) || isOrphaned(b)) return isOrphaned(a) && isOrphaned(b) && a.quote === b.quote;
  return a.start === b.start && a.end === b.end && a.quote === b.quote;
}

function status(a: Annotation): AnchorStatus {
  return a.anchored ?? 'exact';
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * True when two annotations say the same thing: place, status, every field and conflict (times and context are not
 * compared).
 */
export function sameAnnotation(a: Annotation | undefined, b: Annotation | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    samePlace(a, b) &&
    status(a) === status(b) &&
    CONFLICT_FIELDS.every((key) => sameFieldValue(a[key], b[key])) &&
    sameFieldValue(a.adjudication, b.adjudication) &&
    sameJson(a.conflict, b.conflict)
  );
}

/** Result of {@link mergeAnnotations}. */
export interface MergeResult {
  /** The merged annotations: ours first in our order, then theirs that are new to us. */
  annotations: Annotation[];
  /** Ids with a conflict recorded by this merge (their `conflict` mapping says what). */
  conflicts: string[];
  /** Ids whose position was taken from `theirs` (their offsets refer to their text). */
  theirPositions: Set<string>;
}

/** Options of {@link mergeAnnotations}. */
export interface AnnotationMergeOptions {
  /** `conflict.with` of the conflicts recorded: a label for their side ("origin/feature-x", "disk"). */
  with?: string;
  /**
   * Their annotations placed on our text, by id, when their offsets refer to another text (a
   * session merging a sidecar written for another version): a position conflict records these,
   * and none is recorded when their place there is ours.
   */
  theirsPlaced?: ReadonlyMap<string, Annotation>;
  /**
   * True when all three lists are placed on one text by the merge itself (mergeSidecars): a side
   * whose version is orphaned where the base's is placed did not move it (its own re-anchoring
   * lost it; orphaning is never an analyst's choice), so the side where it is placed wins.
   */
  orphanedIsUnplaced?: boolean;
}

/**
 * An alternative recorded in the other side's version, as our side reads it: a removal there is
 * a removal proposed by a side that is not ours (`removed: "theirs"`; when their side itself had
 * removed it, `with` names their side now).
 */
function carried<T>(c: ConflictAlternative<T>, label: string | undefined): ConflictAlternative<T> {
  if (!c.removed) return { ...c };
  const out: ConflictAlternative<T> = { ...c, removed: 'theirs' };
  if (c.removed === 'ours') {
    if (label === undefined) delete out.with;
    else out.with = label;
  }
  return out;
}

/**
 * The recorded conflict of a merged item, three-way, so that nothing recorded is ever dropped:
 * the alternatives of ours that are still open (one the base had and theirs no longer has was
 * resolved there, and is gone), then those theirs recorded since the base ({@link carried}),
 * then `fresh` (what this merge recorded). Repeats and alternatives `settled` says ask for
 * nothing new are left out. `added`: whether it has alternatives ours did not have.
 */
function mergeConflicts<T>(
  base: RecordedConflict<T> | undefined,
  ours: RecordedConflict<T> | undefined,
  theirs: RecordedConflict<T> | undefined,
  fresh: readonly ConflictAlternative<T>[],
  label: string | undefined,
  settled: (c: ConflictAlternative<T>) => boolean,
): { conflict?: RecordedConflict<T>; added: boolean } {
  if (!ours && !theirs && fresh.length === 0) return { added: false };
  const inBase = new Set(conflictAlternatives(base).map(alternativeKey));
  const theirsAll = conflictAlternatives(theirs);
  const inTheirs = new Set(theirsAll.map(alternativeKey));
  const oursAll = conflictAlternatives(ours);
  const kept = oursAll.filter((c) => !inBase.has(alternativeKey(c)) || inTheirs.has(alternativeKey(c)));
  const alternatives = [
    ...kept,
    ...theirsAll.filter((c) => !inBase.has(alternativeKey(c))).map((c) => carried(c, label)),
    ...fresh,
  ];
  const conflict = remainingConflict(alternatives, settled);
  const before = new Set(oursAll.map(alternativeKey));
  return { conflict, added: conflictAlternatives(conflict).some((c) => !before.has(alternativeKey(c))) };
}

function withLabel(label: string | undefined): { with?: string } {
  return label === undefined ? {} : { with: label };
}

/** Their position as a conflict records it: start, end, quote (+ prefix, suffix, anchored when they have them). */
function positionOf(a: Annotation): AnnotationTheirs {
  const out: AnnotationTheirs = { start: a.start, end: a.end, quote: a.quote };
  if (a.prefix) out.prefix = a.prefix;
  if (a.suffix) out.suffix = a.suffix;
  if (a.anchored && a.anchored !== 'exact') out.anchored = a.anchored;
  return out;
}

/**
 * Three-way merge of two maps (attributes, relations) by key against `base`: `merged` takes each
 * key changed on one side only; a key both sides changed differently keeps ours, and `theirs` is
 * then the merged map with their values of those keys ('none': that map is empty), else undefined.
 */
function mergeMaps(
  base: Readonly<Record<string, string>> | undefined,
  ours: Readonly<Record<string, string>> | undefined,
  theirs: Readonly<Record<string, string>> | undefined,
): { merged?: Record<string, string>; theirs?: Record<string, string> | 'none' } {
  const get = (m: Readonly<Record<string, string>> | undefined, k: string) =>
    m && Object.prototype.hasOwnProperty.call(m, k) ? m[k] : undefined;
  const keys = new Set([...Object.keys(ours ?? {}), ...Object.keys(theirs ?? {}), ...Object.keys(base ?? {})]);
  const merged: Record<string, string> = {};
  const alternative: Record<string, string> = {};
  let conflicting = false;
  for (const k of keys) {
    const [b, o, t] = [get(base, k), get(ours, k), get(theirs, k)];
    const value = o === t || t === b ? o : o === b ? t : o;
    if (o !== t && t !== b && o !== b) conflicting = true;
    if (value !== undefined) merged[k] = value;
    const theirValue = o !== t && t !== b && o !== b ? t : value;
    if (theirValue !== undefined) alternative[k] = theirValue;
  }
  const out: { merged?: Record<string, string>; theirs?: Record<string, string> | 'none' } = {};
  if (Object.keys(merged).length > 0) out.merged = merged;
  if (conflicting) out.theirs = Object.keys(alternative).length > 0 ? alternative : 'none';
  return out;
}

function setField<K extends keyof Annotation>(a: Annotation, key: K, value: Annotation[K] | undefined): void {
  if (value === undefined) delete a[key];
  else a[key] = value;
}

const POSITION_KEYS = ['start', 'end', 'quote', 'prefix', 'suffix', 'anchored'] as const;

/**
 * Three-way merge of annotation lists by id against `base`, the version both sides last saw.
 * Per annotation, the position (offsets, quote, context, status) and each field of
 * CONFLICT_FIELDS are merged separately: a side that did not change one takes the other side's.
 * When both changed one differently, ours is kept and their value recorded in the annotation's
 * `conflict` (`theirs`; `null`: they have none). An annotation removed on one side and changed
 * on the other is kept (the changed version) with `conflict.removed` naming the side that removed
 * it; removed on one side and unchanged on the other (a status alone is no change), it is gone. The same id added on
  * both sides
 * is merged as if from an empty base. `created` is the earlier of both, `modified` the later.
 * `base`, `ours` and `theirs` are compared as given: their offsets must refer to one text, or
 * pass `options.theirsPlaced`. Never mutates its input.
 */
export function mergeAnnotations(
  base: readonly Annotation[],
  ours: readonly Annotation[],
  theirs: readonly Annotation[],
  options: AnnotationMergeOptions = {},
): MergeResult {
  const b = new Map(base.map((a) => [a.id, a]));
  const o = new Map(ours.map((a) => [a.id, a]));
  const t = new Map(theirs.map((a) => [a.id, a]));
  const annotations: Annotation[] = [];
  const conflicts: string[] = [];
  const theirPositions = new Set<string>();
  for (const id of new Set([...o.keys(), ...t.keys()])) {
    const [bo, oo, to] = [b.get(id), o.get(id), t.get(id)];
    const moved = (x: Annotation) =>
      !bo || (!samePlace(bo, x) && !(options.orphanedIsUnplaced && isOrphaned(x) && !isOrphaned(bo)));
    if (!oo || !to) {
      const kept = (oo ?? to)!;
      // one side removed it: gone only if the other side left it as it was (a status set by
      // re-anchoring is no change of the analyst's)
      if (
        bo &&
        !moved(kept) &&
        CONFLICT_FIELDS.every((key) => sameFieldValue(bo[key], kept[key])) &&
        sameFieldValue(bo.adjudication, kept.adjudication) &&
        sameJson(bo.conflict, kept.conflict)
      )
        continue;
      if (!oo) theirPositions.add(id);
      // what their version recorded (its positions placed on our text) is read as ours reads it; a removal recorded
      // after it
      const recorded = oo
        ? conflictAlternatives(kept.conflict)
        : conflictAlternatives((options.theirsPlaced?.get(id) ?? kept).conflict).map((c) => carried(c, options.with));
      const out: Annotation = { ...kept };
      const conflict =
        recorded.length === 0 && !bo
          ? undefined
          : remainingConflict(
              [
                ...recorded,
                ...(bo ? [{ ...withLabel(options.with), removed: oo ? ('theirs' as const) : ('ours' as const) }] : []),
              ],
              (c) => annotationAlternativeSettled(out, c),
            );
      if (conflict) out.conflict = conflict;
      else delete out.conflict;
      if (bo || (!oo && conflict)) conflicts.push(id);
      annotations.push(out);
      continue;
    }
    const merged: Annotation = { ...oo };
    const theirValues: AnnotationTheirs = {};
    const placed = options.theirsPlaced?.get(id) ?? to;
    if (!samePlace(oo, to)) {
      const [oursMoved, theirsMoved] = [moved(oo), moved(to)];
      // the side that moved it wins; when neither did (one lost it), the one where it is placed
      if (oursMoved ? !theirsMoved : theirsMoved || (isOrphaned(oo) && !isOrphaned(to))) {
        if (!oursMoved) {
          for (const key of POSITION_KEYS) setField(merged, key, to[key]);
          theirPositions.add(id);
        }
      } else if (oursMoved && theirsMoved && !samePlace(oo, placed)) {
        Object.assign(theirValues, positionOf(placed));
      }
    } else if (status(oo) !== status(to) && (!bo || status(bo) === status(oo))) {
      // the same place, a status changed on their side only (found again, reviewed)
      setField(merged, 'anchored', to.anchored);
    }
    for (const key of CONFLICT_FIELDS) {
      const [bv, ov, tv] = [bo?.[key], oo[key], to[key]];
      if (sameFieldValue(ov, tv) || (bo && sameFieldValue(tv, bv))) continue;
      if ((key === 'attributes' || key === 'relations') && bo) {
        // maps merge by key: a key changed on one side only is taken; one changed on both keeps
        // ours, and theirs records the map with their values of those keys
        const m = mergeMaps(
          bv as Record<string, string> | undefined,
          ov as Record<string, string> | undefined,
          tv as Record<string, string> | undefined,
        );
        setField(merged, key, m.merged);
        if (m.theirs) (theirValues as Record<string, unknown>)[key] = m.theirs === 'none' ? null : m.theirs;
        continue;
      }
      if (bo && sameFieldValue(ov, bv)) setField(merged, key, tv as Annotation[ConflictField]);
      else (theirValues as Record<string, unknown>)[key] = tv ?? null;
    }
    // the schema version goes with the label: theirs when the label is theirs, else the later one of one label
    const labelFromTheirs = merged.label === to.label && merged.label !== oo.label;
    setField(
      merged,
      'schemaVersion',
      labelFromTheirs
        ? to.schemaVersion
        : oo.label === to.label && oo.schemaVersion !== undefined && to.schemaVersion !== undefined
          ? Math.max(oo.schemaVersion, to.schemaVersion)
          : oo.schemaVersion,
    );
    // adjudication provenance merges as one field, never a conflict: the side that changed it wins, ours if both did
    setField(
      merged,
      'adjudication',
      !bo ? (oo.adjudication ?? to.adjudication) : sameFieldValue(oo.adjudication, bo.adjudication) ? to.adjudication
        : oo.adjudication,
    );
    setField(merged, 'created', [oo.created, to.created].filter((v): v is string => !!v).sort()[0]);
    setField(
      merged,
      'modified',
      [oo.modified, to.modified]
        .filter((v): v is string => !!v)
        .sort()
        .pop(),
    );
    // every alternative recorded on either side stays until it is resolved; this merge's come last
    const fresh = Object.keys(theirValues).length > 0 ? [{ ...withLabel(options.with), theirs: theirValues }] : [];
    const { conflict, added } = mergeConflicts(bo?.conflict, oo.conflict, placed.conflict, fresh, options.with, (c) =>
      annotationAlternativeSettled(merged, c),
    );
    setField(merged, 'conflict', conflict);
    if (added || fresh.length > 0) conflicts.push(id);
    annotations.push(merged);
  }
  return { annotations, conflicts, theirPositions };
}

// ---------------------------------------------------------------------------------------------
// Annotations through a text change

/** First index of `changes` whose end is >= `at` (ends ascend). */
function firstEndingAtOrAfter(changes: readonly TextChange[], at: number): number {
  return partitionPoint(changes.length, (i) => changes[i].end < at);
}

/** The position fields of an annotation, as a mapping gives them. */
type Position = Pick<Annotation, 'start' | 'end' | 'quote' | 'prefix' | 'suffix' | 'anchored'>;

/**
 * The changes from one text to another, ready to place annotations: the index of the new text,
 * the shift before each change, and the positions placed so far (two versions of a sidecar on one
 * text share most of them).
 */
class TextMapping {
  readonly index: OffsetIndex;
  private readonly shift: number[] = [0];
  private readonly placed = new Map<string, Position>();

  constructor(
    to: string | OffsetIndex,
    private readonly changes: readonly TextChange[],
  ) {
    this.index = typeof to === 'string' ? new OffsetIndex(to) : to;
    for (const c of changes)
      this.shift.push(this.shift[this.shift.length - 1] + codePointLength(c.text) - (c.end - c.start));
  }

  /** `a` placed on the new text (the positions its recorded conflict holds too). */
  map(a: Annotation): Annotation {
    const out = this.withPosition(a, this.position(a));
    const positions = conflictPositions(a);
    if (positions.length === 0) return out;
    // a recorded conflict's positions (offsets into the same text) move with the text too
    return withConflictPositions(
      out,
      new Map(positions.map(({ at, position }) => [at, this.withPosition(position, this.position(position))])),
    );
  }

  private withPosition(a: Annotation, position: Position): Annotation {
    const out: Annotation = { ...a, ...position };
    if (position.anchored === undefined) delete out.anchored;
    return out;
  }

  private position(a: Annotation): Position {
    const key = `${a.start}:${a.end}:${a.anchored ?? ''}:${a.quote}`;
    let found = this.placed.get(key);
    if (!found) {
      const { start, end, quote, prefix, suffix, anchored } = this.place(a);
      this.placed.set(key, (found = { start, end, quote, prefix, suffix, anchored }));
    }
    return found;
  }

  private place(a: Annotation): Annotation {
    const { changes, index } = this;
    let orphan = isOrphaned(a);
    let s = a.start;
    let e = orphan ? a.start : a.end;
    // code points of the span that are still in it
    let kept = e - s;
    const k = firstEndingAtOrAfter(changes, s);
    let j = k;
    while (j < changes.length && changes[j].start <= e) j++;
    for (let i = j - 1; i >= k; i--) {
      const c = changes[i];
      const inserted = codePointLength(c.text);
      const delta = inserted - (c.end - c.start);
      if (orphan) {
        if (s > c.end || (s === c.end && c.start < c.end)) s += delta;
        else if (s > c.start) s = c.start;
        e = s;
      } else if (c.end <= s) {
        s += delta;
        e += delta;
      } else if (c.start >= e) {
        // after the span, or inserted right at its end: the span stays
      } else if (c.start <= s && c.end >= e) {
        orphan = true;
        s = c.start;
        e = s;
      } else if (c.start >= s && c.end <= e) {
        kept -= c.end - c.start;
        e += delta;
      } else if (c.start < s) {
        kept -= c.end - s;
        s = c.start + inserted;
        e += delta;
      } else {
        kept -= e - c.start;
        e = c.start;
      }
    }
    s += this.shift[k];
    e += this.shift[k];
    // offsets beyond the text they claim to refer to (a hand edit): never read outside the new one
    if (s < 0 || e > index.codePointLength) return orphanOn(index, a, Math.max(0, Math.min(s, index.codePointLength)));
    // less than half of the span is its own text: other words, never taken for it
    if (!orphan && (2 * kept < a.end - a.start || 2 * kept < e - s)) return orphanOn(index, a, s);
    return orphan || s >= e ? orphanOn(index, a, s) : placedOn(index, a, s, e);
  }
}

/**
 * Places annotations made on text `from` onto text `to` through the changes between them
 * (code points of `from`, ascending and not overlapping, as {@link diffTexts} gives them; its
 * result when not given), exactly as if the changes had been typed: spans after a change shift,
 * spans with a change inside grow or shrink, spans cut at one end keep what is left, and spans
 * whose text is all replaced or deleted become orphaned (kept, never dropped); a span that keeps
 * less than half of its own text is orphaned too (never on other words), and none gains white
 * space at its edges. A span whose quote changed this way is marked `fuzzy` for review; orphans
 * whose quote stands exactly at their point again are put back. Quote, prefix and suffix come
 * from `to`; a recorded conflict's position moves too. O((n + c) log c) for n annotations and
 * c changes. Never mutates its input.
 */
export function mapOntoText(
  annotations: readonly Annotation[],
  from: string,
  to: string,
  changes: readonly TextChange[] = diffTexts(from, to),
): Annotation[] {
  if (from === to) return annotations.map((a) => ({ ...a }));
  const mapping = new TextMapping(to, changes);
  return annotations.map((a) => mapping.map(a));
}

/** `a` on [s, e) of the indexed text: whole clusters, never between CR and LF; `fuzzy` when its quote changed. */
function placedOn(index: OffsetIndex, a: Annotation, s: number, e: number): Annotation {
  const text = index.text;
  let end = endAfterMarks(index, s, e);
  let start = startBeforeMarks(index, s, end);
  if (splitsCrLf(text, index.toUtf16(start))) start++;
  if (splitsCrLf(text, index.toUtf16(end))) end--;
  // white space the quote did not have at an edge (a deletion aligned one space over) is left out
  if (!/^\s/u.test(a.quote)) while (start < end && /^\s$/u.test(index.slice(start, start + 1))) start++;
  if (!/\s$/u.test(a.quote)) while (end > start && /^\s$/u.test(index.slice(end - 1, end))) end--;
  if (start >= end) return orphanOn(index, a, s);
  const out: Annotation = { ...a, start, end, ...quoteSelector(index, start, end) };
  if (out.quote !== a.quote) out.anchored = 'fuzzy';
  return out;
}

/** `a` orphaned at point `at` of the indexed text, or put back when its quote stands exactly there. */
function orphanOn(index: OffsetIndex, a: Annotation, at: number): Annotation {
  const point = orphanPoint(index, at);
  const n = codePointLength(a.quote);
  if (n > 0 && point + n <= index.codePointLength && index.slice(point, point + n) === a.quote) {
    const [s16, e16] = [index.toUtf16(point), index.toUtf16(point + n)];
    if (
      sameWordEdges(index.text, s16, e16, a) &&
      isGraphemeBoundary(index.text, s16) &&
      isGraphemeBoundary(index.text, e16)
    ) {
      const out: Annotation = { ...a, start: point, end: point + n, ...quoteSelector(index, point, point + n) };
      delete out.anchored;
      return out;
    }
  }
  return { ...a, start: point, end: point, anchored: 'orphaned' };
}

// ---------------------------------------------------------------------------------------------
// Whole sidecars

/** One side of a sidecar merge. */
export interface SidecarVersion {
  sidecar: Sidecar;
  /** The text its offsets refer to (its `text.sha256` matched it), when it was found. */
  text?: string;
}

/** What {@link mergeSidecars} merges. */
export interface SidecarMergeInput {
  /** The version both sides last saw; undefined when there is none (added on both sides). */
  base?: SidecarVersion;
  ours: SidecarVersion;
  theirs: SidecarVersion;
  /**
   * The merged article, the text the result's offsets will refer to (what git writes into the
   * working tree); undefined when it is unknown.
   */
  merged?: string;
  /** The article's file name for `text.file`; else merged three-way from the sidecars. */
  file?: string;
  /** `conflict.with` of the conflicts recorded. */
  with?: string;
  /**
   * True when the merged article holds the article's own conflict markers: with git's diff3 style
   * it holds the base's text too, between `|||||||` and `=======`, where neither side's
   * annotations are. The base's annotations are then placed through our text (base to ours, then
   * ours to the merged article), so that an annotation neither side moved is not taken for moved
   * by both (a position conflict that is none).
   */
  baseThroughOurs?: boolean;
}

/** How one side's annotations were placed on the merged article. */
export type Placement =
  /** Their text is the merged article: offsets taken as they are. */
  | 'same'
  /** Mapped exactly through a diff of their text and the merged article. */
  | 'diff'
  /** Their text was not found: found again by quote, prefix and suffix (`reanchor`). */
  | 'reanchored'
  /** The merged article is unknown: offsets kept as they are. */
  | 'kept';

/** Result of {@link mergeSidecars}. */
export interface SidecarMergeResult {
  sidecar: Sidecar;
  /** Ids of annotations with a conflict recorded by this merge. */
  conflicts: string[];
  /** True when a publication-date conflict was recorded. */
  publishedConflict: boolean;
  /** How each side was placed on the merged article. */
  placement: { base?: Placement; ours: Placement; theirs: Placement };
  /** Ids orphaned in the result that were placed in our or their version. */
  orphaned: string[];
}

function place(
  version: SidecarVersion,
  merged: string | undefined,
  mergedSha: string | undefined,
  mappings: Map<string, TextMapping>,
): { annotations: Annotation[]; placement: Placement } {
  const { sidecar, text } = version;
  if (merged === undefined) return { annotations: sidecar.annotations, placement: 'kept' };
  if (text === merged || (text === undefined && sidecar.text.sha256 === mergedSha))
    return { annotations: sidecar.annotations, placement: 'same' };
  if (text !== undefined) {
    // the base and our version usually refer to one text: one diff, shared placements
    let mapping = mappings.get(text);
    if (!mapping)
      mappings.set(
        text,
        (mapping = new TextMapping([...mappings.values()][0]?.index ?? merged, diffTexts(text, merged))),
      );
    return { annotations: sidecar.annotations.map((a) => mapping!.map(a)), placement: 'diff' };
  }
  const anchored = anchorToText(merged, sidecar);
  return anchored.ok
    ? { annotations: anchored.annotations, placement: 'reanchored' }
    : { annotations: sidecar.annotations, placement: 'kept' };
}

const rank = (p: Published | undefined) => (!p ? 0 : p.guessed ? 1 : 2);
const publishedKey = (p: Published | undefined) => (p ? `${p.date}|${!!p.guessed}` : '');

/**
 * The publication date three-way: a date set by the analyst wins over a guessed one, a guessed
 * one over none; two different guesses: ours; two different dates set by analysts: the one
 * changed since `base`, else ours with theirs recorded as a conflict. Conflicts recorded on the
 * date before, on either side, are kept (merged three-way, this merge's last). `conflict`: the
 * result has a recorded alternative ours did not have.
 */
export function mergePublished(
  base: Published | undefined,
  ours: Published | undefined,
  theirs: Published | undefined,
  label?: string,
): { published?: Published; conflict: boolean } {
  let chosen: Published | undefined;
  const fresh: ConflictAlternative<PublishedTheirs>[] = [];
  if (publishedKey(ours) === publishedKey(theirs)) chosen = ours ?? theirs;
  else if (rank(ours) !== rank(theirs)) chosen = rank(ours) > rank(theirs) ? ours : theirs;
  else if (rank(ours) === 1) chosen = ours;
  else if (publishedKey(ours) === publishedKey(base)) chosen = theirs;
  else if (publishedKey(theirs) === publishedKey(base)) chosen = ours;
  else {
    chosen = ours;
    fresh.push({ ...withLabel(label), theirs: { date: theirs!.date } });
  }
  if (!chosen) return { conflict: false };
  const published: Published = { ...chosen };
  delete published.conflict;
  // conflicts recorded before on either side stay until they are resolved
  const { conflict, added } = mergeConflicts(base?.conflict, ours?.conflict, theirs?.conflict, fresh, label, (c) =>
    publishedAlternativeSettled(published, c),
  );
  if (conflict) published.conflict = conflict;
  return { published, conflict: fresh.length > 0 || added };
}

/**
 * Three-way merge of whole sidecars. Each side's annotations are first placed on the merged
 * article (`input.merged`): taken as they are when their text is it, mapped exactly through a
 * diff ({@link mapOntoText}) when their text is known, found again by quote and context
 * (`anchorToText`) when it is not; then merged by id and field ({@link mergeAnnotations}), so a
 * position taken from either side and every recorded conflict refer to the merged article. The
 * result's `text` describes the merged article (length, sha256); when it is unknown and the sides
 * refer to different texts, `sha256` and `length` are left out so that every annotation is found
 * again when the sidecar is opened. The publication date is merged with {@link mergePublished}.
 * Never mutates its input.
 */
export function mergeSidecars(input: SidecarMergeInput): SidecarMergeResult {
  const { merged } = input;
  const mergedSha = merged === undefined ? undefined : textSha256(merged);
  const mappings = new Map<string, TextMapping>();
  const oursSide = place(input.ours, merged, mergedSha, mappings);
  const baseSide =
    input.base &&
    (input.baseThroughOurs &&
    merged !== undefined &&
    input.base.text !== undefined &&
    input.ours.text !== undefined &&
    input.base.text !== input.ours.text &&
    oursSide.placement === 'diff'
      ? {
          annotations: place(
            {
              sidecar: {
                ...input.base.sidecar,
                annotations: mapOntoText(input.base.sidecar.annotations, input.base.text, input.ours.text),
              },
              text: input.ours.text,
            },
            merged,
            mergedSha,
            mappings,
          ).annotations,
          placement: 'diff' as const,
        }
      : place(input.base, merged, mergedSha, mappings));
  const theirsSide = place(input.theirs, merged, mergedSha, mappings);
  const result = mergeAnnotations(baseSide?.annotations ?? [], oursSide.annotations, theirsSide.annotations, {
    with: input.with,
    orphanedIsUnplaced: merged !== undefined,
  });
  const [b, o, t] = [input.base?.sidecar, input.ours.sidecar, input.theirs.sidecar];
  const published = mergePublished(b?.published, o.published, t.published, input.with);
  const file =
    input.file ?? (o.text.file === t.text.file || (b && t.text.file === b.text.file) ? o.text.file : t.text.file);
  const text: Sidecar['text'] = { file, unit: 'codepoint' };
  if (merged !== undefined) {
    text.length = codePointLength(merged);
    text.sha256 = mergedSha;
  } else if ([b, o, t].every((s) => !s || (s.text.sha256 === o.text.sha256 && s.text.length === o.text.length))) {
    if (o.text.length !== undefined) text.length = o.text.length;
    if (o.text.sha256 !== undefined) text.sha256 = o.text.sha256;
  }
  const sidecar: Sidecar = { version: 1, text, annotations: result.annotations };
  if (published.published) sidecar.published = published.published;
  // the article's status: the side that changed it, else the later one (core/model/articleStatus)
  const status = mergeStatus(b?.status, o.status, t.status);
  if (status) sidecar.status = { ...status };
  const wasPlaced = new Set(
    [...oursSide.annotations, ...theirsSide.annotations].filter((a) => !isOrphaned(a)).map((a) => a.id),
  );
  return {
    sidecar,
    conflicts: result.conflicts,
    publishedConflict: published.conflict,
    placement: {
      ...(baseSide ? { base: baseSide.placement } : {}),
      ours: oursSide.placement,
      theirs: theirsSide.placement,
    },
    orphaned: result.annotations.filter((a) => isOrphaned(a) && wasPlaced.has(a.id)).map((a) => a.id),
  };
}

// ---------------------------------------------------------------------------------------------
// The entity registry

/**
 * Set merge of lists three-way: items added on either side are kept, items one side removed are gone; ours' order
 * first.
 */
function mergeSets(base: readonly string[] | undefined, ours: readonly string[], theirs: readonly string[]): string[] {
  const b = new Set(base ?? []);
  const o = new Set(ours);
  const t = new Set(theirs);
  const out = ours.filter((x) => !(b.has(x) && !t.has(x)));
  for (const x of theirs) if (!o.has(x) && !b.has(x)) out.push(x);
  return [...new Set(out)];
}

function entityValue(e: Entity, key: (typeof ENTITY_CONFLICT_FIELDS)[number]): string | undefined {
  return e[key] || undefined;
}

function sameEntity(a: Entity, b: Entity): boolean {
  return (
    ENTITY_CONFLICT_FIELDS.every((key) => entityValue(a, key) === entityValue(b, key)) &&
    sameJson([...a.aliases].sort(), [...b.aliases].sort()) &&
    sameJson([...(a.replaces ?? [])].sort(), [...(b.replaces ?? [])].sort()) &&
    sameJson(a.conflict, b.conflict)
  );
}

/**
 * Ids that were entities in `base`, are none in `side` and are listed in the `replaces` of one of its entities: merged
 * there, into it.
 */
function mergesOf(base: Registry, side: Registry): Map<string, string> {
  const present = new Set(side.entities.map((e) => e.id));
  const into = new Map<string, string>();
  for (const e of side.entities) for (const id of e.replaces ?? []) into.set(id, e.id);
  const out = new Map<string, string>();
  for (const e of base.entities) {
    const target = into.get(e.id);
    if (!present.has(e.id) && target !== undefined) out.set(e.id, target);
  }
  return out;
}

/**
 * `registry` with entity `from` merged into `into` as the other side did (mergeEntities), when it
 * still has `from`. `into` is found by id or through `replaces`; when it has no such entity, the
 * other side's version of it is added first (or nothing is done, `addMissing` false).
 */
function replayMerge(registry: Registry, from: string, into: string, source: Registry, addMissing: boolean): Registry {
  if (!registry.entities.some((e) => e.id === from)) return registry;
  let target =
    registry.entities.find((e) => e.id === into) ?? registry.entities.find((e) => e.replaces?.includes(into));
  let reg = registry;
  if (!target) {
    const theirs = source.entities.find((e) => e.id === into);
    if (!theirs || !addMissing) return { entities: registry.entities.filter((e) => e.id !== from) };
    target = { ...theirs, aliases: [...theirs.aliases], replaces: (theirs.replaces ?? []).filter((id) => id !== from) };
    delete target.conflict;
    if (target.replaces!.length === 0) delete target.replaces;
    reg = { entities: [...registry.entities, target] };
  }
  if (target.id === from) return registry;
  return mergeEntities(reg, from, target.id);
}

/** Result of {@link mergeRegistries}. */
export interface RegistryMergeResult {
  registry: Registry;
  /** Ids of entities with a conflict recorded by this merge. */
  conflicts: string[];
}

/**
 * Three-way merge of the entity registry by entity id. An entity merged into another on one side
 * (its id now under the other's `replaces`) and edited on the other side is merged there too,
 * with their edits (the merge is replayed on their version and on the base, so aliases they added
 * and a note they changed arrive in the entity it was merged into). Per entity, name, kind,
 * externalId and note are merged field by field (both changed differently: ours kept, theirs
 * recorded in `conflict`); aliases and replaces are merged as sets (added on either side: kept;
 * removed on one: removed). Removed on one side and changed on the other: kept, with
 * `conflict.removed`. An id left under `replaces` of two entities (both sides merged it, into
 * different entities) stays with ours; theirs is recorded as a conflict on the other entity.
 * The result has unique ids across ids and replaces. Never mutates its input.
 */
export function mergeRegistries(
  base: Registry | undefined,
  ours: Registry,
  theirs: Registry,
  options: { with?: string } = {},
): RegistryMergeResult {
  let b: Registry = base ?? { entities: [] };
  let o = ours;
  let t = theirs;
  const oursMerges = mergesOf(b, ours);
  const theirsMerges = mergesOf(b, theirs);
  const has = (registry: Registry, id: string) => registry.entities.some((e) => e.id === id);
  // a merge is replayed on the other side while it still has the entity, and then on the base
  // (a side that removed it otherwise must not take the merged-away id out of replaces)
  for (const [from, into] of oursMerges) {
    if (theirsMerges.has(from) || !has(t, from)) continue;
    t = replayMerge(t, from, into, ours, true);
    b = replayMerge(b, from, into, ours, false);
  }
  for (const [from, into] of theirsMerges) {
    if (oursMerges.has(from) || !has(o, from)) continue;
    o = replayMerge(o, from, into, theirs, true);
    b = replayMerge(b, from, into, theirs, false);
  }
  const bm = new Map(b.entities.map((e) => [e.id, e]));
  const om = new Map(o.entities.map((e) => [e.id, e]));
  const tm = new Map(t.entities.map((e) => [e.id, e]));
  const entities: Entity[] = [];
  const conflicts = new Set<string>();
  for (const id of new Set([...om.keys(), ...tm.keys()])) {
    const [be, oe, te] = [bm.get(id), om.get(id), tm.get(id)];
    if (!oe || !te) {
      const kept = (oe ?? te)!;
      if (be && sameEntity(be, kept)) continue;
      const recorded = oe
        ? conflictAlternatives(kept.conflict)
        : conflictAlternatives(kept.conflict).map((c) => carried(c, options.with));
      const out: Entity = { ...kept };
      const conflict = remainingConflict(
        [
          ...recorded,
          ...(be ? [{ ...withLabel(options.with), removed: oe ? ('theirs' as const) : ('ours' as const) }] : []),
        ],
        (c) => entityAlternativeSettled(out, c),
      );
      if (conflict) out.conflict = conflict;
      else delete out.conflict;
      if (be || (!oe && conflict)) conflicts.add(id);
      entities.push(out);
      continue;
    }
    const merged: Entity = { ...oe, aliases: [...oe.aliases] };
    const theirValues: EntityTheirs = {};
    for (const key of ENTITY_CONFLICT_FIELDS) {
      const [bv, ov, tv] = [be && entityValue(be, key), entityValue(oe, key), entityValue(te, key)];
      if (ov === tv || (be && tv === bv)) continue;
      if (be && ov === bv) {
        if (tv === undefined) delete merged[key as 'note'];
        else (merged as unknown as Record<string, unknown>)[key] = tv;
      } else (theirValues as Record<string, unknown>)[key] = tv ?? null;
    }
    merged.aliases = mergeSets(be?.aliases, oe.aliases, te.aliases).filter((alias) => alias !== merged.name);
    const replaces = mergeSets(be?.replaces, oe.replaces ?? [], te.replaces ?? []);
    if (replaces.length > 0) merged.replaces = replaces;
    else delete merged.replaces;
    // every alternative recorded on either side stays until it is resolved; this merge's come last
    const fresh = Object.keys(theirValues).length > 0 ? [{ ...withLabel(options.with), theirs: theirValues }] : [];
    const { conflict, added } = mergeConflicts(be?.conflict, oe.conflict, te.conflict, fresh, options.with, (c) =>
      entityAlternativeSettled(merged, c),
    );
    if (conflict) merged.conflict = conflict;
    else delete merged.conflict;
    if (added || fresh.length > 0) conflicts.add(id);
    entities.push(merged);
  }
  // ids stay unique: an id listed under two entities stays with the one ours lists it under
  const owner = new Map<string, string>();
  for (const e of o.entities) for (const id of e.replaces ?? []) owner.set(id, e.id);
  const ids = new Set(entities.map((e) => e.id));
  const listing = new Map<string, string[]>();
  for (const e of entities) for (const id of e.replaces ?? []) listing.set(id, [...(listing.get(id) ?? []), e.id]);
  const keeper = new Map<string, string>();
  for (const [id, list] of listing) {
    if (ids.has(id)) continue;
    const ourOwner = owner.get(id);
    keeper.set(id, ourOwner !== undefined && list.includes(ourOwner) ? ourOwner : list[0]);
  }
  const out = entities.map((e) => {
    const keep = (e.replaces ?? []).filter((id) => keeper.get(id) === e.id);
    if (keep.length === (e.replaces ?? []).length) return e;
    const fixed: Entity = { ...e };
    if (keep.length > 0) fixed.replaces = keep;
    else delete fixed.replaces;
    fixed.conflict = remainingConflict<EntityTheirs>(
      [...conflictAlternatives(e.conflict), { ...withLabel(options.with), theirs: { replaces: e.replaces } }],
      () => false,
    );
    conflicts.add(e.id);
    return fixed;
  });
  return { registry: { entities: out }, conflicts: [...conflicts] };
}
