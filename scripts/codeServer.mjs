// Helpers that run a real VS Code on this kind of machine: code-server (VS Code 1.100 server and
// web workbench, installed by ensureTools.mjs) plus Debian's Chromium driven by playwright-core.
// Used by runIntegrationTests.mjs, start.mjs and (through a dynamic import) test/support/workbench.ts.
//
//   const server = await startCodeServer({ folder });          // { url, port, ..., stop() }
//   const { browser, page } = await openWorkbench({ url: server.url, folder, payload, onLog, onExit });
//   ...; await browser.close(); await server.stop();
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, chromiumPath } from './ensureTools.mjs';

/** Root of the repository (the folder above scripts/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Chromium flags that work on these machines (no GPU, no sandbox as root, offline). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

/** Settings written to every fresh user-data-dir (userSettings are merged over them). */
export const DEFAULT_USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.commandCenter': false,
};

const debug = !!process.env.HASHIYA_DEBUG;
const live = new Set(); // code-server process groups to kill if this process goes away
const tempPaths = new Set(); // temp folders made by tempCopy(), removed at exit unless removed before

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); return true; } catch { return false; }
}

function cleanupSync() {
  for (const entry of live) {
    killGroup(entry.pid, 'SIGKILL');
    for (const dir of entry.tempDirs) rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
  if (!process.env.HASHIYA_KEEP_TMP) for (const dir of tempPaths) rmSync(dir, { recursive: true, force: true });
  tempPaths.clear();
}

let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupSync);
  // code-server runs in its own process group (so stop() can kill its extension hosts too),
  // which means Ctrl+C in the terminal does not reach it: forward by cleaning up here.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, function onSignal() {
      cleanupSync();
      // If this is the only listener, keep the default behaviour (exit); otherwise let the
      // other listeners (mocha, the calling script) decide.
      if (process.listenerCount(signal) <= 1) process.exit(code);
    });
  }
}

/** An environment for code-server without the variables of a surrounding VS Code. */
function childEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    // VSCODE_IPC_HOOK_CLI makes code-server hand the folder to the VS Code it runs inside
    // (e.g. when started from a code-server or desktop terminal) instead of starting.
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return { ...env, ...extra };
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A sleep that does not keep the process alive (for races against a child's exit). */
const idle = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/**
 * Registers an empty language pack for `locale` in `userDataDir/languagepacks.json`. code-server
 * (VS Code 1.100) switches language only when a pack for it is registered there; without one,
 * `--locale ar` is silently ignored, `vscode.env.language` stays `en` and no extension loads its
 * Arabic bundle. Packs come from the marketplace, which these machines cannot reach; an empty one
 * leaves the workbench's own words English and lets extensions' translations apply.
 */
function stubLanguagePack(userDataDir, baseDir, locale) {
  const translations = path.join(baseDir, `language-pack-${locale}.i18n.json`);
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [locale]: {
      hash: `stub-${locale}`,
      extensions: [{ extensionIdentifier: { id: `hashiya-tests.language-pack-${locale}-stub` }, version: '0.0.1' }],
      translations: { vscode: translations },
      label: locale,
    },
  }));
}

/**
 * Starts code-server on a free port of 127.0.0.1, serving `folder`.
 * @param {object} o
 * @param {string} o.folder workspace folder (absolute or relative to the cwd)
 * @param {string} [o.extensionsDir] extensions folder to use (kept on stop); default a fresh temp one
 * @param {string} [o.userDataDir] user-data-dir to use (kept on stop); default a fresh temp one
 * @param {object} [o.userSettings] merged over DEFAULT_USER_SETTINGS into User/settings.json
 * @param {object[]} [o.userKeybindings] written to User/keybindings.json (e.g. a key for a command the benchmarks time)
 * @param {string[]} [o.extraArgs] more code-server arguments
 * @param {number} [o.timeoutMs] how long to wait for the HTTP port (default 90 s)
 * @param {boolean} [o.verbose] copy code-server's output to stderr (also HASHIYA_DEBUG=1)
 * @param {string} [o.host] address to bind (default 127.0.0.1)
 * @param {number} [o.port] port to bind (default: a free one)
 * @param {boolean} [o.workspaceTrust] keep workspace trust on (for restricted-mode tests; default off)
 * @param {string} [o.locale] display language such as 'ar': extensions then load their
 *   l10n/bundle.l10n.<locale>.json and package.nls.<locale>.json (see {@link stubLanguagePack})
 * @returns {Promise<{url: string, port: number, pid: number, folder: string, userDataDir: string,
 *   extensionsDir: string, baseDir: string, logFile: string, startMs: number,
 *   collectLogs(dest: string): void, stop(): Promise<void>}>}
 */
export async function startCodeServer({
  folder, extensionsDir, userDataDir, userSettings = {}, userKeybindings, extraArgs = [], timeoutMs = 90_000,
  verbose = debug, host = '127.0.0.1', port, workspaceTrust = false, locale,
} = {}) {
  if (!folder) throw new Error('startCodeServer: folder is required');
  folder = path.resolve(folder);
  const bin = codeServerBin();
  if (!existsSync(bin)) throw new Error(`code-server is not installed at ${bin}; run node scripts/ensureTools.mjs`);
  const t0 = Date.now();
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cs-'));
  const tempDirs = [baseDir];
  userDataDir = userDataDir ? path.resolve(userDataDir) : path.join(baseDir, 'user-data');
  extensionsDir = extensionsDir ? path.resolve(extensionsDir) : path.join(baseDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  let existing = {};
  try { existing = JSON.parse(readFileSync(settingsFile, 'utf8')); } catch { /* fresh */ }
  writeFileSync(settingsFile, JSON.stringify({ ...existing, ...DEFAULT_USER_SETTINGS, ...userSettings }, null, 2));
  if (userKeybindings) {
    writeFileSync(path.join(userDataDir, 'User', 'keybindings.json'), JSON.stringify(userKeybindings, null, 2));
  }
  if (locale) stubLanguagePack(userDataDir, baseDir, locale);
  // An empty config file: otherwise code-server writes ~/.config/code-server/config.yaml with a
  // generated password. XDG_DATA_HOME keeps its heartbeat and coder-logs out of the home folder.
  const configFile = path.join(baseDir, 'config.yaml');
  writeFileSync(configFile, '');
  const xdgData = path.join(baseDir, 'xdg-data');
  mkdirSync(xdgData, { recursive: true });

  port = port || await freePort();
  const args = [
    bin,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(locale ? ['--locale', locale] : []),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extraArgs,
    folder,
  ];
  const logFile = path.join(baseDir, 'code-server.log');
  const logStream = createWriteStream(logFile);
  const child = spawn(process.execPath, args, {
    cwd: folder,
    detached: true, // own process group: stop() kills code-server, its extension hosts, watchers
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({ XDG_DATA_HOME: xdgData }),
  });
  const entry = { pid: child.pid, tempDirs };
  live.add(entry);
  installExitHandlers();
  let tail = '';
  const onData = (chunk) => {
    logStream.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
    if (verbose) process.stderr.write(`[code-server] ${chunk}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));

  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      killGroup(child.pid, 'SIGTERM');
      const done = await Promise.race([exitPromise, idle(5000).then(() => null)]);
      if (!done) killGroup(child.pid, 'SIGKILL');
      await Promise.race([exitPromise, idle(2000)]);
    }
    // Stragglers of the group (extension host, file watcher) after the leader exited.
    killGroup(child.pid, 'SIGKILL');
    live.delete(entry);
    await new Promise((r) => logStream.end(r));
    if (!process.env.HASHIYA_KEEP_TMP) {
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  };

  // Wait until the HTTP server answers (/healthz is code-server's own health route).
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited (${JSON.stringify(exited)}) before serving:\n${tail}`);
    }
    const status = await httpStatus(`${url}/healthz`);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms:\n${tail}`);
    }
    await sleep(150);
  }
  const startMs = Date.now() - t0;

  /** Copies code-server's own log and VS Code's logs (exthost, remote agent) into dest. */
  const collectLogs = (dest) => {
    mkdirSync(dest, { recursive: true });
    try { cpSync(logFile, path.join(dest, 'code-server.log')); } catch { /* none */ }
    const vsLogs = path.join(userDataDir, 'logs');
    if (existsSync(vsLogs)) cpSync(vsLogs, path.join(dest, 'vscode-logs'), { recursive: true });
    const coderLogs = path.join(xdgData, 'code-server', 'coder-logs');
    if (existsSync(coderLogs)) cpSync(coderLogs, path.join(dest, 'coder-logs'), { recursive: true });
  };

  return { url, port, pid: child.pid, folder, userDataDir, extensionsDir, baseDir, logFile, startMs, collectLogs, stop };
}

/**
 * The text of the (remote) extension host's log of a code-server started with this userDataDir
 * (the newest USER_DATA/logs/<session>/exthost<N>/remoteexthost.log), or '' when there is none yet.
 * It records "Eager extensions activated" once the extension host is up, one line
 * "ExtensionService#_doActivateExtension <publisher.name>, ..." per activation, and activation errors.
 */
export function extensionHostLog(userDataDir) {
  const logs = path.join(userDataDir, 'logs');
  let best = null;
  let sessions = [];
  try { sessions = readdirSync(logs).sort(); } catch { return ''; }
  for (const session of sessions) {
    let hosts = [];
    try { hosts = readdirSync(path.join(logs, session)).filter((d) => /^exthost\d+$/.test(d)); } catch { continue; }
    hosts.sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
    for (const host of hosts) {
      const file = path.join(logs, session, host, 'remoteexthost.log');
      if (existsSync(file)) best = file;
    }
  }
  if (!best) return '';
  try { return readFileSync(best, 'utf8'); } catch { return ''; }
}

async function waitForLog(userDataDir, test, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = extensionHostLog(userDataDir);
    if (test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; extension host log:\n${text.slice(-3000)}`);
    await sleep(200);
  }
}

/** Waits until the extension host of a code-server has started and activated its '*' extensions. */
export function waitForExtensionHost(server, { timeoutMs = 60_000 } = {}) {
  return waitForLog(server.userDataDir, (t) => t.includes('Eager extensions activated'), 'the extension host', timeoutMs);
}

/**
 * Waits until the extension `publisher.name` has been activated in the extension host (code-server
 * logs activations at info level). Throws early if the log says its activation failed.
 */
export async function waitForExtensionActivation(server, extensionId, { timeoutMs = 60_000 } = {}) {
  const id = extensionId.toLowerCase();
  const text = await waitForLog(server.userDataDir, (t) => {
    const lower = t.toLowerCase();
    return lower.includes(`_doactivateextension ${id},`) || lower.includes(`activating extension '${id}' failed`)
      || lower.includes(`activating extension ${id} failed`);
  }, `the activation of ${extensionId}`, timeoutMs);
  const failure = text.split('\n').find((l) => /activating extension .* failed/i.test(l) && l.toLowerCase().includes(id));
  if (failure) throw new Error(`${extensionId} failed to activate: ${failure}\n${text.slice(-3000)}`);
  return text;
}

/**
 * Installs a packaged extension (.vsix) into extensionsDir with `code-server --install-extension`.
 * @returns {string} the CLI's output
 */
export function installVsix(vsixPath, extensionsDir, { userDataDir } = {}) {
  const bin = codeServerBin();
  const tmp = userDataDir ? null : mkdtempSync(path.join(os.tmpdir(), 'hashiya-cs-install-'));
  mkdirSync(extensionsDir, { recursive: true });
  try {
    const res = spawnSync(process.execPath, [
      bin,
      '--config', path.join(tmp ?? userDataDir, 'config.yaml'),
      '--user-data-dir', userDataDir ?? path.join(tmp, 'user-data'),
      '--extensions-dir', path.resolve(extensionsDir),
      '--install-extension', path.resolve(vsixPath),
      '--force',
    ], {
      encoding: 'utf8',
      env: childEnv(tmp ? { XDG_DATA_HOME: path.join(tmp, 'xdg-data') } : {}),
      timeout: 120_000,
    });
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`;
    if (res.status !== 0 || !/successfully installed/i.test(out)) {
      throw new Error(`installing ${vsixPath} failed (exit ${res.status}):\n${out}`);
    }
    return out;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** `vscode-remote://127.0.0.1:PORT/abs/path` for a path on the code-server machine. */
export function remoteUri(url, absPath) {
  const { host } = new URL(url);
  const p = path.resolve(absPath).split(path.sep).join('/');
  return `vscode-remote://${host}${p.startsWith('/') ? '' : '/'}${p}`;
}

/** The workbench URL for a folder, with an optional development payload ([name, value] pairs). */
export function workbenchUrl(url, folder, payload) {
  let u = `${url}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload && payload.length) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return u;
}

/**
 * Launches headless Chromium and opens the workbench of a running code-server.
 * @param {object} o
 * @param {string} o.url code-server base URL (from startCodeServer)
 * @param {string} o.folder workspace folder to open
 * @param {Array<[string, string]>} [o.payload] e.g. [['extensionDevelopmentPath', remoteUri(...)]]
 * @param {(type: string, args: unknown[]) => void} [o.onLog] exposed as window.codeAutomationLog
 * @param {(code: number) => void} [o.onExit] exposed as window.codeAutomationExit
 * @param {{width: number, height: number}} [o.viewport] default 1400x900
 * @param {boolean} [o.headless] default true (HASHIYA_HEADED=1 for a visible window, needs a display)
 * @param {boolean} [o.waitForWorkbench] wait for the workbench DOM (default true)
 * @returns {Promise<{browser: import('playwright-core').Browser,
 *   context: import('playwright-core').BrowserContext, page: import('playwright-core').Page,
 *   pageUrl: string, loadMs: number}>}
 */
export async function openWorkbench({
  url, folder, payload, onLog, onExit, viewport = { width: 1400, height: 900 },
  headless = !process.env.HASHIYA_HEADED, waitForWorkbench = true, timeoutMs = 60_000,
} = {}) {
  const { chromium } = await import('playwright-core');
  const t0 = Date.now();
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    if (onExit) await page.exposeFunction('codeAutomationExit', (code) => onExit(Number(code)));
    if (onLog) await page.exposeFunction('codeAutomationLog', (type, args) => onLog(String(type), args));
    const pageUrl = workbenchUrl(url, folder, payload);
    await page.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    if (waitForWorkbench) await page.locator('.monaco-workbench').first().waitFor({ timeout: timeoutMs });
    return { browser, context, page, pageUrl, loadMs: Date.now() - t0 };
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
}

/**
 * The labels the command palette shows for `filter` (e.g. 'Hashiya:'), after the palette has been
 * opened with F1. Closes the palette again.
 * @param {import('playwright-core').Page} page
 */
export async function paletteLabels(page, filter, { settleMs = 1500 } = {}) {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(filter);
  await page.waitForTimeout(settleMs);
  const labels = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
  await page.keyboard.press('Escape');
  return labels;
}

/**
 * Copies a folder (or nothing, for src null) to a fresh temp folder, so tests can write into their
 * workspace. The folder is removed at removeTemp() or, failing that, when this process exits.
 */
export function tempCopy(src, prefix = 'hashiya-ws-') {
  const dest = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempPaths.add(dest);
  installExitHandlers();
  if (src) cpSync(src, dest, { recursive: true });
  return dest;
}

/** Removes a folder made by tempCopy() (kept with HASHIYA_KEEP_TMP=1). */
export function removeTemp(dir) {
  tempPaths.delete(dir);
  if (!process.env.HASHIYA_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
}
