// Helpers for Playwright UI tests (test/ui/*.test.ts, run by plain mocha in Node) against a real
// VS Code: code-server serving VS Code 1.100 and headless Chromium showing its workbench, with the
// extension loaded from this repository's sources (extensionDevelopmentPath) or from a .vsix.
// The process side (code-server, Chromium) lives in scripts/codeServer.mjs, imported at run time.
//
//   let wb: Workbench;
//   before(async () => { wb = await startWorkbench({ workspace: 'test/fixtures/workspace' }); });
//   after(async () => { await wb?.stop(); });
//   it('...', async () => {
//     await openFile(wb.page, 'notes.md');
//     await runCommand(wb.page, 'Hashiya: Something');
//     const frame = await webviewFrame(wb.page, '#root');
//     await waitForFile(path.join(wb.folder, 'notes.md.hashiya.json'), (t) => t.includes('"id"'));
//   });
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';

/**
 * The repository root: the first folder above this (compiled) file holding scripts/codeServer.mjs
 * (HASHIYA_REPO_ROOT overrides, for suites compiled outside the repository).
 */
export function repoRoot(): string {
  if (process.env.HASHIYA_REPO_ROOT) return path.resolve(process.env.HASHIYA_REPO_ROOT);
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'scripts', 'codeServer.mjs')) && fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`repository root not found above ${__dirname}`);
    dir = up;
  }
}

interface CodeServer {
  url: string;
  port: number;
  folder: string;
  userDataDir: string;
  extensionsDir: string;
  startMs: number;
  collectLogs(dest: string): void;
  stop(): Promise<void>;
}

interface CodeServerModule {
  startCodeServer(o: {
    folder: string;
    extensionsDir?: string;
    userSettings?: Record<string, unknown>;
    userKeybindings?: Array<{ key: string; command: string; when?: string }>;
    workspaceTrust?: boolean;
    locale?: string;
  }): Promise<CodeServer>;
  installVsix(vsix: string, extensionsDir: string): string;
  openWorkbench(o: {
    url: string;
    folder: string;
    payload?: Array<[string, string]>;
    viewport?: { width: number; height: number };
    onLog?: (type: string, args: unknown) => void;
  }): Promise<{ browser: Browser; page: Page; pageUrl: string; loadMs: number }>;
  remoteUri(url: string, absPath: string): string;
  extensionHostLog(userDataDir: string): string;
  waitForExtensionHost(server: CodeServer, o?: { timeoutMs?: number }): Promise<string>;
  waitForExtensionActivation(server: CodeServer, extensionId: string, o?: { timeoutMs?: number }): Promise<string>;
  tempCopy(src: string | null, prefix?: string): string;
}

async function codeServerModule(): Promise<CodeServerModule> {
  const file = path.join(repoRoot(), 'scripts', 'codeServer.mjs');
  // A computed specifier keeps esbuild from bundling the .mjs and keeps import() (CJS output can
  // load ESM only through import()).
  const specifier = pathToFileURL(file).href;
  return (await import(specifier)) as CodeServerModule;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  /** The workspace folder that is open (a temp copy unless inPlace). */
  folder: string;
  /** code-server's base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  /** The page URL (with the payload). */
  pageUrl: string;
  server: CodeServer;
  /** The extension host's log so far (activations, errors of extensions). */
  extensionHostLog(): string;
  /**
   * Waits until the extension `publisher.name` is activated (e.g. after opening a file or running
   * a command that activates it); throws with the log if its activation failed.
   */
  waitForActivation(extensionId: string, timeoutMs?: number): Promise<void>;
  /** Saves a screenshot under test-results/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the browser, stops code-server, removes the temp folders. */
  stop(): Promise<void>;
}

export interface StartWorkbenchOptions {
  /** Folder to open, absolute or relative to the repository root; copied to a temp folder. */
  workspace?: string;
  /** Open `workspace` itself instead of a temp copy. */
  inPlace?: boolean;
  /** Test this packaged extension (installed into a fresh extensions dir) instead of the sources. */
  vsix?: string;
  /** Extension development folder (default: the repository root). Ignored with vsix. */
  extensionPath?: string;
  /** Extra user settings. */
  userSettings?: Record<string, unknown>;
  /** User keybindings (User/keybindings.json), e.g. `[{ key: 'ctrl+alt+h', command: 'hashiya.openWithHashiya' }]`. */
  userKeybindings?: Array<{ key: string; command: string; when?: string }>;
  /** Keep workspace trust on, so an untrusted folder opens in restricted mode. */
  workspaceTrust?: boolean;
  /** Display language such as 'ar' (an empty language pack is registered for it; see scripts/codeServer.mjs). */
  locale?: string;
  viewport?: { width: number; height: number };
  /** Wait for the extension host to be up before returning (default true). */
  waitForExtensionHost?: boolean;
}

const resultsDir = () => path.join(repoRoot(), 'test-results');

/** Starts code-server and Chromium with the extension loaded, on a copy of `workspace`. */
export async function startWorkbench(options: StartWorkbenchOptions = {}): Promise<Workbench> {
  const cs = await codeServerModule();
  const root = repoRoot();
  const source = options.workspace ? path.resolve(root, options.workspace) : null;
  const ownFolder = !(source && options.inPlace);
  const folder = ownFolder ? cs.tempCopy(source, 'hashiya-ui-ws-') : (source as string);
  let extensionsDir: string | undefined;
  if (options.vsix) {
    extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-ui-ext-'));
    cs.installVsix(path.resolve(root, options.vsix), extensionsDir);
  }
  const server = await cs.startCodeServer({
    folder,
    extensionsDir,
    userSettings: options.userSettings,
    userKeybindings: options.userKeybindings,
    workspaceTrust: options.workspaceTrust,
    locale: options.locale,
  });
  const payload: Array<[string, string]> = options.vsix
    ? []
    : [['extensionDevelopmentPath', cs.remoteUri(server.url, path.resolve(root, options.extensionPath ?? '.'))]];
  let opened;
  try {
    opened = await cs.openWorkbench({ url: server.url, folder, payload, viewport: options.viewport });
  } catch (err) {
    await server.stop();
    throw err;
  }
  const { browser, page, pageUrl } = opened;
  if (options.waitForExtensionHost !== false) {
    try {
      await cs.waitForExtensionHost(server);
    } catch (err) {
      await browser.close().catch(() => undefined);
      await server.stop();
      throw err;
    }
  }
  let stopped = false;
  const wb: Workbench = {
    page,
    browser,
    folder,
    url: server.url,
    pageUrl,
    server,
    extensionHostLog: () => cs.extensionHostLog(server.userDataDir),
    async waitForActivation(extensionId: string, timeoutMs = 30_000) {
      await cs.waitForExtensionActivation(server, extensionId, { timeoutMs });
    },
    async screenshot(name: string) {
      fs.mkdirSync(resultsDir(), { recursive: true });
      const file = path.join(resultsDir(), `${name.replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await browser.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
      if (!process.env.HASHIYA_KEEP_TMP) {
        if (ownFolder) fs.rmSync(folder, { recursive: true, force: true });
        if (extensionsDir) fs.rmSync(extensionsDir, { recursive: true, force: true });
      }
    },
  };
  return wb;
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

async function openQuickInput(page: Page, key: string, timeout: number): Promise<void> {
  const widget = page.locator(QUICK_INPUT);
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout });
  }
  await page.keyboard.press(key);
  await widget.waitFor({ state: 'visible', timeout });
}

async function closeQuickInput(page: Page): Promise<void> {
  if (await page.locator(QUICK_INPUT).isVisible()) await page.keyboard.press('Escape');
}

/** The text of each `.label-name` in the visible quick-input rows, with each row's aria-label. */
async function quickRows(page: Page): Promise<Array<{ label: string; aria: string }>> {
  return page.locator(QUICK_ROWS).evaluateAll((rows) =>
    rows.map((row) => ({
      label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
      aria: row.getAttribute('aria-label') ?? '',
    })),
  );
}

/**
 * Runs a command by its title through the command palette (F1), e.g. 'Hashiya: Open Preview'.
 * Retries until the command shows up: contributed commands appear once the workbench has
 * scanned the extension. Throws with the titles that did show when it does not appear.
 */
export async function runCommand(page: Page, title: string, { timeout = 30_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    await openQuickInput(page, 'F1', Math.max(1000, deadline - Date.now()));
    await page.keyboard.type(title);
    // Rows update as the filter applies; give them a moment, then look for the exact title.
    const rowDeadline = Math.min(deadline, Date.now() + 2000);
    while (Date.now() < rowDeadline) {
      const rows = await quickRows(page);
      seen = rows.map((r) => r.label);
      const index = rows.findIndex((r) => r.label === title);
      if (index >= 0) {
        // the list may re-render between reading it and clicking (more results arrive on a busy
        // machine): a row that went away is looked up again
        const clicked = await page
          .locator(QUICK_ROWS)
          .nth(index)
          .click({ timeout: 2000 })
          .then(
            () => true,
            () => false,
          );
        if (!clicked) continue;
        await page
          .locator(QUICK_INPUT)
          .waitFor({ state: 'hidden', timeout: 5000 })
          .catch(() => undefined);
        return;
      }
      await page.waitForTimeout(150);
    }
    await closeQuickInput(page);
    await page.waitForTimeout(500);
  }
  throw new Error(`command "${title}" not found in the command palette; it showed: ${JSON.stringify(seen)}`);
}

/**
 * The titles the command palette (F1) lists for `filter`, once a row titled `expect` is among
 * them. Retries like runCommand: on a busy machine the first key may reach a webview that still
 * has focus, or the typed filter may start before the palette is open. Closes the palette.
 */
export async function paletteTitles(
  page: Page,
  filter: string,
  expect: string,
  { timeout = 30_000 } = {},
): Promise<string[]> {
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    await openQuickInput(page, 'F1', Math.max(1000, deadline - Date.now()));
    await page.keyboard.type(filter);
    const rowDeadline = Math.min(deadline, Date.now() + 3000);
    while (Date.now() < rowDeadline) {
      seen = (await quickRows(page)).map((r) => r.label);
      if (seen.includes(expect)) {
        await closeQuickInput(page);
        return seen;
      }
      await page.waitForTimeout(150);
    }
    await closeQuickInput(page);
    await page.waitForTimeout(500);
  }
  throw new Error(`"${expect}" not listed in the command palette for "${filter}"; it showed: ${JSON.stringify(seen)}`);
}

/**
 * Opens a workspace file through quick open (Ctrl+P) and waits for its tab to be active. Works
 * for text files and for files that open in a custom editor.
 */
export async function openFile(page: Page, relativePath: string, { timeout = 30_000 } = {}): Promise<void> {
  const rel = relativePath.split(path.sep).join('/');
  const base = path.posix.basename(rel);
  const dir = path.posix.dirname(rel);
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    await openQuickInput(page, 'Control+P', Math.max(1000, deadline - Date.now()));
    await page.keyboard.type(rel);
    const rowDeadline = Math.min(deadline, Date.now() + 5000);
    while (Date.now() < rowDeadline) {
      const rows = await quickRows(page);
      seen = rows.map((r) => r.aria);
      // A file row reads "name, folder/relative/to/workspace" (no folder part at the top level).
      const index = rows.findIndex((r) => r.label === base && (dir === '.' || r.aria.includes(dir)));
      if (index >= 0) {
        // the list may re-render between reading it and clicking (more results arrive on a busy
        // machine): a row that went away is looked up again
        const clicked = await page
          .locator(QUICK_ROWS)
          .nth(index)
          .click({ timeout: 2000 })
          .then(
            () => true,
            () => false,
          );
        if (!clicked) continue;
        // a row that moved between reading and clicking (results arriving on a busy machine: the
        // file's sidecar listed above it) opens another file: then quick open is tried again
        const opened = await page
          .locator(`.tabs-container .tab.active[data-resource-name="${cssString(base)}"]`)
          .first()
          .waitFor({ timeout: Math.max(1000, Math.min(10_000, deadline - Date.now())) })
          .then(
            () => true,
            () => false,
          );
        if (opened) return;
        break;
      }
      await page.waitForTimeout(150);
    }
    await closeQuickInput(page);
    await page.waitForTimeout(500);
  }
  throw new Error(`file "${relativePath}" not found through quick open; it showed: ${JSON.stringify(seen)}`);
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

/** True for the frame of a webview's outer document (…/webview/browser/pre/index.html). */
function isWebviewHost(frame: Frame | null): boolean {
  return !!frame && /\/webview\/browser\/pre\/index\.html/.test(frame.url());
}

/** The inner (content) frames of all webviews on the page, newest last. */
export async function webviewFrames(page: Page): Promise<Frame[]> {
  const out: Frame[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached() || !isWebviewHost(frame.parentFrame())) continue;
    // Each webview holds one 'active-frame' iframe and, while its HTML is being replaced, a
    // 'pending-frame'. Playwright's frame.name() keeps the name from creation, so ask the element.
    try {
      const element = await frame.frameElement();
      const id = await element.evaluate((e) => (e as Element).id);
      if (id === 'active-frame') out.push(frame);
    } catch {
      /* detached meanwhile */
    }
  }
  return out;
}

/**
 * Waits for the content frame of a webview (custom editor or panel) whose document has an
 * element matching `selector` (or for which `predicate(frame)` is true) and returns it.
 */
export async function webviewFrame(
  page: Page,
  match: string | ((frame: Frame) => Promise<boolean>),
  { timeout = 30_000 } = {},
): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of (await webviewFrames(page)).reverse()) {
      try {
        const ok = typeof match === 'string' ? (await frame.$(match)) !== null : await match(frame);
        if (ok) return frame;
      } catch {
        /* frame navigated or went away */
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no webview frame matching ${typeof match === 'string' ? match : 'the predicate'} within ${timeout} ms`,
      );
    }
    await page.waitForTimeout(200);
  }
}

/**
 * Waits until `file` exists and `predicate(content)` holds; returns the content. For files the
 * extension writes (sidecars, exports).
 */
export async function waitForFile(
  file: string,
  predicate: (content: string) => boolean = () => true,
  timeout = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last: string | undefined;
  for (;;) {
    try {
      last = fs.readFileSync(file, 'utf8');
      if (predicate(last)) return last;
    } catch {
      /* not there yet */
    }
    if (Date.now() > deadline) {
      throw new Error(
        last === undefined
          ? `${file} did not appear within ${timeout} ms`
          : `${file} did not reach the expected content within ${timeout} ms; it holds:\n${last.slice(0, 2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for a notification toast whose message contains `text`; returns its full message. */
export async function waitForNotification(page: Page, text: string, { timeout = 15_000 } = {}): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return (await toast.textContent()) ?? '';
}
