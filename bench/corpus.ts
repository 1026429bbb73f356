// A folder of annotated articles for the Articles view's benchmarks (articles.bench.ts, articlesView.bench.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { largeSidecar } from '../test/support/largeSidecar';

const STATUSES = ['', 'done', 'needs-review', 'adjudicated'];

/**
 * Writes `count` articles (ANERcorp, about 1,900 words) with sidecars of `annotations` annotations
 * each into `root`, 100 to a folder (`batch-00`, ...); every fourth has no status, the others
 * done, needs review or adjudicated in turn.
 */
export function writeCorpus(root: string, count: number, annotations = 58): void {
  const { text, source } = largeSidecar(annotations);
  for (let i = 0; i < count; i++) {
    const folder = path.join(root, `batch-${String(Math.floor(i / 100)).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const name = `article-${String(i).padStart(4, '0')}.txt`;
    writeFileSync(path.join(folder, name), text);
    const status = STATUSES[i % STATUSES.length];
    const sidecar = source
      .replace(/file: "[^"]*"/, `file: "${name}"`)
      .replace(/\nannotations:/, status ? `\nstatus:\n  value: "${status}"\n  by: "bench"\nannotations:` : '\nannotations:');
    writeFileSync(path.join(folder, `${name}.annotations.yaml`), sidecar);
  }
}
