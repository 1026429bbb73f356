// `npm run bench`: speed and memory of the core on case B22, then the view in the real
// workbench (skip with --core-only). Benchmarks print numbers; they never fail a test run.
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const coreOnly = process.argv.includes('--core-only');
const core = ['bench/core.bench.ts', 'bench/reanchor.bench.ts', 'bench/analyst.bench.ts', 'bench/merge.bench.ts',
  'bench/agreement.bench.ts', 'bench/exchange.bench.ts', 'bench/articles.bench.ts', 'bench/sidecarIo.bench.ts',
  'bench/workspace.bench.ts', 'bench/scale.bench.ts'];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const entries = coreOnly ? core
  : [...core, 'bench/view.bench.ts', 'bench/articlesView.bench.ts', 'bench/workspaceView.bench.ts',
    'bench/browserView.bench.ts'];
await esbuild.build({
  entryPoints: only ? [`bench/${only}.bench.ts`] : entries, outdir: 'out/bench', bundle: true, platform: 'node', format: 'cjs', target: 'node18',
  external: ['playwright-core'], logLevel: 'warning',
});
if (only) {
  // one benchmark alone: node scripts/bench.mjs --only browserView
  if (!core.includes(`bench/${only}.bench.ts`)) execFileSync(process.execPath, ['scripts/build.mjs', '--no-tests'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['--expose-gc', `out/bench/${only}.bench.js`], { stdio: 'inherit' });
  process.exit(0);
}
execFileSync(process.execPath, ['--expose-gc', 'out/bench/core.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/reanchor.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/analyst.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/merge.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/agreement.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/exchange.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/articles.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['--expose-gc', 'out/bench/sidecarIo.bench.js'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/workspace.bench.js'], { stdio: 'inherit' });
// issue 12: the command line on 1 MB / 10,000 annotations (needs dist/cli.js)
execFileSync(process.execPath, ['scripts/build.mjs', '--no-tests'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/bench/scale.bench.js'], { stdio: 'inherit' });
if (!coreOnly) {
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-tests'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['out/bench/view.bench.js'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['out/bench/articlesView.bench.js'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['out/bench/workspaceView.bench.js'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['out/bench/browserView.bench.js'], { stdio: 'inherit' });
}
