// The Articles view's listing of 1,000 annotated articles (issue 10: listed in <= 1 s from a cold
// start). Run: npm run bench. Each run lists a folder of 1,000 articles and their sidecars (58
// annotations each, ANERcorp) from disk as the view does: walk, read every sidecar, summarise.
// No cache is kept between runs; the first run is also reported on its own (JIT and modules cold).
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseSidecar } from '../src/core/format/sidecar';
import { NEWS_PRESET } from '../src/core/model/projectSchema';
import { listArticles } from '../src/core/corpus/listArticles';
import { summariseSidecar } from '../src/core/corpus/articleSummary';
import { DEFAULT_SIDECAR_TEMPLATE } from '../src/core/format/sidecarPath';
import { NodeWorkspaceFiles } from '../src/node/nodeWorkspaceFiles';
import { largeSidecar } from '../test/support/largeSidecar';
import { medianMs, medianMsAsync } from './timing';
import { writeCorpus } from './corpus';

const ARTICLES = 1000;

async function main(): Promise<void> {
  const { source } = largeSidecar(58);
  const root = mkdtempSync(path.join(tmpdir(), 'hashiya-articles-bench-'));
  try {
    writeCorpus(root, ARTICLES);
    // read plainly, as the view reads local sidecars (platform readLocalFile: no wait for writers)
    const files = Object.assign(new NodeWorkspaceFiles(), {
      read: (file: string) => readFile(file).then((b) => new Uint8Array(b), () => undefined),
    });
    const list = () => listArticles(files, root, DEFAULT_SIDECAR_TEMPLATE, NEWS_PRESET);
    const t = process.hrtime.bigint();
    const first = await list();
    const firstMs = Number(process.hrtime.bigint() - t) / 1e6;
    const median = await medianMsAsync(7, list);
    const done = first.filter((r) => r.summary?.status === 'done').length;
    console.log(`Articles view: ${first.length} articles (${done} done) listed cold in ${firstMs.toFixed(0)} ms; ` +
      `median of 7 further listings ${median.toFixed(0)} ms (target <= 1000 ms)`);
    const scan = medianMs(50, () => summariseSidecar(source));
    const parse = medianMs(20, () => parseSidecar(source));
    console.log(`  one 58-annotation sidecar: summary (line scan) ${scan.ms.toFixed(3)} ms, ` +
      `full parseSidecar ${parse.ms.toFixed(2)} ms (x1000: ${(parse.ms).toFixed(1)} s with the full parse)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
