// Over 500 lines: the registry's model, its file format and its Arabic-aware search share the entity
// shapes and the YAML rules; a split by those three is planned with the format/ folder's growth.
/**
 * The entity registry: the workspace file `.hashiya/entities.yaml` that lists the entities
 * (people, organisations, places, groups) annotations link to across all articles; an
 * annotation's `entity` holds the id of one. It follows the sidecar's writing rules (see
 * sidecar.ts): YAML 1.2 core schema, no tags, anchors or aliases, plain decimal integers, checked
 * against a JSON Schema (schemas/entities.schema.json), problems with 1-based line and column,
 * every string double-quoted on one line, the user's comments kept through a rewrite.
 * Pure: no `vscode`, no file access; every function returns new objects and never mutates its input.
 */
import type { ErrorObject } from 'ajv';
import { Document, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { type RecordedConflict, newAnnotationId } from '../model/annotation';
import { coveredWords, foldedWords, searchScore } from '../text/arabicSearch';
import { matchKey } from '../text/matchKey';
import { conflictErrors, conflictRecord } from '../format/conflictRecord';
import {
  type FileProblem,
  MAX_FILE_LENGTH,
  type ParsedYaml,
  TO_STRING,
  YAML_OPTIONS,
  describeSchemaError,
  mapsById,
  nodeRange,
  parseChecked,
  quoteAllStrings,
  problemAt,
  sanitizeComments,
  syncMap,
} from '../format/yamlFile';
import { validate as validateRegistry } from '../format/validators/entitiesValidator';
import * as l10n from '@vscode/l10n';

/** The kinds of entity, in the order menus show them. */
export const ENTITY_KINDS = ['person', 'organisation', 'place', 'group'] as const;

/** What an entity is: see {@link ENTITY_KINDS}. */
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** The name of an entity kind for people, in the language @vscode/l10n is configured for. */
export function kindTitle(kind: EntityKind): string {
  switch (kind) {
    case 'person':
      return l10n.t('Person');
    case 'organisation':
      return l10n.t('Organisation');
    case 'place':
      return l10n.t('Place');
    case 'group':
      return l10n.t('Group');
  }
}

/** One entity of the registry. Text fields are stored exactly as written (never normalised). */
export interface Entity {
  /** Stable id, `^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$`, unique in the registry among all ids and all `replaces`. */
  id: string;
  /** The name shown for the entity; not empty or only white space. */
  name: string;
  kind: EntityKind;
  /** Other names (surname, title, spelling variants), none empty; `[]` when there are none (then not written). */
  aliases: string[];
  /** An id in another knowledge base, such as "wikidata:Q83070"; absent (or '') when there is none. */
  externalId?: string;
  /** The analyst's note; absent (or '') when there is none. */
  note?: string;
  /** Ids of entities merged into this one, so that annotations linking to them still resolve. */
  replaces?: string[];
  /**
   * A recorded merge conflict (docs/sidecar-format.md, "Recorded conflicts"): the fields above
   * hold our version; this holds their values of the fields that conflict, or which side removed
   * the entity. Absent when there is none.
   */
  conflict?: EntityConflict;
}

/** Their values of an entity's conflicting fields; `null`: they have no such field. */
export interface EntityTheirs {
  name?: string;
  kind?: EntityKind;
  aliases?: string[] | null;
  externalId?: string | null;
  note?: string | null;
  replaces?: string[] | null;
}

/** A conflict recorded on an entity. */
export type EntityConflict = RecordedConflict<EntityTheirs>;

/** The fields of an entity a merge compares one by one (aliases and replaces are merged as sets). */
export const ENTITY_CONFLICT_FIELDS = ['name', 'kind', 'externalId', 'note'] as const;

/** The registry's content: its entities (in file order after parsing; written sorted by name). */
export interface Registry {
  entities: Entity[];
}

/** Where the registry lives, relative to the workspace folder; an absent file is an empty registry. */
export const REGISTRY_PATH = '.hashiya/entities.yaml';

/**
 * Result of {@link parseRegistry}: the registry with its parsed document (pass `parsed` to
 * {@link serializeRegistry} to keep the user's comments without parsing again), or the problems
 * that stop it from loading (1-based line and column, as for sidecars).
 */
export type RegistryParseResult =
  { ok: true; registry: Registry; parsed: ParsedYaml } | { ok: false; problems: FileProblem[] };

/** Errors of `value` against schemas/entities.schema.json (precompiled: scripts/compileSchemas.mjs). */
function validate(value: unknown): ErrorObject[] {
  return validateRegistry(value) ? [] : conflictErrors(validateRegistry.errors ?? []);
}

/** A path into the registry file, such as ['entities', 2, 'id']. */
export type Path = (string | number)[];

/** Schema errors in the registry's words (blank names, malformed ids), else the shared wording. */
function describeRegistryError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the entity registry';
  if (error.keyword === 'pattern') {
    return error.params.pattern === '\\S'
      ? l10n.t('{0} must not be empty or only white space', where)
      : l10n.t('{0} must be a letter or digit then up to 63 letters, digits, "_", ".", ":" or "-"', where);
  }
  if (error.keyword === 'minLength') return l10n.t('{0} must not be empty', where);
  return describeSchemaError(error, 'the entity registry');
}

function tooLarge(length: number): string {
  return l10n.t(
    'the entity registry is {0} MiB; Hashiya reads it up to {1} MiB',
    (length / 1024 / 1024).toFixed(1),
    MAX_FILE_LENGTH / 1024 / 1024,
  );
}

/**
 * Parses and validates the registry's YAML source (BOM allowed). '' or a file of only comments
 * and white space is an empty registry. Checks YAML syntax; refuses tags, anchors, aliases and
 * numbers not written as plain decimal integers; checks the JSON Schema (version 1, known kinds,
 * names not blank, ids well formed) and that every id is unique across all `id`s and `replaces`.
 * Sources longer than MAX_FILE_LENGTH (UTF-16 units) are refused unread. Never throws on bad
 * input: every problem comes back with its 1-based line and column (UTF-16 units) and path,
 * such as ['entities', 2, 'id']. Missing `aliases` become [].
 */
export function parseRegistry(source: string): RegistryParseResult {
  if (source.length > MAX_FILE_LENGTH) {
    return {
      ok: false,
      problems: [{ message: tooLarge(source.length), line: 1, column: 1, endLine: 1, endColumn: 1, path: [] }],
    };
  }
  const checked = parseChecked(source, 'the entity registry', validate, describeRegistryError, {
    emptyValue: { version: 1, entities: [] },
    refuseAnchors: true,
  });
  if (!checked.ok) return checked;
  const { doc, value, lines } = checked;
  const problems: FileProblem[] = [];
  if (doc.contents === null) return { ok: true, registry: { entities: [] }, parsed: { source, document: doc } };
  if (problems.length > 0) return { ok: false, problems };
  const entities = (value as { entities: Entity[] }).entities;
  for (const entity of entities) entity.aliases ??= [];
  problems.push(
    ...idProblems(entities).map(([message, path]) => problemAt(message, nodeRange(doc, path), lines, path)),
  );
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, registry: { entities }, parsed: { source, document: doc } };
}

/** Ids used more than once across all `id`s and `replaces`: messages and the paths to report them at. */
export function idProblems(entities: readonly Entity[]): [string, Path][] {
  const ids = new Map<string, number>();
  const replaced = new Map<string, [number, number]>();
  const out: [string, Path][] = [];
  entities.forEach((entity, i) => {
    const first = ids.get(entity.id);
    if (first !== undefined)
      out.push([l10n.t('duplicate id "{0}" (also entities.{1}.id)', entity.id, first), ['entities', i, 'id']]);
    else ids.set(entity.id, i);
    (entity.replaces ?? []).forEach((old, j) => {
      const seen = replaced.get(old);
      if (seen)
        out.push([
          l10n.t('"{0}" is in replaces twice (also entities.{1}.replaces.{2})', old, seen[0], seen[1]),
          ['entities', i, 'replaces', j],
        ]);
      else replaced.set(old, [i, j]);
    });
  });
  entities.forEach((entity, i) => {
    const where = replaced.get(entity.id);
    if (where) {
      out.push([
        l10n.t(
          'id "{0}" is also in entities.{1}.replaces (an entity merged into "{2}"); ids must be unique',
          entity.id,
          where[0],
          entities[where[0]].id,
        ),
        ['entities', i, 'id'],
      ]);
    }
  });
  return out;
}

const ENTITY_KEYS = ['id', 'name', 'kind', 'aliases', 'externalId', 'note', 'replaces', 'conflict'] as const;

function entityRecord(entity: Entity): Record<string, unknown> {
  return {
    id: entity.id,
    name: entity.name,
    kind: entity.kind,
    aliases: entity.aliases.length > 0 ? entity.aliases : undefined,
    externalId: entity.externalId || undefined,
    note: entity.note || undefined,
    replaces: entity.replaces && entity.replaces.length > 0 ? entity.replaces : undefined,
    conflict: entity.conflict
      ? conflictRecord(entity.conflict as Record<string, unknown>, [
          'name',
          'kind',
          'aliases',
          'externalId',
          'note',
          'replaces',
        ])
      : undefined,
  };
}

function byName(a: Entity, b: Entity): number {
  return a.name.localeCompare(b.name, 'ar') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Writes the registry as YAML: `version: 1`, then the entities sorted by name (localeCompare
 * 'ar', then id) with keys in the order id, name, kind, aliases, externalId, note, replaces;
 * empty `aliases`/`replaces` and ''/absent `externalId`/`note` are left out; every string
 * double-quoted on one line (invisible characters as \u escapes, other non-ASCII as is).
 * `previous` is the file's current text or the `parsed` of {@link parseRegistry}; its comments
 * survive (on the document, and on each entity matched by id, down to alias items). `previous`
 * is never changed (a parsed document is cloned). Without a usable `previous`, a header comment
 * explains the file.
 */
export function serializeRegistry(registry: Registry, previous?: string | ParsedYaml): string {
  let doc: Document | undefined;
  if (typeof previous === 'object') doc = previous.document.clone();
  else if (previous !== undefined) {
    const parsed = parseDocument(previous.replace(/^\uFEFF/, ''), YAML_OPTIONS);
    if (parsed.errors.length === 0) doc = parsed;
  }
  if (doc && doc.contents === null && (doc.commentBefore || doc.comment)) doc.contents = new YAMLMap();
  if (doc && isMap(doc.contents)) sanitizeComments(doc);
  else {
    doc = new Document({}, YAML_OPTIONS);
    doc.commentBefore =
      ' Hashiya entity registry: the people, organisations, places and groups that\n' +
      ' annotations link to (their `entity` field holds an id below). Format: docs/sidecar-format.md';
  }
  const root = doc.contents as YAMLMap;
  const oldSeq = root.get('entities', true);
  if (isSeq(oldSeq)) {
    // the parser gives a comment above the first item to the list: it belongs to that entity,
    // which sorting may move
    const first = oldSeq.items[0];
    if (oldSeq.commentBefore && isMap(first)) {
      first.commentBefore = [oldSeq.commentBefore, first.commentBefore].filter(Boolean).join('\n');
      oldSeq.commentBefore = undefined;
    }
  }
  const oldById = mapsById(oldSeq);
  const seq = isSeq(oldSeq) ? oldSeq : new YAMLSeq();
  seq.items = [...registry.entities].sort(byName).map((entity) => {
    const map = oldById.get(entity.id) ?? new YAMLMap();
    oldById.delete(entity.id);
    syncMap(doc, map, ENTITY_KEYS, entityRecord(entity));
    map.flow = false;
    return map;
  });
  // an entity merged into another: its comments move to the one it was merged into
  for (const [id, gone] of oldById) {
    const into = registry.entities.find((e) => e.replaces?.includes(id));
    const target = into && (seq.items.find((m) => isMap(m) && m.get('id') === into.id) as YAMLMap | undefined);
    const comments = [
      gone.commentBefore,
      gone.comment,
      ...gone.items.flatMap((pair) => [
        isScalar(pair.key) ? pair.key.commentBefore : undefined,
        isScalar(pair.value) ? pair.value.comment : undefined,
        // comments on single aliases ("- "A1"  # source: Reuters")
        ...(isSeq(pair.value)
          ? pair.value.items.flatMap((item) => (isScalar(item) ? [item.commentBefore, item.comment] : []))
          : []),
      ]),
    ].filter(Boolean);
    if (target && comments.length > 0) target.comment = [target.comment, ...comments].filter(Boolean).join('\n');
  }
  seq.flow = seq.items.length === 0;
  syncMap(doc, root, ['version', 'entities'], { version: 1, entities: seq });
  root.flow = false;
  quoteAllStrings(doc);
  return doc.toString(TO_STRING);
}

function allIds(registry: Registry): Set<string> {
  const taken = new Set<string>();
  for (const entity of registry.entities) {
    taken.add(entity.id);
    for (const old of entity.replaces ?? []) taken.add(old);
  }
  return taken;
}

/**
 * A new random entity id (a letter then 9 letters or digits, as annotation ids), equal to no id
 * and no `replaces` entry of `registry`.
 */
export function newEntityId(registry: Registry): string {
  return newAnnotationId(allIds(registry));
}

function checkKind(kind: unknown): asserts kind is EntityKind {
  if (!(ENTITY_KINDS as readonly unknown[]).includes(kind)) {
    throw new RangeError(
      l10n.t('unknown entity kind {0}; one of {1}', String(JSON.stringify(kind)), ENTITY_KINDS.join(', ')),
    );
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new RangeError(l10n.t('an entity needs a name that is not empty or only white space'));
  return trimmed;
}

/** `aliases` trimmed, without empty ones, ones equal to `name` and repeats (exact strings), in order. */
function cleanAliases(aliases: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (const raw of aliases) {
    const alias = raw.trim();
    if (alias && alias !== name && !out.includes(alias)) out.push(alias);
  }
  return out;
}

/**
 * Adds a new entity with a fresh id ({@link newEntityId}). `name` is trimmed (edges only; its
 * letters and diacritics are kept); aliases are trimmed, empty ones, repeats and ones equal to
 * the name dropped; '' `externalId`/`note` are left out. Returns the new registry (the entity
 * appended) and the entity. Throws RangeError when the name is empty or only white space, or
 * the kind is not one of {@link ENTITY_KINDS}.
 */
export function createEntity(
  registry: Registry,
  fields: { name: string; kind: EntityKind; aliases?: string[]; externalId?: string; note?: string },
): { registry: Registry; entity: Entity } {
  const name = checkName(fields.name);
  checkKind(fields.kind);
  const entity: Entity = {
    id: newEntityId(registry),
    name,
    kind: fields.kind,
    aliases: cleanAliases(fields.aliases ?? [], name),
  };
  if (fields.externalId) entity.externalId = fields.externalId;
  if (fields.note) entity.note = fields.note;
  return { registry: { ...registry, entities: [...registry.entities, entity] }, entity };
}

function indexOfId(registry: Registry, id: string): number {
  const index = registry.entities.findIndex((e) => e.id === id);
  if (index < 0) throw new RangeError(l10n.t('no entity with id "{0}" in the registry', id));
  return index;
}

function copyEntity(entity: Entity): Entity {
  const copy: Entity = { ...entity, aliases: [...entity.aliases] };
  if (entity.replaces) copy.replaces = [...entity.replaces];
  return copy;
}

/**
 * Changes fields of the entity with id `id` (exact id, not a merged one); fields absent or
 * undefined in `patch` stay. A new `name` is trimmed; on a rename the old name becomes an alias
 * (so searches for it still find the entity) and an alias equal to the new name is dropped.
 * `aliases` replaces the list (cleaned as in {@link createEntity}; the old name of a rename is
 * added after them). '' for `externalId` or `note` removes it. Returns a new registry (same
 * order). Throws RangeError for an unknown id, an empty name or an unknown kind.
 */
export function updateEntity(
  registry: Registry,
  id: string,
  patch: Partial<Pick<Entity, 'name' | 'kind' | 'aliases' | 'externalId' | 'note'>>,
): Registry {
  const index = indexOfId(registry, id);
  const entity = copyEntity(registry.entities[index]);
  if (patch.kind !== undefined) {
    checkKind(patch.kind);
    entity.kind = patch.kind;
  }
  const oldName = entity.name;
  if (patch.name !== undefined) entity.name = checkName(patch.name);
  if (patch.aliases !== undefined) entity.aliases = cleanAliases(patch.aliases, entity.name);
  if (entity.name !== oldName) {
    entity.aliases = entity.aliases.filter((alias) => alias !== entity.name);
    if (!entity.aliases.includes(oldName)) entity.aliases.push(oldName);
  }
  for (const key of ['externalId', 'note'] as const) {
    const value = patch[key];
    if (value === '') delete entity[key];
    else if (value !== undefined) entity[key] = value;
  }
  const entities = [...registry.entities];
  entities[index] = entity;
  return { ...registry, entities };
}

/**
 * Merges entity `fromId` into entity `intoId` (exact ids) and removes `from`. `into` keeps its
 * id, name and kind; gains from's name and aliases as aliases (repeats by exact string and ones
 * equal to its name dropped); takes from's externalId when it has none; notes are joined with
 * "\n" when both have one; `replaces` becomes into.replaces ∪ [fromId] ∪ from.replaces, so links
 * to `from` (and to what it had absorbed) resolve to `into`. Returns a new registry (into stays
 * in place). Throws RangeError when the ids are the same or either is unknown.
 */
export function mergeEntities(registry: Registry, fromId: string, intoId: string): Registry {
  if (fromId === intoId) throw new RangeError(l10n.t('cannot merge entity "{0}" into itself', fromId));
  const from = registry.entities[indexOfId(registry, fromId)];
  const intoIndex = indexOfId(registry, intoId);
  const into = copyEntity(registry.entities[intoIndex]);
  into.aliases = [...new Set([...into.aliases, from.name, ...from.aliases])].filter((alias) => alias !== into.name);
  if (!into.externalId && from.externalId) into.externalId = from.externalId;
  if (from.note) into.note = into.note ? `${into.note}\n${from.note}` : from.note;
  into.replaces = [...new Set([...(into.replaces ?? []), fromId, ...(from.replaces ?? [])])];
  const entities: Entity[] = [];
  registry.entities.forEach((entity, i) => {
    if (i === intoIndex) entities.push(into);
    else if (entity.id !== fromId) entities.push(entity);
  });
  return { ...registry, entities };
}

/**
 * The entity an annotation's `entity` field refers to: the entity with that id; else the one
 * whose `replaces` holds it (it was merged); else the first whose name, then the first whose
 * alias, equals it under matchKey (diacritics, letter variants, case and spacing ignored), so
 * that older sidecars holding a plain name still resolve. undefined for undefined, '' or no match.
 */
export function resolveEntity(registry: Registry, ref: string | undefined): Entity | undefined {
  return entityResolver(registry)(ref);
}

/**
 * {@link resolveEntity} for many lookups in one registry (the tree, the views): the ids, merged
 * ids, names and aliases are indexed once, each lookup is then a few Map reads. Same answers, in
 * the same order of preference (id, merged id, name, alias; the first entity wins a tie).
 */
export function entityResolver(registry: Registry): (ref: string | undefined) => Entity | undefined {
  const ids = new Map<string, Entity>();
  const merged = new Map<string, Entity>();
  const names = new Map<string, Entity>();
  const aliases = new Map<string, Entity>();
  const first = (map: Map<string, Entity>, key: string, entity: Entity) => {
    if (key && !map.has(key)) map.set(key, entity);
  };
  for (const e of registry.entities) {
    first(ids, e.id, e);
    for (const id of e.replaces ?? []) first(merged, id, e);
    first(names, matchKey(e.name), e);
    for (const alias of e.aliases) first(aliases, matchKey(alias), e);
  }
  return (ref) => {
    if (!ref) return undefined;
    const found = ids.get(ref) ?? merged.get(ref);
    if (found) return found;
    const key = matchKey(ref);
    return key ? (names.get(key) ?? aliases.get(key)) : undefined;
  };
}

/** A search hit: the entity, how well it matched (higher is better), and the name or alias that matched best. */
export interface EntityMatch {
  entity: Entity;
  /** searchScore of the best name or alias; 0 only for an empty query. */
  score: number;
  /** The entity's name or the alias that scored best (the name on ties). */
  matched: string;
}

/**
 * Entities whose name or an alias matches `query` (Arabic-aware: diacritics, letter variants
 * and clitics such as و/ب/ال ignored; see searchScore), at most `limit` of them, by score
 * (best of name and aliases) descending, then by name. A query that is empty or only white space
 * gives every entity, by name, with score 0 and matched = name.
 */
export function searchEntities(registry: Registry, query: string, limit = 50): EntityMatch[] {
  const max = Math.max(0, Math.floor(limit));
  if (!query.trim())
    return [...registry.entities]
      .sort(byName)
      .slice(0, max)
      .map((entity) => ({ entity, score: 0, matched: entity.name }));
  const hits: EntityMatch[] = [];
  for (const entity of registry.entities) {
    let best: EntityMatch | undefined;
    for (const candidate of [entity.name, ...entity.aliases]) {
      const score = searchScore(query, candidate);
      if (score > 0 && (!best || score > best.score)) best = { entity, score, matched: candidate };
    }
    if (!best) {
      // a mention longer than any name ("title + name"): the entity whose names cover most of it
      const covered = new Set<number>();
      let matched: string | undefined;
      for (const candidate of [entity.name, ...entity.aliases]) {
        const words = coveredWords(query, candidate);
        for (const w of words) covered.add(w);
        if (words.length > 0 && (matched === undefined || candidate === entity.name)) matched = candidate;
      }
      // below any match of the whole query (those score at least 1); the entity's own name found
      // in the mention counts for more than an alias (a title such as "وزير الخارجية" is shared)
      const nameBonus = matched === entity.name ? 0.5 : 0;
      if (matched !== undefined)
        best = { entity, score: (covered.size + nameBonus) / (foldedWords(query).length + 2), matched };
    }
    if (best) hits.push(best);
  }
  return hits.sort((a, b) => b.score - a.score || byName(a.entity, b.entity)).slice(0, max);
}
