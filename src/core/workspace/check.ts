import { anchorToText } from '../anchoring/anchoring';
import {
  type ProjectSchema, annotationSchemaProblems, labelDef, madeUnderOlderDefinition,
} from '../model/projectSchema';
import { relationEntries, relationProblem } from '../model/relations';
import { locateInSidecar, parseSidecar } from '../format/sidecar';
import { textFileProblem } from '../format/sidecarPath';
import { sidecarConflicts } from '../merge/conflict';
import { decodeArticle, decodeUtf8 } from '../text/textDecoding';
import { type SidecarPair } from './scan';
import { type WorkspaceFiles, basenameOf } from './workspaceFiles';
import * as l10n from '@vscode/l10n';

/**
 * One finding of `hashiya check` in a sidecar, at a line and column of it (1-based): a problem
 * (the sidecar is not valid) or an annotation to review (made under an older definition of its label).
 */
export interface CheckFinding {
  kind: 'problem' | 'review';
  line: number;
  column: number;
  message: string;
}

/** An article's text, or why there is none ("the article is missing"...). */
export type ArticleRead = { ok: true; text: string } | { ok: false; message: string };

/** What one sidecar is checked against. */
export interface SidecarCheckInput {
  /** The sidecar's text. */
  source: string;
  /** The article's path ('/' separators); its last segment is the name `text.file` must give. */
  article: string;
  /** The project schema it is annotated under, and the file it comes from (none: the preset). */
  schema: ProjectSchema;
  schemaFile?: string;
  /** Reads the article, only when the sidecar parses. */
  readArticle(): Promise<ArticleRead>;
  /** A path as shown in messages (the CLI: relative to the current folder). */
  display(path: string): string;
}

/** What {@link checkSidecarSource} found: findings in sidecar order, and orphaned annotations kept (not problems). */
export interface SidecarCheck {
  findings: CheckFinding[];
  orphans: number;
}

/**
 * Checks a sidecar as `hashiya check` does: it parses under its schema, has no recorded merge
 * conflict, belongs to its article and fits its text (quotes at their code-point offsets, the
 * text's sha256 and length), its relations hold and its attributes are the schema's; annotations
 * made under an older definition of their label are listed for review.
 */
export async function checkSidecarSource(input: SidecarCheckInput): Promise<SidecarCheck> {
  const { source, schema } = input;
  const findings: CheckFinding[] = [];
  let orphans = 0;
  const at = (where: { line: number; column: number }, message: string, kind: CheckFinding['kind'] = 'problem') => {
    findings.push({ kind, line: where.line, column: where.column, message });
  };
  const parsed = parseSidecar(source, schema);
  if (!parsed.ok) {
    for (const p of parsed.problems) at(p, p.message);
    return { findings, orphans };
  }
  // recorded merge conflicts: errors at their conflict: key, until resolved
  for (const c of sidecarConflicts(source, parsed.sidecar)) at(c, c.message);
  const article = await input.readArticle();
  const name = basenameOf(input.article);
  const otherArticle = textFileProblem(parsed.sidecar.text.file, name);
  if (!article.ok) {
    at(locateInSidecar(source, ['text', 'file'], ''), `${article.message}: ${input.display(input.article)}`);
    return { findings, orphans };
  }
  if (otherArticle) {
    // another article's annotations: not checked against this text (anchor refuses it too)
    at(locateInSidecar(source, ['text', 'file'], ''), otherArticle);
    return { findings, orphans };
  }
  const anchored = anchorToText(article.text, parsed.sidecar);
  if (!anchored.ok) {
    for (const p of anchored.problems) at(locateInSidecar(source, p.path, p.message), p.message);
  } else if (anchored.textChanged) {
    at(locateInSidecar(source, ['text', 'sha256'], ''), l10n.t(
      '{0} changed since these annotations were saved (sha256 or length differs); run: hashiya anchor {1}',
      name, input.display(input.article)));
  } else {
    orphans += anchored.orphaned.length;
  }
  // relations that do not hold and attributes the schema does not have (core/model/relations, core/model/projectSchema)
  const byId = new Map(parsed.sidecar.annotations.map((a) => [a.id, a]));
  parsed.sidecar.annotations.forEach((a, i) => {
    for (const entry of relationEntries(a)) {
      const problem = relationProblem(schema, a, entry.name, entry.target, byId);
      if (problem) at(locateInSidecar(source, ['annotations', i, ...entry.path], ''), problem);
    }
    for (const p of annotationSchemaProblems(schema, a)) {
      at(locateInSidecar(source, ['annotations', i, ...p.path], ''), p.message);
    }
    if (!schema.preset && madeUnderOlderDefinition(schema, a.label, a.schemaVersion)) {
      const unrecorded = a.schemaVersion === undefined;
      const where = locateInSidecar(source, ['annotations', i, unrecorded ? 'label' : 'schemaVersion'], '');
      const revised = String(labelDef(schema, a.label)?.revised);
      const quote = JSON.stringify(a.quote);
      const file = input.display(input.schemaFile!);
      at(where, unrecorded
        ? l10n.t('review: {0} {1} {2} was made under an unrecorded schema version; {3} revised {0} in version {4}',
          a.label, a.id, quote, file, revised)
        : l10n.t('review: {0} {1} {2} was made under schema version {3}; {4} revised {0} in version {5}',
          a.label, a.id, quote, String(a.schemaVersion), file, revised), 'review');
    }
  });
  return { findings, orphans };
}

/** What `hashiya check` counted over sidecars (and entity registries), for its summary line. */
export interface CheckCounts {
  valid: number;
  invalid: number;
  problems: number;
  orphans: number;
  review: number;
  registries?: { checked: number; invalid: number; problems: number };
}

/** The one summary line of `hashiya check` ("checked 3 sidecars: 2 valid, 1 with problems (4 problems)..."). */
export function checkSummaryLine(counts: CheckCounts): string {
  const { valid, invalid, problems, orphans, review } = counts;
  const problemCount = (n: number) => n === 1 ? l10n.t('{0} problem', n) : l10n.t('{0} problems', n);
  const checked = [valid + invalid, valid, invalid, problemCount(problems)];
  const clauses = [valid + invalid === 1 ? l10n.t('checked {0} sidecar: {1} valid, {2} with problems ({3})', ...checked)
    : l10n.t('checked {0} sidecars: {1} valid, {2} with problems ({3})', ...checked)];
  if (orphans) {
    clauses.push(orphans === 1 ? l10n.t('{0} orphaned annotation kept', orphans)
      : l10n.t('{0} orphaned annotations kept', orphans));
  }
  if (review) clauses.push(l10n.t('{0} made under an older definition of their label, to review', review));
  const registries = counts.registries ?? { checked: 0, invalid: 0, problems: 0 };
  if (registries.checked > 0) {
    const args = [registries.checked, registries.checked - registries.invalid, registries.invalid,
      problemCount(registries.problems)];
    clauses.push(registries.checked === 1
      ? l10n.t('{0} entity registry: {1} valid, {2} with problems ({3})', ...args)
      : l10n.t('{0} entity registries: {1} valid, {2} with problems ({3})', ...args));
  }
  return clauses.join(l10n.t('; '));
}

/** An article read from `files` as the CLI reads it: missing, a folder, not a file, or not UTF-8 text are reasons. */
export async function readArticleFrom(files: WorkspaceFiles, path: string): Promise<ArticleRead> {
  const stat = await files.stat(path);
  if (!stat) return { ok: false, message: l10n.t('the article is missing') };
  if (stat.kind === 'folder') return { ok: false, message: l10n.t('the article is a folder, not a file') };
  if (stat.kind !== 'file') return { ok: false, message: l10n.t('the article is not a regular file') };
  let bytes: Uint8Array | undefined;
  try {
    bytes = await files.read(path);
  } catch (err) {
    return { ok: false, message: l10n.t('the article cannot be read: {0}', (err as Error).message) };
  }
  if (bytes === undefined) return { ok: false, message: l10n.t('the article is missing') };
  const decoded = decodeArticle(bytes);
  return decoded.ok ? { ok: true, text: decoded.text }
    : { ok: false, message: l10n.t('the article is {0}', decoded.message) };
}

/** The findings of one sidecar of a workspace. */
export interface PairCheck {
  pair: SidecarPair;
  findings: CheckFinding[];
}

/** The findings of one pair's sidecar in `files` (undefined: it has none); adds its orphans to `counts`. */
async function checkPair(files: WorkspaceFiles, pair: SidecarPair,
  schemaOf: (article: string) => Promise<{ schema: ProjectSchema; file?: string }>, display: (path: string) => string,
  counts: CheckCounts): Promise<CheckFinding[] | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await files.read(pair.sidecar);
  } catch (err) {
    return [{ kind: 'problem', line: 1, column: 1,
      message: l10n.t('the sidecar cannot be read: {0}', (err as Error).message) }];
  }
  if (bytes === undefined) return undefined;
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return [{ kind: 'problem', line: 1, column: 1, message: l10n.t('the sidecar is {0}', decoded.message) }];
  }
  const { schema, file } = await schemaOf(pair.article);
  const checked = await checkSidecarSource({
    source: decoded.text, article: pair.article, schema, schemaFile: file, display,
    readArticle: () => readArticleFrom(files, pair.article),
  });
  counts.orphans += checked.orphans;
  return checked.findings;
}

/**
 * Checks the sidecars of `pairs` in `files` under the schema `schemaOf` gives each article:
 * findings per sidecar (a pair without a sidecar is left out) and the summary counts.
 * @throws what `schemaOf` throws.
 */
export async function checkSidecars(files: WorkspaceFiles, pairs: readonly SidecarPair[],
  schemaOf: (article: string) => Promise<{ schema: ProjectSchema; file?: string }>,
  display: (path: string) => string = (p) => p): Promise<{ results: PairCheck[]; counts: CheckCounts }> {
  const counts: CheckCounts = { valid: 0, invalid: 0, problems: 0, orphans: 0, review: 0 };
  const results: PairCheck[] = [];
  for (const pair of pairs) {
    const findings = await checkPair(files, pair, schemaOf, display, counts);
    if (!findings) continue;
    const problems = findings.filter((f) => f.kind === 'problem').length;
    counts.problems += problems;
    counts.review += findings.length - problems;
    if (problems > 0) counts.invalid++;
    else counts.valid++;
    results.push({ pair, findings });
  }
  return { results, counts };
}
