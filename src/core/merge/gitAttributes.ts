/**
 * The lines `.gitattributes` needs so that git merges sidecars and the entity registry with
 * Hashiya's merge driver (`merge=hashiya`), and the driver command for `git config`. Pure text
 * work for the command "Hashiya: Set Up Git Merging of Sidecars" (src/extension/gitMerging.ts).
 * Pattern syntax: gitattributes(5) and gitignore(5) (fnmatch with `**`, backslash escapes,
 * C-style quoted patterns).
 */

/** The name of the merge driver in `.gitattributes` (`merge=hashiya`) and git config (`merge.hashiya.*`). */
export const MERGE_DRIVER = 'hashiya';

/** `merge.hashiya.name`: what git shows for the driver. */
export const MERGE_DRIVER_NAME = 'Hashiya: merges sidecars and the entity registry by id and field';

/** The arguments git passes to the driver: base, ours (the result is written there), theirs, path. */
export const MERGE_DRIVER_ARGS = 'merge %O %A %B %P';

/** `text` with the characters that mean something in a gitattributes pattern escaped with a backslash. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}

/**
 * A pattern as one token of a `.gitattributes` line: C-style quoted when it holds white space,
 * a double quote, or starts with `#` or `!` (which would make the line a comment or negation).
 */
function token(pattern: string): string {
  if (!/[\s"]|^[#!]/.test(pattern)) return pattern;
  return `"${pattern
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')}"`;
}

/**
 * The gitattributes pattern of every sidecar made with `template` (relative to each article's
 * folder, `{fileName}` standing for the article's file name): `*.annotations.yaml` for the
 * default; with a folder, `**\/annotations/*.yaml` (a pattern with a slash would otherwise only
 * match beside the `.gitattributes` file).
 */
export function sidecarPattern(template: string): string {
  const glob = template
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('{fileName}')
    .map(escapeGlob)
    .join('*');
  return token(glob.includes('/') ? `**/${glob}` : glob);
}

/**
 * The gitattributes pattern of the entity registry, whose folder is `folder` relative to the
 * repository root ('' for the root itself, `/` separators): `.hashiya/entities.yaml`, or
 * `news/.hashiya/entities.yaml`.
 */
export function registryPattern(folder: string): string {
  const clean = folder.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return token(`${clean ? `${escapeGlob(clean)}/` : ''}.hashiya/entities.yaml`);
}

/** A line of `.gitattributes` that assigns Hashiya's merge driver to `pattern` (a token from above). */
export function attributesLine(pattern: string): string {
  return `${pattern} merge=${MERGE_DRIVER}`;
}

/** The pattern token and attributes of a `.gitattributes` line; undefined for blank lines and comments. */
function parseLine(line: string): { pattern: string; attributes: string[] } | undefined {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  let pattern: string;
  let rest: string;
  if (trimmed.startsWith('"')) {
    const end = /^"(?:[^"\\]|\\.)*"/.exec(trimmed);
    if (!end) return undefined;
    pattern = end[0];
    rest = trimmed.slice(end[0].length);
  } else {
    const space = trimmed.search(/\s/);
    pattern = space < 0 ? trimmed : trimmed.slice(0, space);
    rest = space < 0 ? '' : trimmed.slice(space);
  }
  return { pattern, attributes: rest.trim().split(/\s+/).filter(Boolean) };
}

/** What {@link addAttributeLines} did. */
export interface AttributesChange {
  /** The new content of `.gitattributes` (the old content with the missing lines appended). */
  content: string;
  /** The lines appended (none: every line was there already). */
  added: string[];
}

/**
 * Appends to `.gitattributes` content (undefined: no file yet) each of `lines` that is not there
 * already. A line is there when some line assigns `merge=hashiya` to the same pattern (other
 * attributes beside it are fine). Keeps the file's line ending (CR LF when it uses it) and adds a
 * line break before the new lines when the file does not end with one. Never changes a line.
 */
export function addAttributeLines(existing: string | undefined, lines: readonly string[]): AttributesChange {
  const old = existing ?? '';
  const eol = /\r\n/.test(old) ? '\r\n' : '\n';
  const present = new Set(
    old
      .split(/\r?\n/)
      .map(parseLine)
      .filter((l) => l?.attributes.includes(`merge=${MERGE_DRIVER}`))
      .map((l) => l!.pattern),
  );
  const added: string[] = [];
  for (const line of lines) {
    const parsed = parseLine(line);
    if (!parsed || present.has(parsed.pattern)) continue;
    present.add(parsed.pattern);
    added.push(line);
  }
  if (added.length === 0) return { content: old, added };
  const separator = old.length > 0 && !/\r?\n$/.test(old) ? eol : '';
  return { content: `${old}${separator}${added.join(eol)}${eol}`, added };
}

/**
 * `text` quoted for the POSIX shell git runs a merge driver with (also Git for Windows' sh):
 * in single quotes, each `'` as `'\''`, so that no character of a path ($, `, ", \, spaces) means
 * anything to the shell.
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
