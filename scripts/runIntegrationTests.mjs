// Runs the integration tests (out/test/integration/**/*.test.js, through the runner module
// out/test/integration/index.js) inside a real VS Code extension host: code-server serves VS Code
// 1.100 and headless Chromium opens its workbench with a development payload in the URL, the
// same way @vscode/test-electron runs them on a desktop. Build first (node scripts/build.mjs).
//
//   node scripts/runIntegrationTests.mjs [--workspace DIR] [--in-place] [--vsix FILE]
//        [--extension DIR] [--tests MODULE] [--grep REGEXP] [--timeout SECONDS] [--quiet]
//
//   --workspace DIR  folder to open; copied to a temp folder first unless --in-place
//                    (default: a temp copy of test/fixtures/workspace, or an empty temp folder)
//   --vsix FILE      install this packaged extension into a fresh extensions dir and test that
//                    instead of the sources (see the note at vsixPayload below)
//   --extension DIR  extension development folder (default: the repository)
//   --tests MODULE   test runner module without .js (default: out/test/integration/index)
//   --grep REGEXP    only tests whose full title matches (HASHIYA_GREP in the extension host)
//   --timeout SEC    give up after this long (default 600, or HASHIYA_INTEGRATION_TIMEOUT)
//   --web            run the web tests (out/test/web/index) in the web worker extension host, as
//                    vscode.dev would: the user setting remote.extensionKind moves Hashiya there
//                    (docs/browser-build.md); no --grep there (the worker has no environment)
//
// Prints mocha's output as it comes, then `integration: N passing, M failing`, and exits with
// the runner's exit code. On failure a screenshot and VS Code's logs go to test-results/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, inspect, parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  installVsix, openWorkbench, remoteUri, removeTemp, repoRoot, startCodeServer, tempCopy,
} from './codeServer.mjs';

const RESULT_PREFIX = 'HASHIYA_RESULT ';

function fmtMs(ms) { return `${(ms / 1000).toFixed(1)} s`; }

/**
 * Turns the arguments of codeAutomationLog into text. The workbench passes the arguments of the
 * extension host's console.log call as they were (e.g. mocha's ['  %d passing (%s)', 3, '117ms']),
 * so they are formatted the way Node's console would.
 */
function logText(args) {
  if (Array.isArray(args)) return format(...args);
  return typeof args === 'string' ? args : inspect(args);
}

// The workbench's own log lines arrive through the same channel as the extension host's console;
// these are the ones that say nothing about the tests (HASHIYA_DEBUG=1 shows them all).
const WORKBENCH_CHATTER = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:|Started local extension host|Extension host \(Remote\) is unresponsive|Extension host \(Remote\) is responsive)/;
const OFFLINE_NOISE = /open-vsx\.org|marketplace|ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/i;

/**
 * Runs the integration suite once. Resolves to { passes, failures, pending, exitCode, ms }.
 * @param {object} o
 * @param {string} [o.workspace] @param {boolean} [o.inPlace] @param {string} [o.vsix]
 * @param {string} [o.extension] @param {string} [o.tests] @param {string} [o.grep]
 * @param {number} [o.timeoutMs] @param {boolean} [o.quiet] @param {(line: string) => void} [o.print]
 */
export async function runIntegrationTests({
  workspace, inPlace = false, vsix, extension = repoRoot,
  tests = path.join(repoRoot, 'out', 'test', 'integration', 'index'),
  grep, timeoutMs = (Number(process.env.HASHIYA_INTEGRATION_TIMEOUT) || 600) * 1000,
  quiet = false, print = (line) => process.stdout.write(`${line}\n`), web = false,
} = {}) {
  const t0 = Date.now();
  const testsModule = path.resolve(tests).replace(/\.js$/, '');
  if (!existsSync(`${testsModule}.js`)) {
    throw new Error(`No test runner at ${testsModule}.js (run node scripts/build.mjs first)`);
  }
  // The workspace: tests may write into it, so they get a copy.
  const fixtures = path.join(repoRoot, 'test', 'fixtures', 'workspace');
  let folder;
  let ownFolder = false;
  if (workspace && inPlace) folder = path.resolve(workspace);
  else {
    folder = tempCopy(workspace ? path.resolve(workspace) : (existsSync(fixtures) ? fixtures : null));
    ownFolder = true;
  }

  if (grep) process.env.HASHIYA_GREP = grep; // inherited by code-server and its extension host

  let extensionsDir;
  let ownExtensionsDir = false;
  if (vsix) {
    extensionsDir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-ext-'));
    ownExtensionsDir = true;
    const out = installVsix(vsix, extensionsDir);
    if (!quiet) print(`[integration] ${out.trim().split('\n').pop()}`);
  }

  let server;
  let browser;
  let page;
  let result = null;
  let exitCode = 1;
  const seen = { passes: 0, failures: 0, pending: 0 }; // from the spec output, if no result line
  try {
    // the web worker extension host for Hashiya (its manifest has both "main" and "browser")
    const userSettings = web ? { 'remote.extensionKind': { 'hashiya.hashiya': ['web'] } } : {};
    server = await startCodeServer({ folder, extensionsDir, userSettings });
    if (!quiet) print(`[integration] code-server ${server.url} up in ${fmtMs(server.startMs)} (workspace ${folder})`);

    const payload = vsix
      ? vsixPayload(server.url, testsModule)
      : [
        ['extensionDevelopmentPath', remoteUri(server.url, extension)],
        ['extensionTestsPath', remoteUri(server.url, testsModule)],
      ];

    let resolveExit;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    const verbose = !!process.env.HASHIYA_DEBUG;
    const onLog = (type, args) => {
      const text = logText(args);
      const at = text.indexOf(RESULT_PREFIX);
      if (at >= 0) {
        try { result = JSON.parse(text.slice(at + RESULT_PREFIX.length).split('\n')[0]); } catch { /* not ours */ }
        return;
      }
      if (quiet) return;
      if (verbose) { print(`[${type}] ${text}`); return; }
      if (OFFLINE_NOISE.test(text) || WORKBENCH_CHATTER.test(text)) return;
      // An error of the workbench itself carries a stack into workbench.js: its first line is enough.
      if (/\/static\/out\/vs\//.test(text)) { print(`[workbench ${type}] ${text.split('\n')[0]}`); return; }
      // Counted in case the run never ends (a hung test): mocha spec marks.
      // (The closing list of failures comes as one multi-line text: not counted again.)
      if (!text.includes('\n')) {
        if (/^\s*[✔✅] /.test(text)) seen.passes += 1;
        else if (/^\s*\d+\) /.test(text)) seen.failures += 1;
        else if (/^\s*- /.test(text)) seen.pending += 1;
      }
      print(text);
    };
    const opened = await openWorkbench({
      url: server.url, folder, payload, onLog, onExit: (code) => resolveExit(code),
    });
    ({ browser, page } = opened);
    if (!quiet) print(`[integration] workbench loaded in ${fmtMs(opened.loadMs)}`);

    const remaining = Math.max(1000, timeoutMs - (Date.now() - t0));
    let timer;
    const code = await Promise.race([
      exited,
      new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), remaining); }),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      print(`[integration] timed out after ${fmtMs(timeoutMs)} waiting for the tests to finish`);
      exitCode = 1;
    } else {
      exitCode = code;
    }
    if (exitCode === 0 && result?.failures > 0) exitCode = 1;
    if (exitCode === 0 && !result) {
      print('[integration] the runner exited 0 but logged no HASHIYA_RESULT line');
    }
  } catch (err) {
    print(`[integration] ${err?.stack ?? err}`);
    exitCode = 1;
  } finally {
    if (exitCode !== 0) await saveArtifacts({ page, server, print });
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (ownFolder) removeTemp(folder);
    if (ownExtensionsDir) rmSync(extensionsDir, { recursive: true, force: true });
  }
  // Without the runner's result line (a hung or crashed run), count what the spec reporter showed,
  // plus one failure for the run that did not finish.
  const passes = result?.passes ?? seen.passes;
  const failures = result?.failures ?? (exitCode === 0 ? seen.failures : seen.failures + 1);
  const pending = result?.pending ?? seen.pending;
  const ms = Date.now() - t0;
  return { passes, failures, pending, exitCode, ms };
}

/**
 * The payload for testing an installed .vsix. The workbench runs extensionTestsPath and forwards
 * the extension host's output only in extension development mode, i.e. with an
 * extensionDevelopmentPath next to it (VS Code's extension host does the same on the desktop:
 * it ignores extensionTestsPath alone). So the development path points at the folder of the test
 * runner, which holds no package.json and so adds no extension: the extension under test is the
 * one installed from the .vsix into the extensions dir.
 */
function vsixPayload(url, testsModule) {
  return [
    ['extensionDevelopmentPath', remoteUri(url, path.dirname(testsModule))],
    ['extensionTestsPath', remoteUri(url, testsModule)],
  ];
}

async function saveArtifacts({ page, server, print }) {
  const dir = path.join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  if (page) {
    const file = path.join(dir, 'integration-failure.png');
    try {
      await page.screenshot({ path: file, timeout: 10_000 });
      print(`[integration] screenshot: ${path.relative(process.cwd(), file)}`);
    } catch (err) { print(`[integration] no screenshot: ${err.message}`); }
  }
  if (server) {
    const logs = path.join(dir, 'integration-logs');
    rmSync(logs, { recursive: true, force: true });
    try {
      server.collectLogs(logs);
      print(`[integration] logs: ${path.relative(process.cwd(), logs)}`);
    } catch { /* best effort */ }
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      'in-place': { type: 'boolean', default: false },
      vsix: { type: 'string' },
      extension: { type: 'string' },
      tests: { type: 'string' },
      grep: { type: 'string' },
      timeout: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      web: { type: 'boolean', default: false },
    },
  });
  const r = await runIntegrationTests({
    workspace: values.workspace,
    inPlace: values['in-place'],
    vsix: values.vsix,
    extension: values.extension ? path.resolve(values.extension) : undefined,
    tests: values.tests ?? (values.web ? path.join(repoRoot, 'out', 'test', 'web', 'index') : undefined),
    web: values.web,
    grep: values.grep,
    timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
    quiet: values.quiet,
  });
  console.log(`[integration] done in ${fmtMs(r.ms)} (exit code ${r.exitCode})`);
  console.log(`${values.web ? 'web' : 'integration'}: ${r.passes} passing, ${r.failures} failing`);
  process.exit(r.exitCode === 0 ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err?.stack ?? err);
    console.log('integration: 0 passing, 1 failing');
    process.exit(1);
  });
}

