import { type Sidecar, parseSidecar } from '../format/sidecar';
import { type ArticleStatus, type StatusRecord, effectiveStatus, isArticleStatus } from '../model/articleStatus';
import { NEWS_PRESET, type ProjectSchema } from '../model/projectSchema';
import { contentLines, oneLineScalar as scalar } from './yamlLine';

/**
 * One sidecar at a glance, for the Articles view (docs/articles-view.md): how many annotations of
 * each label, how many orphaned, who annotated, the status.
 */
export interface ArticleSummary {
  /** Every annotation of the sidecar (orphaned ones too). */
  annotations: number;
  /** Annotations per label id that are not orphaned (labels with none are absent). */
  counts: Record<string, number>;
  /** Annotations recorded as orphaned (`anchored: orphaned`), whatever their label. */
  orphaned: number;
  /** Annotations with a recorded merge conflict. */
  conflicts: number;
  /** The distinct `author`s of the annotations, sorted. */
  annotators: string[];
  /** The status the article is in (see `effectiveStatus`). */
  status: ArticleStatus;
  /** The `status` block as recorded, when there is one. */
  statusRecord?: StatusRecord;
}

/** What {@link summariseSidecar} found: a summary, or why the sidecar cannot be read (1-based line, column). */
export type SidecarSummaryResult =
  | { ok: true; summary: ArticleSummary }
  | { ok: false; message: string; line: number; column: number };

/** The summary of an article without a sidecar: no annotations, status `new`. */
export function emptySummary(): ArticleSummary {
  return { annotations: 0, counts: {}, orphaned: 0, conflicts: 0, annotators: [], status: 'new' };
}

/**
 * Summarises a sidecar's YAML `source` (undefined: no sidecar). A sidecar in the shape Hashiya
 * writes (block mappings, one scalar per line) is read by a line scan that builds no model, about
 * a hundred times faster than {@link parseSidecar}; anything else (flow collections, block
 * scalars, anchors, keys it does not know the indentation of) is parsed and validated in full
 * under `schema`. The scan does not validate: a sidecar broken in a way the scan cannot see is
 * still summarised (the article's own session and `hashiya check` report it). Never throws.
 */
export function summariseSidecar(source: string | undefined,
  schema: ProjectSchema = NEWS_PRESET): SidecarSummaryResult {
  if (source === undefined) return { ok: true, summary: emptySummary() };
  const scanned = scanSidecar(source);
  if (scanned) return { ok: true, summary: summaryOf(scanned.items, scanned.status) };
  const parsed = parseSidecar(source, schema);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    return { ok: false, message: first?.message ?? '', line: first?.line ?? 1, column: first?.column ?? 1 };
  }
  return { ok: true, summary: summaryOfSidecar(parsed.sidecar) };
}

/** The summary of a parsed sidecar. */
export function summaryOfSidecar(sidecar: Sidecar): ArticleSummary {
  return summaryOf(
    sidecar.annotations.map((a) => ({
      label: a.label,
      author: a.author,
      orphaned: a.anchored === 'orphaned',
      conflict: a.conflict !== undefined,
    })),
    sidecar.status,
  );
}

interface ItemFacts {
  label?: string;
  author?: string;
  orphaned: boolean;
  conflict: boolean;
}

function summaryOf(items: readonly ItemFacts[], status: StatusRecord | undefined): ArticleSummary {
  const counts: Record<string, number> = {};
  const authors = new Set<string>();
  let orphaned = 0;
  let conflicts = 0;
  for (const item of items) {
    if (item.orphaned) orphaned++;
    else if (item.label !== undefined) counts[item.label] = (counts[item.label] ?? 0) + 1;
    if (item.conflict) conflicts++;
    const author = item.author?.trim();
    if (author) authors.add(author);
  }
  return {
    annotations: items.length,
    counts,
    orphaned,
    conflicts,
    annotators: [...authors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    status: effectiveStatus(status, items.length),
    ...(status ? { statusRecord: status } : {}),
  };
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/;

/**
 * The annotations' label, author, orphaned and conflict, and the status block, of a sidecar in
 * the block shape Hashiya writes, by lines; undefined when a line is not of that shape (then the
 * caller parses in full).
 */
function scanSidecar(source: string): { items: ItemFacts[]; status?: StatusRecord } | undefined {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const items: ItemFacts[] = [];
  let status: Partial<StatusRecord> | undefined;
  let section = '';
  let sawAnnotations = false;
  let sawVersion = false;
  let itemIndent = -1;
  let keyIndent = -1;
  let statusIndent = -1;
  let current: ItemFacts | undefined;
  for (const { line, indent } of contentLines(text)) {
    if (line.charCodeAt(indent) === 0x09) return undefined;
    if (indent === 0 && line.charCodeAt(0) !== 0x2d /* - */) {
      const m = KEY_LINE.exec(line);
      if (!m) return undefined;
      section = m[1]!;
      const rest = stripComment(m[2] ?? '');
      if (rest === undefined) return undefined;
      if (section === 'annotations') {
        if (sawAnnotations || (rest !== '' && rest !== '[]')) return undefined;
        sawAnnotations = true;
      } else if (section === 'version') {
        if (rest !== '1') return undefined;
        sawVersion = true;
      } else if (rest !== '') return undefined;
      if (section === 'status') status = {};
      continue;
    }
    if (section === 'status') {
      if (statusIndent < 0) statusIndent = indent;
      if (indent !== statusIndent) return undefined;
      const m = KEY_LINE.exec(line.slice(indent));
      if (!m) return undefined;
      const value = scalar(m[2] ?? '');
      if (value === undefined) return undefined;
      if (m[1] === 'value' || m[1] === 'by' || m[1] === 'at') (status as Record<string, string>)[m[1]] = value;
      else return undefined;
      continue;
    }
    if (section !== 'annotations') continue;
    let body = line;
    let bodyIndent = indent;
    if (line.charCodeAt(indent) === 0x2d && (line.length === indent + 1 || line.charCodeAt(indent + 1) === 0x20)) {
      if (itemIndent < 0) itemIndent = indent;
      if (indent !== itemIndent) {
        if (keyIndent >= 0 && indent > keyIndent) continue; // a list inside an annotation (conflict.also)
        return undefined;
      }
      current = { orphaned: false, conflict: false };
      items.push(current);
      bodyIndent = indent + 1;
      while (line.charCodeAt(bodyIndent) === 0x20) bodyIndent++;
      if (bodyIndent >= line.length) continue;
      if (keyIndent < 0) keyIndent = bodyIndent;
      if (bodyIndent !== keyIndent) return undefined;
      body = line;
    } else {
      if (!current || keyIndent < 0) {
        if (!current) return undefined;
        keyIndent = indent;
      }
      if (indent > keyIndent) continue; // inside conflict, attributes, relations
      if (indent !== keyIndent) return undefined;
    }
    const m = KEY_LINE.exec(body.slice(bodyIndent));
    if (!m) return undefined;
    const raw = m[2] ?? '';
    const key = m[1]!;
    if (key === 'label' || key === 'author' || key === 'anchored') {
      const value = scalar(raw);
      if (value === undefined) return undefined;
      if (key === 'label') current!.label = value;
      else if (key === 'author') current!.author = value;
      else current!.orphaned = value === 'orphaned';
    } else if (key === 'conflict') current!.conflict = true;
    // any other value: a multi-line or flow value cannot be skipped by lines
    else if (raw !== '' && scalar(raw) === undefined) return undefined;
  }
  if (!sawAnnotations || !sawVersion || items.some((i) => i.label === undefined)) return undefined;
  if (status !== undefined && !isArticleStatus(status.value)) return undefined;
  return { items, ...(status ? { status: status as StatusRecord } : {}) };
}

/** `rest` without a trailing comment (plain text only), trimmed; undefined when it holds a quote. */
function stripComment(rest: string): string | undefined {
  const hash = rest.search(/(^|[ \t])#/);
  const value = (hash < 0 ? rest : rest.slice(0, hash)).trim();
  return /["']/.test(value) ? undefined : value;
}
