// `npm start`: builds the extension and opens samples/ in a VS Code with it loaded from source.
// - With a desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <repo>/samples`.
// - Otherwise (or with --web or --locale): code-server on 127.0.0.1; it takes the development path
//   only from the page URL (a `payload` parameter), so this prints that URL, checks in headless
//   Chromium that the extension really loads there (its commands in the palette, its activation
//   in the extension host), and keeps serving until Ctrl+C.
//   --web runs Hashiya in the web worker extension host, as vscode.dev does (its browser bundle);
//   --locale ar shows VS Code and Hashiya in Arabic (code-server needs a language pack for it:
//   an empty one is registered, so VS Code's own words may stay English).
//
//   node scripts/start.mjs [--web] [--locale LANG] [--port N] [--folder DIR] [--watch] [--no-check]
//   (npm start -- --port 8080)
import { spawn, spawnSync } from 'node:child_process';
import { runWithProgress } from './progress.mjs';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  openWorkbench, paletteLabels, remoteUri, repoRoot, startCodeServer, waitForExtensionActivation,
  waitForExtensionHost, workbenchUrl,
} from './codeServer.mjs';
import { ensureTools } from './ensureTools.mjs';

const USAGE = `usage: npm start -- [--web] [--locale LANG] [--port N] [--folder DIR] [--watch] [--no-check]
  --web          Hashiya in the web worker extension host, as on vscode.dev (code-server)
  --locale LANG  VS Code's display language, e.g. ar (code-server)
  --port N       code-server's port (default: a free one)
  --folder DIR   the folder to open (default: samples/)
  --watch        rebuild on every change (then "Developer: Reload Window")
  --no-check     do not check in a headless browser that Hashiya loads`;

let parsed;
try {
  parsed = parseArgs({
    options: {
      web: { type: 'boolean', default: false },
      locale: { type: 'string' },
      port: { type: 'string' },
      folder: { type: 'string' },
      watch: { type: 'boolean', default: false },
      'no-check': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (err) {
  process.stderr.write(`[start] ${err.message}\n${USAGE}\n`);
  process.exit(2);
}
const flags = parsed.values;
if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (flags.locale !== undefined && !/^[a-z]{2,3}(-[a-z0-9]+)?$/i.test(flags.locale)) {
  process.stderr.write(`[start] --locale needs a language tag such as ar or en, not "${flags.locale}"\n${USAGE}\n`);
  process.exit(2);
}
if (flags.port !== undefined && !/^\d+$/.test(flags.port)) {
  process.stderr.write(`[start] --port needs a number, not "${flags.port}"\n${USAGE}\n`);
  process.exit(2);
}

const log = (msg) => process.stdout.write(`[start] ${msg}\n`);
const node = process.execPath;

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

/** The desktop `code` launcher, or null (the remote CLI of a code-server/remote terminal is not one). */
function desktopCode() {
  const res = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const found = res.stdout?.trim();
  if (!found || /remote-cli|code-server/.test(found)) return null;
  return found;
}

/** The manifest's commands as the palette shows them ("Category: Title", %keys% resolved). */
function manifestCommands(locale) {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  let nls = {};
  try { nls = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')); } catch { /* none */ }
  if (locale) {
    try {
      nls = { ...nls, ...JSON.parse(readFileSync(path.join(repoRoot, `package.nls.${locale}.json`), 'utf8')) };
    } catch { /* not translated: English */ }
  }
  const str = (v) => {
    if (typeof v === 'object' && v) v = v.value;
    const m = /^%(.+)%$/.exec(v ?? '');
    return m ? (nls[m[1]] ?? v) : v;
  };
  const id = `${pkg.publisher}.${pkg.name}`;
  const commands = (pkg.contributes?.commands ?? []).map((c) => ({
    id: c.command, category: str(c.category), title: str(c.title),
    label: c.category ? `${str(c.category)}: ${str(c.title)}` : str(c.title),
  }));
  return { id, commands };
}

function firstFile(dir) {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isFile() && !/\.(md|json|ya?ml)$/i.test(name)) return name;
  }
  return null;
}

/** Opens the page headless and checks that the extension is there and activates. */
async function check(server, folder, payload) {
  const t0 = Date.now();
  const { id, commands } = manifestCommands(flags.locale);
  const { browser, page, loadMs } = await openWorkbench({ url: server.url, folder, payload });
  try {
    await waitForExtensionHost(server);
    log(`check: workbench loaded in ${(loadMs / 1000).toFixed(1)} s, extension host up after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (commands.length) {
      const category = commands[0].category ?? commands[0].title;
      const shown = await paletteLabels(page, category);
      const expected = commands.map((c) => c.label);
      const found = expected.filter((l) => shown.includes(l));
      if (found.length === 0) throw new Error(`none of the extension's commands is in the palette (it shows ${JSON.stringify(shown)})`);
      log(`check: ${category} commands are in the palette (${found.length} shown now; the others appear once an article is open)`);
    }
    // Open a sample so that activation events like onLanguage fire, then wait for the activation.
    const file = firstFile(folder);
    if (file) {
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
      await page.keyboard.type(file);
      await page.locator('.quick-input-widget .monaco-list-row').first().waitFor();
      await page.keyboard.press('Enter');
    }
    if (flags.web) {
      // the web worker host writes no log here: its commands in the palette after opening a file say it runs
      log(`check: ${id} was loaded for the web worker extension host (activations there are not logged; its commands above say it is there)`);
    } else {
      await waitForExtensionActivation(server, id, { timeoutMs: 30_000 });
      log(`check: ${id} is active${file ? ` (after opening ${file})` : ''}`);
    }
  } finally {
    await browser.close().catch(() => {});
  }
}

async function main() {
  if (!existsSync(path.join(repoRoot, 'node_modules'))) {
    if (await runWithProgress('start', 'npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot }) !== 0) throw new Error('npm ci failed');
  }
  const code = flags.web || flags.locale ? null : desktopCode();
  if (!code) ensureTools();

  let watcher = null;
  if (flags.watch) {
    // esbuild's watch mode builds once, then on every change; reload the window to pick it up.
    watcher = spawn(node, ['scripts/build.mjs', '--watch'], { cwd: repoRoot, stdio: 'inherit' });
    await new Promise((r) => setTimeout(r, 3000));
  } else {
    log('build');
    run(node, ['scripts/build.mjs']);
  }

  const samples = path.join(repoRoot, 'samples');
  const folder = path.resolve(flags.folder ?? (existsSync(samples) ? samples : repoRoot));

  if (code) {
    log(`${code} --extensionDevelopmentPath=${repoRoot} ${folder}`);
    run(code, [`--extensionDevelopmentPath=${repoRoot}`, folder]);
    if (!watcher) return;
    log('watching for changes; Ctrl+C to stop');
    await new Promise(() => {});
  }

  // The sample folder is opened as it is (not a copy): annotations made there are kept.
  // a user-data folder kept between runs (like a desktop VS Code's): settings, and the
  // annotations Hashiya keeps in its storage when a sidecar cannot be written, survive Ctrl+C
  const userDataDir = path.join(os.homedir(), '.cache', 'hashiya', 'start-user-data');
  const server = await startCodeServer({
    folder,
    userDataDir,
    port: flags.port ? Number(flags.port) : undefined,
    locale: flags.locale,
    // the web worker extension host for Hashiya, as vscode.dev runs it (docs/browser-build.md); the
    // setting is kept in the user data between runs, so a run without --web sets it back
    userSettings: { 'remote.extensionKind': flags.web ? { 'hashiya.hashiya': ['web'] } : {} },
  });
  const payload = [['extensionDevelopmentPath', remoteUri(server.url, repoRoot)]];
  const url = workbenchUrl(server.url, folder, payload);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    watcher?.kill();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  log(`code-server ${server.url} serving ${folder} (started in ${(server.startMs / 1000).toFixed(1)} s)`);

  if (!flags['no-check']) {
    try {
      await check(server, folder, payload);
    } catch (err) {
      // a busy or slow machine can outlast the check's patience: the workbench is usually fine
      log(`the start-up check could not confirm Hashiya in a headless browser (${err?.message ?? err}); open the URL`);
      log('below and look for "Hashiya" in the command palette. On a busy machine this check is often only slow.');
    }
  }
  log('open this whole URL (its payload loads Hashiya; the bare http://host:port/ opens VS Code without it).');
  if (folder === samples) {
    log('Through a port forward, change only host:port. samples/ is opened in place: what you annotate is');
    log('saved there (git checkout samples/ restores it).');
  } else {
    log(`Through a port forward, change only host:port. ${folder} is opened in place.`);
  }
  log(`VS Code's user data (settings, annotations Hashiya had to keep) stays in ${userDataDir}.`);
  process.stdout.write(`\n  ${url}\n\n`);
  log('after a rebuild, run "Developer: Reload Window" in that page. Ctrl+C stops code-server.');
  await new Promise(() => {});
}

main().catch((err) => {
  process.stderr.write(`[start] ${err?.stack ?? err}\n`);
  process.exit(1);
});
