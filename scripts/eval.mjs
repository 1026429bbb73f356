// `npm run eval`: measures the suggestions against gold written by others (a benchmark, not a test).
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';

await esbuild.build({ entryPoints: ['bench/eval.ts'], outdir: 'out/bench', bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' });
execFileSync(process.execPath, ['out/bench/eval.js', ...process.argv.slice(2)], { stdio: 'inherit' });
