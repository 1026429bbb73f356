/**
 * JSON Lines (https://jsonlines.org): one article per line, `{"article", "text", "unit": "codepoint", "spans": [...]}`,
 * each span `{"id", "label", "start", "end", "quote", "entity"?, "entityName"?, "relations"?, "attributes"?,
 * "stance"?, "value"?, "note"?}` with `start`/`end` in Unicode code points (end exclusive), as Python's
 * `text[start:end]` counts; `relations` maps a relation name (speaker, date, …) to the id of another span of the line.
 */
import {
  type ExchangeDoc,
  type ExportedFile,
  type ImportResult,
  type ImportedSpan,
  ExchangeSyntaxError,
  entityNameOf,
  exportable,
  parseJson,
  relationsTo,
  stringMap,
} from './exchange';
import * as l10n from '@vscode/l10n';

/** One span of a JSONL line. */
export interface JsonlSpan {
  id: string;
  label: string;
  /** Code points, inclusive. */
  start: number;
  /** Code points, exclusive. */
  end: number;
  quote: string;
  entity?: string;
  entityName?: string;
  relations?: Record<string, string>;
  attributes?: Record<string, string>;
  stance?: string;
  value?: string;
  note?: string;
}

/** The JSONL line of one document (no line break). */
export function jsonlLine(doc: ExchangeDoc): string {
  const annotations = exportable(doc);
  const ids = new Set(annotations.map((a) => a.id));
  const spans = annotations.map((a) => {
    const span: JsonlSpan = { id: a.id, label: a.label, start: a.start, end: a.end, quote: a.quote };
    if (a.entity !== undefined) span.entity = a.entity;
    const name = entityNameOf(doc, a);
    if (name !== undefined) span.entityName = name;
    const relations = relationsTo(a, ids);
    if (Object.keys(relations).length > 0) span.relations = relations;
    if (a.attributes && Object.keys(a.attributes).length > 0) span.attributes = { ...a.attributes };
    if (a.stance !== undefined) span.stance = a.stance;
    if (a.value !== undefined) span.value = a.value;
    if (a.note !== undefined) span.note = a.note;
    return span;
  });
  return JSON.stringify({ article: doc.article, text: doc.text, unit: 'codepoint', spans });
}

/** `annotations.jsonl`: one line per document, each ended by LF. */
export function exportJsonl(docs: readonly ExchangeDoc[]): ExportedFile[] {
  return [{ name: 'annotations.jsonl', content: docs.map((d) => `${jsonlLine(d)}\n`).join('') }];
}

/**
 * The spans of the line for `article` (matched by its file name, without folders; a file of one line: that line).
 * @throws ExchangeSyntaxError for a line that is not JSON or not of this shape, or when no line is for `article`.
 */
export function importJsonl(source: string, article: string): ImportResult {
  const lines = source.split('\n');
  const records: { line: number; value: Record<string, unknown> }[] = [];
  lines.forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') return;
    const value = parseJson(text, l10n.t('not a JSON line'), i);
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Array.isArray((value as never)['spans'])) {
      throw new ExchangeSyntaxError(l10n.t('a line must be an object with a "spans" list'), i + 1, 1);
    }
    records.push({ line: i + 1, value: value as Record<string, unknown> });
  });
  const base = (name: string) => name.split(/[\\/]/).pop();
  const record =
    records.length === 1 ? records[0] : records.find((r) => base(String(r.value['article'])) === base(article));
  if (!record) throw new ExchangeSyntaxError(l10n.t('no line is for the article {0}', article), 1, 1);
  if (record.value['unit'] !== undefined && record.value['unit'] !== 'codepoint') {
    throw new ExchangeSyntaxError(l10n.t('"unit" must be "codepoint"'), record.line, 1);
  }
  const spans: ImportedSpan[] = [];
  (record.value['spans'] as unknown[]).forEach((raw, k) => {
    const s = raw as Record<string, unknown>;
    const bad = (what: string) =>
      new ExchangeSyntaxError(l10n.t('span {0}: {1}', k + 1, what), record.line, 1);
    if (typeof s !== 'object' || s === null) throw bad(l10n.t('not an object'));
    if (typeof s['label'] !== 'string') throw bad(l10n.t('"label" must be a string'));
    if (!Number.isInteger(s['start']) || !Number.isInteger(s['end'])) {
      throw bad(l10n.t('"start" and "end" must be whole numbers'));
    }
    const span: ImportedSpan = {
      ref: typeof s['id'] === 'string' ? s['id'] : `#${k + 1}`,
      label: s['label'],
      start: s['start'] as number,
      end: s['end'] as number,
      quote: typeof s['quote'] === 'string' ? s['quote'] : undefined,
      line: record.line,
      column: 1,
    };
    for (const key of ['entity', 'stance', 'value', 'note'] as const) {
      if (typeof s[key] === 'string') span[key] = s[key];
    }
    const attributes = stringMap(s['attributes']);
    if (attributes) span.attributes = attributes;
    const relations = stringMap(s['relations']);
    if (relations) span.relations = relations;
    spans.push(span);
  });
  return { spans, notes: [] };
}
