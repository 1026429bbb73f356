import { type ProjectSchema } from '../model/projectSchema';
import { decodeUtf8 } from '../text/textDecoding';
import { sidecarPairOf } from '../workspace/scan';
import { type WorkspaceFiles, basenameOf, dirnameOf } from '../workspace/workspaceFiles';
import { type ArticleRow, compareRows } from './articleList';
import { summariseSidecar } from './articleSummary';

/** Files Hashiya annotates, by name (as `isArticleDocument` does by extension). */
export const ARTICLE_FILE = /\.(txt|md|markdown)$/i;

/**
 * A project's own documents (README, NOTICE, LICENSE, CHANGELOG, GUIDELINES, CONTRIBUTING…):
 * listed as articles only once they have a sidecar (someone annotates them after all).
 */
export const PROJECT_DOCUMENT = /(?:^|\/)(?:readme|notice|licen[cs]e|copying|changelog|history|guidelines|contributing|authors|code_of_conduct|security)(?:\.[a-z]+)?\.(?:txt|md|markdown)$/i;

/** Sidecars read at once while listing. */
const READS_AT_ONCE = 32;

/**
 * The article an Articles view lists for each file of `paths` ('/' paths under `root`): every
 * article file (see {@link ARTICLE_FILE}; a project document, {@link PROJECT_DOCUMENT}, only with
 * a sidecar) and the article of every sidecar (per `template`, even when the article file is
 * missing), each once, with the sidecar's path when it has one.
 */
export function articlesOf(paths: readonly string[], template: string):
  Map<string, { article: string; sidecar?: string }> {
  const out = new Map<string, { article: string; sidecar?: string }>();
  const sidecars = new Set<string>();
  for (const path of paths) {
    const pair = sidecarPairOf(path, template);
    if (pair && pair.sidecar === path) {
      sidecars.add(path);
      out.set(pair.article, { article: pair.article, sidecar: pair.sidecar });
    }
  }
  for (const path of paths) {
    if (!ARTICLE_FILE.test(path) || sidecars.has(path) || out.has(path) || PROJECT_DOCUMENT.test(path)) continue;
    out.set(path, { article: path });
  }
  return out;
}

/**
 * Every article under `root` of `files` with its summary ({@link summariseSidecar} under
 * `schema`), in the view's order ({@link compareRows}); `folder` relative to `root`. A sidecar
 * that cannot be read gives a row with its `problem`. @throws when `root` cannot be listed.
 */
export async function listArticles(files: WorkspaceFiles, root: string, template: string, schema: ProjectSchema):
  Promise<ArticleRow[]> {
  const found = articlesOf(await files.list(root), template);
  const entries = [...found.values()];
  const rows: ArticleRow[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      const { article, sidecar } = entries[i]!;
      rows[i] = await rowOf(files, root, article, sidecar, schema);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, entries.length) }, worker));
  return rows.sort(compareRows);
}

async function rowOf(files: WorkspaceFiles, root: string, article: string, sidecar: string | undefined,
  schema: ProjectSchema): Promise<ArticleRow> {
  const relative = article.startsWith(`${root}/`) ? article.slice(root.length + 1) : article;
  const folder = relative.includes('/') ? dirnameOf(relative) : '';
  const name = basenameOf(article);
  try {
    const bytes = sidecar === undefined ? undefined : await files.read(sidecar);
    let source: string | undefined;
    if (bytes !== undefined) {
      const decoded = decodeUtf8(bytes);
      if (!decoded.ok) return { folder, name, problem: decoded.message };
      source = decoded.text;
    }
    const result = summariseSidecar(source, schema);
    return result.ok ? { folder, name, summary: result.summary }
      : { folder, name, problem: `${result.line}:${result.column} ${result.message}` };
  } catch (err) {
    return { folder, name, problem: err instanceof Error ? err.message : String(err) };
  }
}
