// YAML read line by line, for the fast paths over files in the shape Hashiya writes them (the
// Articles view's summaries, the entity registry): anything else is left to the full parser.

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/**
 * The string a one-line YAML scalar stands for (double-quoted, single-quoted or plain, with a
 * trailing comment); undefined when it is not one (a flow collection, a block scalar, an anchor,
 * alias or tag, a quote that does not close on the line).
 */
export function oneLineScalar(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const first = text[0]!;
  if (first === '"') {
    let out = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') return /^\s*(#.*)?$/.test(text.slice(i + 1)) ? out : undefined;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[++i];
      if (e === undefined) return undefined;
      const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (width > 0) {
        const hex = text.slice(i + 1, i + 1 + width);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== width) return undefined;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) return undefined;
        out += String.fromCodePoint(code);
        i += width;
      } else if (e in ESCAPES) out += ESCAPES[e];
      else return undefined;
    }
    return undefined;
  }
  if (first === "'") {
    let out = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i]!;
      if (c !== "'") out += c;
      else if (text[i + 1] === "'") {
        out += "'";
        i++;
      } else return /^\s*(#.*)?$/.test(text.slice(i + 1)) ? out : undefined;
    }
    return undefined;
  }
  if ('{[|>&*!%@`'.includes(first)) return undefined;
  const hash = text.search(/[ \t]#/);
  const plain = (hash < 0 ? text : text.slice(0, hash)).trim();
  // "key: value: more" is an error in YAML, "- x" a list: the full parse says so
  if (/:( |$)/.test(plain) || plain.startsWith('- ')) return undefined;
  return plain;
}

/**
 * The lines of `text` that hold content, in order, each with its indent (spaces): blank lines and
 * whole-line comments are skipped, a CR before the LF is dropped. The caller reads the line from
 * `indent` on (a tab there is not YAML indentation: the fast paths give up on it).
 */
export function* contentLines(text: string): Generator<{ line: string; indent: number }> {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 0x23 /* # */) continue;
    yield { line, indent };
  }
}
