/**
 * A fast writer for the plain data Hashiya's YAML files hold: what `new Document(value, YAML_OPTIONS)`,
 * `quoteAllStrings` and `toString(TO_STRING)` of the `yaml` library write (core/format/yamlFile),
 * byte for byte, built as one string instead of a document of nodes (about 20× faster on a large
 * sidecar). Block maps and sequences indented by two spaces (sequences under a key indented too),
 * every string double-quoted on one line (`quoteYamlString`), keys plain where that is safe, empty
 * collections as `[]` and `{}`. It writes no comments. It declines (`undefined`) what it does not
 * write as the library would: numbers that are not safe integers (or -0), `undefined` in a list,
 * a list directly in a list, objects that are not plain, one object met twice (the library writes an
 * alias), very long keys (written as explicit `? ` keys). Property-tested against the library
 * (test/unit/core/format/plainYamlWriter.test.ts).
 */
import { NEEDS_ESCAPE, quoteYamlString } from './yamlFile';

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const YAML_11_RESERVED =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
/** Longer keys are left to the library (it writes keys over 1024 characters as explicit keys). */
const MAX_KEY = 1000;

/**
 * Empty lists written on the line below their key, as the library writes an empty list whose node
 * says it is not a flow list (yamlFile's `syncSeq` makes each list of a map it rewrites so):
 * made by {@link emptyBlockList}, never a caller's object.
 */
const NEWLINE_EMPTY = new WeakSet<object>();

/** An empty list that {@link writePlainYaml} writes as `key:` and `[]` on the line below. */
export function emptyBlockList(): unknown[] {
  const list: unknown[] = [];
  NEWLINE_EMPTY.add(list);
  return list;
}

/** Thrown inside the writer when it declines; never leaves this module. */
class Decline extends Error {}
/** Thrown inside {@link Comparer} at the first piece that differs; never leaves this module. */
class Mismatch extends Error {}

const keyCache = new Map<string, string>();
/**
 * Strings as last quoted: a sidecar written again (each save, and the check of the file it is
 * written over) holds mostly the same strings. Strings up to {@link MAX_QUOTED_LENGTH} characters
 * (quotes, prefixes, suffixes, ids), cleared when it reaches {@link MAX_QUOTED} entries (a few MB).
 */
const quotedCache = new Map<string, string>();
const MAX_QUOTED = 100_000;
const MAX_QUOTED_LENGTH = 200;
/** A map key as written: plain when simple and not a YAML 1.1 word, else double-quoted. */
function keyText(key: string): string {
  let out = keyCache.get(key);
  if (out !== undefined) return out;
  if (key.length > MAX_KEY) throw new Decline();
  out = SIMPLE_KEY.test(key) && !YAML_11_RESERVED.test(key) ? key : quoteYamlString(key);
  if (keyCache.size < 1000) keyCache.set(key, out);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A string as written: double-quoted (see {@link quotedCache}). */
function quoted(value: string): string {
  if (value.length > MAX_QUOTED_LENGTH) return quoteYamlString(value);
  let out = quotedCache.get(value);
  if (out === undefined) {
    out = quoteYamlString(value);
    if (quotedCache.size >= MAX_QUOTED) quotedCache.clear();
    quotedCache.set(value, out);
  }
  return out;
}

class Writer {
  out = '';
  private readonly seen = new Set<object>();

  /** Writes `text` next. */
  put(text: string): void {
    this.out += text;
  }

  /** Writes string `value` next, double-quoted. */
  putString(value: string): void {
    this.out += quoted(value);
  }

  /** A scalar or an empty collection on the current line, or undefined for a non-empty collection. */
  inline(value: unknown): string | undefined {
    switch (typeof value) {
      case 'string':
        return quoted(value);
      case 'number':
        if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw new Decline();
        return String(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        if (value === null) return 'null';
        this.enter(value);
        if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
        if (!isPlainObject(value)) throw new Decline();
        for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return undefined;
        return '{}';
      default:
        throw new Decline();
    }
  }

  /** Refuses an object met before (the library would write an anchor and an alias). */
  private enter(value: object): void {
    if (this.seen.has(value)) throw new Decline();
    this.seen.add(value);
  }

  /** The pairs of a non-empty map, each on its own line at `indent` (the first line's indentation: the caller's). */
  map(value: Record<string, unknown>, indent: string, first: boolean): void {
    for (const key in value) {
      const item = value[key];
      if (item === undefined) continue;
      if (!first) this.put(`\n${indent}`);
      first = false;
      this.put(`${keyText(key)}:`);
      if (typeof item === 'string') {
        // (what inline writes of a string, after a space)
        this.put(' ');
        this.putString(item);
        continue;
      }
      const text = this.inline(item);
      if (text !== undefined) this.put(NEWLINE_EMPTY.has(item as object) ? `\n${indent}  ${text}` : ` ${text}`);
      else if (Array.isArray(item)) {
        this.put(`\n${indent}  `);
        this.seq(item, `${indent}  `);
      } else {
        this.put(`\n${indent}  `);
        this.map(item as Record<string, unknown>, `${indent}  `, true);
      }
    }
  }

  /** The items of a non-empty list at `indent`; the first line's indentation is written by the caller. */
  seq(value: readonly unknown[], indent: string): void {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (i > 0) this.put(`\n${indent}`);
      this.put('- ');
      if (typeof item === 'string') {
        this.putString(item);
        continue;
      }
      const text = this.inline(item);
      if (text !== undefined) this.put(text);
      else if (Array.isArray(item)) throw new Decline();
      else this.map(item as Record<string, unknown>, `${indent}  `, true);
    }
  }
}

/**
 * `root` (a plain object) written as the `yaml` library writes its document with Hashiya's options,
 * after `header` (a comment block already in its written form, such as "# one\n# two\n\n"), ending
 * with a line break; undefined when the writer declines (see above).
 */
export function writePlainYaml(root: Record<string, unknown>, header = ''): string | undefined {
  try {
    const writer = new Writer();
    const inline = writer.inline(root);
    if (Array.isArray(root)) return undefined;
    if (inline !== undefined) return `${header}${inline}\n`;
    writer.map(root, '', true);
    return `${header}${writer.out}\n`;
  } catch (err) {
    if (err instanceof Decline) return undefined;
    throw err;
  }
}

/**
 * A {@link Writer} that compares what it would write with `expected`, piece by piece from the start,
 * instead of building it; throws {@link Mismatch} at the first piece that differs. A string that
 * needs no escape is looked for as it is between its quotes (it is written so), without quoting it.
 */
class Comparer extends Writer {
  at = 0;
  constructor(private readonly expected: string) {
    super();
  }

  override put(text: string): void {
    if (!this.expected.startsWith(text, this.at)) throw new Mismatch();
    this.at += text.length;
  }

  override putString(value: string): void {
    const { expected, at } = this;
    const end = at + 1 + value.length;
    if (expected.charCodeAt(at) === 34 /* " */ && expected.charCodeAt(end) === 34 && expected.startsWith(value, at + 1)
      && !NEEDS_ESCAPE.test(value)) {
      this.at = end + 1;
      return;
    }
    this.put(quoted(value));
  }
}

/**
 * True when {@link writePlainYaml}`(root)` (no header) is `expected`, found without writing it out:
 * the same pieces compared where they would go (a 2.5 MB sidecar's check before it is written
 * over, see sidecar.ts `plainShapeOf`). False where the writer declines.
 */
export function writesPlainYaml(root: Record<string, unknown>, expected: string): boolean {
  try {
    const comparer = new Comparer(expected);
    const inline = comparer.inline(root);
    if (Array.isArray(root)) return false;
    if (inline !== undefined) return expected === `${inline}\n`;
    comparer.map(root, '', true);
    comparer.put('\n');
    return comparer.at === expected.length;
  } catch (err) {
    if (err instanceof Decline || err instanceof Mismatch) return false;
    throw err;
  }
}

/**
 * A document comment as the `yaml` library writes it before the contents (`doc.commentBefore`):
 * each non-empty line after '#', then an empty line.
 */
export function commentBlock(comment: string): string {
  const cs = comment.replace(/^(?!$)(?: $)?/gm, '#');
  return `${/^\n+$/.test(cs) ? cs.substring(1) : cs}\n\n`;
}

/** Set on a {@link KeyOrder} whose map is an empty flow map (`{}`) in the document. */
export const FLOW: unique symbol = Symbol('flow');

/**
 * The key order of a map as last written, and of the maps inside it (null: not a map there), and
 * whether it is an empty flow map. A rewrite over the `yaml` library's document keeps the order of
 * the pairs of a nested map that stays, and its style (yamlFile's `syncMap`); {@link reorderLike}
 * does the same for {@link writePlainYaml}.
 */
export type KeyOrder = { [key: string]: KeyOrder | null; [FLOW]?: true };

/**
 * The maps {@link reorderLike} made over an empty flow map and left empty: still flow maps in the
 * document the library would hold after that write.
 */
const FLOW_MAPS = new WeakSet<object>();

/**
 * The {@link KeyOrder} of `value` (null when it is not a plain object). `parsed`: read from a
 * source, where an empty map is written `{}` (a flow map); else as written by {@link writePlainYaml}
 * after {@link reorderLike} (a new map is not a flow map).
 */
export function keyOrderOf(value: unknown, parsed: boolean): KeyOrder | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !isPlainObject(value)) return null;
  const out: KeyOrder = Object.create(null) as KeyOrder;
  const keys = Object.keys(value);
  for (const key of keys) out[key] = keyOrderOf((value as Record<string, unknown>)[key], parsed);
  if (parsed ? keys.length === 0 : FLOW_MAPS.has(value)) out[FLOW] = true;
  return out;
}

/**
 * The {@link KeyOrder} of the maps inside `record` (its own keys left out: they are written in a
 * fixed order), null when it holds none: all that {@link reorderLike} needs of an old record.
 */
export function innerKeyOrderOf(record: unknown, parsed: boolean): KeyOrder | null {
  if (typeof record !== 'object' || record === null) return null;
  let out: KeyOrder | null = null;
  for (const key of Object.keys(record)) {
    const inner = keyOrderOf((record as Record<string, unknown>)[key], parsed);
    if (inner === null) continue;
    out ??= Object.create(null) as KeyOrder;
    out[key] = inner;
  }
  return out;
}

/**
 * `record` (a map the library's document rewrites in place: its own keys in its order) as that
 * rewrite writes it: each nested map that was a map in `old` too with the old keys it still has
 * first, in their order, then the new ones, and so on inside; each empty list as
 * {@link emptyBlockList}. Undefined when the library would write it otherwise than
 * {@link writePlainYaml} does: an empty flow map (`{}`) that gets pairs stays a flow map; keys
 * that are array indexes cannot keep their order in a JavaScript object.
 */
export function reorderLike(record: Record<string, unknown>, old: KeyOrder | null | undefined):
  Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (Array.isArray(value) && value.length === 0 && !NEWLINE_EMPTY.has(value)) {
      out ??= { ...record };
      out[key] = emptyBlockList();
      continue;
    }
    const inner = old?.[key];
    if (!inner || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const synced = syncedMap(value as Record<string, unknown>, inner);
    if (synced === undefined) return undefined;
    out ??= { ...record };
    out[key] = synced;
  }
  return out ?? record;
}

const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

function syncedMap(value: Record<string, unknown>, old: KeyOrder): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) return undefined;
  const oldKeys = Object.keys(old);
  const kept = oldKeys.filter((k) => Object.prototype.hasOwnProperty.call(value, k));
  const keys = [...new Set([...kept, ...Object.keys(value)])];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (INDEX_KEY.test(key)) return undefined;
    const item = value[key];
    if (item !== undefined) out[key] = item;
  }
  if (old[FLOW] && Object.keys(out).length > 0) return undefined;
  const synced = reorderLike(out, old);
  if (synced && old[FLOW]) FLOW_MAPS.add(synced);
  return synced;
}
