// Helpers of the web tests: only the `vscode` API and Hashiya's browser-safe modules (no Node).
import * as vscode from 'vscode';
import { type Sidecar, parseSidecar } from '../../src/core/format/sidecar';
import type { HashiyaApi } from '../../src/extension/activation';

/** Throws `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual` and `expected` have the same JSON. */
export function checkSame(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** The running extension's API (activating it if needed). */
export async function hashiya(): Promise<HashiyaApi> {
  const extension = vscode.extensions.getExtension<HashiyaApi>('hashiya.hashiya');
  check(extension, 'Hashiya is not installed in this extension host');
  return extension.isActive ? extension.exports : extension.activate();
}

/** URI of a file in the test workspace. */
export function ws(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, 'the web tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeout` ms. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeout = 10000,
): Promise<T> {
  const until = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A workspace file's text (UTF-8), or undefined when there is none. */
export async function readText(name: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(ws(name)));
  } catch {
    return undefined;
  }
}

/** Writes a workspace file (UTF-8) through `workspace.fs`. */
export async function writeText(name: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(ws(name), new TextEncoder().encode(text));
}

/** The parsed sidecar of a workspace article, or undefined when it does not exist or is invalid. */
export async function readSidecar(article: string): Promise<Sidecar | undefined> {
  const text = await readText(`${article}.annotations.yaml`);
  if (text === undefined) return undefined;
  const parsed = parseSidecar(text);
  return parsed.ok ? parsed.sidecar : undefined;
}

/** Opens a workspace article in a text editor and waits until Hashiya has loaded it. */
export async function openArticle(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(ws(name));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const api = await hashiya();
  await waitFor(() => api.sessions.open(document), `Hashiya to load ${name}`);
  return editor;
}

/** Selects the first occurrence of `needle` in an editor (UTF-16 offsets, as the editor counts). */
export function selectText(editor: vscode.TextEditor, needle: string): void {
  const at = editor.document.getText().indexOf(needle);
  check(at >= 0, `"${needle}" is not in ${editor.document.uri.path}`);
  editor.selection = new vscode.Selection(
    editor.document.positionAt(at),
    editor.document.positionAt(at + needle.length),
  );
}

/** Closes all editors. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
