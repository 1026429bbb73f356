// Helpers for tests that run inside an extension host, Node's (test/integration) or the web
// worker's (test/web): only the `vscode` API, no Node built-in (the web tests are bundled for the
// browser).
import * as vscode from 'vscode';
import type { HashiyaApi } from '../../src/extension/activation';

/** The running extension's API (activating it if needed). */
export async function hashiya(): Promise<HashiyaApi> {
  const extension = vscode.extensions.getExtension<HashiyaApi>('hashiya.hashiya');
  if (!extension) throw new Error('Hashiya is not installed in this extension host');
  return extension.isActive ? extension.exports : extension.activate();
}

/** URI of a file in the test workspace. */
export function ws(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeout` ms. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeout = 10000,
): Promise<T> {
  const until = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens a workspace article in a text editor and waits until Hashiya has loaded it. */
export async function openArticle(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(ws(name));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const api = await hashiya();
  await waitFor(() => api.sessions.open(document), `Hashiya to load ${name}`);
  return editor;
}

/** Selects UTF-16 offsets [start, end) (anchor at `start`) in an editor. */
export function select(editor: vscode.TextEditor, anchor: number, active: number): void {
  editor.selection = new vscode.Selection(editor.document.positionAt(anchor), editor.document.positionAt(active));
}

/** Selects the first occurrence of `needle` (after `from`) in an editor; `backwards` drags from its end. */
export function selectText(editor: vscode.TextEditor, needle: string, backwards = false, from = 0): void {
  const at = editor.document.getText().indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" is not in ${editor.document.uri.path}`);
  if (backwards) select(editor, at + needle.length, at);
  else select(editor, at, at + needle.length);
}

/** Closes all editors. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
