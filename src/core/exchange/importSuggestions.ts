/**
 * Imports as suggestions for review (docs/exchange-formats.md, "Importing"): another tool's file
 * is read in its format, each span checked against the article (its quote at its offsets, code
 * points; its label in the project schema), and the matching ones offered as suggestions whose
 * rule names the file ("import: news.ann"). What does not match is never placed: it is returned
 * for the caller to report at its line and column in the file. Accepting imported suggestions
 * places them through {@link applyImport}, so entities, attributes, notes, stances, date values
 * and the relations between accepted spans survive.
 */
import type { Annotation } from '../model/annotation';
import type { AnnotationSet, Provenance } from '../model/annotationSet';
import { type ProjectSchema, labelDef } from '../model/projectSchema';
import type { PendingSuggestion } from '../suggest/pendingSuggestions';
import type { Suggestion } from '../suggest/suggest';
import { importBrat } from './brat';
import type { ImportNote, ImportResult, ImportedSpan } from './exchange';
import type { ImportFormat } from './formats';
import { type Misplaced, applyImport, placeImported } from './importPlacement';
import { importJsonl } from './jsonl';
import { importLabelStudio } from './labelStudio';
import { importW3c } from './w3c';
import * as l10n from '@vscode/l10n';

/**
 * The spans of an imported file's `source` in `format`, for the article whose text is `text`,
 * file name `articleName` (no folder) and IRI `articleIri` (W3C targets: its file: URL).
 * @throws ExchangeSyntaxError (with line and column) when the file is not of its format.
 */
export function readImportFile(
  format: ImportFormat,
  source: string,
  text: string,
  articleName: string,
  articleIri: string,
): ImportResult {
  switch (format) {
    case 'jsonl':
      return importJsonl(source, articleName);
    case 'brat':
      return importBrat(source, text);
    case 'w3c':
      return importW3c(source, articleIri);
    case 'labelstudio':
      return importLabelStudio(source, text, articleName);
  }
}

/**
 * The format an imported file most likely is, from its name (`.ann`: brat, `.jsonl`: JSONL,
 * `.jsonld`: W3C) and else its content (JSON with "@context" or Annotation types: W3C; a list of
 * tasks with "data": Label Studio; one JSON object a line with "spans": JSONL); undefined when
 * neither tells.
 */
export function guessImportFormat(fileName: string, source: string): ImportFormat | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.ann')) return 'brat';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.jsonld')) return 'w3c';
  const head = source.replace(/^\uFEFF/, '').trimStart();
  if (/^T\d+\t/.test(head)) return 'brat';
  if (/"@context"|"type"\s*:\s*"(?:Annotation|AnnotationCollection|AnnotationPage)"/.test(source)) return 'w3c';
  if (head.startsWith('{') && /"spans"\s*:/.test(head.split('\n')[0])) return 'jsonl';
  if (/"data"\s*:/.test(source)) return 'labelstudio';
  return undefined;
}

/** What an import offers: suggestions for review, and the spans not placed (with why). */
export interface ImportOffer {
  suggestions: Suggestion[];
  misplaced: Misplaced[];
}

/** The rule an imported suggestion names: "import: <file name>". */
export function importRule(fileName: string): string {
  return `import: ${fileName}`;
}

/**
 * The spans of an import as suggestions for `text` (see {@link placeImported}): those whose quote
 * is at their offsets and whose label `schema` has; the rest are `misplaced`, each with its reason.
 */
export function importSuggestions(
  text: string,
  spans: readonly ImportedSpan[],
  schema: ProjectSchema,
  fileName: string,
): ImportOffer {
  const placement = placeImported(text, spans);
  const misplaced = [...placement.misplaced];
  const suggestions: Suggestion[] = [];
  for (const span of placement.matching) {
    if (!labelDef(schema, span.label)) {
      misplaced.push({ span, message: l10n.t('the project schema has no label {0}', JSON.stringify(span.label)) });
      continue;
    }
    const { ref, entity, stance, note, attributes, relations, line, column } = span;
    suggestions.push({
      label: span.label,
      start: span.start,
      end: span.end,
      quote: span.quote ?? '',
      ...(span.value !== undefined ? { value: span.value } : {}),
      rule: importRule(fileName),
      imported: { ref, entity, stance, note, attributes, relations, line, column },
    });
  }
  misplaced.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { suggestions, misplaced };
}

/**
 * One line per span not placed and per note of the import, as `hashiya import` prints them:
 * `<file>:<line>:<column>: <label> <start>..<end> "<quote>": <why>; not placed (the article has "…" there)`.
 */
export function notPlacedLines(
  file: string,
  misplaced: readonly Misplaced[],
  notes: readonly ImportNote[] = [],
): string[] {
  const lines = misplaced.map((m) => {
    const s = m.span;
    const found = m.found === undefined ? '' : ` ${l10n.t('(the article has {0} there)', JSON.stringify(m.found))}`;
    return (
      `${file}:${s.line}:${s.column}: ${s.label} ${s.start}..${s.end} ${JSON.stringify(s.quote ?? '')}: ` +
      `${l10n.t('{0}; not placed', m.message)}${found}`
    );
  });
  return [...lines, ...notes.map((n) => `${file}:${n.line}:${n.column}: ${n.message}`)];
}

/** The imported span a suggestion stands for, at its offsets now (moved with edits). */
function spanOf(s: PendingSuggestion): ImportedSpan {
  const d = s.imported!;
  return {
    ref: d.ref,
    label: s.label,
    start: s.start,
    end: s.end,
    quote: s.quote,
    ...(d.entity !== undefined ? { entity: d.entity } : {}),
    ...(d.stance !== undefined ? { stance: d.stance } : {}),
    ...(s.value !== undefined ? { value: s.value } : {}),
    ...(d.note !== undefined ? { note: d.note } : {}),
    ...(d.attributes !== undefined ? { attributes: d.attributes } : {}),
    ...(d.relations !== undefined ? { relations: d.relations } : {}),
    line: d.line,
    column: d.column,
  };
}

/**
 * Accepts imported suggestions into `set` (inside one session mutation: one undo step) through
 * {@link applyImport}: each becomes an annotation with its entity, attributes, note, stance and
 * value; relations are set between the spans of one import that are annotations once this is
 * done: the chosen ones and those of `others` (the rest of the review, accepted earlier) that the
 * set already has at the same label and offsets. Returns the annotations added.
 * @throws RangeError when a chosen suggestion's quote is no longer at its offsets, or Error when the
 *   set refuses one (nothing is added: the session's mutation is all or nothing).
 */
export function acceptImported(
  set: AnnotationSet,
  chosen: readonly PendingSuggestion[],
  others: readonly PendingSuggestion[],
  provenance: Provenance,
): Annotation[] {
  const mine = chosen.filter((s) => s.imported);
  if (mine.length === 0) return [];
  const index = set.index;
  for (const s of mine) {
    if (s.end > index.codePointLength || index.slice(s.start, s.end) !== s.quote)
      throw new RangeError(
        l10n.t('the suggested {0} "{1}" is no longer at {2}..{3}; suggest again', s.label, s.quote, s.start, s.end),
      );
  }
  const keys = new Set(mine.map((s) => s.key));
  const rules = new Set(mine.map((s) => s.rule));
  const present = new Set(set.annotations.map((a) => `${a.label}\u0000${a.start}\u0000${a.end}`));
  const placed = others.filter(
    (s) =>
      s.imported && !keys.has(s.key) && rules.has(s.rule) && present.has(`${s.label}\u0000${s.start}\u0000${s.end}`),
  );
  const applied = applyImport(set, [...mine, ...placed].map(spanOf), provenance);
  if (applied.refused.length > 0) throw new Error(applied.refused.map((r) => r.message).join('; '));
  return applied.added;
}
