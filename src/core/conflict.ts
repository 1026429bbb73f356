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
  type Annotation, type AnnotationTheirs, CONFLICT_FIELDS, type ConflictField, RELATIONS, type Relation, newAnnotationId,
} from './annotation';
import { orphanPoint, quoteSelector } from './annotationSet';
import { AnchorText, reanchor } from './anchoring';
import { type Entity, type EntityTheirs, type Registry, newEntityId } from './entityRegistry';
import { codePointLength, isGraphemeBoundary, splitsCrLf } from './offsets';
import type { Published, Sidecar, SidecarProblem } from './sidecar';
import { YAML_OPTIONS, keyRange, problemAt } from './yamlFile';

/** How a recorded conflict is resolved: keep our version, take theirs, or keep both. */
export type ConflictChoice = 'ours' | 'theirs' | 'both';

/** The choices, in the order the view offers them. */
export const CONFLICT_CHOICES: readonly ConflictChoice[] = ['ours', 'theirs', 'both'];

/** Longest value (code points) a description shows before it is cut with "…". */
const SHOWN = 60;

/**
 * A value of a file as inert text for a message: strings in double quotes with control, bidi and
 * other invisible characters escaped (\u202E, \n), cut at 60 code points; `none` for null or
 * absent. Safe for notifications, hovers, tree items and terminals.
 */
export function shownValue(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value !== 'string') return Array.isArray(value) ? `[${value.map(shownValue).join(', ')}]` : String(value);
  const points = Array.from(value);
  const cut = points.length > SHOWN ? `${points.slice(0, SHOWN).join('')}…` : value;
  return `"${cut.replace(/["\\]/g, (c) => `\\${c}`).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}

function conflictWith(label: string | undefined): string {
  return label === undefined ? 'conflict' : `conflict with ${shownValue(label)}`;
}

/** True when their values of a conflict include a position (start, end, quote...). */
function hasPosition(theirs: AnnotationTheirs | undefined): boolean {
  return theirs?.start !== undefined;
}

/**
 * The names of the fields in conflict on an annotation, in {@link CONFLICT_FIELDS} order, with
 * `position` for the position group; `removed` for a removal. [] when there is no conflict.
 */
export function conflictingFields(annotation: Annotation): string[] {
  const c = annotation.conflict;
  if (!c) return [];
  const out: string[] = c.removed ? ['removed'] : [];
  if (hasPosition(c.theirs)) out.push('position');
  for (const key of CONFLICT_FIELDS) if (c.theirs && c.theirs[key] !== undefined) out.push(key);
  return out;
}

function placeText(start: number, end: number, quote: string, anchored: string | null | undefined): string {
  return anchored === 'orphaned' ? `orphaned ${shownValue(quote)}` : `${start}..${end} ${shownValue(quote)}`;
}

/**
 * One line saying what a recorded conflict on an annotation is, values as inert text
 * ({@link shownValue}): `conflict with "origin/x": label is "claim" here, "actor" in theirs;
 * note is "a" here, none in theirs`. A removal: `theirs removed it, it was changed here` or
 * `removed here, changed in theirs (their version is kept)`. '' when there is no conflict.
 */
export function describeAnnotationConflict(annotation: Annotation): string {
  const c = annotation.conflict;
  if (!c) return '';
  const parts: string[] = [];
  if (c.removed === 'theirs') parts.push('theirs removed it, it was changed here');
  if (c.removed === 'ours') parts.push('removed here, changed in theirs (their version is kept)');
  const t = c.theirs;
  if (t && hasPosition(t)) {
    parts.push(`position is ${placeText(annotation.start, annotation.end, annotation.quote, annotation.anchored)} here, ${placeText(t.start!, t.end ?? t.start!, t.quote ?? '', t.anchored)} in theirs`);
  }
  for (const key of CONFLICT_FIELDS) {
    if (!t || t[key] === undefined) continue;
    parts.push(`${key} is ${shownValue(annotation[key])} here, ${shownValue(t[key])} in theirs`);
  }
  return `${conflictWith(c.with)}: ${parts.join('; ')}`;
}

/** Like {@link describeAnnotationConflict}, for the publication date. */
export function describePublishedConflict(published: Published): string {
  const c = published.conflict;
  if (!c) return '';
  const theirs = c.theirs ?? {};
  const parts: string[] = [];
  if (theirs.date !== undefined) parts.push(`publication date is ${shownValue(published.date)} here, ${shownValue(theirs.date)} in theirs`);
  if (theirs.guessed !== undefined) parts.push(`guessed is ${published.guessed ?? false} here, ${theirs.guessed ?? false} in theirs`);
  return `${conflictWith(c.with)}: ${parts.join('; ')}`;
}

const ENTITY_THEIRS_KEYS = ['name', 'kind', 'aliases', 'externalId', 'note', 'replaces'] as const;

/** Like {@link describeAnnotationConflict}, for an entity of the registry. */
export function describeEntityConflict(entity: Entity): string {
  const c = entity.conflict;
  if (!c) return '';
  const parts: string[] = [];
  if (c.removed === 'theirs') parts.push('theirs removed this entity, it was changed here');
  if (c.removed === 'ours') parts.push('removed here, changed in theirs (their version is kept)');
  for (const key of ENTITY_THEIRS_KEYS) {
    if (!c.theirs || c.theirs[key] === undefined) continue;
    parts.push(`${key} is ${shownValue(entity[key])} here, ${shownValue(c.theirs[key])} in theirs`);
  }
  return `${conflictWith(c.with)}: ${parts.join('; ')}`;
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
    if (a.conflict) out.push({ ...at(['annotations', i], 'conflict', describeAnnotationConflict(a)), id: a.id, fields: conflictingFields(a) });
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
    ...a, start: theirs.start!, end: theirs.end ?? theirs.start!, quote: theirs.quote ?? '', prefix: theirs.prefix ?? '', suffix: theirs.suffix ?? '',
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
  const inText = out.start < out.end && out.end <= index.codePointLength && index.slice(out.start, out.end) === out.quote;
  if (inText) {
    const [s16, e16] = [index.toUtf16(out.start), index.toUtf16(out.end)];
    if (!splitsCrLf(t.text, s16) && !splitsCrLf(t.text, e16) && isGraphemeBoundary(t.text, s16) && isGraphemeBoundary(t.text, e16)) {
      return { ...out, ...quoteSelector(index, out.start, out.end) };
    }
  }
  if (codePointLength(out.quote) === 0) return { ...out, anchored: 'orphaned', start: orphanPoint(index, out.start), end: orphanPoint(index, out.start) };
  return reanchor(t, out);
}

function withoutConflict(a: Annotation, now: string | undefined): Annotation {
  const out = { ...a };
  delete out.conflict;
  if (now) out.modified = now;
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
  return annotations.filter((a) => a.id !== id).map((a) => {
    const relations = (Object.keys(RELATIONS) as Relation[]).filter((r) => a[r] === id);
    if (relations.length === 0) return a;
    const out = { ...a };
    for (const r of relations) delete out[r];
    if (now) out.modified = now;
    return out;
  });
}

/**
 * Resolves the recorded conflict of annotation `id` (docs/sidecar-format.md, "Recorded conflicts"):
 * - `ours`: the conflict is dropped (our version stays); for `removed: "ours"` (we removed it)
 *   the annotation is removed;
 * - `theirs`: their values are applied (null: the field removed; their position checked against
 *   `options.text`) and the conflict dropped; for `removed: "theirs"` the annotation is removed;
 * - `both`: our version stays and a copy with their values gets a new id; a conflict of the note
 *   alone gives one annotation whose note joins ours and theirs (ours first, a new line between);
 *   for `removed` the annotation is kept and the conflict dropped.
 * A removed annotation takes the relations of claims to it along (as removing it by hand does).
 * `modified` becomes `options.now` where something changed, when given.
 * @throws RangeError when there is no annotation `id` or it has no recorded conflict.
 */
export function resolveAnnotationConflict(annotations: readonly Annotation[], id: string, choice: ConflictChoice, options: ResolveOptions = {}): ResolveResult {
  const at = annotations.findIndex((a) => a.id === id);
  if (at < 0) throw new RangeError(`no annotation with id ${shownValue(id)}`);
  const a = annotations[at];
  const c = a.conflict;
  if (!c) throw new RangeError(`annotation ${shownValue(id)} has no recorded conflict`);
  const replace = (kept: Annotation, added?: Annotation): ResolveResult => {
    const out = [...annotations];
    out[at] = kept;
    if (added) out.push(added);
    return { annotations: out, kept, added };
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
  if (choice !== 'both') throw new RangeError(`a conflict is resolved by "ours", "theirs" or "both", not ${shownValue(choice)}`);
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
 * Resolves the recorded conflict of a publication date: `ours` drops it, `theirs` takes their
 * date (`date: null` in theirs: no publication date, undefined is returned).
 * @throws RangeError for `both` (an article has one publication date) or when there is no conflict.
 */
export function resolvePublishedConflict(published: Published, choice: ConflictChoice): Published | undefined {
  const c = published.conflict;
  if (!c) throw new RangeError('the publication date has no recorded conflict');
  const out: Published = { ...published };
  delete out.conflict;
  if (choice === 'ours') return out;
  if (choice === 'both') throw new RangeError('an article has one publication date: take ours or theirs');
  const theirs = c.theirs ?? {};
  if (theirs.date === null) return undefined;
  if (theirs.date !== undefined) out.date = theirs.date;
  if (theirs.guessed === null || theirs.guessed === false) delete out.guessed;
  else if (theirs.guessed === true) out.guessed = true;
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

/** The registry with `entity` at index `at`, and the ids it replaces taken from every other entity (ids stay unique). */
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
 * Returns a new registry (the entity keeps its place).
 * @throws RangeError when there is no entity `id` or it has no recorded conflict.
 */
export function resolveEntityConflict(registry: Registry, id: string, choice: ConflictChoice): Registry {
  const at = registry.entities.findIndex((e) => e.id === id);
  if (at < 0) throw new RangeError(`no entity with id ${shownValue(id)} in the registry`);
  const entity = registry.entities[at];
  const c = entity.conflict;
  if (!c) throw new RangeError(`entity ${shownValue(id)} has no recorded conflict`);
  const kept: Entity = { ...entity, aliases: [...entity.aliases] };
  delete kept.conflict;
  const removed = (): Registry => ({ entities: registry.entities.filter((e) => e.id !== id) });
  if (choice === 'ours') return c.removed === 'ours' ? removed() : placeEntity(registry.entities, at, kept);
  if (choice === 'theirs') {
    if (c.removed === 'theirs') return removed();
    return placeEntity(registry.entities, at, c.theirs ? entityWithTheirs(entity, c.theirs) : kept);
  }
  if (choice !== 'both') throw new RangeError(`a conflict is resolved by "ours", "theirs" or "both", not ${shownValue(choice)}`);
  const theirs = c.theirs;
  if (!theirs) return placeEntity(registry.entities, at, kept);
  if (theirs.kind !== undefined || theirs.externalId !== undefined) {
    const copy = entityWithTheirs(entity, theirs);
    delete copy.replaces;
    copy.id = newEntityId(registry);
    return placeEntity(registry.entities, at, kept, copy);
  }
  if (theirs.note) kept.note = [entity.note, theirs.note].filter(Boolean).join('\n');
  const aliases = [...kept.aliases, ...(theirs.aliases ?? [])];
  if (theirs.name && theirs.name !== kept.name) aliases.push(theirs.name);
  kept.aliases = [...new Set(aliases)].filter((alias) => alias !== kept.name);
  if (theirs.replaces) kept.replaces = [...new Set([...(kept.replaces ?? []), ...theirs.replaces])];
  return placeEntity(registry.entities, at, kept);
}
