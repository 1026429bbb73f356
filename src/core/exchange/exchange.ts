/**
 * Exchange with other annotation tools (docs/exchange-formats.md): the shapes every format module
 * of core/exchange shares. An export is a pure function from documents (article text, sidecar
 * annotations, project schema, entity registry) to files; an import is a pure function from a
 * file's text to {@link ImportedSpan}s, which core/exchange/importPlacement checks against the
 * article before anything is placed. Offsets here are Unicode code points, as in the sidecar.
 */
import { type Annotation, isOrphaned, ownValue } from '../model/annotation';
import { type ProjectSchema, relationsOf } from '../model/projectSchema';
import { relationEntries } from '../model/relations';
import { type Entity, type Registry, entityResolver } from '../entities/entityRegistry';

/** One article to export: its text as decoded (UTF-8, BOM not counted, line endings as on disk) and its annotations. */
export interface ExchangeDoc {
  /** The article's file name, relative to where the export was asked for ("news/a.txt"). */
  article: string;
  text: string;
  /** The sidecar's annotations; orphaned ones are left out of every export (their text is gone). */
  annotations: readonly Annotation[];
  schema: ProjectSchema;
  /** The workspace's entity registry (`.hashiya/entities.yaml`), for entity names; absent: ids only. */
  registry?: Registry;
  /** An IRI naming the article (W3C `source`), e.g. its file: URL; default `urn:hashiya:article:<article>`. */
  source?: string;
}

/** A file an export makes: its name (no folder) and its whole text. */
export interface ExportedFile {
  name: string;
  content: string;
}

/**
 * A span read from another tool's file, not yet placed: offsets in code points of the article (converted from
 * the format's own unit), relations by the format's references (`ref` of other spans).
 */
export interface ImportedSpan {
  /** The span's reference in the file (brat T1, a Label Studio region id, a W3C annotation id, a JSONL id). */
  ref: string;
  label: string;
  /** Start offset in code points, inclusive. */
  start: number;
  /** End offset in code points, exclusive. */
  end: number;
  /** The text the file says is at [start, end); undefined when the file gives none. */
  quote: string | undefined;
  entity?: string;
  stance?: string;
  /** Dates: the normalised value (ISO 8601 / TIMEX3). */
  value?: string;
  note?: string;
  attributes?: Record<string, string>;
  /** Relation name to the `ref` of the span it points to. */
  relations?: Record<string, string>;
  /** Where the span is in the imported file, 1-based. */
  line: number;
  column: number;
}

/** Something an import read but did not take (an event, a second annotator), at a 1-based line and column. */
export interface ImportNote {
  line: number;
  column: number;
  message: string;
}

/** What an import read from a file. */
export interface ImportResult {
  spans: ImportedSpan[];
  notes: ImportNote[];
}

/** An imported file that is not of its format: what is wrong and where (1-based line and column). */
export class ExchangeSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'ExchangeSyntaxError';
  }
}

/** The annotations of a document an export writes: not orphaned, in sidecar order. */
export function exportable(doc: ExchangeDoc): Annotation[] {
  return doc.annotations.filter((a) => !isOrphaned(a));
}

/** The registry's name of an annotation's entity, or undefined (no entity, no registry, unknown id). */
export function entityNameOf(doc: ExchangeDoc, a: Annotation): string | undefined {
  if (a.entity === undefined) return undefined;
  if (!doc.registry) return undefined;
  let resolve = resolvers.get(doc.registry);
  if (!resolve) resolvers.set(doc.registry, (resolve = entityResolver(doc.registry)));
  return resolve(a.entity)?.name;
}

/** One resolver per registry: an export of 1,000 articles shares one registry. */
const resolvers = new WeakMap<Registry, (ref: string | undefined) => Entity | undefined>();

/** The relations an annotation holds that point to an exported annotation of the same document (name to id). */
export function relationsTo(a: Annotation, ids: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of relationEntries(a)) if (ids.has(r.target)) out[r.name] = r.target;
  return out;
}

/** The labels of a schema that carry a `speaker` relation: the claims of the CSV export. */
export function claimLabels(schema: ProjectSchema): string[] {
  return schema.labels.filter((l) => relationsOf(schema, l.id).some((r) => r.name === 'speaker')).map((l) => l.id);
}

/** Line (1-based) and column (1-based, UTF-16 code units, as editors count) of UTF-16 offset `at` in `text`. */
export function lineColumnAt(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}

/**
 * `JSON.parse` of an imported file, its errors as {@link ExchangeSyntaxError} with line and column (V8 says the
 * position in its message; without one, line 1 column 1). `lineOffset` is added to the line (JSONL: the file's line).
 */
export function parseJson(source: string, what: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(source);
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    const at = lineColumnAt(source, m ? Number(m[1]) : jsonErrorOffset(source));
    throw new ExchangeSyntaxError(`${what}: ${message}`, at.line + lineOffset, at.column);
  }
}

/**
 * The UTF-16 offset of the first error of `source` as JSON (RFC 8259), for messages that do not say
 * where (V8 names no position for "Unexpected token ..., ... is not valid JSON"); 0 when none is found.
 */
export function jsonErrorOffset(source: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < source.length && ' \t\r\n'.includes(source[at])) at++;
  };
  const expect = (ch: string) => (source[at] === ch ? at++ : fail());
  const string = () => {
    expect('"');
    for (;;) {
      if (at >= source.length || source.charCodeAt(at) < 0x20) fail();
      const ch = source[at++];
      if (ch === '"') return;
      if (ch !== '\\') continue;
      if (source[at] === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(source.slice(at + 1, at + 5))) fail();
        at += 5;
      } else if ('"\\/bfnrt'.includes(source[at] ?? 'x')) at++;
      else fail();
    }
  };
  const value = (): void => {
    space();
    const ch = source[at];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      at++;
      space();
      if (source[at] === close) {
        at++;
        return;
      }
      for (;;) {
        if (close === '}') {
          space();
          string();
          space();
          expect(':');
        }
        value();
        space();
        if (source[at] === ',') at++;
        else return void expect(close);
      }
    }
    if (ch === '"') return string();
    const literal = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    literal.lastIndex = at;
    if (!literal.test(source)) fail();
    at = literal.lastIndex;
  };
  try {
    value();
    space();
    return at < source.length ? at : 0;
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
}

/** A plain object's own string values (attributes, relations of an imported file); other values are dropped. */
export function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const v = ownValue(value as Record<string, string>, key);
    if (typeof v === 'string') out[key] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
