// `npm test`: installs what is missing, builds, type-checks, then runs the unit tests (mocha in
// Node), the integration tests (mocha inside VS Code's extension host, through code-server and
// Chromium: scripts/runIntegrationTests.mjs), the web tests (the browser bundle in the web worker
// extension host, as on vscode.dev: runIntegrationTests.mjs --web; not with --grep) and the UI
// tests (Playwright against code-server, test/ui), and prints a summary. Exits non-zero if any step
// failed.
//
//   node scripts/test.mjs [--unit-only] [--skip-typecheck] [--skip-lint] [--skip-integration]
//                         [--skip-web] [--skip-ui] [--skip-install] [--skip-build] [--grep REGEXP]
//   (npm test -- --skip-ui ...)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './codeServer.mjs';
import { ensureTools } from './ensureTools.mjs';
import { runWithProgress } from './progress.mjs';

const { values: flags } = parseArgs({
  options: {
    'unit-only': { type: 'boolean', default: false },
    'skip-typecheck': { type: 'boolean', default: false },
    'skip-lint': { type: 'boolean', default: false },
    'skip-integration': { type: 'boolean', default: false },
    'skip-web': { type: 'boolean', default: false },
    'skip-ui': { type: 'boolean', default: false },
    'skip-install': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    grep: { type: 'string' },
  },
});
const runIntegration = !flags['unit-only'] && !flags['skip-integration'];
const runUi = !flags['unit-only'] && !flags['skip-ui'];
// the web worker has no environment to pass a --grep through: the web tests run without one only
const runWeb = !flags['unit-only'] && !flags['skip-web'] && !flags.grep;
const needTools = runIntegration || runWeb || runUi;

const t0 = Date.now();
const node = process.execPath;
const bin = (pkg, file) => path.join(repoRoot, 'node_modules', pkg, file);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const summary = [];
let failed = false;

function step(title) { process.stdout.write(`\n=== ${title}\n`); }

function run(cmd, args, { env } = {}) {
  const res = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.error) process.stderr.write(`${res.error.message}\n`);
  return res.status ?? 1;
}

function testFiles(dir) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(testFiles(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

/** Runs mocha on files with the stats reporter; returns { passes, failures, pending }. */
function mocha(label, files, extraArgs = []) {
  if (files.length === 0) {
    process.stdout.write(`(no ${label} test files)\n`);
    return { passes: 0, failures: 0, pending: 0 };
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hashiya-stats-'));
  const statsFile = path.join(tmp, 'stats.json');
  const args = [bin('mocha', 'bin/mocha.js'), '--reporter', path.join(repoRoot, 'scripts', 'mochaStatsReporter.cjs'),
    ...extraArgs, ...(flags.grep ? ['--grep', flags.grep] : []), ...files.map((f) => path.relative(repoRoot, f))];
  const status = run(node, args, { env: { HASHIYA_MOCHA_STATS: statsFile } });
  let stats = null;
  try { stats = JSON.parse(readFileSync(statsFile, 'utf8')); } catch { /* crashed before the end */ }
  rmSync(tmp, { recursive: true, force: true });
  if (!stats) stats = { passes: 0, failures: 1, pending: 0 };
  if (status !== 0 && stats.failures === 0) stats.failures = 1; // mocha failed outside any test
  return stats;
}

function record(label, stats) {
  const line = `${label}: ${stats.passes} passing, ${stats.failures} failing${stats.pending ? `, ${stats.pending} pending` : ''}`;
  process.stdout.write(`${line}\n`);
  summary.push({ label, ...stats, line });
  if (stats.failures > 0) failed = true;
}

try {
  if (!flags['skip-install']) {
    if (!existsSync(path.join(repoRoot, 'node_modules'))) {
      step('npm ci');
      if (await runWithProgress('test', 'npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot }) !== 0) throw new Error('npm ci failed');
    }
    if (needTools) {
      step('tools (Debian packages, code-server)');
      ensureTools();
    }
  }

  if (!flags['skip-build']) {
    step('build');
    const s = Date.now();
    if (run(node, ['scripts/build.mjs']) !== 0) throw new Error('build failed');
    process.stdout.write(`build: ok (${seconds(Date.now() - s)})\n`);
  }

  if (!flags['skip-typecheck']) {
    step('type-check');
    const tsc = bin('typescript', 'bin/tsc');
    const projects = ['tsconfig.json', 'src/webview/tsconfig.json', 'test/ui/tsconfig.json'].filter((p) => existsSync(path.join(repoRoot, p)));
    const bad = projects.filter((p) => run(node, [tsc, '-p', p]) !== 0);
    const line = bad.length ? `typecheck: failed (${bad.join(', ')})` : `typecheck: ok (${projects.join(', ')})`;
    process.stdout.write(`${line}\n`);
    summary.push({ label: 'typecheck', line, passes: 0, failures: 0, pending: 0 });
    if (bad.length) failed = true;
  }

  if (!flags['skip-lint']) {
    // the layering rules (eslint.config.mjs): errors fail the run; warnings (long files) are listed
    step('lint');
    const code = run(node, [bin('eslint', 'bin/eslint.js'), 'src', 'test']);
    const line = code === 0 ? 'lint: ok (eslint src test)' : 'lint: failed (eslint src test)';
    process.stdout.write(`${line}\n`);
    summary.push({ label: 'lint', line, passes: 0, failures: 0, pending: 0 });
    if (code !== 0) failed = true;
  }

  step('unit tests');
  record('unit', mocha('unit', testFiles(path.join(repoRoot, 'out', 'test', 'unit'))));

  if (runIntegration) {
    step('integration tests (extension host in code-server)');
    const files = testFiles(path.join(repoRoot, 'out', 'test', 'integration'));
    if (files.length === 0) {
      process.stdout.write('(no integration test files)\n');
      record('integration', { passes: 0, failures: 0, pending: 0 });
    } else {
      const { runIntegrationTests } = await import('./runIntegrationTests.mjs');
      const r = await runIntegrationTests({ grep: flags.grep });
      record('integration', { passes: r.passes, pending: r.pending,
        failures: r.exitCode !== 0 && r.failures === 0 ? 1 : r.failures });
    }
  }

  if (runWeb) {
    step('web tests (the browser bundle in the web worker extension host of code-server)');
    const { runIntegrationTests } = await import('./runIntegrationTests.mjs');
    const r = await runIntegrationTests({ web: true, tests: path.join(repoRoot, 'out', 'test', 'web', 'index') });
    record('web', { passes: r.passes, pending: r.pending, failures: r.exitCode !== 0 && r.failures === 0 ? 1 : r.failures });
  }

  if (runUi) {
    step('UI tests (Playwright against code-server)');
    record('ui', mocha('UI', testFiles(path.join(repoRoot, 'out', 'test', 'ui')), ['--timeout', '120000', '--exit']));
  }
} catch (err) {
  process.stdout.write(`\n${err?.message ?? err}\n`);
  summary.push({ label: 'error', line: `error: ${err?.message ?? err}`, passes: 0, failures: 1, pending: 0 });
  failed = true;
}

const totals = summary.reduce((t, s) => ({
  passes: t.passes + s.passes, failures: t.failures + s.failures, pending: t.pending + s.pending,
}), { passes: 0, failures: 0, pending: 0 });
if (failed && totals.failures === 0) totals.failures = 1; // a failed type-check counts
process.stdout.write('\n=== summary\n');
for (const s of summary) process.stdout.write(`${s.line}\n`);
process.stdout.write(`time: ${seconds(Date.now() - t0)}\n`);
// The last line in the plain 'N passed, N failed' form that CI reads.
process.stdout.write(`total: ${totals.passes} passed, ${totals.failures} failed${totals.pending ? `, ${totals.pending} skipped` : ''}\n`);
process.exit(failed ? 1 : 0);
