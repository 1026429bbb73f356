// One esbuild script for every bundle: the extension hosts (Node CJS and web worker, `vscode` external), the
// webview (browser IIFE), the command line, and the test suites. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const onlyProduct = process.argv.includes('--no-tests');

function filesUnder(dir, suffix) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(filesUnder(full, suffix));
    else if (name.endsWith(suffix)) out.push(full);
  }
  return out;
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    // the web worker extension host (vscode.dev, github.dev): no Node built-in may be reached
    // (esbuild fails the build on one), see docs/browser-build.md
    ...common,
    entryPoints: { web: 'src/extension/extension.browser.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
  },
];

if (!onlyProduct) {
  const testExternal = ['vscode', 'mocha', 'playwright-core', 'vscode-textmate', 'vscode-oniguruma', 'esbuild', 'fast-check'];
  for (const suite of ['unit', 'integration', 'ui']) { // test/web: below
    const entries = filesUnder(`test/${suite}`, '.ts');
    if (entries.length === 0) continue;
    builds.push({
      ...common,
      sourcemap: 'inline',
      entryPoints: entries,
      outbase: 'test',
      outdir: 'out/test',
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      external: testExternal,
    });
  }
}

if (!onlyProduct) {
  // the web tests run in the web worker extension host: a browser bundle with mocha's browser build
  builds.push({
    ...common,
    sourcemap: 'inline',
    entryPoints: { 'test/web/index': 'test/web/index.ts' },
    outdir: 'out',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    external: ['vscode'],
  });
}

if (!watch && !onlyProduct) rmSync('out', { recursive: true, force: true });
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  process.stderr.write('[build] watching\n');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
