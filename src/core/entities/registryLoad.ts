/**
 * The entity registry loaded for lookups (the extension at start and after each change of
 * `.hashiya/entities.yaml`): a file in the shape `serializeRegistry` writes is read by
 * lines, without building a YAML document (a 5,000-entity registry in a few tens of
 * milliseconds instead of several hundred), then checked against the same JSON Schema and id
 * rules; anything else, and every file with a problem, goes through {@link parseRegistry}, so the
 * answers and problems are the same. Pure: no `vscode`, no file access.
 */
import { validate as validateRegistry } from '../format/validators/entitiesValidator';
import { type FileProblem, MAX_FILE_LENGTH } from '../format/yamlFile';
import { contentLines, oneLineScalar } from '../corpus/yamlLine';
import {
  type Entity, type Registry, entityResolver, idProblems, parseRegistry,
} from './entityRegistry';

/** What {@link loadRegistry} gives: the registry and its resolver, or the problems of {@link parseRegistry}. */
export type LoadedRegistry =
  | { ok: true; registry: Registry; resolve: (ref: string | undefined) => Entity | undefined }
  | { ok: false; problems: FileProblem[] };

/**
 * The registry of `source` (BOM allowed) ready for lookups: the same registry and the same
 * problems (1-based line and column) as {@link parseRegistry}, indexed once ({@link entityResolver}).
 * Never throws on bad input.
 */
export function loadRegistry(source: string): LoadedRegistry {
  const scanned = source.length <= MAX_FILE_LENGTH ? scanRegistry(source) : undefined;
  const valid = scanned && validateRegistry({ version: 1, entities: scanned.entities })
    && idProblems(scanned.entities).length === 0;
  if (scanned && valid)
    return { ok: true, registry: scanned, resolve: entityResolver(scanned) };
  const parsed = parseRegistry(source);
  if (!parsed.ok) return parsed;
  return { ok: true, registry: parsed.registry, resolve: entityResolver(parsed.registry) };
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/;
const TEXT_KEYS = new Set(['id', 'name', 'kind', 'externalId', 'note']);
const LIST_KEYS = new Set(['aliases', 'replaces']);

/** A double-quoted one-line string (with a trailing comment), or undefined for anything else. */
function quoted(raw: string): string | undefined {
  return raw.trimStart().startsWith('"') ? oneLineScalar(raw) : undefined;
}

/** `rest` without a trailing comment, trimmed. */
function bare(rest: string): string {
  const hash = rest.search(/(^|[ \t])#/);
  return (hash < 0 ? rest : rest.slice(0, hash)).trim();
}

/**
 * The registry of `source` read by lines, when it is in the block shape Hashiya writes:
 * `version: 1`, `entities:` then one `- ` item per entity whose keys are id, name, kind,
 * externalId and note (double-quoted one-line strings) and aliases and replaces (block lists of
 * such strings, or `[]`); comments and blank lines anywhere. Undefined for anything else (a
 * recorded conflict, flow collections, plain or multi-line scalars, a key twice, tabs): then the
 * caller parses in full. Does not validate.
 */
export function scanRegistry(source: string): Registry | undefined {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const entities: Entity[] = [];
  let sawVersion = false;
  let sawEntities = false;
  let inEntities = false;
  let itemIndent = -1;
  let keyIndent = -1;
  let listIndent = -1;
  let current: Record<string, unknown> | undefined;
  let list: string[] | undefined;
  /** Lists written as `key:` then items: YAML reads one with no item as null (the full parse reports it). */
  const blockLists: string[][] = [];
  for (const { line, indent } of contentLines(text)) {
    if (line.charCodeAt(indent) === 0x09) return undefined;
    if (indent === 0 && line.charCodeAt(0) !== 0x2d /* - */) {
      const m = KEY_LINE.exec(line);
      if (!m) return undefined;
      const rest = bare(m[2] ?? '');
      if (m[1] === 'version' && !sawVersion && rest === '1') sawVersion = true;
      else if (m[1] === 'entities' && !sawEntities && (rest === '' || rest === '[]')) {
        sawEntities = true;
        inEntities = rest === '';
      } else return undefined;
      if (m[1] !== 'entities') inEntities = false;
      continue;
    }
    if (!inEntities) return undefined;
    const dash = line.charCodeAt(indent) === 0x2d && line.charCodeAt(indent + 1) === 0x20;
    if (list && dash && indent > keyIndent) {
      // an item of aliases or replaces
      if (listIndent < 0) listIndent = indent;
      if (indent !== listIndent) return undefined;
      const value = quoted(line.slice(indent + 2));
      if (value === undefined) return undefined;
      list.push(value);
      continue;
    }
    let body = indent;
    if (dash) {
      if (itemIndent < 0) itemIndent = indent;
      if (indent !== itemIndent) return undefined;
      current = {};
      entities.push(current as unknown as Entity);
      body = indent + 1;
      while (line.charCodeAt(body) === 0x20) body++;
      if (body >= line.length) return undefined;
    } else if (!current) return undefined;
    if (keyIndent < 0) keyIndent = body;
    if (body !== keyIndent) return undefined;
    list = undefined;
    listIndent = -1;
    const m = KEY_LINE.exec(line.slice(body));
    if (!m || Object.prototype.hasOwnProperty.call(current, m[1]!)) return undefined;
    const key = m[1]!;
    if (TEXT_KEYS.has(key)) {
      const value = quoted(m[2] ?? '');
      if (value === undefined) return undefined;
      current![key] = value;
    } else if (LIST_KEYS.has(key)) {
      const rest = bare(m[2] ?? '');
      if (rest !== '' && rest !== '[]') return undefined;
      const items: string[] = [];
      current![key] = items;
      if (rest === '') {
        list = items;
        blockLists.push(items);
      }
    } else return undefined;
  }
  if (!sawVersion || !sawEntities || blockLists.some((l) => l.length === 0)) return undefined;
  for (const entity of entities) entity.aliases ??= [];
  return { entities };
}
