// Over 500 lines: the annotation model's one home; relation and attribute checks already live
// in core/model/relations and core/model/projectSchema, and the text-edit mapping is to move out in issue 9's redesign.
import {
  type Annotation,
  type Label,
  CONTEXT_LENGTH,
  compareAnnotations,
  conflictPositions,
  isOrphaned,
  newAnnotationId,
  withConflictPositions,
} from './annotation';
import { NEWS_PRESET, type ProjectSchema, labelDef, notAnAttribute, recordedVersion } from './projectSchema';
import { checkRelation, hasStance, relationEntries, relationProblem, setRelation, stanceProblem } from './relations';
import { sameWordEdges } from '../text/matchText';
import { type TextChange, splitChange } from '../text/textDiff';
import {
  OffsetIndex,
  codePointLength,
  endAfterMarks,
  graphemeAt,
  isGraphemeBoundary,
  snapToGraphemes,
  splitsCrLf,
  splitsSurrogatePair,
  startBeforeMarks,
} from '../text/offsets';
import * as l10n from '@vscode/l10n';

/** A change of the text (core/text/textDiff, its home): code points [start, end) of the old text replaced by `text`. */
export type { TextChange };

/** What the analyst may change on an existing annotation. */
export interface AnnotationPatch {
  label?: Label;
  /** New entity name; an empty string removes it. */
  entity?: string;
  /** New note; an empty string removes it. */
  note?: string;
  /** Dates: the analyst's value (ISO 8601 / TIMEX3); an empty string goes back to the computed one. */
  value?: string;
  /** Claims: id of the speaker's actor annotation; an empty string removes the relation. */
  speaker?: string;
  /** Claims: id of the date annotation of the claim; an empty string removes the relation. */
  date?: string;
  /** Claims: the stance; an empty string removes it. */
  stance?: string;
  /** Further relations the schema declares for the label (name to annotation id; '' removes one). */
  relations?: Record<string, string>;
  /** Attributes (name to value; '' removes one); checked against the project schema. */
  attributes?: Record<string, string>;
  /** True: looked at again under the current definition of its label (records the schema's version). */
  reviewed?: boolean;
}

/** Form of a date value (ISO 8601 / TIMEX3), as in the sidecar schema. */
export const DATE_VALUE = /^[0-9X]{4}([-/T][0-9A-Z/:-]*)?$/;

/** Who and when, for the `author`, `created` and `modified` fields. */
export interface Provenance {
  author?: string;
  /** ISO 8601 time of the action. */
  now: string;
}

/**
 * The annotations of one article together with its text: adds, changes and removes annotations,
 * keeps them on their text through edits, and answers position queries. Offsets are code points.
 * Annotations are kept sorted with {@link compareAnnotations}.
 */
export class AnnotationSet {
  private textValue: string;
  private indexValue: OffsetIndex;
  private items: Annotation[];
  private schemaValue: ProjectSchema = NEWS_PRESET;
  /** Counts changes of annotations (see {@link mark}). */
  private version = 0;
  /** Counts the times the text or every annotation was replaced at once (see {@link changedSince}). */
  private epoch = 0;
  /** The {@link version} at which each annotation (by id, removed ones too) last changed in this epoch. */
  private changedAt = new Map<string, number>();
  /** While {@link record}ing: each annotation changed, as it was before its first change (undefined: absent). */
  private journal: Map<string, Annotation | undefined> | undefined;

  /** Takes `annotations` as they are (see `anchorAnnotations` for checking them against the text). */
  constructor(text: string, annotations: readonly Annotation[] = []) {
    this.textValue = text;
    this.indexValue = new OffsetIndex(text);
    this.items = annotations.map((a) => ({ ...a })).sort(compareAnnotations);
  }

  /** The project schema the set's labels, relations and attributes follow (default the news preset). */
  get schema(): ProjectSchema {
    return this.schemaValue;
  }

  set schema(schema: ProjectSchema) {
    // what a label carries may change with it: every annotation counts as changed
    if (schema !== this.schemaValue) this.changedAll();
    this.schemaValue = schema;
  }

  /** Where the set stands now, to ask later what changed since ({@link changedSince}). */
  get mark(): { epoch: number; version: number } {
    return { epoch: this.epoch, version: this.version };
  }

  /**
   * The ids of the annotations added, changed or removed since `mark` (a {@link mark} of this
   * set), in no particular order; undefined when anything may have changed since (the text was
   * edited or replaced, every annotation replaced, the schema changed): compare all then.
   * Costs one look at each id changed since the text last changed.
   */
  changedSince(mark: { epoch: number; version: number }): string[] | undefined {
    if (mark.epoch !== this.epoch) return undefined;
    const out: string[] = [];
    for (const [id, at] of this.changedAt) if (at > mark.version) out.push(id);
    return out;
  }

  /**
   * Records the changes made from now until `stop()` (an action): `changed` holds each annotation
   * changed meanwhile, by id, as it was before its first change (undefined: it did not exist), in
   * the order they were first changed. Every method that changes annotations reports there, so
   * what an action did is known without comparing all annotations. One recording at a time (a
   * new one ends the one before).
   */
  record(): { changed: ReadonlyMap<string, Annotation | undefined>; stop(): void } {
    const journal = new Map<string, Annotation | undefined>();
    this.journal = journal;
    return {
      changed: journal,
      stop: () => {
        if (this.journal === journal) this.journal = undefined;
      },
    };
  }

  /** Notes that annotation `id` (now `current`, undefined: absent) is about to change. */
  private touch(id: string, current: Annotation | undefined): void {
    this.changedAt.set(id, ++this.version);
    if (this.journal && !this.journal.has(id)) this.journal.set(id, current && { ...current });
  }

  /** Notes that every annotation is about to change or be replaced (call {@link changedAllAfter} once replaced). */
  private changedAll(): void {
    this.epoch++;
    this.version++;
    this.changedAt = new Map();
    if (this.journal) for (const a of this.items) if (!this.journal.has(a.id)) this.journal.set(a.id, { ...a });
  }

  /** After {@link changedAll}: annotations that were not there before count as added. */
  private changedAllAfter(): void {
    if (this.journal) for (const a of this.items) if (!this.journal.has(a.id)) this.journal.set(a.id, undefined);
  }

  /** The current text. */
  get text(): string {
    return this.textValue;
  }

  /** Offset conversions for the current text. */
  get index(): OffsetIndex {
    return this.indexValue;
  }

  /** All annotations, sorted; copies, so callers cannot change the set by accident. */
  get annotations(): Annotation[] {
    return this.items.map((a) => ({ ...a }));
  }

  /** Number of annotations, orphaned ones included. */
  get size(): number {
    return this.items.length;
  }

  /** The annotation with this id, or undefined. */
  get(id: string): Annotation | undefined {
    const found = this.items.find((a) => a.id === id);
    return found && { ...found };
  }

  /**
   * Adds an annotation on code points [start, end) and returns it.
   * @throws RangeError when the span is empty, reversed or outside the text, or the label is not one of the schema's.
   */
  add(label: Label, start: number, end: number, provenance: Provenance, extra: AnnotationPatch = {}): Annotation {
    this.checkUnblocked();
    this.checkSpan(start, end);
    const wanted = extra.label ?? label;
    if (!labelDef(this.schema, wanted)) {
      throw new RangeError(
        l10n.t(
          '"{0}" is not a label of the project schema ({1})',
          wanted,
          this.schema.labels.map((l) => l.id).join(', '),
        ),
      );
    }
    const annotation: Annotation = {
      id: newAnnotationId(new Set(this.items.map((a) => a.id))),
      label: extra.label ?? label,
      start,
      end,
      ...quoteSelector(this.indexValue, start, end),
    };
    if (extra.entity) annotation.entity = extra.entity;
    if (extra.note) annotation.note = extra.note;
    if (extra.attributes) {
      this.checkAttributes(annotation.label, extra.attributes);
      const attributes = Object.fromEntries(Object.entries(extra.attributes).filter(([, v]) => v.trim() !== ''));
      if (Object.keys(attributes).length > 0) annotation.attributes = attributes;
    }
    if (provenance.author) annotation.author = provenance.author;
    annotation.created = provenance.now;
    const version = recordedVersion(this.schema);
    if (version !== undefined) annotation.schemaVersion = version;
    this.touch(annotation.id, undefined);
    this.items.push(annotation);
    this.items.sort(compareAnnotations);
    return { ...annotation };
  }

  /** @throws RangeError when the project schema does not parse (see ProjectSchema.blocked). */
  private checkUnblocked(): void {
    if (this.schema.blocked)
      throw new RangeError(l10n.t('the project schema {0}; mend it first (nothing was changed)', this.schema.blocked));
  }

  /**
   * @throws RangeError when [start, end) is empty, outside the text or has an end inside a
   * grapheme cluster (between CR and LF, a letter and its marks, in an emoji sequence or a flag).
   */
  private checkSpan(start: number, end: number): void {
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      start < 0 ||
      end > this.indexValue.codePointLength ||
      start >= end
    ) {
      throw new RangeError(
        l10n.t('span {0}..{1} is empty or outside 0..{2}', start, end, this.indexValue.codePointLength),
      );
    }
    for (const at of [start, end]) {
      const at16 = this.indexValue.toUtf16(at);
      if (splitsCrLf(this.textValue, at16)) throw new RangeError(l10n.t('offset {0} falls between CR and LF', at));
      if (!isGraphemeBoundary(this.textValue, at16)) {
        throw new RangeError(
          l10n.t(
            'offset {0} falls inside a character (a grapheme cluster: a letter and its marks, an emoji sequence, a flag)',
            at,
          ),
        );
      }
    }
  }

  /** Puts back an annotation exactly as given (undo, merge); replaces one with the same id. */
  restore(annotation: Annotation): void {
    this.touch(annotation.id, this.items.find((a) => a.id === annotation.id));
    this.items = this.items.filter((a) => a.id !== annotation.id);
    this.items.push({ ...annotation });
    this.items.sort(compareAnnotations);
  }

  /** Removes the annotation with this id; returns it, or undefined if there was none. */
  remove(id: string): Annotation | undefined {
    const at = this.items.findIndex((a) => a.id === id);
    if (at < 0) return undefined;
    this.touch(id, this.items[at]);
    return this.items.splice(at, 1)[0];
  }

  /**
   * Removes the annotation with this id as the analyst's action: claims whose speaker or date
   * it was lose that relation too (so no relation points to nothing). Returns the removed one.
   */
  removeWithRelations(id: string, provenance: Provenance): Annotation | undefined {
    this.checkUnblocked();
    const removed = this.remove(id);
    if (removed) this.dropRelationsTo(id, provenance);
    return removed;
  }

  /**
   * Annotations whose relation (speaker, date or another) is `id` lose that relation; with
   * `newLabel` (a relabelling), only those whose relation does not take that label.
   */
  private dropRelationsTo(id: string, provenance: Provenance, newLabel?: Label): void {
    for (const a of this.items) {
      let changed = false;
      for (const entry of relationEntries(a)) {
        if (entry.target !== id) continue;
        if (
          newLabel !== undefined &&
          labelDef(this.schema, a.label)
            ?.relations?.find((r) => r.name === entry.name)
            ?.targets.includes(newLabel)
        )
          continue;
        if (!changed) this.touch(a.id, a);
        setRelation(a, entry.name, undefined);
        changed = true;
      }
      if (changed) a.modified = provenance.now;
    }
  }

  /**
   * Relations that do not hold (hand-edited or merged sidecars): on an annotation whose label has
   * no such relation, pointing to the annotation itself, to no annotation, or to one of a label
   * the relation does not take (core/model/relations). They are kept as they are and reported for
   * review, with why.
   */
  danglingRelations(): { claim: Annotation; relation: string; target: string; problem: string }[] {
    const byId = new Map(this.items.map((a) => [a.id, a]));
    const out: { claim: Annotation; relation: string; target: string; problem: string }[] = [];
    for (const a of this.items) {
      for (const { name, target } of relationEntries(a)) {
        const problem = relationProblem(this.schema, a, name, target, byId);
        if (problem) out.push({ claim: { ...a }, relation: name, target, problem });
      }
    }
    return out;
  }

  /**
   * @throws RangeError when `attributes` has a name `label` does not declare or a value not
   * among the attribute's listed values ('' removes and is always allowed).
   */
  private checkAttributes(label: string, attributes: Record<string, string>): void {
    const def = labelDef(this.schema, label);
    for (const [name, value] of Object.entries(attributes)) {
      const attribute = def?.attributes?.find((x) => x.name === name);
      if (!attribute)
        throw new RangeError(
          notAnAttribute(
            name,
            label,
            def?.attributes?.map((x) => x.name),
          ),
        );
      if (value.trim() !== '' && attribute.values && !attribute.values.includes(value)) {
        throw new RangeError(l10n.t('"{0}" is not a value of {1} ({2})', value, name, attribute.values.join(', ')));
      }
    }
  }

  /** Changes label, entity or note of one annotation; returns the new annotation or undefined. */
  update(id: string, patch: AnnotationPatch, provenance: Provenance): Annotation | undefined {
    const annotation = this.items.find((a) => a.id === id);
    if (!annotation) return undefined;
    // everything is checked before anything changes: an update is all or nothing
    this.checkUnblocked();
    const label = patch.label ?? annotation.label;
    if (patch.label !== undefined && !labelDef(this.schema, patch.label)) {
      throw new RangeError(
        l10n.t(
          '"{0}" is not a label of the project schema ({1})',
          patch.label,
          this.schema.labels.map((l) => l.id).join(', '),
        ),
      );
    }
    const byId = new Map(this.items.map((a) => [a.id, a]));
    const wanted: [string, string | undefined][] = [
      ['speaker', patch.speaker],
      ['date', patch.date],
      ...Object.entries(patch.relations ?? {}),
    ];
    for (const [name, target] of wanted) {
      if (target === undefined || target === '') continue;
      checkRelation(this.schema, id, label, name, target, byId);
    }
    if (patch.stance !== undefined && patch.stance.trim() !== '' && !hasStance(this.schema, label)) {
      throw new RangeError(stanceProblem(this.schema, label));
    }
    if (patch.attributes) this.checkAttributes(label, patch.attributes);
    if (patch.value !== undefined && patch.value.trim() !== '' && !DATE_VALUE.test(patch.value.trim())) {
      throw new RangeError(
        l10n.t('"{0}" is not a date value such as 2015-12-18, XXXX-12-18, 2015-12 or 2015-12-15TEV', patch.value),
      );
    }
    this.touch(id, annotation);
    if (patch.label !== undefined && patch.label !== annotation.label) {
      this.dropRelationsTo(id, provenance, patch.label);
      annotation.label = patch.label;
      // what the new label does not carry goes (relations, stance, attributes it does not declare)
      const def = labelDef(this.schema, patch.label);
      for (const entry of relationEntries(annotation)) {
        if (!def?.relations?.some((r) => r.name === entry.name)) setRelation(annotation, entry.name, undefined);
      }
      if (!def?.stance) delete annotation.stance;
      if (annotation.attributes) {
        const kept = Object.fromEntries(
          Object.entries(annotation.attributes).filter(([name, value]) => {
            const attribute = def?.attributes?.find((x) => x.name === name);
            return attribute && (!attribute.values || attribute.values.includes(value));
          }),
        );
        if (Object.keys(kept).length > 0) annotation.attributes = kept;
        else delete annotation.attributes;
      }
      const version = recordedVersion(this.schema);
      if (version !== undefined) annotation.schemaVersion = version;
    }
    for (const key of ['entity', 'note', 'speaker', 'date', 'stance'] as const) {
      const value = patch[key];
      if (value === undefined) continue;
      if (value.trim() === '') delete annotation[key];
      else annotation[key] = value;
    }
    for (const [name, target] of Object.entries(patch.relations ?? {})) setRelation(annotation, name, target);
    if (patch.reviewed) {
      const version = recordedVersion(this.schema);
      if (version !== undefined) annotation.schemaVersion = version;
    }
    if (patch.attributes) {
      const attributes = { ...(annotation.attributes ?? {}) };
      for (const [name, value] of Object.entries(patch.attributes)) {
        if (value.trim() === '') delete attributes[name];
        else attributes[name] = value;
      }
      if (Object.keys(attributes).length > 0) annotation.attributes = attributes;
      else delete annotation.attributes;
    }
    if (patch.value !== undefined) {
      if (patch.value.trim() === '') {
        delete annotation.value;
        delete annotation.valueSource;
      } else if (!DATE_VALUE.test(patch.value.trim())) {
        throw new RangeError(
          l10n.t('"{0}" is not a date value such as 2015-12-18, XXXX-12-18, 2015-12 or 2015-12-15TEV', patch.value),
        );
      } else {
        annotation.value = patch.value.trim();
        annotation.valueSource = 'analyst';
      }
    }
    annotation.modified = provenance.now;
    return { ...annotation };
  }

  /**
   * Puts annotation `id` on code points [start, end): quote, prefix and suffix from the text,
   * status exact (re-attaching an orphan to a selection). Returns it, or undefined if unknown.
   * @throws RangeError like {@link add} for an empty or invalid span.
   */
  reattach(id: string, start: number, end: number, provenance: Provenance): Annotation | undefined {
    const annotation = this.items.find((a) => a.id === id);
    if (!annotation) return undefined;
    this.checkUnblocked();
    this.checkSpan(start, end);
    this.touch(id, annotation);
    Object.assign(annotation, { start, end }, quoteSelector(this.indexValue, start, end));
    delete annotation.anchored;
    annotation.modified = provenance.now;
    this.items.sort(compareAnnotations);
    return { ...annotation };
  }

  /** Annotations (not orphaned) whose span contains code point `at`, innermost first. */
  at(at: number): Annotation[] {
    return this.items
      .filter((a) => !isOrphaned(a) && a.start <= at && at < a.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start))
      .map((a) => ({ ...a }));
  }

  /** Annotations (not orphaned) that overlap code points [start, end), in sidecar order. */
  overlapping(start: number, end: number): Annotation[] {
    return this.items
      .filter((a) => !isOrphaned(a) && a.start < Math.max(end, start + 1) && a.end > start)
      .map((a) => ({ ...a }));
  }

  /** The first annotation (not orphaned) that starts after code point `from`, wrapping around. */
  next(from: number): Annotation | undefined {
    const placed = this.items.filter((a) => !isOrphaned(a));
    const found = placed.find((a) => a.start > from) ?? placed[0];
    return found && { ...found };
  }

  /** The last annotation (not orphaned) that starts before code point `from`, wrapping around. */
  previous(from: number): Annotation | undefined {
    const placed = this.items.filter((a) => !isOrphaned(a));
    const found = [...placed].reverse().find((a) => a.start < from) ?? placed[placed.length - 1];
    return found && { ...found };
  }

  /**
   * Applies text changes made one after another (each in the offsets of the text the previous
   * one left, as VS Code reports `contentChanges`) and moves every annotation with its text:
   * spans after a change shift, spans with a change inside grow or shrink, spans cut at one end
   * keep what is left, and spans wholly replaced or deleted become orphaned (kept, never dropped).
   * The positions recorded conflicts hold (their start, end, quote) move the same way.
   * `options.review`: the change was not typed here (the file reloaded from disk after a git
   * pull or another program's edit): an annotation whose own text changed is marked `fuzzy` for
   * review, as `hashiya anchor` marks it. Returns the ids of annotations that became orphaned.
   */
  applyChanges(changes: readonly TextChange[], newText: string, options: { review?: boolean } = {}): string[] {
    this.changedAll();
    const orphaned: string[] = [];
    const quotes = options.review ? new Map(this.items.map((a) => [a, a.quote])) : undefined;
    // the positions recorded conflicts hold move exactly as their annotations do
    const held = this.items.flatMap((owner) =>
      conflictPositions(owner).map(({ at, position }) => ({ owner, at, position })),
    );
    const positions = held.map((h) => h.position);
    // spans that began with a mark after white space (their first letter deleted): see below
    const defective = new Set([...this.items, ...positions].filter((a) => !isOrphaned(a) && /^\s\p{M}/u.test(a.quote)));
    let working = this.indexValue;
    changes.forEach((original, i) => {
      // a replacement of many lines is taken as the small changes it is made of (line endings
      // changed, a file changed on disk in two places): annotations between them move, not orphan
      const parts = splitChange(working, original);
      if (i < changes.length - 1) {
        const text = working.text;
        working = new OffsetIndex(
          text.slice(0, working.toUtf16(original.start)) + original.text + text.slice(working.toUtf16(original.end)),
        );
      }
      for (const change of parts) {
        moveThrough(this.items, change, orphaned);
        moveThrough(positions, change, []);
      }
    });
    this.textValue = newText;
    this.indexValue = new OffsetIndex(newText);
    for (const a of [...this.items, ...positions]) {
      if (isOrphaned(a)) {
        a.start = orphanPoint(this.indexValue, a.start);
        a.end = a.start;
        this.reattachAtPoint(a);
        if (isOrphaned(a)) continue;
      }
      // a haraka typed right after a span belongs to its last letter; a letter typed right
      // before a haraka the span begins with takes it (and so the span) in
      a.end = endAfterMarks(this.indexValue, a.start, a.end);
      a.start = startBeforeMarks(this.indexValue, a.start, a.end);
      // any other character an edit joined to the span's edge (a ZWJ and an emoji typed after
      // it, a mark after a space it begins with): the whole cluster, never a stored offset inside one
      [a.start, a.end] = snapToGraphemes(this.indexValue, a.start, a.end);
      // a span taken back to the white space its marks hung on (its first letter deleted) gives
      // the space up once a letter typed before the marks has taken them again
      if (
        defective.has(a) &&
        a.end - a.start > 1 &&
        /^\s/u.test(this.textValue[this.indexValue.toUtf16(a.start)]) &&
        isGraphemeBoundary(this.textValue, this.indexValue.toUtf16(a.start + 1))
      )
        a.start += 1;
      Object.assign(a, quoteSelector(this.indexValue, a.start, a.end));
    }
    if (held.length > 0) {
      const byOwner = new Map<Annotation, Map<number, Annotation>>();
      for (const h of held) {
        if (!byOwner.has(h.owner)) byOwner.set(h.owner, new Map());
        byOwner.get(h.owner)!.set(h.at, h.position);
      }
      for (const [owner, placed] of byOwner) owner.conflict = withConflictPositions(owner, placed).conflict;
    }
    if (quotes) {
      for (const a of this.items)
        if (!isOrphaned(a) && quotes.has(a) && quotes.get(a) !== a.quote) a.anchored = 'fuzzy';
    }
    this.items.sort(compareAnnotations);
    return orphaned.filter((id) => this.items.some((a) => a.id === id && isOrphaned(a)));
  }

  /**
   * Puts an orphaned annotation back on its text when exactly its quote stands again right at
   * or right before its point (an undone deletion, a span typed again).
   */
  private reattachAtPoint(a: Annotation): void {
    const n = codePointLength(a.quote);
    if (n === 0) return;
    const length = this.indexValue.codePointLength;
    for (const start of [a.start, a.start - n]) {
      if (start < 0 || start + n > length || this.indexValue.slice(start, start + n) !== a.quote) continue;
      const [s16, e16] = [this.indexValue.toUtf16(start), this.indexValue.toUtf16(start + n)];
      if (
        !sameWordEdges(this.textValue, s16, e16, a) ||
        !isGraphemeBoundary(this.textValue, s16) ||
        !isGraphemeBoundary(this.textValue, e16)
      )
        continue;
      a.start = start;
      a.end = start + n;
      delete a.anchored;
      return;
    }
  }

  /** Replaces the text without moving annotations (the caller re-anchors them). */
  resetText(text: string, annotations: readonly Annotation[]): void {
    this.changedAll();
    this.textValue = text;
    this.indexValue = new OffsetIndex(text);
    this.items = annotations.map((a) => ({ ...a })).sort(compareAnnotations);
    this.changedAllAfter();
  }
}

/**
 * Moves annotations (and positions) through one change (code points of the text before it); ids newly orphaned go to
 * `orphaned`.
 */
function moveThrough(items: readonly Annotation[], change: TextChange, orphaned: string[]): void {
  const inserted = codePointLength(change.text);
  const delta = inserted - (change.end - change.start);
  for (const a of items) {
    if (isOrphaned(a)) {
      // an orphan is a point; text inserted right at it stays after it, so that undoing the
      // deletion puts its quote back exactly there
      if (a.start > change.end || (a.start === change.end && change.start < change.end)) {
        a.start += delta;
        a.end += delta;
      } else if (a.start > change.start) {
        a.start = change.start;
        a.end = a.start;
      }
      continue;
    }
    if (change.end <= a.start) {
      a.start += delta;
      a.end += delta;
    } else if (change.start >= a.end) {
      // wholly after, or an insertion right at the end: the span stays
    } else if (change.start <= a.start && change.end >= a.end) {
      a.anchored = 'orphaned';
      a.start = change.start;
      a.end = change.start;
      orphaned.push(a.id);
    } else if (change.start >= a.start && change.end <= a.end) {
      a.end += delta;
    } else if (change.start < a.start) {
      a.start = change.start + inserted;
      a.end += delta;
    } else {
      a.end = change.start;
    }
  }
}

/**
 * The W3C TextQuoteSelector parts for code points [start, end) of the indexed text: the exact
 * quote and up to {@link CONTEXT_LENGTH} code points of prefix and suffix, cut at grapheme-cluster
 * edges (UAX #29): a prefix never begins and a suffix never ends inside a cluster, so never with
 * half a flag (one regional indicator), part of an emoji sequence, a mark without its letter, or
 * between CR and LF. Shorter context rather than a broken character.
 */
export function quoteSelector(
  index: OffsetIndex,
  start: number,
  end: number,
): Pick<Annotation, 'quote' | 'prefix' | 'suffix'> {
  const text = index.text;
  const start16 = index.toUtf16(start);
  const end16 = index.toUtf16(end);
  let prefix16 = index.toUtf16(Math.max(0, start - CONTEXT_LENGTH));
  if (!isGraphemeBoundary(text, prefix16)) prefix16 = Math.min(start16, graphemeAt(text, prefix16)[1]);
  let suffix16 = index.toUtf16(Math.min(index.codePointLength, end + CONTEXT_LENGTH));
  if (!isGraphemeBoundary(text, suffix16)) suffix16 = Math.max(end16, graphemeAt(text, suffix16)[0]);
  // clusters longer than graphemeAt's look-around: still never between CR and LF or in a surrogate pair
  if (splitsCrLf(text, prefix16) || splitsSurrogatePair(text, prefix16)) prefix16 = Math.min(start16, prefix16 + 1);
  if (splitsCrLf(text, suffix16) || splitsSurrogatePair(text, suffix16)) suffix16 = Math.max(end16, suffix16 - 1);
  return {
    quote: text.slice(start16, end16),
    prefix: text.slice(prefix16, start16),
    suffix: text.slice(end16, suffix16),
  };
}

/**
 * The same change with the text it keeps unchanged at both ends left out (code points): VS Code
 * reports reloads and reverts as whole lines replaced, and a span on a line whose words did not
 * change must not be taken for destroyed.
 */

/** Where an orphaned annotation rests in a text: clamped to it, never between CR and LF (code points). */
export function orphanPoint(index: OffsetIndex, at: number): number {
  const point = Math.max(0, Math.min(at, index.codePointLength));
  return splitsCrLf(index.text, index.toUtf16(point)) ? point - 1 : point;
}

/**
 * Puts `set` in the state of `annotations` (what a pure function of annotations returned: a
 * conflict resolution, an adjudication decision): the ones it lacks are removed, changed and new
 * ones restored as they are (ids kept); unchanged ones are left alone.
 */
export function replaceAnnotations(set: AnnotationSet, annotations: readonly Annotation[]): void {
  const wanted = new Map(annotations.map((a) => [a.id, a]));
  for (const a of set.annotations) if (!wanted.has(a.id)) set.remove(a.id);
  for (const a of annotations) {
    const current = set.get(a.id);
    if (!current || JSON.stringify(current) !== JSON.stringify(a)) set.restore(a);
  }
}
