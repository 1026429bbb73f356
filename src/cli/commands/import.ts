/**
 * `hashiya import --format <jsonl|labelstudio|brat|w3c> <file> --article <txt> [--write]`: reads
 * another tool's annotations of one article, checks each against the text (its quote at its
 * offsets, code points) and prints what would be added, as suggestions; with --write adds the
 * matching ones to the article's sidecar through a SidecarSession (merged with what is there,
 * compare-and-swap writes). What does not match is reported at its place in the file, never placed.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnnotationSet } from '../../core/model/annotationSet';
import { type ImportResult, ExchangeSyntaxError } from '../../core/exchange/exchange';
import { type ImportFormat } from '../../core/exchange/formats';
import { type ImportApplied, applyImport, placeImported } from '../../core/exchange/importPlacement';
import { readImportFile } from '../../core/exchange/importSuggestions';
import { SidecarSession } from '../../core/session/sidecarSession';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { NodeSidecarStorage, sidecarPathOf } from '../../node/nodeFiles';
import { schemaOf } from '../schemaFiles';
import { readArticle, rel } from '../pairs';
import * as l10n from '@vscode/l10n';

/** What `hashiya import` was asked. */
export interface ImportRequest {
  format: ImportFormat;
  file: string;
  article: string;
  write: boolean;
  template: string;
  /** Recorded as the `author` of every annotation added (--author, else the system user name). */
  author?: string;
}

/** The spans of `source` in `format`, for the article's `text`. @throws ExchangeSyntaxError */
function readImport(format: ImportFormat, source: string, text: string, article: string): ImportResult {
  return readImportFile(format, source, text, path.basename(article), pathToFileURL(path.resolve(article)).href);
}

/** `hashiya import`: returns the exit code (2 bad input, nothing changed; 1 something not placed; 0 all placed). */
export async function importCommand(req: ImportRequest, out: (line: string) => void, err: (line: string) => void):
Promise<number> {
  const file = rel(req.file);
  let source: string;
  try {
    const decoded = decodeUtf8(readFileSync(req.file));
    if (!decoded.ok) throw new Error(decoded.message);
    source = decoded.text;
  } catch (e) {
    err(`${file}:1:1: ${l10n.t('cannot be read: {0}', (e as Error).message)}`);
    return 2;
  }
  const article = readArticle(req.article);
  if (!article.ok) {
    err(`${rel(req.article)}:1:1: ${article.message}`);
    return 2;
  }
  const lookup = await schemaOf(req.article);
  if (!lookup.ok) {
    err(`${rel(lookup.file)}:1:1: ${l10n.t('the project schema has problems (hashiya check lists them); nothing imported')}`);
    return 2;
  }
  let read: ImportResult;
  try {
    read = readImport(req.format, source, article.text, req.article);
  } catch (e) {
    if (!(e instanceof ExchangeSyntaxError)) throw e;
    err(`${file}:${e.line}:${e.column}: ${l10n.t('{0}; nothing imported', e.message)}`);
    return 2;
  }
  for (const note of read.notes) out(`${file}:${note.line}:${note.column}: ${note.message}`);
  const placement = placeImported(article.text, read.spans);
  for (const m of placement.misplaced) {
    const s = m.span;
    const found = m.found === undefined ? '' : ` ${l10n.t('(the article has {0} there)', JSON.stringify(m.found))}`;
    out(`${file}:${s.line}:${s.column}: ${s.label} ${s.start}..${s.end} ${JSON.stringify(s.quote ?? '')}: ` +
      `${l10n.t('{0}; not placed', m.message)}${found}`);
  }
  const sidecar = sidecarPathOf(req.article, req.template);
  const session = new SidecarSession(new NodeSidecarStorage(sidecar), path.basename(req.article), article.text,
    lookup.schema);
  const state = await session.load();
  if (state.kind === 'broken') {
    for (const p of state.problems) out(`${rel(sidecar)}:${p.line}:${p.column}: ${p.message}`);
    out(l10n.t('{0}: not valid, nothing imported', rel(sidecar)));
    return 1;
  }
  const provenance = { author: req.author, now: new Date().toISOString() };
  let applied: ImportApplied;
  if (req.write && placement.matching.length > 0) {
    try {
      applied = await session.mutate((set) => applyImport(set, placement.matching, provenance),
        l10n.t('import annotations'));
    } catch (e) {
      out(`${rel(sidecar)}:1:1: ${l10n.t('not written: {0}', (e as Error).message)}`);
      return 1;
    }
  } else {
    const copy = new AnnotationSet(article.text, session.set.annotations);
    copy.schema = lookup.schema;
    applied = applyImport(copy, placement.matching, provenance);
  }
  const name = rel(req.article);
  for (const a of applied.added) {
    const word = req.write ? l10n.t('added') : l10n.t('suggested');
    out(`${name}: ${word} ${a.label} ${a.start}..${a.end} ${JSON.stringify(a.quote)}`);
  }
  for (const r of applied.refused) {
    const s = r.span;
    out(`${file}:${s.line}:${s.column}: ${s.label} ${s.start}..${s.end}: ${l10n.t('{0}; not placed', r.message)}`);
  }
  for (const d of applied.relationsDropped) {
    out(`${file}:${d.span.line}:${d.span.column}: ${l10n.t('relation {0} of {1} not set: {2}', d.name, d.span.ref, d.message)}`);
  }
  const summary = l10n.t('{0} to add, {1} already in the sidecar, {2} not placed', applied.added.length,
    applied.already.length, placement.misplaced.length + applied.refused.length);
  const written = !req.write ? l10n.t('nothing written (--write adds them)')
    : applied.added.length + applied.already.length > 0 ? l10n.t('wrote {0}', rel(sidecar))
      : l10n.t('nothing to write');
  out(`${name}: ${summary}${l10n.t('; ')}${written}`);
  if (!req.write && applied.added.length > 0) {
    out(l10n.t('to review them one by one: in VS Code, "Hashiya: Import Annotations…" shows them as suggestions'));
  }
  return placement.misplaced.length + applied.refused.length > 0 ? 1 : 0;
}
