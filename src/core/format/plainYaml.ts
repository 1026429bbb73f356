/**
 * A fast reader for the plain subset of YAML that Hashiya writes (core/format/yamlFile): block maps
 * and block sequences indented with spaces, keys plain (`[A-Za-z_][A-Za-z0-9_]*`) or double-quoted,
 * values double-quoted on one line, plain decimal integers, `true`, `false`, `null`, `[]` and `{}`, and
 * comments on their own lines or after a value. It gives the value the `yaml` library's
 * `parseDocument(...).toJS()` gives (YAML 1.2 core schema, YAML 1.2.2 §7.3.1 for the escapes) or
 * `undefined` for anything else: anchors, aliases, tags, plain strings, multi-line scalars, flow
 * collections that are not empty, duplicate keys, tabs, control characters, odd line breaks. The
 * caller then takes the `yaml` library's path, which reports problems with their line and column:
 * this reader never reports one, it only declines. About 10× faster than building the document.
 */

/** One content line: its indentation in spaces and the rest. */
interface Line {
  indent: number;
  text: string;
}

/** Declined: the source is outside the subset. */
const DECLINE: unique symbol = Symbol('decline');
type Read<T> = T | typeof DECLINE;

// characters the subset never holds as they are (Hashiya writes them as escapes; comments are made
// safe): tabs, controls, line and paragraph separators, BOM, noncharacters, a CR not before LF, lone surrogates
const OUTSIDE = /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|\r(?!\n)/;
// (lone surrogates: looked for only where there are surrogates at all, a slower search)
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /\p{Cs}/u;
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?= |$)/;
// plain keys that the core schema reads as null or a boolean; `__proto__` is never taken as data here
const RESERVED_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__)$/;
// after a value: spaces, or spaces and a comment
const REST = /^(?: *| +#.*)$/;
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/**
 * The plain value of `text` (no BOM) when it is in the subset described above, else `undefined`.
 * Never throws.
 */
export function readPlainYaml(text: string): unknown {
  if (OUTSIDE.test(text) || (SURROGATE.test(text) && LONE_SURROGATE.test(text))) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) continue;
    lines.push({ indent, text: line.slice(indent) });
  }
  if (lines.length === 0 || lines[0].indent !== 0) return undefined;
  const reader = new Reader(lines);
  const value = reader.block(0);
  return value === DECLINE || reader.at !== lines.length ? undefined : value;
}

class Reader {
  at = 0;
  constructor(private readonly lines: Line[]) {}

  /** The block (map or sequence) whose first line is the current one. */
  block(indent: number): Read<unknown> {
    const line = this.lines[this.at];
    return isDash(line.text) ? this.sequence(indent) : this.map(indent);
  }

  private map(indent: number): Read<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const keys = new Set<string>();
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      if (line.indent < indent) break;
      if (line.indent > indent || isDash(line.text)) return DECLINE;
      const entry = mapEntry(line.text);
      if (entry === DECLINE || keys.has(entry.key)) return DECLINE;
      keys.add(entry.key);
      const value = this.valueAfter(entry.rest, indent, true);
      if (value === DECLINE) return DECLINE;
      out[entry.key] = value;
    }
    return out;
  }

  private sequence(indent: number): Read<unknown[]> {
    const out: unknown[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      if (line.indent < indent) break;
      if (line.indent > indent) return DECLINE;
      if (!isDash(line.text)) break; // a key after a list at its key's indentation
      let spaces = 1;
      while (line.text.charCodeAt(spaces) === 32) spaces++;
      const rest = line.text.slice(spaces);
      if (rest !== '' && !rest.startsWith('#') && (isDash(rest) || mapEntry(rest) !== DECLINE)) {
        // a map or sequence that starts on the dash's line: read as if its first line were indented so
        this.lines[this.at] = { indent: indent + spaces, text: rest };
        const value = this.block(indent + spaces);
        if (value === DECLINE) return DECLINE;
        out.push(value);
        continue;
      }
      const value = this.valueAfter(rest === '' ? '' : ` ${rest}`, indent, false);
      if (value === DECLINE) return DECLINE;
      out.push(value);
    }
    return out;
  }

  /**
   * The value written after a key's colon or a dash (`rest`, starting with a space or empty), on
   * the current line or, when nothing is there, in the more indented block below (or, for a
   * key, a sequence at the key's own indentation). Moves past it.
   */
  private valueAfter(rest: string, indent: number, forKey: boolean): Read<unknown> {
    this.at++;
    if (REST.test(rest)) {
      const next = this.lines[this.at];
      if (next === undefined) return DECLINE; // an empty value (null): not written by Hashiya
      if (next.indent > indent) return this.block(next.indent);
      if (forKey && next.indent === indent && isDash(next.text)) return this.sequence(indent);
      return DECLINE;
    }
    const value = scalar(rest.trimStart());
    if (value === DECLINE) return DECLINE;
    // a line more indented after a value on one line: a multi-line scalar or an error
    if (this.lines[this.at] !== undefined && this.lines[this.at].indent > indent) return DECLINE;
    return value;
  }
}

function isDash(text: string): boolean {
  return text.charCodeAt(0) === 45 /* - */ && (text.length === 1 || text.charCodeAt(1) === 32);
}

/** A `key:` at the start of `text` and what follows the colon. */
function mapEntry(text: string): Read<{ key: string; rest: string }> {
  if (text.charCodeAt(0) === 34 /* " */) {
    const quoted = doubleQuoted(text);
    if (quoted === DECLINE || text.charCodeAt(quoted.end) !== 58 /* : */) return DECLINE;
    const after = text.charCodeAt(quoted.end + 1);
    if (!(Number.isNaN(after) || after === 32) || quoted.value === '__proto__') return DECLINE;
    return { key: quoted.value, rest: text.slice(quoted.end + 1) };
  }
  const m = PLAIN_KEY.exec(text);
  if (!m || RESERVED_KEY.test(m[1])) return DECLINE;
  return { key: m[1], rest: text.slice(m[0].length) };
}

/** A value on one line: a double-quoted string, a plain decimal integer, true, false, null, [] or {}. */
function scalar(text: string): Read<unknown> {
  if (text.charCodeAt(0) === 34 /* " */) {
    const quoted = doubleQuoted(text);
    if (quoted === DECLINE || !REST.test(text.slice(quoted.end))) return DECLINE;
    return quoted.value;
  }
  const m = /^(0|[1-9][0-9]*|true|false|null|\[\]|\{\})(?= |$)/.exec(text);
  if (!m || !REST.test(text.slice(m[0].length))) return DECLINE;
  switch (m[1]) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case '[]':
      return [];
    case '{}':
      return {};
    default:
      return Number(m[1]);
  }
}

/** The double-quoted string at the start of `text` (one line) and the index after its closing quote. */
function doubleQuoted(text: string): Read<{ value: string; end: number }> {
  let out = '';
  let from = 1;
  for (;;) {
    // the next quote or backslash: the text between them is taken as it is
    const quote = text.indexOf('"', from);
    if (quote < 0) return DECLINE; // no closing quote on this line
    let i = text.indexOf('\\', from);
    if (i < 0 || i > quote) return { value: out + text.slice(from, quote), end: quote + 1 };
    out += text.slice(from, i);
    const next = text[i + 1];
    const simple = next === undefined ? undefined : ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) return DECLINE;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return DECLINE;
      out += String.fromCodePoint(code);
      i += 1 + length;
    } else return DECLINE;
    from = i + 1;
  }
}
