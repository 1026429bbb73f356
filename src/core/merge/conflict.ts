// Over 500 lines: recorded conflicts of annotations, the publication date and registry entities
// share their wording and resolution; split by subject in issue 9's redesign.
/**
 * Recorded conflicts (docs/sidecar-format.md, "Recorded conflicts"): a merge that cannot decide
 * keeps our version of an annotation (or publication date, or registry entity) and records their
 * values in a `conflict` mapping beside it, never conflict markers. This module describes them
 * (for `hashiya check`, the view, the tree and the Problems view), finds where they are in a file
 * (1-based line and column of the `conflict:` key) and resolves them: take ours, take theirs, or
 * take both. Pure: no `vscode`, no file access; functions return new objects and never change
 * their input.
 */
import { LineCounter, parseDocument } from 'yaml';
import {
  type Annotation,
  type AnnotationConflict,
  type AnnotationTheirs,
  CONFLICT_FIELDS,
  type ConflictAlternative,
  type ConflictField,
  RELATIONS,
  type RecordedConflict,
  type Relation,
  conflictAlternatives,
  isOrphaned,
  newAnnotationId,
  recordedConflict,
} from '../model/annotation';
import { orphanPoint, quoteSelector } from '../model/annotationSet';
import { AnchorText, reanchor } from '../anchoring/anchoring';
import {
  type Entity,
  type EntityConflict,
  type EntityTheirs,
  type Registry,
  newEntityId,
} from '../entities/entityRegistry';
import { codePointLength, isGraphemeBoundary, splitsCrLf } from '../text/offsets';
import type { Published, PublishedTheirs, Sidecar, SidecarProblem } from '../format/sidecar';
import { YAML_OPTIONS, keyRange, problemAt } from '../format/yamlFile';
import * as l10n from '@vscode/l10n';

/** How a recorded conflict is resolved: keep our version, take theirs, or keep both. */
export type ConflictChoice = 'ours' | 'theirs' | 'both';

/** The choices, in the order the view offers them. */
export const CONFLICT_CHOICES: readonly ConflictChoice[] = ['ours', 'theirs', 'both'];

/**
 * Longest value (code points) a one-line description (Problems view, `hashiya check`) shows before it is cut with "…".
 */
const SHOWN = 60;

/**
 * Longest value (code points) shown where an analyst reads a conflict field by field (hovers, the
 * view's conflict bar, tooltips): whole notes and quotes, with a bound against hostile files.
 */
export const SHOWN_WHOLE = 4000;

/**
 * A value of a file as inert text for a message: strings in double quotes with control, bidi and
 * other invisible characters escaped (\u202E, \n), cut at `max` code points (60 unless told;
 * {@link SHOWN_WHOLE} where values are read side by side); `none` for null or absent. Safe for
 * notifications, hovers, tree items and terminals.
 */
export function shownValue(value: unknown, max = SHOWN): string {
  if (value === undefined || value === null) return l10n.t('none');
  if (typeof value === 'object' && !Array.isArray(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${shownValue(k, max)}: ${shownValue(v, max)}`)
      .join(', ')}}`;
  }
  if (typeof value !== 'string')
    return Array.isArray(value) ? `[${value.map((v) => shownValue(v, max)).join(', ')}]` : String(value);
  const points = Array.from(value);
  const cut = points.length > max ? `${points.slice(0, max).join('')}…` : value;
  return `"${cut
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(
      /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
      (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    )}"`;
}

/** One alternative in a line: who the other side is, then what differs (`parts`). */
function conflictWith(label: string | undefined, parts: readonly string[]): string {
  const said = listOf(parts);
  return label === undefined
    ? l10n.t('conflict: {0}', said)
    : l10n.t('conflict with {0}: {1}', shownValue(label), said);
}

/** Clauses of a description joined: `a; b; c`. */
function listOf(parts: readonly string[]): string {
  return parts.length === 0 ? '' : parts.reduce((list, part) => l10n.t('{0}; {1}', list, part));
}

/** True when their values of a conflict include a position (start, end, quote...). */
function hasPosition(theirs: AnnotationTheirs | undefined): boolean {
  return theirs?.start !== undefined;
}

/**
 * The names of the fields in conflict on an annotation, in {@link CONFLICT_FIELDS} order, with
 * `position` for the position group; `removed` for a removal; of the first alternative (the one
 * take ours / theirs / both acts on). [] when there is no conflict.
 */
export function conflictingFields(annotation: Annotation): string[] {
  const c = conflictAlternatives(annotation.conflict)[0];
  if (!c) return [];
  const out: string[] = c.removed ? ['removed'] : [];
  if (hasPosition(c.theirs)) out.push('position');
  for (const key of CONFLICT_FIELDS) if (c.theirs && c.theirs[key] !== undefined) out.push(key);
  return out;
}

function placeText(start: number, end: number, quote: string, anchored: string | null | undefined): string {
  return anchored === 'orphaned' ? l10n.t('orphaned {0}', shownValue(quote)) : `${start}..${end} ${shownValue(quote)}`;
}

/** What one alternative of an annotation's conflict says, field by field (see {@link describeAnnotationConflict}). */
function annotationAlternativeParts(annotation: Annotation, c: ConflictAlternative<AnnotationTheirs>): string[] {
  const parts: string[] = [];
  if (c.removed === 'theirs') parts.push(l10n.t('theirs removed it, it was changed here'));
  if (c.removed === 'ours') parts.push(l10n.t('removed here, changed in theirs (their version is kept)'));
  const t = c.theirs;
  if (t && hasPosition(t)) {
    parts.push(
      l10n.t(
        'position is {0} here, {1} in theirs',
        placeText(annotation.start, annotation.end, annotation.quote, annotation.anchored),
        placeText(t.start!, t.end ?? t.start!, t.quote ?? '', t.anchored),
      ),
    );
  }
  for (const key of CONFLICT_FIELDS) {
    if (!t || t[key] === undefined) continue;
    parts.push(l10n.t('{0} is {1} here, {2} in theirs', key, shownValue(annotation[key]), shownValue(t[key])));
  }
  return parts;
}

/**
 * The alternatives of a conflict in one line: the first as `conflict with "x": parts`, and when
 * later merges recorded more, `; 2 more alternatives, taken up after this one: (2) conflict with
 * "y": parts; (3) ...`.
 */
function describeAlternatives<T>(
  conflict: RecordedConflict<T>,
  parts: (c: ConflictAlternative<T>) => string[],
): string {
  const alternatives = conflictAlternatives(conflict);
  const [first, ...rest] = alternatives.map((c) => conflictWith(c.with, parts(c)));
  if (first === undefined) return '';
  if (rest.length === 0) return first;
  const later = listOf(rest.map((r, i) => `(${i + 2}) ${r}`));
  return rest.length === 1
    ? l10n.t('{0}; {1} more alternative, taken up after this one: {2}', first, rest.length, later)
    : l10n.t('{0}; {1} more alternatives, taken up after this one: {2}', first, rest.length, later);
}

/**
 * One line saying what a recorded conflict on an annotation is, values as inert text
 * ({@link shownValue}): `conflict with "origin/x": label is "claim" here, "actor" in theirs;
 * note is "a" here, none in theirs`. A removal: `theirs removed it, it was changed here` or
 * `removed here, changed in theirs (their version is kept)`. Further alternatives (recorded by
 * later merges) follow, numbered: `; 1 more alternative, taken up after this one: (2) conflict
 * with "y": note is "a" here, "c" in theirs`. '' when there is no conflict.
 */
export function describeAnnotationConflict(annotation: Annotation): string {
  if (!annotation.conflict) return '';
  return describeAlternatives(annotation.conflict, (c) => annotationAlternativeParts(annotation, c));
}

/** Like {@link describeAnnotationConflict}, for the publication date. */
export function describePublishedConflict(published: Published): string {
  if (!published.conflict) return '';
  return describeAlternatives<PublishedTheirs>(published.conflict, (c) => {
    const theirs = c.theirs ?? {};
    const parts: string[] = [];
    if (theirs.date !== undefined)
      parts.push(
        l10n.t('publication date is {0} here, {1} in theirs', shownValue(published.date), shownValue(theirs.date)),
      );
    if (theirs.guessed !== undefined)
      parts.push(
        l10n.t(
          'guessed is {0} here, {1} in theirs',
          String(published.guessed ?? false),
          String(theirs.guessed ?? false),
        ),
      );
    return parts;
  });
}

const ENTITY_THEIRS_KEYS = ['name', 'kind', 'aliases', 'externalId', 'note', 'replaces'] as const;

/** Like {@link describeAnnotationConflict}, for an entity of the registry. */
export function describeEntityConflict(entity: Entity): string {
  if (!entity.conflict) return '';
  return describeAlternatives<EntityTheirs>(entity.conflict, (c) => {
    const parts: string[] = [];
    if (c.removed === 'theirs') parts.push(l10n.t('theirs removed this entity, it was changed here'));
    if (c.removed === 'ours') parts.push(l10n.t('removed here, changed in theirs (their version is kept)'));
    for (const key of ENTITY_THEIRS_KEYS) {
      if (!c.theirs || c.theirs[key] === undefined) continue;
      parts.push(l10n.t('{0} is {1} here, {2} in theirs', key, shownValue(entity[key]), shownValue(c.theirs[key])));
    }
    return parts;
  });
}

// ---------------------------------------------------------------------------------------------
// Alternatives that say nothing any more

const sameValue = (a: unknown, b: unknown) =>
  (a ?? null) === (b ?? null) || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * True when an alternative of an annotation's conflict asks for nothing that `annotation` does
 * not already have: no removal, and each of their values (their position: start, end and quote,
 * or orphaned with the same quote) equal to the annotation's. Such an alternative is left out
 * (after a resolution took the same values, or when a merge brings one already taken).
 */
export function annotationAlternativeSettled(
  annotation: Annotation,
  c: ConflictAlternative<AnnotationTheirs>,
): boolean {
  if (c.removed || !c.theirs) return !c.removed && !c.theirs;
  const t = c.theirs;
  if (hasPosition(t)) {
    const orphaned = t.anchored === 'orphaned';
    const same =
      orphaned || isOrphaned(annotation)
        ? orphaned && isOrphaned(annotation) && t.quote === annotation.quote
        : t.start === annotation.start && t.end === annotation.end && t.quote === annotation.quote;
    if (!same) return false;
  }
  return CONFLICT_FIELDS.every((key) => t[key] === undefined || sameValue(t[key], annotation[key]));
}

/** Like {@link annotationAlternativeSettled}, for the publication date. */
export function publishedAlternativeSettled(published: Published, c: ConflictAlternative<PublishedTheirs>): boolean {
  const t = c.theirs;
  if (!t) return true;
  return (
    (t.date === undefined || sameValue(t.date, published.date)) &&
    (t.guessed === undefined || (t.guessed ?? false) === (published.guessed ?? false))
  );
}

/** Like {@link annotationAlternativeSettled}, for an entity (aliases and replaces compared as sets). */
export function entityAlternativeSettled(entity: Entity, c: ConflictAlternative<EntityTheirs>): boolean {
  if (c.removed || !c.theirs) return !c.removed && !c.theirs;
  const t = c.theirs;
  const sameSet = (a: readonly string[] | null | undefined, b: readonly string[] | undefined) =>
    sameValue([...(a ?? [])].sort(), [...(b ?? [])].sort());
  return (
    (t.name === undefined || t.name === entity.name) &&
    (t.kind === undefined || t.kind === entity.kind) &&
    (t.externalId === undefined || sameValue(t.externalId || null, entity.externalId || null)) &&
    (t.note === undefined || sameValue(t.note || null, entity.note || null)) &&
    (t.aliases === undefined || sameSet(t.aliases, entity.aliases)) &&
    (t.replaces === undefined || sameSet(t.replaces, entity.replaces))
  );
}

/** The conflict of `alternatives` without those `settled` leaves out, nor repeats; undefined when none is left. */
export function remainingConflict<T>(
  alternatives: readonly ConflictAlternative<T>[],
  settled: (c: ConflictAlternative<T>) => boolean,
): RecordedConflict<T> | undefined {
  const seen = new Set<string>();
  return recordedConflict(
    alternatives.filter((c) => {
      const key = alternativeKey(c);
      if (seen.has(key) || settled(c)) return false;
      seen.add(key);
      return true;
    }),
  );
}

/**
 * What tells one alternative from another across versions of a file: the other side's label,
 * whether it is a removal, and their values (a position by its quote and status alone: its
 * offsets differ from one version of the text to the next). Keys in a fixed order.
 */
export function alternativeKey(c: ConflictAlternative<unknown>): string {
  const theirs = c.theirs && typeof c.theirs === 'object' ? { ...(c.theirs as Record<string, unknown>) } : undefined;
  if (theirs) for (const key of ['start', 'end', 'prefix', 'suffix']) delete theirs[key];
  const values = theirs
    ? Object.keys(theirs)
        .sort()
        .map((key) => [key, theirs[key]])
    : null;
  return JSON.stringify([c.with ?? null, c.removed ? 'removed' : null, values]);
}

/** A recorded conflict found in a file: where its `conflict:` key is, and what it is. */
export interface ConflictProblem extends SidecarProblem {
  /** Id of the annotation or entity; undefined for the publication date. */
  id?: string;
  /** The conflicting fields ({@link conflictingFields}; `date`/`guessed` for the publication date). */
  fields: string[];
}

function locator(source: string): (path: (string | number)[], key: string, message: string) => SidecarProblem {
  const lines = new LineCounter();
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { ...YAML_OPTIONS, lineCounter: lines });
  return (path, key, message) => problemAt(message, keyRange(doc, path, key), lines, [...path, key]);
}

/**
 * The recorded conflicts of a sidecar (parsed from `source`, see `parseSidecar`), each at the
 * 1-based line and column (UTF-16 units) of its `conflict:` key, with a message from
 * {@link describeAnnotationConflict} / {@link describePublishedConflict}. In file order; [] when
 * there are none (the source is then not parsed again).
 */
export function sidecarConflicts(source: string, sidecar: Sidecar): ConflictProblem[] {
  const out: ConflictProblem[] = [];
  const has = sidecar.published?.conflict || sidecar.annotations.some((a) => a.conflict);
  if (!has) return out;
  const at = locator(source);
  if (sidecar.published?.conflict) {
    const fields = Object.keys(sidecar.published.conflict.theirs ?? {});
    out.push({ ...at(['published'], 'conflict', describePublishedConflict(sidecar.published)), fields });
  }
  sidecar.annotations.forEach((a, i) => {
    if (a.conflict)
      out.push({
        ...at(['annotations', i], 'conflict', describeAnnotationConflict(a)),
        id: a.id,
        fields: conflictingFields(a),
      });
  });
  return out;
}

/** Like {@link sidecarConflicts}, for the entity registry (`parseRegistry`'s registry of `source`). */
export function registryConflicts(source: string, registry: Registry): ConflictProblem[] {
  if (!registry.entities.some((e) => e.conflict)) return [];
  const at = locator(source);
  const out: ConflictProblem[] = [];
  registry.entities.forEach((e, i) => {
    if (!e.conflict) return;
    const fields = [...(e.conflict.removed ? ['removed'] : []), ...Object.keys(e.conflict.theirs ?? {})];
    out.push({ ...at(['entities', i], 'conflict', describeEntityConflict(e)), id: e.id, fields });
  });
  return out;
}

/** What {@link resolveAnnotationConflict} needs besides the annotations. */
export interface ResolveOptions {
  /**
   * The text the annotations' offsets refer to (now). Their position is checked against it: a
   * quote no longer at their offsets (the text was edited since the merge) is found again with
   * `reanchor` (moved, fuzzy or orphaned, never on other words). Without it their offsets are
   * taken as they are.
   */
  text?: string | AnchorText;
  /** ISO 8601 time of the resolution, written as `modified` of what it changes. */
  now?: string;
}

/** Result of {@link resolveAnnotationConflict}. */
export interface ResolveResult {
  /** All annotations after the resolution (sidecar order is the caller's: sort with compareAnnotations). */
  annotations: Annotation[];
  /** The annotation as it is now, if it is kept. */
  kept?: Annotation;
  /** A copy with their values and a new id (take both, when the fields cannot be joined). */
  added?: Annotation;
  /** The annotation removed (take the side that removed it); claims lose their relations to it. */
  removed?: Annotation;
}

/** Their position applied to `a`, checked against `text` (see {@link ResolveOptions.text}). */
function theirPosition(a: Annotation, theirs: AnnotationTheirs, text: string | AnchorText | undefined): Annotation {
  const out: Annotation = {
    ...a,
    start: theirs.start!,
    end: theirs.end ?? theirs.start!,
    quote: theirs.quote ?? '',
    prefix: theirs.prefix ?? '',
    suffix: theirs.suffix ?? '',
  };
  if (theirs.anchored && theirs.anchored !== 'exact') out.anchored = theirs.anchored;
  else delete out.anchored;
  if (text === undefined) return out;
  const t = typeof text === 'string' ? new AnchorText(text) : text;
  const index = t.index;
  if (out.anchored === 'orphaned') {
    const point = orphanPoint(index, out.start);
    return { ...out, start: point, end: point };
  }
  const inText =
    out.start < out.end && out.end <= index.codePointLength && index.slice(out.start, out.end) === out.quote;
  if (inText) {
    const [s16, e16] = [index.toUtf16(out.start), index.toUtf16(out.end)];
    if (
      !splitsCrLf(t.text, s16) &&
      !splitsCrLf(t.text, e16) &&
      isGraphemeBoundary(t.text, s16) &&
      isGraphemeBoundary(t.text, e16)
    ) {
      return { ...out, ...quoteSelector(index, out.start, out.end) };
    }
  }
  if (codePointLength(out.quote) === 0)
    return { ...out, anchored: 'orphaned', start: orphanPoint(index, out.start), end: orphanPoint(index, out.start) };
  return reanchor(t, out);
}

function withoutConflict(a: Annotation, now: string | undefined): Annotation {
  const out = { ...a };
  delete out.conflict;
  if (now) out.modified = now;
  return out;
}

/** `a` with the alternatives still open after the first was resolved (those it settled left out). */
function withRest(a: Annotation, rest: readonly ConflictAlternative<AnnotationTheirs>[]): Annotation {
  const conflict: AnnotationConflict | undefined = remainingConflict(rest, (c) => annotationAlternativeSettled(a, c));
  if (conflict) return { ...a, conflict };
  const out = { ...a };
  delete out.conflict;
  return out;
}

/** `a` with their values of the conflict applied (null: the field removed), without the conflict. */
function applyTheirs(a: Annotation, theirs: AnnotationTheirs, options: ResolveOptions): Annotation {
  let out = withoutConflict(a, options.now);
  if (hasPosition(theirs)) out = theirPosition(out, theirs, options.text);
  for (const key of CONFLICT_FIELDS) {
    const value = theirs[key];
    if (value === undefined) continue;
    if (value === null) delete out[key];
    else (out as unknown as Record<ConflictField, unknown>)[key] = value;
  }
  return out;
}

/** The annotations without `id`, and claims without relations to it. */
function removeWithRelations(annotations: readonly Annotation[], id: string, now: string | undefined): Annotation[] {
  return annotations
    .filter((a) => a.id !== id)
    .map((a) => {
      const relations = (Object.keys(RELATIONS) as Relation[]).filter((r) => a[r] === id);
      if (relations.length === 0) return a;
      const out = { ...a };
      for (const r of relations) delete out[r];
      if (now) out.modified = now;
      return out;
    });
}

/**
 * Resolves the recorded conflict of annotation `id` (docs/sidecar-format.md, "Recorded conflicts"),
 * its first alternative (`with`, `theirs`, `removed`):
 * - `ours`: the alternative is dropped (our version stays); for `removed: "ours"` (we removed it)
 *   the annotation is removed;
 * - `theirs`: their values are applied (null: the field removed; their position checked against
 *   `options.text`) and the alternative dropped; for `removed: "theirs"` the annotation is removed;
 * - `both`: our version stays and a copy with their values gets a new id; a conflict of the note
 *   alone gives one annotation whose note joins ours and theirs (ours first, a new line between);
 *   for `removed` the annotation is kept and the alternative dropped.
 * Further alternatives (`also`, recorded by later merges) stay on the annotation kept, the next
 * one first; one that asks for nothing the annotation does not have now is left out
 * ({@link annotationAlternativeSettled}). The copy of `both` has none. A removed annotation takes
 * the relations of claims to it along (as removing it by hand does), and its other alternatives.
 * `modified` becomes `options.now` where something changed, when given.
 * @throws RangeError when there is no annotation `id` or it has no recorded conflict.
 */
export function resolveAnnotationConflict(
  annotations: readonly Annotation[],
  id: string,
  choice: ConflictChoice,
  options: ResolveOptions = {},
): ResolveResult {
  const at = annotations.findIndex((a) => a.id === id);
  if (at < 0) throw new RangeError(l10n.t('no annotation with id {0}', shownValue(id)));
  const a = annotations[at];
  const [c, ...rest] = conflictAlternatives(a.conflict);
  if (!c) throw new RangeError(l10n.t('annotation {0} has no recorded conflict', shownValue(id)));
  const replace = (kept: Annotation, added?: Annotation): ResolveResult => {
    const out = [...annotations];
    out[at] = withRest(kept, rest);
    if (added) out.push(added);
    return { annotations: out, kept: out[at], added };
  };
  const remove = (): ResolveResult => ({ annotations: removeWithRelations(annotations, id, options.now), removed: a });
  if (choice === 'ours') {
    if (c.removed === 'ours') return remove();
    return replace(withoutConflict(a, undefined));
  }
  if (choice === 'theirs') {
    if (c.removed === 'theirs') return remove();
    return replace(c.theirs ? applyTheirs(a, c.theirs, options) : withoutConflict(a, options.now));
  }
  if (choice !== 'both')
    throw new RangeError(l10n.t('a conflict is resolved by "ours", "theirs" or "both", not {0}', shownValue(choice)));
  const theirs = c.theirs;
  if (!theirs || Object.keys(theirs).length === 0) return replace(withoutConflict(a, options.now));
  const keys = Object.keys(theirs);
  if (keys.length === 1 && keys[0] === 'note') {
    const notes = [a.note, theirs.note].filter((n): n is string => !!n);
    const kept = withoutConflict(a, options.now);
    if (notes.length > 0) kept.note = notes.join('\n');
    return replace(kept);
  }
  const copy = applyTheirs(a, theirs, options);
  copy.id = newAnnotationId(new Set(annotations.map((x) => x.id)));
  return replace(withoutConflict(a, options.now), copy);
}

/**
 * Resolves the recorded conflict of a publication date (its first alternative): `ours` drops it,
 * `theirs` takes their date (`date: null` in theirs: no publication date, undefined is returned);
 * further alternatives stay, the next one first.
 * @throws RangeError for `both` (an article has one publication date) or when there is no conflict.
 */
export function resolvePublishedConflict(published: Published, choice: ConflictChoice): Published | undefined {
  const [c, ...rest] = conflictAlternatives(published.conflict);
  if (!c) throw new RangeError(l10n.t('the publication date has no recorded conflict'));
  const out: Published = { ...published };
  delete out.conflict;
  if (choice === 'both') throw new RangeError(l10n.t('an article has one publication date: take ours or theirs'));
  if (choice === 'theirs') {
    const theirs = c.theirs ?? {};
    if (theirs.date === null) return undefined;
    if (theirs.date !== undefined) out.date = theirs.date;
    if (theirs.guessed === null || theirs.guessed === false) delete out.guessed;
    else if (theirs.guessed === true) out.guessed = true;
  }
  // the next alternative (a later merge's) takes the place of the one resolved
  const conflict = remainingConflict(rest, (alternative) => publishedAlternativeSettled(out, alternative));
  if (conflict) out.conflict = conflict;
  return out;
}

/** `entity` with their values applied (null removes; aliases and replaces replaced). */
function entityWithTheirs(entity: Entity, theirs: EntityTheirs): Entity {
  const out: Entity = { ...entity, aliases: [...entity.aliases] };
  delete out.conflict;
  if (theirs.name !== undefined) out.name = theirs.name;
  if (theirs.kind !== undefined) out.kind = theirs.kind;
  if (theirs.aliases !== undefined) out.aliases = theirs.aliases ?? [];
  for (const key of ['externalId', 'note'] as const) {
    const value = theirs[key];
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = value;
  }
  if (theirs.replaces === null) delete out.replaces;
  else if (theirs.replaces !== undefined) out.replaces = [...theirs.replaces];
  return out;
}

/**
 * The registry with `entity` at index `at`, and the ids it replaces taken from every other entity (ids stay unique).
 */
function placeEntity(entities: readonly Entity[], at: number, entity: Entity, added?: Entity): Registry {
  const claimed = new Set([...(entity.replaces ?? []), ...(added?.replaces ?? [])]);
  const out = entities.map((e, i) => {
    if (i === at) return entity;
    if (!e.replaces?.some((id) => claimed.has(id))) return e;
    const replaces = e.replaces.filter((id) => !claimed.has(id));
    const copy: Entity = { ...e, replaces };
    if (replaces.length === 0) delete copy.replaces;
    return copy;
  });
  if (added) out.push(added);
  return { entities: out };
}

/**
 * Resolves the recorded conflict of entity `id` of the registry, as for annotations:
 * - `ours`: drop the conflict (`removed: "ours"`: the entity is removed);
 * - `theirs`: their values applied (`removed: "theirs"`: removed); ids they list under
 *   `replaces` are taken from any other entity that lists them, so ids stay unique;
 * - `both`: notes joined (ours first), their name added to the aliases, aliases and replaces
 *   united; when their kind or externalId differ, a copy of the entity with their values (and
 *   no replaces) is added with a new id instead; for `removed`, the entity is kept.
 * Acts on the first alternative; further ones stay, the next one first. Returns a new registry
 * (the entity keeps its place).
 * @throws RangeError when there is no entity `id` or it has no recorded conflict.
 */
export function resolveEntityConflict(registry: Registry, id: string, choice: ConflictChoice): Registry {
  const at = registry.entities.findIndex((e) => e.id === id);
  if (at < 0) throw new RangeError(l10n.t('no entity with id {0} in the registry', shownValue(id)));
  const entity = registry.entities[at];
  const [c, ...rest] = conflictAlternatives(entity.conflict);
  if (!c) throw new RangeError(l10n.t('entity {0} has no recorded conflict', shownValue(id)));
  const kept: Entity = { ...entity, aliases: [...entity.aliases] };
  delete kept.conflict;
  // the next alternative (a later merge's) takes the place of the one resolved
  const open = (e: Entity): Entity => {
    const conflict: EntityConflict | undefined = remainingConflict(rest, (alternative) =>
      entityAlternativeSettled(e, alternative),
    );
    return conflict ? { ...e, conflict } : e;
  };
  const removed = (): Registry => ({ entities: registry.entities.filter((e) => e.id !== id) });
  if (choice === 'ours') return c.removed === 'ours' ? removed() : placeEntity(registry.entities, at, open(kept));
  if (choice === 'theirs') {
    if (c.removed === 'theirs') return removed();
    return placeEntity(registry.entities, at, open(c.theirs ? entityWithTheirs(entity, c.theirs) : kept));
  }
  if (choice !== 'both')
    throw new RangeError(l10n.t('a conflict is resolved by "ours", "theirs" or "both", not {0}', shownValue(choice)));
  const theirs = c.theirs;
  if (!theirs) return placeEntity(registry.entities, at, open(kept));
  if (theirs.kind !== undefined || theirs.externalId !== undefined) {
    const copy = entityWithTheirs(entity, theirs);
    delete copy.replaces;
    copy.id = newEntityId(registry);
    return placeEntity(registry.entities, at, open(kept), copy);
  }
  if (theirs.note) kept.note = [entity.note, theirs.note].filter(Boolean).join('\n');
  const aliases = [...kept.aliases, ...(theirs.aliases ?? [])];
  if (theirs.name && theirs.name !== kept.name) aliases.push(theirs.name);
  kept.aliases = [...new Set(aliases)].filter((alias) => alias !== kept.name);
  if (theirs.replaces) kept.replaces = [...new Set([...(kept.replaces ?? []), ...theirs.replaces])];
  return placeEntity(registry.entities, at, open(kept));
}
