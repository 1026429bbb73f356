// `npm run bench`: speed and memory of the core on case B22, then the view in the real
// workbench (skip with --core-only). Benchmarks print numbers; they never fail a test run.
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const coreOnly = process.argv.includes('--core-only');
const core = ['bench/core.bench.ts', 'bench/reanchor.bench.ts', 'bench/analyst.bench.ts', 'bench/merge.bench.ts',
  'bench/agreement.bench.ts', 'bench/exchange.bench.ts', 'bench/articles.bench.ts', 'bench/scale.bench.ts'];
const entries = coreOnly ? core : [...core, 'bench/view.bench.ts', 'bench/articlesView.bench.ts'];
await esbuild.build({
  entryPoints: entries, outdir: 'out/bench', bundle: true, platform: 'node', format: 'cjs', target: 'node18',
  external: ['playwright-core'], logLevel: 'warning',
});
execFileSync(process.execPath, ['--expose-gc', 'out/bench/core.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/reanchor.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/analyst.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/merge.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/agreement.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/exchange.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/articles.bench.js'], { stdio: 'inherit' });
// issue 12: the command line on 1 MB / 10,000 annotations (needs dist/cli.js)
execFileSync(process.execPath, ['scripts/build.mjs', '--no-tests'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/scale.bench.js'], { stdio: 'inherit' });
if (!coreOnly) {
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-tests'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['out/bench/view.bench.js'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['out/bench/articlesView.bench.js'], { stdio: 'inherit' });
}
