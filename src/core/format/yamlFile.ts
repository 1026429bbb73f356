// Over 500 lines: the YAML rules all of Hashiya's files share (schema, quoting, comments, problems with
// line and column); one subject, each part used by the sidecar, the registry and the project schema.
/**
 * The YAML rules Hashiya's files share (sidecars and the entity registry): the core schema with
 * every string double-quoted on one line (so that YAML 1.1 readers such as PyYAML read `no`,
 * `2015-12-18` or `007` back as strings), comments kept and made safe through rewrites, and
 * problems located by 1-based line and column. Source: YAML 1.2.2 §7.3.1 (double-quoted scalars).
 */
import type { ErrorObject } from 'ajv';
import {
  Document,
  LineCounter,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Node as YamlNode,
  type ScalarTag,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ToStringOptions,
} from 'yaml';
import * as l10n from '@vscode/l10n';

/**
 * A problem found in one of Hashiya's YAML files (sidecar, registry, project schema), with a 1-based line and column.
 */
export interface FileProblem {
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

/**
 * A YAML file's source with its parsed document (comments included), so that the next write can
 * update it in place instead of parsing the file again. Opaque outside core/format.
 */
export interface ParsedYaml {
  readonly source: string;
  readonly document: Document;
}

/**
 * Hashiya's YAML files larger than this (bytes on disk, UTF-16 units once read) are refused before
 * parsing: 16 MiB holds about 100,000 annotations; a larger file is hostile or a mistake.
 */
export const MAX_FILE_LENGTH = 16 * 1024 * 1024;

const YAML_11_RESERVED =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Escaped: " and \ themselves, and as \u escapes (`ESCAPED`) controls, format characters (bidi
// marks, ZWJ/ZWNJ, BOM), line and paragraph separators, lone surrogates and noncharacters, so that
// a diff shows them. One code point at a time (u flag): an astral one is a surrogate pair.
const ESCAPED_ALL = /["\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uFFFE\uFFFF]|\p{Cs}/gu;
/** Whether a string holds a character {@link quoteYamlString} escapes (else it is written as it is, quoted). */
export const NEEDS_ESCAPE = new RegExp(ESCAPED_ALL.source, 'u');
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  // astral format characters (tag characters of flag emoji, U+E0001) are escaped too
  if (ch.length === 2) return `\\U${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(8, '0')}`;
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * `value` double-quoted on one line (YAML 1.2.2 §7.3.1): `"` and `\` escaped, line breaks and tabs
 * as \n, \r and \t, the other characters above as \u or \U escapes, the rest as it is.
 */
export function quoteYamlString(value: string): string {
  return `"${value.replace(ESCAPED_ALL, escapeOne)}"`;
}

/**
 * Makes text safe inside a YAML comment: characters that YAML 1.1 or 1.2 readers take for line
 * breaks (CR, NEL, LS, PS), other controls and the BOM become escapes or spaces, so that a
 * comment can never end early and turn into data.
 */
export function commentSafe(text: string): string {
  return text
    .replace(/[\r\u0085\u2028\u2029]/g, ' ')
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    );
}

/** Applies {@link commentSafe} to every comment of a parsed document. */
export function sanitizeComments(doc: Document): void {
  const fix = (holder: { comment?: string | null; commentBefore?: string | null }) => {
    if (holder.comment) holder.comment = commentSafe(holder.comment);
    if (holder.commentBefore) holder.commentBefore = commentSafe(holder.commentBefore);
  };
  fix(doc);
  visit(doc, {
    Node(_key, node) {
      fix(node);
    },
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
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  uniqueKeys: true,
  prettyErrors: true,
  customTags: (tags) =>
    tags.map((tag) => {
      if (typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:str' || ('collection' in tag && tag.collection))
        return tag;
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

export const TO_STRING: ToStringOptions = { lineWidth: 0, indentSeq: true, flowCollectionPadding: false };

export function problemAt(
  message: string,
  range: readonly number[] | null | undefined,
  lines: LineCounter,
  path: (string | number)[],
): FileProblem {
  const [from, to] = range ? [range[0], range[1] ?? range[0]] : [0, 0];
  const start = lines.linePos(from);
  const end = lines.linePos(Math.max(from, to));
  return { message, line: start.line, column: start.col, endLine: end.line, endColumn: end.col, path };
}

export function nodeRange(doc: Document, path: (string | number)[]): readonly number[] | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node && (node as YamlNode).range) {
      return (node as YamlNode).range ?? undefined;
    }
  }
  return undefined;
}

export function keyRange(doc: Document, path: (string | number)[], key: string): readonly number[] | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range;
  }
  return nodeRange(doc, path);
}

/** The file a whole-file problem names: `whole` of {@link describeSchemaError}. */
export type WholeFile = 'the sidecar' | 'the project schema' | 'the entity registry';

/** A schema error at the top of the file (no path), in one sentence per file. */
function describeRootError(error: ErrorObject, whole: WholeFile): string | undefined {
  const sidecar = whole === 'the sidecar';
  const registry = whole === 'the entity registry';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = JSON.stringify(String(error.params.additionalProperty));
      return sidecar
        ? l10n.t('unknown key {0} in the sidecar', key)
        : registry
          ? l10n.t('unknown key {0} in the entity registry', key)
          : l10n.t('unknown key {0} in the project schema', key);
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      return sidecar
        ? l10n.t('the sidecar lacks the required key "{0}"', key)
        : registry
          ? l10n.t('the entity registry lacks the required key "{0}"', key)
          : l10n.t('the project schema lacks the required key "{0}"', key);
    }
    case 'enum':
    case 'const':
      return undefined;
    default:
      if (error.message === undefined) {
        return sidecar
          ? l10n.t('the sidecar is invalid')
          : registry
            ? l10n.t('the entity registry is invalid')
            : l10n.t('the project schema is invalid');
      }
      // ajv's own words ("must be object") stay as it says them
      return sidecar
        ? l10n.t('the sidecar {0}', error.message)
        : registry
          ? l10n.t('the entity registry {0}', error.message)
          : l10n.t('the project schema {0}', error.message);
  }
}

export function describeSchemaError(error: ErrorObject, whole: WholeFile): string {
  if (!error.instancePath) {
    const root = describeRootError(error, whole);
    if (root !== undefined) return root;
  }
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : whole;
  switch (error.keyword) {
    case 'additionalProperties':
      // as a JSON string: a key may hold a line break or quotes (one message, one line)
      return l10n.t('unknown key {0} in {1}', JSON.stringify(String(error.params.additionalProperty)), where);
    case 'required':
      return l10n.t('{0} lacks the required key "{1}"', where, String(error.params.missingProperty));
    case 'enum':
      return l10n.t(
        '{0} must be one of {1}',
        where,
        (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '),
      );
    case 'const':
      return l10n.t('{0} must be {1}', where, String(JSON.stringify(error.params.allowedValue)));
    default:
      // ajv's own words ("must be string") stay as it says them
      return error.message === undefined ? l10n.t('{0} is invalid', where) : `${where} ${error.message}`;
  }
}

export function jsonPointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(key) ? Number(key) : key;
    });
}

/** A sequence of strings with `values`, reusing the old item nodes (and so their comments) that stay. */
function syncSeq(doc: Document, old: unknown, values: readonly string[]): YAMLSeq {
  const seq = isSeq(old) ? old : new YAMLSeq();
  const pool = seq.items.filter(isScalar);
  seq.items = values.map((value) => {
    const at = pool.findIndex((node) => node.value === value);
    return at >= 0 ? pool.splice(at, 1)[0] : doc.createNode(value);
  });
  seq.flow = false;
  return seq;
}

/** Rebuilds `map` with `values` in the order of `keys`, keeping the comments of pairs that stay. */
export function syncMap(doc: Document, map: YAMLMap, keys: readonly string[], values: Record<string, unknown>): void {
  const old = new Map<string, Pair>();
  for (const pair of map.items) if (isScalar(pair.key)) old.set(String(pair.key.value), pair as Pair);
  const items: Pair[] = [];
  for (const key of keys) {
    const value = values[key];
    if (value === undefined) continue;
    const pair = old.get(key);
    if (Array.isArray(value)) {
      const seq = syncSeq(doc, pair?.value, value as string[]);
      if (pair) {
        pair.value = seq;
        items.push(pair);
      } else items.push(doc.createPair(key, seq) as Pair);
    } else if (
      pair &&
      isMap(pair.value) &&
      typeof value === 'object' &&
      value !== null &&
      !isMap(value) &&
      !isSeq(value)
    ) {
      // a map of strings (attributes, relations): its pairs and their comments kept, in their order
      const inner = value as Record<string, unknown>;
      const order = [
        ...pair.value.items
          .map((p) => (isScalar(p.key) ? String(p.key.value) : ''))
          .filter((k) => Object.prototype.hasOwnProperty.call(inner, k)),
        ...Object.keys(inner),
      ];
      syncMap(doc, pair.value, [...new Set(order)], inner);
      items.push(pair);
    } else if (pair && isScalar(pair.value) && pair.value.value === value) items.push(pair);
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

/** The maps of a sequence by their `id` (the first of a duplicate id), to keep their comments through a rewrite. */
export function mapsById(seq: unknown): Map<string, YAMLMap> {
  const out = new Map<string, YAMLMap>();
  if (!isSeq(seq)) return out;
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    if (typeof id === 'string' && !out.has(id)) out.set(id, item);
  }
  return out;
}

/** Writes every string scalar double-quoted (hand-written values may carry other styles). */
export function quoteAllStrings(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') node.type = Scalar.QUOTE_DOUBLE;
    },
  });
}

/** A path of keys and indexes into a YAML document, as problems report it. */
export type YamlPath = (string | number)[];

/** The visitor's ancestry as a path of keys and indexes, for problems found while visiting. */
function visitPath(path: readonly unknown[], last: unknown): YamlPath {
  const out: YamlPath = [];
  const chain = [...path, last];
  for (let i = 0; i < chain.length; i++) {
    const step = chain[i];
    if (isPair(step) && isScalar(step.key)) out.push(String(step.key.value));
    else if (isSeq(step) && i + 1 < chain.length) {
      const index = step.items.indexOf(chain[i + 1] as never);
      if (index >= 0) out.push(index);
    }
  }
  return out;
}

/** Result of {@link parseChecked}: the document and its plain value, or the problems. */
export type CheckedYaml =
  { ok: true; doc: Document; value: unknown; lines: LineCounter } | { ok: false; problems: FileProblem[] };

/**
 * Git's conflict markers in a file (a line merge of two versions that git could not finish: the
 * merge driver was not set up), one problem per conflicted block at its `<<<<<<<` line, instead
 * of the many YAML errors the markers cause; a `<<<<<<<` line with no `>>>>>>>` after it is one problem
 * too. Lines are 1-based, columns 1-based in UTF-16 code units (as `FileProblem`). Empty when there are none.
 */
export function conflictMarkers(text: string, what: FileName): FileProblem[] {
  const problems: FileProblem[] = [];
  const lines = text.split(/\r?\n/);
  let open: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (/^<{7}(?: |$)/.test(lines[i])) open = i;
    else if (open !== undefined && /^>{7}(?: |$)/.test(lines[i])) {
      problems.push({
        message: markersMessage(what, open + 1, i + 1),
        line: open + 1,
        column: 1,
        endLine: i + 1,
        endColumn: lines[i].length + 1,
        path: [],
      });
      open = undefined;
    }
  }
  if (open !== undefined) {
    problems.push({
      message: openMarkerMessage(what, open + 1),
      line: open + 1,
      column: 1,
      endLine: open + 1,
      endColumn: lines[open].length + 1,
      path: [],
    });
  }
  return problems;
}

/** Which of Hashiya's YAML files a message is about (`what` of {@link parseChecked}). */
export type FileName = 'a sidecar' | 'the project schema' | 'the entity registry';

function markersMessage(what: FileName, from: number, to: number): string {
  switch (what) {
    case 'a sidecar':
      return l10n.t(
        'git conflict markers (lines {0} to {1}): git merged a sidecar line by line and could not finish; take one side (git checkout --ours or --theirs), then merge again with the Hashiya merge driver (command "Hashiya: Set Up Git Merging of Sidecars"), or remove the markers by hand',
        from,
        to,
      );
    case 'the project schema':
      return l10n.t(
        'git conflict markers (lines {0} to {1}): git merged the project schema line by line and could not finish; take one side (git checkout --ours or --theirs), then merge again with the Hashiya merge driver (command "Hashiya: Set Up Git Merging of Sidecars"), or remove the markers by hand',
        from,
        to,
      );
    case 'the entity registry':
      return l10n.t(
        'git conflict markers (lines {0} to {1}): git merged the entity registry line by line and could not finish; take one side (git checkout --ours or --theirs), then merge again with the Hashiya merge driver (command "Hashiya: Set Up Git Merging of Sidecars"), or remove the markers by hand',
        from,
        to,
      );
  }
}

function openMarkerMessage(what: FileName, line: number): string {
  switch (what) {
    case 'a sidecar':
      return l10n.t(
        'git conflict marker (line {0}) with no end: a sidecar holds part of a line merge by git; take a committed version (git checkout -- <file> or git show), or remove the marker by hand',
        line,
      );
    case 'the project schema':
      return l10n.t(
        'git conflict marker (line {0}) with no end: the project schema holds part of a line merge by git; take a committed version (git checkout -- <file> or git show), or remove the marker by hand',
        line,
      );
    case 'the entity registry':
      return l10n.t(
        'git conflict marker (line {0}) with no end: the entity registry holds part of a line merge by git; take a committed version (git checkout -- <file> or git show), or remove the marker by hand',
        line,
      );
  }
}

/** Aliases, anchors and tags refused in `what` (`written`: the alias, anchor or tag as written). */
function refusedMessage(kind: 'alias' | 'anchor' | 'tag', what: FileName, written: string): string {
  if (kind === 'alias') {
    return what === 'a sidecar'
      ? l10n.t('aliases (*{0}) are not allowed in a sidecar', written)
      : what === 'the project schema'
        ? l10n.t('aliases (*{0}) are not allowed in the project schema', written)
        : l10n.t('aliases (*{0}) are not allowed in the entity registry', written);
  }
  if (kind === 'anchor') {
    return what === 'a sidecar'
      ? l10n.t('anchors (&{0}) are not allowed in a sidecar', written)
      : what === 'the project schema'
        ? l10n.t('anchors (&{0}) are not allowed in the project schema', written)
        : l10n.t('anchors (&{0}) are not allowed in the entity registry', written);
  }
  return what === 'a sidecar'
    ? l10n.t('tags ({0}) are not allowed in a sidecar', written)
    : what === 'the project schema'
      ? l10n.t('tags ({0}) are not allowed in the project schema', written)
      : l10n.t('tags ({0}) are not allowed in the entity registry', written);
}

/**
 * Parses one of Hashiya's YAML files (BOM allowed) and applies the rules they share: YAML
 * syntax; no aliases or tags (no expansion, nothing but plain data); numbers written as
 * plain decimal integers (PyYAML reads 0o7, 1e0 or 2.0 otherwise); then the JSON Schema through
 * `validate`, each error worded by `describe`. `what` names the file in messages ("a sidecar").
 * With `emptyValue`, a file of only comments and white space is that value, unchecked. With
 * `refuseAnchors`, anchors (&name) are refused too, even when no alias uses them.
 * Never throws on bad input: every problem has its 1-based line and column and its path.
 */
export function parseChecked(
  source: string,
  what: FileName,
  validate: (value: unknown) => ErrorObject[],
  describe: (error: ErrorObject) => string,
  options: { emptyValue?: unknown; refuseAnchors?: boolean } = {},
): CheckedYaml {
  const text = source.replace(/^\uFEFF/, '');
  const markers = conflictMarkers(text, what);
  if (markers.length > 0) return { ok: false, problems: markers };
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines, keepSourceTokens: false });
  const problems: FileProblem[] = doc.errors.map((error) => {
    const [start, end] = error.linePos ?? [{ line: 1, col: 1 }];
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return {
      message: l10n.t('YAML: {0}', message),
      line: start.line,
      column: start.col,
      endLine: (end ?? start).line,
      endColumn: (end ?? start).col,
      path: [],
    };
  });
  if (problems.length > 0) return { ok: false, problems };
  // a file of only comments and white space, where that is allowed
  if (doc.contents === null && options.emptyValue !== undefined)
    return { ok: true, doc, value: options.emptyValue, lines };
  visit(doc, {
    Alias(_key, node, path) {
      problems.push(problemAt(refusedMessage('alias', what, node.source), node.range, lines, visitPath(path, node)));
    },
    Node(_key, node, path) {
      if (isAlias(node)) return;
      if (node.anchor && options.refuseAnchors)
        problems.push(problemAt(refusedMessage('anchor', what, node.anchor), node.range, lines, visitPath(path, node)));
      if (node.tag)
        problems.push(problemAt(refusedMessage('tag', what, node.tag), node.range, lines, visitPath(path, node)));
      if (isScalar(node) && typeof node.value === 'number' && node.range) {
        const written = text.slice(node.range[0], node.range[1]).trim();
        if (!/^(0|[1-9][0-9]*)$/.test(written)) {
          problems.push(
            problemAt(
              l10n.t('write {0} as a plain decimal integer (other YAML readers do not read it as one)', written),
              node.range,
              lines,
              visitPath(path, node),
            ),
          );
        }
      }
    },
  });
  if (problems.length > 0) return { ok: false, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    return { ok: false, problems: [problemAt(l10n.t('YAML: {0}', (err as Error).message), undefined, lines, [])] };
  }
  for (const error of validate(value)) {
    const path = jsonPointerToPath(error.instancePath);
    const range =
      error.keyword === 'additionalProperties'
        ? keyRange(doc, path, String(error.params.additionalProperty))
        : nodeRange(doc, path);
    problems.push(problemAt(describe(error), range, lines, path));
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, doc, value, lines };
}

/**
 * Brings the comments of `source`'s sequence `key` into `target`'s, matching maps by `id`: a map
 * whose `id` is in `ids` and not in `target` is added (a copy, comments and all); a map both have
 * gets the comments written above and after it in `source` that `target` lacks. So a rewrite of
 * `target` (which matches maps by id) keeps the comments of both sides of a merge.
 */
export function adoptItems(target: Document, source: Document, key: string, ids: ReadonlySet<string>): void {
  if (!isMap(target.contents) || !isMap(source.contents)) return;
  const seq = target.contents.get(key, true);
  const from = source.contents.get(key, true);
  if (!isSeq(seq) || !isSeq(from)) return;
  const have = mapsById(seq);
  // the parser gives a comment above the first item to the list: it belongs to that item
  const lead = (list: YAMLSeq, map: YAMLMap) =>
    (list.items[0] === map ? [list.commentBefore, map.commentBefore] : [map.commentBefore]).filter(Boolean).join('\n');
  for (const [id, map] of mapsById(from)) {
    if (!ids.has(id)) continue;
    const ours = have.get(id);
    if (!ours) {
      const copy = map.clone() as YAMLMap;
      copy.commentBefore = lead(from, map) || undefined;
      seq.items.push(copy);
      continue;
    }
    const theirs = lead(from, map);
    const mine = lead(seq, ours);
    if (theirs && !mine.includes(theirs)) ours.commentBefore = [ours.commentBefore, theirs].filter(Boolean).join('\n');
    if (map.comment && !(ours.comment ?? '').includes(map.comment))
      ours.comment = [ours.comment, map.comment].filter(Boolean).join('\n');
  }
}
