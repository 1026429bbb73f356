/**
 * `hashiya agree <dirA> <dirB> [<dirC> …]`: the agreement of every pair of annotators (one folder
 * each, holding copies of the same articles with that annotator's sidecars) over the articles they
 * share, paired by their path relative to each folder. Measures: core/agreement; report formats:
 * core/agreement/agreementReport.ts; docs/agreement.md. Exit codes: 0 done, 1 a pair under a `--min-f1` threshold
 * (or files that could not be read), 2 wrong usage.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isLabel } from '../../core/model/annotation';
import { parseSidecar } from '../../core/format/sidecar';
import { codePointLength } from '../../core/text/offsets';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { textSha256 } from '../../core/text/textHash';
import { type AnnotatorArticle, type AnnotatorFolder, agreementOfFolders } from '../../core/agreement/annotatorFolders';
import { readSidecarBytes } from '../../node/nodeFiles';
import { schemaOf } from '../schemaFiles';
import { isFolder, pairsOf, readArticle, rel, unreadable } from '../pairs';
import {
  type Threshold, below, csvLines, humanLines, jsonReport, nothingCompared,
} from '../../core/agreement/agreementReport';
import * as l10n from '@vscode/l10n';

/** Options of `hashiya agree`. */
export interface AgreeOptions {
  json: boolean;
  csv: boolean;
  /** `--min-f1` values as typed: LABEL=F. */
  minF1: readonly string[];
  template: string;
}

/** Parses `--min-f1 LABEL=F` values; a message saying what is wrong with the first bad one. */
export function parseThresholds(
  values: readonly string[],
): { ok: true; thresholds: Threshold[] } | { ok: false; message: string } {
  const thresholds: Threshold[] = [];
  for (const value of values) {
    const m = /^([^=]+)=(.+)$/.exec(value);
    const f = m ? Number(m[2]) : NaN;
    if (!m || !isLabel(m[1]) || !/^\d*\.?\d+$/.test(m[2]) || !(f >= 0 && f <= 1)) {
      return {
        ok: false,
        message: l10n.t('hashiya agree: --min-f1 needs LABEL=F, a label id and a number from 0 to 1 (claim=0.8), not "{0}"', value),
      };
    }
    thresholds.push({ label: m[1], min: f });
  }
  return { ok: true, thresholds };
}

async function load(article: string, sidecar: string): Promise<AnnotatorArticle> {
  const text = readArticle(article);
  if (!text.ok) return { ok: false, message: text.message };
  const lookup = await schemaOf(article);
  if (!lookup.ok) {
    return { ok: false, message: l10n.t('its project schema {0} has problems (hashiya check lists them)', rel(lookup.file)) };
  }
  const read = await readSidecarBytes(sidecar);
  const why = unreadable(read);
  if (why) return { ok: false, message: why };
  if (read.kind !== 'bytes') return { ok: false, message: l10n.t('no sidecar') };
  const decoded = decodeUtf8(read.bytes);
  if (!decoded.ok) return { ok: false, message: l10n.t('the sidecar is {0}', decoded.message) };
  const parsed = parseSidecar(decoded.text, lookup.schema);
  if (!parsed.ok) return { ok: false, message: l10n.t('the sidecar has problems (hashiya check lists them)') };
  const hash = textSha256(text.text);
  const recorded = parsed.sidecar.text.sha256;
  if (recorded !== undefined && recorded !== hash) {
    return { ok: false, message: l10n.t('the article changed since it was annotated (run hashiya anchor)') };
  }
  const { annotations } = parsed.sidecar;
  return { ok: true, hash, length: codePointLength(text.text), annotations, schema: lookup.schema };
}

/** `hashiya agree`: returns the exit code. `out`: the report; `err`: usage errors and skipped articles. */
export async function agreeCommand(
  dirs: readonly string[],
  options: AgreeOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  if (dirs.length < 2) {
    err(l10n.t('hashiya agree: name at least two folders, one per annotator'));
    return 2;
  }
  if (options.json && options.csv) {
    err(l10n.t('hashiya agree: give --json or --csv, not both'));
    return 2;
  }
  for (const dir of dirs) {
    if (!isFolder(dir)) {
      err(l10n.t('hashiya agree: {0} is not a folder (name one folder per annotator)', dir));
      return 2;
    }
  }
  const resolved = dirs.map((d) => path.resolve(d));
  const twice = resolved.find((d, k) => resolved.indexOf(d) !== k);
  if (twice) {
    err(l10n.t('hashiya agree: the folder {0} is named twice', rel(twice)));
    return 2;
  }
  const thresholds = parseThresholds(options.minF1);
  if (!thresholds.ok) {
    err(thresholds.message);
    return 2;
  }
  let unreadableFiles = 0;
  // each annotator's articles by their path relative to the annotator's folder
  const articles: Map<string, { article: string; sidecar: string }>[] = [];
  for (const dir of resolved) {
    const { pairs, errors } = await pairsOf([dir], options.template);
    for (const e of errors) err(`hashiya: ${e}`);
    unreadableFiles += errors.length;
    articles.push(new Map(pairs.map((p) => [path.relative(dir, p.article).split(path.sep).join('/'), p])));
  }
  // an article one annotator left without a sidecar is said, not silently left out
  for (const [k, dir] of resolved.entries()) {
    for (const [j, other] of articles.entries()) {
      if (j === k) continue;
      for (const name of other.keys()) {
        if (!articles[k].has(name) && existsSync(path.join(dir, ...name.split('/')))) {
          err(l10n.t('{0}: skipped: no sidecar in {1}', name, rel(dir)));
        }
      }
    }
  }
  const folders: AnnotatorFolder[] = resolved.map((dir, k) => ({
    name: rel(dir),
    articles: new Map([...articles[k]].map(([name, p]) => [name, () => load(p.article, p.sidecar)])),
  }));
  const reports = await agreementOfFolders(folders, (article, reason) => err(l10n.t('{0}: skipped: {1}', article, reason)));
  const known = new Set(reports.flatMap((r) => [
    ...Object.keys(r.agreement.labels), ...r.articles.flatMap((row) => Object.keys(row.agreement.labels)),
  ]));
  const unknown = thresholds.thresholds.find((t) => !known.has(t.label));
  if (unknown && reports.some((r) => r.articles.length > 0)) {
    err(l10n.t('hashiya agree: --min-f1 names the label "{0}", which these articles do not have', unknown.label));
    return 2;
  }
  const lines = options.json ? jsonReport(reports, thresholds.thresholds)
    : options.csv ? csvLines(reports) : humanLines(reports, thresholds.thresholds);
  for (const line of lines) out(line);
  const under = reports.some((r) => thresholds.thresholds.some((t) => below(r.agreement, t))
    || nothingCompared(r, thresholds.thresholds));
  return under || unreadableFiles > 0 ? 1 : 0;
}
