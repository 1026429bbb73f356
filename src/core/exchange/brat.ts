/**
 * brat standoff (https://brat.nlplab.org/standoff.html): `<name>.txt` holds the article's text
 * exactly (UTF-8, line endings as on disk) and `<name>.ann` one annotation a line, fields split by
 * TAB: `T` text-bound spans (`T1\tlabel start end\tquote`), `R` relations (`R1\tspeaker Arg1:T2 Arg2:T1`),
 * `A` attributes (`A1\tstance T2 asserts`, also a date's `value`), `N` the entity link
 * (`N1\tReference T1 Hashiya:<entity id>\t<name>`) and `#` notes (`#1\tAnnotatorNotes T1\t<note>`).
 * Offsets are characters of the .txt as brat's Python server reads it: Unicode code points, CR LF counted as two
 * (brat's NOTICE: all 9,664 T lines of its example data satisfy Python's `text[start:end] == quote`). Offsets
 * are thus the sidecar's own; no conversion. A span over a line break is written as brat writes it: one fragment
 * per line (`0 5;6 10`), its quote the fragments joined by a space. Attribute values are single tokens in
 * brat: `%`, space, TAB, CR and LF in them are written `%25`, `%20`, `%09`, `%0D`, `%0A`. Line breaks in
 * a note become spaces.
 */
import { OffsetIndex } from '../text/offsets';
import {
  type ExchangeDoc,
  type ExportedFile,
  type ImportNote,
  type ImportResult,
  type ImportedSpan,
  ExchangeSyntaxError,
  entityNameOf,
  exportable,
  relationsTo,
} from './exchange';
import * as l10n from '@vscode/l10n';

/** The brat namespace of Hashiya's entity ids in `N` lines. */
export const BRAT_ENTITY_DB = 'Hashiya';

const encodeValue = (v: string) => v.replace(/[% \t\r\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
const decodeValue = (v: string) => v.replace(/%(25|20|09|0D|0A)/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** The fragments of code points [start, end) of `text` between its line breaks, as brat splits a span (code points). */
function fragments(index: OffsetIndex, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  const points = [...index.slice(start, end)];
  let from = start;
  for (let i = 0; i <= points.length; i++) {
    if (i === points.length || points[i] === '\n' || points[i] === '\r') {
      if (start + i > from) out.push([from, start + i]);
      from = start + i + 1;
    }
  }
  return out;
}

/** The `.ann` text of one document (lines ended by LF). */
export function bratAnn(doc: ExchangeDoc): string {
  const index = new OffsetIndex(doc.text);
  const annotations = exportable(doc);
  const tOf = new Map<string, string>();
  const lines: string[] = [];
  let t = 0;
  for (const a of annotations) {
    const parts = fragments(index, a.start, a.end);
    if (parts.length === 0) continue; // only line breaks: nothing brat can show
    tOf.set(a.id, `T${++t}`);
    const quote = parts.map(([s, e]) => index.slice(s, e)).join(' ');
    lines.push(`T${t}\t${a.label} ${parts.map(([s, e]) => `${s} ${e}`).join(';')}\t${quote}`);
  }
  const ids = new Set(tOf.keys());
  let r = 0;
  let n = 0;
  let attr = 0;
  let note = 0;
  for (const a of annotations) {
    const id = tOf.get(a.id);
    if (!id) continue;
    for (const [name, target] of Object.entries(relationsTo(a, ids))) {
      lines.push(`R${++r}\t${name} Arg1:${id} Arg2:${tOf.get(target)}\t`);
    }
    const attributes: [string, string][] = [
      ...(a.stance !== undefined ? [['stance', a.stance] as [string, string]] : []),
      ...(a.value !== undefined ? [['value', a.value] as [string, string]] : []),
      ...Object.entries(a.attributes ?? {}),
    ];
    for (const [name, value] of attributes) lines.push(`A${++attr}\t${name} ${id} ${encodeValue(value)}`);
    if (a.entity !== undefined) {
      const name = (entityNameOf(doc, a) ?? a.entity).replace(/[\r\n\t]+/g, ' ');
      lines.push(`N${++n}\tReference ${id} ${BRAT_ENTITY_DB}:${a.entity}\t${name}`);
    }
    if (a.note !== undefined) lines.push(`#${++note}\tAnnotatorNotes ${id}\t${a.note.replace(/[\r\n\t]+/g, ' ')}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** The file stem brat names a document by: the article's name without folders and extension. */
export function bratStem(article: string): string {
  const name = article.split(/[\\/]/).pop() ?? article;
  return name.replace(/\.[^.]*$/, '') || name;
}

/** `<stem>.txt` and `<stem>.ann` for each document (a stem met twice gets `-2`, `-3`…). */
export function exportBrat(docs: readonly ExchangeDoc[]): ExportedFile[] {
  const files: ExportedFile[] = [];
  const taken = new Map<string, number>();
  for (const doc of docs) {
    let stem = bratStem(doc.article);
    const seen = (taken.get(stem) ?? 0) + 1;
    taken.set(stem, seen);
    if (seen > 1) stem = `${stem}-${seen}`;
    files.push({ name: `${stem}.txt`, content: doc.text }, { name: `${stem}.ann`, content: bratAnn(doc) });
  }
  return files;
}

const T_LINE = /^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/;
const R_LINE = /^(R\S*)\t(\S+) (\S+):(\S+) (\S+):(\S+)\s*$/;
const A_LINE = /^([AM]\S*)\t(\S+) (\S+)(?: (\S+))?\s*$/;
const N_LINE = /^(N\S*)\t(\S+) (\S+) ([^\s:]+):(\S+)(?:\t(.*))?$/;
const NOTE_LINE = /^(#\S*)\t(\S+) (\S+)\t?(.*)$/;

/**
 * The spans of a `.ann` file over `text` (the article's text, to rejoin a span brat split at line breaks): T lines
 * with their R, A, N (`Hashiya:` ids) and `#` AnnotatorNotes. Events (E), equivalences (*), attributes of events and
 * other normalisations are reported as notes, not imported; a span in pieces with more than white space between
 * them is reported and left out.
 * @throws ExchangeSyntaxError for a line brat's format does not allow (line, column 1).
 */
export function importBrat(ann: string, text: string): ImportResult {
  const index = new OffsetIndex(text);
  const spans = new Map<string, ImportedSpan>();
  const notes: ImportNote[] = [];
  const later: { line: number; text: string }[] = [];
  ann.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (!line.startsWith('T')) {
      later.push({ line: i + 1, text: line });
      return;
    }
    const m = T_LINE.exec(line);
    if (!m) throw new ExchangeSyntaxError(l10n.t('not a brat text-bound annotation (T): {0}', line), i + 1, 1);
    const parts = m[3].split(';').map((p) => p.split(' ').map(Number) as [number, number]);
    const start = parts[0][0];
    const end = parts[parts.length - 1][1];
    let quote: string | undefined = m[4] ?? '';
    if (parts.length > 1) {
      const inside = (s: number, e: number) => s >= 0 && s <= e && e <= index.codePointLength;
      const gapsBlank = parts.every(([s, e], k) => inside(s, e) && (k === 0 || /^\s*$/u.test(
        inside(parts[k - 1][1], s) ? index.slice(parts[k - 1][1], s) : 'x')));
      if (!gapsBlank) {
        notes.push({ line: i + 1, column: 1, message: l10n.t('{0}: a span in pieces with text between them; not imported', m[1]) });
        return;
      }
      // brat's quote of a span in pieces: the pieces joined by a space; checked here, the whole span kept
      quote = parts.map(([s, e]) => index.slice(s, e)).join(' ') === quote ? index.slice(start, end) : quote;
    }
    spans.set(m[1], { ref: m[1], label: m[2], start, end, quote, line: i + 1, column: 1 });
  });
  for (const { line, text: l } of later) {
    const target = (id: string) => spans.get(id);
    let m: RegExpExecArray | null;
    if ((m = R_LINE.exec(l))) {
      const from = target(m[4]);
      if (!from || !target(m[6])) {
        notes.push({ line, column: 1, message: l10n.t('{0}: a relation between annotations not imported; left out', m[1]) });
      } else (from.relations ??= {})[m[2]] = m[6];
    } else if ((m = A_LINE.exec(l))) {
      const on = target(m[3]);
      const value = m[4] === undefined ? 'true' : decodeValue(m[4]);
      if (!on) notes.push({ line, column: 1, message: l10n.t('{0}: an attribute of an event or unknown annotation; left out', m[1]) });
      else if (m[2] === 'stance') on.stance = value;
      else if (m[2] === 'value') on.value = value;
      else (on.attributes ??= {})[m[2]] = value;
    } else if ((m = N_LINE.exec(l))) {
      const on = target(m[3]);
      if (on && m[4] === BRAT_ENTITY_DB) on.entity = m[5];
      else notes.push({ line, column: 1, message: l10n.t('{0}: a normalisation to {1}; left out', m[1], `${m[4]}:${m[5]}`) });
    } else if ((m = NOTE_LINE.exec(l)) && l.startsWith('#')) {
      const on = target(m[3]);
      if (on && m[2] === 'AnnotatorNotes') on.note = m[4];
      else notes.push({ line, column: 1, message: l10n.t('{0}: a note on an event or unknown annotation; left out', m[1]) });
    } else if (/^[E*]/.test(l)) {
      notes.push({ line, column: 1, message: l10n.t('{0}: events and equivalences have no place in a sidecar; left out', l.split('\t')[0]) });
    } else {
      throw new ExchangeSyntaxError(l10n.t('not a brat annotation line: {0}', l), line, 1);
    }
  }
  return { spans: [...spans.values()], notes };
}
