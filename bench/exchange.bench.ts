// Export of 1,000 articles (the sample article with its 21 annotations, 1,000 times under different names) in
// every format (target: <= 10 s each). Run: npm run bench (or node scripts/bench.mjs --core-only). Prints numbers.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSidecar } from '../src/core/format/sidecar';
import { NEWS_PRESET } from '../src/core/model/projectSchema';
import type { ExchangeDoc } from '../src/core/exchange/exchange';
import { EXPORT_FORMATS, exportDocs } from '../src/core/exchange/formats';
import { repoRoot } from '../test/support/fixtures';
import { medianMs } from './timing';

const root = repoRoot();
const text = readFileSync(path.join(root, 'samples', 'lavrov-kerry.txt'), 'utf8');
const parsed = parseSidecar(readFileSync(path.join(root, 'samples', 'lavrov-kerry.txt.annotations.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the sample sidecar does not parse');
const docs: ExchangeDoc[] = Array.from({ length: 1000 }, (_, i) => ({
  article: `articles/${i}/lavrov-kerry.txt`,
  text,
  annotations: parsed.sidecar.annotations,
  schema: NEWS_PRESET,
}));

for (const format of EXPORT_FORMATS) {
  const { ms } = medianMs(5, () => exportDocs(format, docs, { clitics: format === 'conll' }));
  console.log(`export of 1,000 articles (${parsed.sidecar.annotations.length} annotations each) as ${format}: ` +
    `median ${ms.toFixed(0)} ms of 5 runs (target <= 10,000 ms)`);
}
