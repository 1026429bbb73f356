import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import {
  Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit,
  type Node as YamlNode, type ScalarTag, type ParseOptions, type DocumentOptions, type SchemaOptions, type ToStringOptions,
} from 'yaml';
import { type Annotation, compareAnnotations } from './annotation';
import schemaJson from '../../schemas/sidecar.schema.json';

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
  annotations: Annotation[];
}

/** The `published` block: the article's publication date. */
export interface Published {
  /** YYYY-MM-DD. */
  date: string;
  /** True when it is a guess (the file's date), not set by the analyst. */
  guessed?: boolean;
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

/** A problem found in a sidecar, with a 1-based line and column in its YAML source. */
export interface SidecarProblem {
  message: string;
  /** 1-based line of the YAML source. */
  line: number;
  /** 1-based column, in UTF-16 code units of the line (as editors count). */
  column: number;
  /** 1-based line where the problem's range ends. */
  endLine: number;
  /** 1-based column where the problem's range ends. */
  endColumn: number;
  /** Path of the value in the sidecar, such as ['annotations', 3, 'start']. */
  path: (string | number)[];
}

/** Result of {@link parseSidecar}: the sidecar, or the problems that stop it from loading. */
export type SidecarParseResult =
  | { ok: true; sidecar: Sidecar; parsed: ParsedSidecar }
  | { ok: false; problems: SidecarProblem[] };

/**
 * A sidecar's YAML source with its parsed document (comments included), so that the next write
 * can update it in place instead of parsing the file again. Opaque outside this module.
 */
export interface ParsedSidecar {
  readonly source: string;
  readonly document: Document;
}

/**
 * Sidecars larger than this (bytes on disk, UTF-16 units once read) are refused before parsing:
 * 16 MiB holds about 100,000 annotations; a larger file is hostile or a mistake.
 */
export const MAX_SIDECAR_LENGTH = 16 * 1024 * 1024;

/** The message for a sidecar of `bytes` bytes that is over {@link MAX_SIDECAR_LENGTH}. */
export function tooLargeMessage(bytes: number): string {
  return `the sidecar is ${(bytes / 1024 / 1024).toFixed(1)} MiB; Hashiya reads sidecars up to ${MAX_SIDECAR_LENGTH / 1024 / 1024} MiB`;
}

const YAML_11_RESERVED = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Written as \u escapes: controls, format characters (bidi marks, ZWJ/ZWNJ, BOM), line and
// paragraph separators, lone surrogates and noncharacters, so that a diff shows them.
const ESCAPED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uFFFE\uFFFF]|\p{Cs}/gu;

function quoteYamlString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length
      && value.charCodeAt(i + 1) >= 0xdc00 && value.charCodeAt(i + 1) <= 0xdfff) {
      const pair = ch + value[i + 1];
      // astral format characters (tag characters of flag emoji, U+E0001) are escaped too
      out += ESCAPED.test(pair) ? `\\U${pair.codePointAt(0)!.toString(16).toUpperCase().padStart(8, '0')}` : pair;
      ESCAPED.lastIndex = 0;
      i++;
    } else if (ESCAPED.test(ch)) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
    ESCAPED.lastIndex = 0;
  }
  return `${out}"`;
}

/**
 * Makes text safe inside a YAML comment: characters that YAML 1.1 or 1.2 readers take for line
 * breaks (CR, NEL, LS, PS), other controls and the BOM become escapes or spaces, so that a
 * comment can never end early and turn into data.
 */
function commentSafe(text: string): string {
  return text.replace(/[\r\u0085\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Applies {@link commentSafe} to every comment of a parsed document. */
function sanitizeComments(doc: Document): void {
  const fix = (holder: { comment?: string | null; commentBefore?: string | null }) => {
    if (holder.comment) holder.comment = commentSafe(holder.comment);
    if (holder.commentBefore) holder.commentBefore = commentSafe(holder.commentBefore);
  };
  fix(doc);
  visit(doc, {
    Node(_key, node) { fix(node); },
    Pair(_key, pair) {
      if (pair.key && typeof pair.key === 'object') fix(pair.key as YamlNode);
    },
  });
}

/**
 * YAML options shared by reading and writing: the core schema with a string tag that always
 * writes double-quoted, single-line strings (so YAML 1.1 readers such as PyYAML read `no`,
 * `2015-12-18` or `007` back as strings, case B16/B18), keys plain where that is safe.
 */
const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  uniqueKeys: true,
  prettyErrors: true,
  customTags: (tags) => tags.map((tag) => {
    if (typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:str' || 'collection' in tag && tag.collection) return tag;
    const stringTag: ScalarTag = {
      ...(tag as ScalarTag),
      stringify(item, ctx) {
        const value = String((item as Scalar).value);
        if (ctx.implicitKey && SIMPLE_KEY.test(value) && !YAML_11_RESERVED.test(value)) return value;
        return quoteYamlString(value);
      },
    };
    return stringTag;
  }),
};

const TO_STRING: ToStringOptions = { lineWidth: 0, indentSeq: true, flowCollectionPadding: false };

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv, ['date-time']);
    validator = ajv.compile(schemaJson);
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}


function problemAt(message: string, range: readonly number[] | null | undefined, lines: LineCounter,
  path: (string | number)[]): SidecarProblem {
  const [from, to] = range ? [range[0], range[1] ?? range[0]] : [0, 0];
  const start = lines.linePos(from);
  const end = lines.linePos(Math.max(from, to));
  return { message, line: start.line, column: start.col, endLine: end.line, endColumn: end.col, path };
}

function nodeRange(doc: Document, path: (string | number)[]): readonly number[] | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node && (node as YamlNode).range) {
      return (node as YamlNode).range ?? undefined;
    }
  }
  return undefined;
}

function keyRange(doc: Document, path: (string | number)[], key: string): readonly number[] | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range;
  }
  return nodeRange(doc, path);
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the sidecar';
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(error.params.additionalProperty)}" in ${where}`;
    case 'required':
      return `${where} lacks the required key "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where} must be ${JSON.stringify(error.params.allowedValue)}`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

function jsonPointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((part) => {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(key) ? Number(key) : key;
  });
}

/**
 * Parses and validates a sidecar's YAML source (BOM allowed). Checks YAML syntax, rejects
 * aliases (no exponential expansion), checks the JSON Schema and that ids are unique and
 * `start <= end`. Never throws on bad input: every problem comes back with line and column.
 */
export function parseSidecar(source: string): SidecarParseResult {
  if (source.length > MAX_SIDECAR_LENGTH) {
    return { ok: false, problems: [{ message: tooLargeMessage(source.length), line: 1, column: 1, endLine: 1, endColumn: 1, path: [] }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { ...YAML_OPTIONS, lineCounter: lines, keepSourceTokens: false });
  const problems: SidecarProblem[] = doc.errors.map((error) => {
    const [start, end] = error.linePos ?? [{ line: 1, col: 1 }];
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { message: `YAML: ${message}`, line: start.line, column: start.col, endLine: (end ?? start).line, endColumn: (end ?? start).col, path: [] };
  });
  if (problems.length > 0) return { ok: false, problems };
  const text = source.replace(/^\uFEFF/, '');
  visit(doc, {
    Alias(_key, node, path) {
      problems.push(problemAt('aliases (*name) are not allowed in a sidecar', node.range, lines, pathOf(path)));
    },
    Node(_key, node, path) {
      if (node.tag && !isAlias(node)) {
        problems.push(problemAt(`tags (${node.tag}) are not allowed in a sidecar`, node.range, lines, pathOf(path)));
      }
      // PyYAML reads 0o7, 1e0 or 2.0 as text or floats: offsets must be plain decimal integers
      if (isScalar(node) && typeof node.value === 'number' && node.range) {
        const written = text.slice(node.range[0], node.range[1]).trim();
        if (!/^(0|[1-9][0-9]*)$/.test(written)) {
          problems.push(problemAt(`write ${written} as a plain decimal integer (other YAML readers do not read it as one)`, node.range, lines, pathOf(path)));
        }
      }
    },
  });
  if (problems.length > 0) return { ok: false, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    return { ok: false, problems: [problemAt(`YAML: ${(err as Error).message}`, undefined, lines, [])] };
  }
  for (const error of validate(value)) {
    const path = jsonPointerToPath(error.instancePath);
    const range = error.keyword === 'additionalProperties'
      ? keyRange(doc, path, String(error.params.additionalProperty))
      : nodeRange(doc, path);
    problems.push(problemAt(describeSchemaError(error), range, lines, path));
  }
  if (problems.length > 0) return { ok: false, problems };
  const sidecar = value as Sidecar;
  // prefix and suffix may be left out by hand; the model always has them (empty: unknown context)
  for (const a of sidecar.annotations) {
    a.prefix ??= '';
    a.suffix ??= '';
  }
  const seen = new Map<string, number>();
  sidecar.annotations.forEach((a, i) => {
    const first = seen.get(a.id);
    if (first !== undefined) {
      problems.push(problemAt(`duplicate id "${a.id}" (also annotations.${first})`, nodeRange(doc, ['annotations', i, 'id']), lines, ['annotations', i, 'id']));
    } else seen.set(a.id, i);
    if (a.start > a.end) {
      problems.push(problemAt(`start ${a.start} is after end ${a.end}`, nodeRange(doc, ['annotations', i, 'start']), lines, ['annotations', i, 'start']));
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, sidecar, parsed: { source, document: doc } };
}

function pathOf(path: readonly unknown[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const step of path) {
    if (isPair(step) && isScalar(step.key)) out.push(String(step.key.value));
  }
  return out;
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

const ANNOTATION_KEYS = ['id', 'label', 'start', 'end', 'quote', 'prefix', 'suffix', 'value', 'valueSource', 'entity', 'speaker', 'date',
  'stance', 'note', 'author', 'created', 'modified', 'anchored'] as const;
const TEXT_KEYS = ['file', 'unit', 'length', 'sha256'] as const;
const PUBLISHED_KEYS = ['date', 'guessed'] as const;

/** Rebuilds `map` with `values` in the order of `keys`, keeping the comments of pairs that stay. */
function syncMap(doc: Document, map: YAMLMap, keys: readonly string[], values: Record<string, unknown>): void {
  const old = new Map<string, Pair>();
  for (const pair of map.items) if (isScalar(pair.key)) old.set(String(pair.key.value), pair as Pair);
  const items: Pair[] = [];
  for (const key of keys) {
    const value = values[key];
    if (value === undefined) continue;
    const pair = old.get(key);
    if (pair && isScalar(pair.value) && pair.value.value === value) items.push(pair);
    else if (pair) {
      const node = doc.createNode(value) as YamlNode;
      if (isScalar(pair.value)) node.comment = pair.value.comment;
      pair.value = node;
      items.push(pair);
    } else items.push(doc.createPair(key, value) as Pair);
  }
  // keep comments written on a key that is now dropped with the map itself
  for (const [key, pair] of old) {
    if (values[key] === undefined && isScalar(pair.key) && pair.key.commentBefore) {
      map.commentBefore = [map.commentBefore, pair.key.commentBefore].filter(Boolean).join('\n');
    }
  }
  map.items = items;
}

function plainRecord<K extends string>(value: Partial<Record<K, unknown>>, keys: readonly K[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

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
  let doc: Document | undefined;
  if (typeof previous === 'object') doc = previous.document;
  else if (previous !== undefined) {
    const parsed = parseDocument(previous.replace(/^\uFEFF/, ''), YAML_OPTIONS);
    if (parsed.errors.length === 0 && isMap(parsed.contents)) doc = parsed;
  }
  if (doc) sanitizeComments(doc);
  if (!doc || !isMap(doc.contents)) {
    doc = new Document({}, YAML_OPTIONS);
    doc.commentBefore = ` Hashiya annotations of ${commentSafe(sidecar.text.file).replace(/[\u2028\u2029\n]/g, ' ')}: start/end are Unicode code points\n`
      + ' (end exclusive) into the text whose sha256 is below. Format: docs/sidecar-format.md';
  }
  const root = doc.contents as YAMLMap;
  const oldText = root.get('text', true);
  const textMap = isMap(oldText) ? oldText : new YAMLMap();
  syncMap(doc, textMap, TEXT_KEYS, plainRecord(sidecar.text, TEXT_KEYS));
  textMap.flow = false;

  const oldSeq = root.get('annotations', true);
  const oldById = new Map<string, YAMLMap>();
  if (isSeq(oldSeq)) {
    for (const item of oldSeq.items) {
      if (isMap(item)) {
        const id = item.get('id');
        if (typeof id === 'string' && !oldById.has(id)) oldById.set(id, item);
      }
    }
  }
  const seq = isSeq(oldSeq) ? oldSeq : new YAMLSeq();
  seq.items = [...sidecar.annotations].sort(compareAnnotations).map((annotation) => {
    const map = oldById.get(annotation.id) ?? new YAMLMap();
    syncMap(doc, map, ANNOTATION_KEYS, plainRecord(annotation, ANNOTATION_KEYS));
    map.flow = false;
    return map;
  });
  seq.flow = seq.items.length === 0;
  let publishedMap: YAMLMap | undefined;
  if (sidecar.published) {
    const oldPublished = root.get('published', true);
    publishedMap = isMap(oldPublished) ? oldPublished : new YAMLMap();
    syncMap(doc, publishedMap, PUBLISHED_KEYS, plainRecord(sidecar.published, PUBLISHED_KEYS));
    publishedMap.flow = false;
  }
  syncMap(doc, root, ['version', 'text', 'published', 'annotations'], { version: sidecar.version, text: textMap, published: publishedMap, annotations: seq });
  root.flow = false;
  // hand-written values may carry other styles; every string scalar is written our way
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return { source: doc.toString(TO_STRING), document: doc };
}

/** An empty sidecar for the named article text. */
export function emptySidecar(file: string): Sidecar {
  return { version: 1, text: { file, unit: 'codepoint' }, annotations: [] };
}

