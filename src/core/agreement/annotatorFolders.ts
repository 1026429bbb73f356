/**
 * Agreement over annotators' folders: each annotator has a folder with copies of the same articles
 * and their own sidecars; articles are paired by their path relative to each folder, and every
 * pair of annotators is measured over the articles both have with the same text (by hash). How a
 * folder is listed and read is the caller's (Node's file system for the CLI, `workspace.fs` in VS
 * Code), so that both report the same.
 */
import type { Annotation } from '../model/annotation';
import type { ProjectSchema } from '../model/projectSchema';
import { type Agreement, type PairTally, addTally, agreementLabels, emptyTally, summarize, tallyText } from './agreement';
import type { PairReport } from './agreementReport';
import * as l10n from '@vscode/l10n';

/**
 * One annotator's article, read: its text's SHA-256 and length (code points), its annotations and
 * the project schema they were read under; or why it could not be read.
 */
export type AnnotatorArticle =
  | { ok: true; hash: string; length: number; annotations: Annotation[]; schema: ProjectSchema }
  | { ok: false; message: string };

/** One annotator: a name for the report, and their articles by path relative to their folder ('/'). */
export interface AnnotatorFolder {
  name: string;
  articles: ReadonlyMap<string, () => Promise<AnnotatorArticle>>;
}

/**
 * The agreement of every pair of `folders` (in order: 1–2, 1–3, 2–3, …) over the articles they
 * share, with one row per article and the articles skipped (unreadable, or their text differs);
 * `skipped` is also told of each as it is found. Each article is read once.
 */
export async function agreementOfFolders(
  folders: readonly AnnotatorFolder[],
  skipped: (article: string, reason: string) => void = () => undefined,
): Promise<PairReport[]> {
  const cache = new Map<string, Promise<AnnotatorArticle>>();
  const read = (k: number, article: string): Promise<AnnotatorArticle> => {
    const key = `${k}\u0000${article}`;
    let found = cache.get(key);
    if (!found) {
      found = folders[k].articles.get(article)!();
      cache.set(key, found);
    }
    return found;
  };
  const reports: PairReport[] = [];
  for (let i = 0; i < folders.length; i++) {
    for (let j = i + 1; j < folders.length; j++) {
      const shared = [...folders[i].articles.keys()].filter((a) => folders[j].articles.has(a)).sort();
      const total: PairTally = emptyTally();
      const rows: { article: string; agreement: Agreement }[] = [];
      const skips: { article: string; reason: string }[] = [];
      for (const article of shared) {
        const [x, y] = [await read(i, article), await read(j, article)];
        let reason: string | undefined;
        if (!x.ok) reason = l10n.t('in {0}: {1}', folders[i].name, x.message);
        else if (!y.ok) reason = l10n.t('in {0}: {1}', folders[j].name, y.message);
        else if (x.hash !== y.hash) {
          reason = l10n.t('its text differs between {0} and {1} (text hash)', folders[i].name, folders[j].name);
        }
        if (reason !== undefined || !x.ok || !y.ok) {
          skipped(article, reason ?? '');
          skips.push({ article, reason: reason ?? '' });
          continue;
        }
        const labels = agreementLabels(x.schema, x.annotations, y.annotations);
        const tally = tallyText(x, y, x.schema, labels);
        rows.push({ article, agreement: summarize(tally) });
        addTally(total, tally);
      }
      const [a, b] = [folders[i].name, folders[j].name];
      reports.push({ a, b, agreement: summarize(total), articles: rows, skipped: skips });
    }
  }
  return reports;
}
