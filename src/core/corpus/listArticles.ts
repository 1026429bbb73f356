import { type ProjectSchema } from '../model/projectSchema';
import { decodeUtf8 } from '../text/textDecoding';
import { sidecarPairOf } from '../workspace/scan';
import { type WorkspaceFiles, basenameOf, dirnameOf } from '../workspace/workspaceFiles';
import { type ArticleRow, compareRows } from './articleList';
import { summariseSidecar } from './articleSummary';
import type { FileValueCache } from './fileValueCache';

/** What a listing knows of an article from its sidecar: its summary, or why the sidecar cannot be read. */
export type SidecarFacts = Omit<ArticleRow, 'folder' | 'name'>;

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
 * that cannot be read gives a row with its `problem`. With `cache`, a sidecar's facts are kept by
 * its path and stamp (modification time and size, one `stat`): a listing after one sidecar
 * changed reads only that one. @throws when `root` cannot be listed.
 */
export async function listArticles(files: WorkspaceFiles, root: string, template: string, schema: ProjectSchema,
  cache?: FileValueCache<SidecarFacts>): Promise<ArticleRow[]> {
  const found = articlesOf(await files.list(root), template);
  const entries = [...found.values()];
  const rows: ArticleRow[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      const { article, sidecar } = entries[i]!;
      const relative = article.startsWith(`${root}/`) ? article.slice(root.length + 1) : article;
      const place = { folder: relative.includes('/') ? dirnameOf(relative) : '', name: basenameOf(article) };
      rows[i] = { ...place, ...await factsOf(files, sidecar, schema, cache) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, entries.length) }, worker));
  if (cache) cache.retain(new Set(entries.flatMap((e) => (e.sidecar === undefined ? [] : [e.sidecar]))));
  return rows.sort(compareRows);
}

async function factsOf(files: WorkspaceFiles, sidecar: string | undefined, schema: ProjectSchema,
  cache: FileValueCache<SidecarFacts> | undefined): Promise<SidecarFacts> {
  if (sidecar === undefined) return sidecarFacts(undefined, schema);
  if (!cache) return readFacts(files, sidecar, schema);
  try {
    const stat = await files.stat(sidecar);
    return await cache.get(sidecar, () => readFacts(files, sidecar, schema), stat && `${stat.mtime}:${stat.size}`);
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

async function readFacts(files: WorkspaceFiles, sidecar: string, schema: ProjectSchema): Promise<SidecarFacts> {
  try {
    const bytes = await files.read(sidecar);
    let source: string | undefined;
    if (bytes !== undefined) {
      const decoded = decodeUtf8(bytes);
      if (!decoded.ok) return { problem: decoded.message };
      source = decoded.text;
    }
    return sidecarFacts(source, schema);
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

/** The facts of a sidecar's `source` (undefined: none) under `schema`: its summary, or its first problem. */
export function sidecarFacts(source: string | undefined, schema: ProjectSchema): SidecarFacts {
  const result = summariseSidecar(source, schema);
  return result.ok ? { summary: result.summary } : { problem: `${result.line}:${result.column} ${result.message}` };
}
