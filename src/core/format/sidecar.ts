// Over 500 lines: the sidecar's reading and writing, each with its fast path for the plain shape
// Hashiya writes beside the `yaml` document path (the reference); one subject, one home.
import type { ErrorObject } from 'ajv';
import { NEWS_PRESET, type ProjectSchema, labelDef } from '../model/projectSchema';
import { Document, LineCounter, YAMLMap, YAMLSeq, isMap, isSeq, parseDocument } from 'yaml';
import { type Annotation, type RecordedConflict, compareAnnotations, conflictAlternatives } from '../model/annotation';
import { validate as validateSidecar } from './validators/sidecarValidator';
import { readPlainYaml } from './plainYaml';
import {
  FLOW, type KeyOrder, commentBlock, innerKeyOrderOf, keyOrderOf, reorderLike, writePlainYaml, writesPlainYaml,
} from './plainYamlWriter';
import { type StatusRecord } from '../model/articleStatus';
import { conflictErrors, conflictRecord } from './conflictRecord';
import {
  type FileProblem,
  MAX_FILE_LENGTH,
  type ParsedYaml,
  TO_STRING,
  YAML_OPTIONS,
  commentSafe,
  describeSchemaError,
  mapsById,
  nodeRange,
  parseChecked,
  quoteAllStrings,
  problemAt,
  sanitizeComments,
  syncMap,
} from './yamlFile';
import * as l10n from '@vscode/l10n';

/**
 * The sidecar: a YAML file beside an article that holds its annotations (standoff).
 * Format: docs/sidecar-format.md; JSON Schema: schemas/sidecar.schema.json.
 */
export interface Sidecar {
  /** Format version; this code reads and writes 1. */
  version: 1;
  /** The text the offsets refer to. */
  text: SidecarText;
  /** When the article was published: the reference for relative dates ("yesterday", "on Tuesday"). */
  published?: Published;
  /** Where the article is in the team's work, as set by an analyst (absent: see `effectiveStatus`). */
  status?: StatusRecord;
  annotations: Annotation[];
}

/** The `published` block: the article's publication date. */
export interface Published {
  /** YYYY-MM-DD. */
  date: string;
  /** True when it is a guess (the file's date), not set by the analyst. */
  guessed?: boolean;
  /** A recorded merge conflict: both sides set a different date (docs/sidecar-format.md, "Recorded conflicts"). */
  conflict?: RecordedConflict<PublishedTheirs>;
}

/** Their publication date in a recorded conflict; `null`: they have no such field. */
export interface PublishedTheirs {
  date?: string | null;
  guessed?: boolean | null;
}

/** The `text` block of a sidecar. */
export interface SidecarText {
  /** File name of the article (no folder). */
  file: string;
  /** Unit of all offsets: Unicode code points. */
  unit: 'codepoint';
  /** Length of the text in code points. */
  length?: number;
  /** SHA-256 of the text's UTF-8 bytes, BOM excluded, lowercase hex (see `textSha256`). */
  sha256?: string;
}

/** A problem found in a sidecar, with a 1-based line and column (core/format/yamlFile, its home). */
/** A problem of a sidecar (see {@link FileProblem}). */
export type SidecarProblem = FileProblem;

/** Result of {@link parseSidecar}: the sidecar, or the problems that stop it from loading. */
export type SidecarParseResult =
  { ok: true; sidecar: Sidecar; parsed: ParsedSidecar } | { ok: false; problems: SidecarProblem[] };

/** A sidecar's source with its parsed document, for writing it again in place (see {@link ParsedYaml}). */
export type ParsedSidecar = ParsedYaml;

/** Sidecars larger than this (bytes on disk, UTF-16 units once read) are refused before parsing. */
export const MAX_SIDECAR_LENGTH = MAX_FILE_LENGTH;

/** The message for a sidecar of `bytes` bytes that is over {@link MAX_SIDECAR_LENGTH}. */
export function tooLargeMessage(bytes: number): string {
  return l10n.t(
    'the sidecar is {0} MiB; Hashiya reads sidecars up to {1} MiB',
    (bytes / 1024 / 1024).toFixed(1),
    MAX_SIDECAR_LENGTH / 1024 / 1024,
  );
}

/** Errors of `value` against schemas/sidecar.schema.json (precompiled: scripts/compileSchemas.mjs). */
function validate(value: unknown): ErrorObject[] {
  return validateSidecar(value) ? [] : keyNameErrors(conflictErrors(validateSidecar.errors ?? []));
}

/**
 * Errors of the keys of `attributes` and `relations` said once and in words (ajv reports the
 * key's own failure beside the `propertyNames` one): a relation `speaker` or `date` belongs in
 * the annotation's own field, never under `relations` (two copies of one relation).
 */
function keyNameErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const named = new Set(errors.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath));
  return errors.flatMap((e) => {
    if (e.keyword !== 'propertyNames' && named.has(e.instancePath) && /\/(attributes|relations)$/.test(e.instancePath))
      return [];
    if (e.keyword !== 'propertyNames') return [e];
    const key = String(e.params.propertyName);
    const message =
      /\/relations$/.test(e.instancePath) && (key === 'speaker' || key === 'date')
        ? key === 'speaker'
          ? l10n.t('holds "speaker": a speaker is the annotation\'s own field (speaker:), never under relations')
          : l10n.t('holds "date": a date is the annotation\'s own field (date:), never under relations')
        : l10n.t(
            'has the key {0}: names are a lower-case letter, then up to 31 lower-case letters, digits, "_" or "-"',
            JSON.stringify(key),
          );
    return [{ ...e, message }];
  });
}

/**
 * Labels the project schema lacks, as the JSON Schema's `enum` would report them (one message
 * form whatever the schema): on annotations and on their recorded conflicts' alternatives.
 */
function labelErrors(value: unknown, schema: ProjectSchema): ErrorObject[] {
  const annotations = (value as { annotations?: unknown })?.annotations;
  if (!Array.isArray(annotations)) return [];
  const ids = schema.labels.map((l) => l.id);
  const out: ErrorObject[] = [];
  const checkAt = (label: unknown, pointer: string) => {
    if (typeof label !== 'string' || ids.includes(label)) return;
    out.push({
      instancePath: pointer,
      schemaPath: '#/label',
      keyword: 'enum',
      params: { allowedValues: ids },
      message: 'must be equal to one of the allowed values',
    });
  };
  annotations.forEach((a, i) => {
    if (typeof a !== 'object' || a === null) return;
    const annotation = a as { label?: unknown; conflict?: { theirs?: { label?: unknown }; also?: unknown } };
    checkAt(annotation.label, `/annotations/${i}/label`);
    checkAt(annotation.conflict?.theirs?.label, `/annotations/${i}/conflict/theirs/label`);
    const also = annotation.conflict?.also;
    if (Array.isArray(also))
      also.forEach((c, k) =>
        checkAt(
          (c as { theirs?: { label?: unknown } } | null)?.theirs?.label,
          `/annotations/${i}/conflict/also/${k}/theirs/label`,
        ),
      );
  });
  return out;
}

/**
 * Parses and validates a sidecar's YAML source (BOM allowed). Checks YAML syntax, rejects
 * aliases (no exponential expansion), checks the JSON Schema, that ids are unique and
 * `start <= end`, and that labels, attributes and further relations are those of `schema` (the
 * project schema, core/model/projectSchema; default the news preset): a label the schema lacks is a
 * problem at its line and column, never dropped. Never throws on bad input. `forRewrite`: the file
 * will likely be written over (a session's read): a copy of the plain value as read is kept with
 * `parsed` (a few MB for 10,000 annotations, a fraction of reading it), so that the first write
 * need not read the file again to prove it is in the plain shape (see `plainShapeOf`).
 */
export function parseSidecar(source: string, schema: ProjectSchema = NEWS_PRESET, forRewrite = false):
  SidecarParseResult {
  if (source.length > MAX_SIDECAR_LENGTH) {
    return {
      ok: false,
      problems: [{ message: tooLargeMessage(source.length), line: 1, column: 1, endLine: 1, endColumn: 1, path: [] }],
    };
  }
  // the plain YAML Hashiya writes, read without building the document; anything else, or any
  // problem, takes the document's path, which reports every problem with its line and column
  const value = readPlainYaml(source.replace(/^\uFEFF/, ''));
  // copied before anything can change it: the sidecar handed out is changed (withContext, anchoring)
  const asRead = forRewrite && value !== undefined ? plainCopy(value) : undefined;
  if (value !== undefined && validate(value).length === 0 && labelErrors(value, schema).length === 0) {
    const sidecar = value as Sidecar;
    if (sidecarChecks(sidecar).length === 0)
      return { ok: true, sidecar: withContext(sidecar), parsed: lazyParsed(source, undefined, asRead) };
  }
  return parseSidecarWithPositions(source, schema);
}

/**
 * {@link parseSidecar} always through the YAML document (with source positions): the same
 * result, slower. For tests that hold the fast path to it.
 */
export function parseSidecarWithPositions(source: string, schema: ProjectSchema = NEWS_PRESET): SidecarParseResult {
  if (source.length > MAX_SIDECAR_LENGTH) return parseSidecar(source, schema);
  const checked = parseChecked(
    source,
    'a sidecar',
    (value) => [...validate(value), ...labelErrors(value, schema)],
    (error) => describeSchemaError(error, 'the sidecar'),
  );
  if (!checked.ok) return checked;
  const { doc, value, lines } = checked;
  const sidecar = value as Sidecar;
  const problems = sidecarChecks(sidecar).map(({ message, path }) =>
    problemAt(message, nodeRange(doc, path), lines, path),
  );
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, sidecar: withContext(sidecar), parsed: { source, document: doc } };
}

/**
 * What the plain writer needs to know of a sidecar source it may write over (see {@link plainShapeOf}),
 * per parsed sidecar made by {@link lazyParsed}: undefined while not looked at, null when the source
 * is not in the plain shape; `taken` once its document was handed out (it may have been changed).
 */
const plainShapes = new WeakMap<ParsedSidecar, PlainState>();
/** See {@link plainShapes}; `asRead`: see {@link lazyParsed}, dropped once the shape is known. */
interface PlainState { shape?: PlainShape | null; taken: boolean; asRead?: unknown }

/**
 * True when `parsed` was written by the plain writer, or was read from a source a write found in
 * the plain shape (the next write over it needs no `yaml` document): for tests and benchmarks.
 */
export function writtenPlain(parsed: ParsedSidecar): boolean {
  return plainShapes.get(parsed)?.shape != null;
}

/**
 * A copy of `value`, plain data as {@link readPlainYaml} gives it (maps, lists, strings, numbers,
 * booleans, null): new maps and lists in the same key order, the same strings.
 */
function plainCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(plainCopy);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = plainCopy((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * A parsed sidecar whose document is parsed from `source` only when a write asks for it. `written`:
 * the plain shape the plain writer gave it; `asRead`: a copy of the plain value read from `source`
 * (whole, BOM left out), which nothing else holds, for proving its shape without reading it again.
 */
function lazyParsed(source: string, written?: PlainShape, asRead?: unknown): ParsedSidecar {
  let document: Document | undefined;
  const parsed: ParsedSidecar = {
    source,
    get document(): Document {
      state.taken = true;
      if (!document) {
        document = parseDocument(source.replace(/^\uFEFF/, ''), YAML_OPTIONS);
        // written by the plain writer: the document the library would hold after that write
        if (written) asWritten(document, written);
      }
      return document;
    },
  };
  const state: PlainState = { shape: written, taken: false, asRead };
  plainShapes.set(parsed, state);
  return parsed;
}

/** `sidecar` with every annotation's prefix and suffix (left out by hand: empty, unknown context). */
function withContext(sidecar: Sidecar): Sidecar {
  for (const a of sidecar.annotations) {
    a.prefix ??= '';
    a.suffix ??= '';
  }
  return sidecar;
}

/**
 * What the JSON Schema cannot say of a schema-valid sidecar, with the path of the value at fault:
 * ids used twice, `start` after `end` (also in a recorded conflict's positions).
 */
function sidecarChecks(sidecar: Sidecar): { message: string; path: (string | number)[] }[] {
  const problems: { message: string; path: (string | number)[] }[] = [];
  const seen = new Map<string, number>();
  sidecar.annotations.forEach((a, i) => {
    const first = seen.get(a.id);
    if (first !== undefined) {
      problems.push({
        message: l10n.t('duplicate id "{0}" (also annotations.{1})', a.id, first),
        path: ['annotations', i, 'id'],
      });
    } else seen.set(a.id, i);
    if (a.start > a.end) {
      problems.push({ message: l10n.t('start {0} is after end {1}', a.start, a.end), path: ['annotations', i, 'start'] });
    }
    // every position a recorded conflict holds, as the annotation's own (against the text: anchorToText)
    conflictAlternatives(a.conflict).forEach((alternative, k) => {
      const theirs = alternative.theirs;
      if (theirs?.start === undefined || theirs.end === undefined || theirs.start <= theirs.end) return;
      const path = ['annotations', i, 'conflict', ...(k === 0 ? [] : ['also', k - 1]), 'theirs', 'start'];
      problems.push({ message: l10n.t('start {0} is after end {1}', theirs.start, theirs.end), path });
    });
  });
  return problems;
}

/** What {@link salvageSidecar} could read of a broken sidecar. */
export interface SalvagedSidecar {
  text: SidecarText;
  published?: Published;
  /** The annotations that are valid on their own, in file order. */
  annotations: Annotation[];
  /** How many entries the file's annotation list has (valid or not). */
  total: number;
}

/**
 * The annotations of a sidecar that does not load as a whole (see {@link parseSidecar}), each one
 * that is valid on its own: schema, plain YAML (no alias, tag or non-decimal number inside it),
 * an id no other entry has, start <= end. For showing them read-only; nothing is ever written
 * from this. Undefined when nothing can be trusted: YAML that does not parse, a file over
 * {@link MAX_SIDECAR_LENGTH}, or a `version` or `text` block that is not valid (the offsets would
 * have no known text). An invalid `published` block is left out.
 */
export function salvageSidecar(source: string, schema: ProjectSchema = NEWS_PRESET): SalvagedSidecar | undefined {
  if (source.length > MAX_SIDECAR_LENGTH) return undefined;
  const checked = parseChecked(
    source,
    'a sidecar',
    () => [],
    () => '',
  );
  let value: unknown;
  const badItems = new Set<number>();
  if (checked.ok) value = checked.value;
  else {
    // aliases, tags and odd numbers: only where they sit inside one annotation can the rest be read
    if (checked.problems.some((p) => p.path[0] !== 'annotations' || typeof p.path[1] !== 'number')) return undefined;
    for (const p of checked.problems) badItems.add(p.path[1] as number);
    const doc = parseDocument(source.replace(/^\uFEFF/, ''), YAML_OPTIONS);
    // the bad entries are replaced before anything is turned into data (no alias is ever expanded)
    const seq = doc.get('annotations', true);
    if (!isSeq(seq)) return undefined;
    for (const i of badItems) seq.items[i] = doc.createNode(null) as never;
    try {
      value = doc.toJS({ maxAliasCount: 0 });
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const root = value as Record<string, unknown>;
  const items = Array.isArray(root.annotations) ? (root.annotations as unknown[]) : undefined;
  if (!items) return undefined;
  const head: Record<string, unknown> = { version: root.version, text: root.text, annotations: [] };
  if (validate(head).length > 0) return undefined;
  const withPublished = { ...head, published: root.published };
  const published =
    root.published !== undefined && validate(withPublished).length === 0 ? (root.published as Published) : undefined;
  const valid: { annotation: Annotation; index: number }[] = [];
  items.forEach((item, index) => {
    if (badItems.has(index) || validate({ ...head, annotations: [item] }).length > 0) return;
    const a = item as Annotation;
    if (!labelDef(schema, a.label)) return;
    if (a.start > a.end) return;
    valid.push({ annotation: { ...a, prefix: a.prefix ?? '', suffix: a.suffix ?? '' }, index });
  });
  // an id used twice: neither entry can be told to be the right one
  const count = new Map<string, number>();
  for (const item of items) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === 'string') count.set(id, (count.get(id) ?? 0) + 1);
  }
  const annotations = valid.filter((v) => count.get(v.annotation.id) === 1).map((v) => v.annotation);
  return { text: root.text as SidecarText, ...(published ? { published } : {}), annotations, total: items.length };
}

/**
 * Locates a value of a sidecar's source by path, for problems found later (such as a quote
 * that disagrees with the text). Falls back to line 1, column 1.
 */
export function locateInSidecar(source: string, path: (string | number)[], message: string): SidecarProblem {
  const lines = new LineCounter();
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { ...YAML_OPTIONS, lineCounter: lines });
  return problemAt(message, nodeRange(doc, path), lines, path);
}

const ANNOTATION_KEYS = [
  'id',
  'label',
  'start',
  'end',
  'quote',
  'prefix',
  'suffix',
  'value',
  'valueSource',
  'entity',
  'speaker',
  'date',
  'stance',
  'relations',
  'attributes',
  'note',
  'author',
  'created',
  'modified',
  'schemaVersion',
  'adjudication',
  'anchored',
  'conflict',
] as const;
const TEXT_KEYS = ['file', 'unit', 'length', 'sha256'] as const;
const PUBLISHED_KEYS = ['date', 'guessed', 'conflict'] as const;
const STATUS_KEYS = ['value', 'by', 'at'] as const;

function plainRecord<K extends string>(
  value: Partial<Record<K, unknown>>,
  keys: readonly K[],
  theirsKeys: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (value[key] === undefined) continue;
    out[key] =
      key === 'conflict'
        ? conflictRecord(value[key] as RecordedConflict<Record<string, unknown>>, theirsKeys)
        : value[key];
  }
  return out;
}

/** Their keys of an annotation's conflict, in the order they are written. */
const ANNOTATION_THEIRS_KEYS = [
  'label',
  'start',
  'end',
  'quote',
  'prefix',
  'suffix',
  'anchored',
  'value',
  'valueSource',
  'entity',
  'speaker',
  'date',
  'stance',
  'relations',
  'attributes',
  'note',
  'author',
];

/**
 * Writes a sidecar as YAML: stable key order, annotations sorted by position, every string
 * double-quoted on one line (invisible characters as \u escapes, other non-ASCII as is).
 * When `previousSource` is a valid sidecar, its comments survive: comments on the document, on
 * the `text` block and on each annotation (matched by id) are kept.
 */
export function serializeSidecar(sidecar: Sidecar, previousSource?: string): string {
  return writeSidecar(sidecar, previousSource).source;
}

/**
 * Like {@link serializeSidecar}, and returns the updated document for the next write. `previous`
 * is the file's current text, or a {@link ParsedSidecar} of it (then it is not parsed again; the
 * document is updated in place and must not be used for anything else afterwards).
 */
export function writeSidecar(sidecar: Sidecar, previous?: string | ParsedSidecar): ParsedSidecar {
  return writePlainSidecar(sidecar, previous) ?? writeSidecarDocument(sidecar, previous);
}

/** {@link writeSidecar} always through the `yaml` library's document: the same result, slower. For tests. */
export function writeSidecarDocument(sidecar: Sidecar, previous?: string | ParsedSidecar): ParsedSidecar {
  let doc: Document | undefined;
  if (typeof previous === 'object') doc = previous.document;
  else if (previous !== undefined) {
    const parsed = parseDocument(previous.replace(/^\uFEFF/, ''), YAML_OPTIONS);
    if (parsed.errors.length === 0 && isMap(parsed.contents)) doc = parsed;
  }
  if (doc) sanitizeComments(doc);
  if (!doc || !isMap(doc.contents)) {
    doc = new Document({}, YAML_OPTIONS);
    doc.commentBefore = headerComment(sidecar);
  }
  const root = doc.contents as YAMLMap;
  const oldText = root.get('text', true);
  const textMap = isMap(oldText) ? oldText : new YAMLMap();
  syncMap(doc, textMap, TEXT_KEYS, plainRecord(sidecar.text, TEXT_KEYS));
  textMap.flow = false;

  const oldSeq = root.get('annotations', true);
  const oldById = mapsById(oldSeq);
  const seq = isSeq(oldSeq) ? oldSeq : new YAMLSeq();
  seq.items = [...sidecar.annotations].sort(compareAnnotations).map((annotation) => {
    const map = oldById.get(annotation.id) ?? new YAMLMap();
    syncMap(doc, map, ANNOTATION_KEYS, plainRecord(annotation, ANNOTATION_KEYS, ANNOTATION_THEIRS_KEYS));
    map.flow = false;
    return map;
  });
  seq.flow = seq.items.length === 0;
  let publishedMap: YAMLMap | undefined;
  if (sidecar.published) {
    const oldPublished = root.get('published', true);
    publishedMap = isMap(oldPublished) ? oldPublished : new YAMLMap();
    syncMap(doc, publishedMap, PUBLISHED_KEYS, plainRecord(sidecar.published, PUBLISHED_KEYS, ['date', 'guessed']));
    publishedMap.flow = false;
  }
  let statusMap: YAMLMap | undefined;
  if (sidecar.status) {
    const oldStatus = root.get('status', true);
    statusMap = isMap(oldStatus) ? oldStatus : new YAMLMap();
    syncMap(doc, statusMap, STATUS_KEYS, plainRecord(sidecar.status, STATUS_KEYS));
    statusMap.flow = false;
  }
  syncMap(doc, root, ['version', 'text', 'published', 'status', 'annotations'], {
    version: sidecar.version,
    text: textMap,
    published: publishedMap,
    status: statusMap,
    annotations: seq,
  });
  root.flow = false;
  quoteAllStrings(doc);
  return { source: doc.toString(TO_STRING), document: doc };
}

/** The comment a new sidecar starts with. */
function headerComment(sidecar: Sidecar): string {
  return (
    ` Hashiya annotations of ${commentSafe(sidecar.text.file).replace(/[\u2028\u2029\n]/g, ' ')}: start/end are Unicode code points\n` +
    ' (end exclusive) into the text whose sha256 is below. Format: docs/sidecar-format.md'
  );
}

/**
 * A sidecar source in the shape Hashiya writes it, as far as a rewrite over its document depends
 * on it: `header`, its leading comments as the `yaml` library writes them again (sanitized), and
 * the key order of its maps (nested maps keep theirs through a rewrite), annotations by id.
 */
interface PlainShape {
  header: string;
  root: KeyOrder | null;
  annotations: Map<string, KeyOrder | null>;
}

/**
 * The {@link PlainShape} of `text` (no BOM) when a rewrite over its `yaml` document writes exactly
 * what {@link writePlainYaml} writes: leading comment lines and blank lines, then the very text
 * the plain writer makes of its value (so no other comment, blank line, flow map or other style).
 * Else undefined. Costs a plain read and a plain write of `text`; only the write when `asRead` is
 * the plain value of the whole `text` as {@link readPlainYaml} read it (an unchanged copy): the lines
 * before `bodyAt` are blank or comments, which that reader skips, so it is the value of the body too.
 */
function plainShapeOf(text: string, asRead?: unknown): PlainShape | undefined {
  let bodyAt = 0;
  while (bodyAt < text.length) {
    const end = text.indexOf('\n', bodyAt);
    const line = text.slice(bodyAt, end < 0 ? text.length : end);
    if (end < 0 || !/^ *(?:#[^\r]*)?$/.test(line)) break;
    bodyAt = end + 1;
  }
  if (!text.startsWith('version: ', bodyAt)) return undefined;
  const value = (asRead ?? readPlainYaml(text.slice(bodyAt))) as Sidecar | undefined;
  if (value === undefined) return undefined;
  let shape: PlainShape = { header: '', root: keyOrderOf(value, true), annotations: new Map() };
  try {
    const root = sidecarRoot(value, shape);
    if (root === undefined || !writesPlainYaml(root, bodyAt === 0 ? text : text.slice(bodyAt))) return undefined;
  } catch {
    return undefined;
  }
  shape = plainShapeOfRoot(value as unknown as Record<string, unknown>, '', true);
  if (bodyAt === 0) return shape;
  // the leading comments as the library writes them again: parsed with the first line after them
  const head = parseDocument(`${text.slice(0, bodyAt)}version: 1\n`, YAML_OPTIONS);
  if (head.errors.length > 0 || !isMap(head.contents)) return undefined;
  sanitizeComments(head);
  const written = head.toString(TO_STRING);
  if (!written.endsWith('version: 1\n')) return undefined;
  return { ...shape, header: written.slice(0, -'version: 1\n'.length) };
}

/**
 * The {@link PlainShape} of a sidecar root as written (its annotations by id, the first of an id);
 * `parsed`: as read from a source (see `keyOrderOf`).
 */
function plainShapeOfRoot(root: Record<string, unknown>, header: string, parsed: boolean): PlainShape {
  const annotations = new Map<string, KeyOrder | null>();
  const list = root.annotations;
  if (Array.isArray(list)) {
    for (const a of list) {
      const id = (a as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && !annotations.has(id)) annotations.set(id, innerKeyOrderOf(a, parsed));
    }
  }
  return { header, root: keyOrderOf({ ...root, annotations: [] }, parsed), annotations };
}

/**
 * The sidecar as the plain data a rewrite over a document of `shape` writes (keys in their order,
 * annotations sorted), or undefined when only the document can say (see `reorderLike`; two
 * annotations of one id that the old document has).
 */
function sidecarRoot(sidecar: Sidecar, shape: PlainShape): Record<string, unknown> | undefined {
  // the blocks' own keys are in their fixed order; the maps inside them keep the order they had
  // (an empty block is written on the line below its key: left to the document)
  const field = (key: string, record: Record<string, unknown>) =>
    Object.keys(record).length === 0 ? undefined : reorderLike(record, shape.root?.[key]);
  const text = field('text', plainRecord(sidecar.text, TEXT_KEYS));
  const published = sidecar.published
    ? field('published', plainRecord(sidecar.published, PUBLISHED_KEYS, ['date', 'guessed']))
    : undefined;
  const status = sidecar.status ? field('status', plainRecord(sidecar.status, STATUS_KEYS)) : undefined;
  if (text === undefined || (sidecar.published && !published) || (sidecar.status && !status)) return undefined;
  const ids = new Set<string>();
  const annotations: Record<string, unknown>[] = [];
  for (const a of [...sidecar.annotations].sort(compareAnnotations)) {
    const before = shape.annotations.get(a.id);
    if (before !== undefined && ids.has(a.id)) return undefined;
    ids.add(a.id);
    const plain = plainRecord(a, ANNOTATION_KEYS, ANNOTATION_THEIRS_KEYS);
    const record = Object.keys(plain).length === 0 ? undefined : reorderLike(plain, before);
    if (record === undefined) return undefined;
    annotations.push(record);
  }
  return { version: sidecar.version, text, published, status, annotations };
}

/**
 * {@link writeSidecar} without the `yaml` library's document, when the result is the same byte for
 * byte: a new sidecar, or one written over a source in the plain shape (see {@link plainShapeOf})
 * whose document nobody has taken. Undefined otherwise (comments inside, other styles).
 */
function writePlainSidecar(sidecar: Sidecar, previous: string | ParsedSidecar | undefined): ParsedSidecar | undefined {
  let shape: PlainShape | null | undefined;
  if (previous === undefined) {
    shape = { header: commentBlock(headerComment(sidecar)), root: null, annotations: new Map() };
  } else if (typeof previous === 'string') {
    shape = plainShapeOf(previous.replace(/^\uFEFF/, ''));
  } else {
    const state = plainShapes.get(previous);
    if (!state || state.taken) return undefined;
    if (state.shape === undefined) {
      state.shape = plainShapeOf(previous.source.replace(/^\uFEFF/, ''), state.asRead) ?? null;
      state.asRead = undefined;
    }
    shape = state.shape;
  }
  if (!shape) return undefined;
  const root = sidecarRoot(sidecar, shape);
  const source = root && writePlainYaml(root, shape.header);
  if (source === undefined) return undefined;
  return lazyParsed(source, plainShapeOfRoot(root!, shape.header, false));
}

/**
 * Makes the document parsed from a source the plain writer wrote (`shape`: its {@link PlainShape})
 * the one the library would hold after writing it: an empty map it made is no flow map (parsed,
 * `{}` is one), unless it was one before. Only that changes how the next write looks.
 */
function asWritten(doc: Document, shape: PlainShape): Document {
  const fix = (map: unknown, order: KeyOrder | null | undefined) => {
    if (!isMap(map)) return;
    for (const pair of map.items) {
      if (!isMap(pair.value)) continue;
      const inner = order?.[String((pair.key as { value?: unknown } | null)?.value)];
      if (pair.value.items.length === 0 && pair.value.flow && !inner?.[FLOW]) pair.value.flow = undefined as never;
      fix(pair.value, inner);
    }
  };
  const root = doc.contents;
  if (!isMap(root)) return doc;
  for (const key of ['text', 'published', 'status']) fix(root.get(key, true), shape.root?.[key]);
  const seq = root.get('annotations', true);
  const done = new Set<string>();
  if (isSeq(seq)) {
    for (const item of seq.items) {
      const id = isMap(item) ? item.get('id') : undefined;
      if (typeof id !== 'string' || done.has(id)) continue;
      done.add(id);
      fix(item, shape.annotations.get(id));
    }
  }
  return doc;
}

/** An empty sidecar for the named article text. */
export function emptySidecar(file: string): Sidecar {
  return { version: 1, text: { file, unit: 'codepoint' }, annotations: [] };
}
