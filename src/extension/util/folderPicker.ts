/**
 * Picking several folders, one per annotator, in every host: the folder dialog picks many in
 * desktop VS Code, but one at a time in the built-in dialog of code-server and the web. So the
 * workspace's folders are offered in a quick pick of many (to a depth of three, hidden folders
 * and node_modules left out), with a row that opens the dialog, as often as wanted, for folders
 * outside the workspace. Reads through `workspace.fs`, so also in the web.
 */
import * as vscode from 'vscode';
import { plainText } from '../../core/presentation/inertText';
import { showQuickPick } from './uiDirection';

/** How deep below a workspace folder folders are offered. */
const DEPTH = 3;
/** At most this many folders are offered (a large workspace: the dialog row finds the others). */
const MOST = 500;

interface FolderRow extends vscode.QuickPickItem {
  uri?: vscode.Uri;
}

/** The folders below `root` (breadth first, to {@link DEPTH}), by their path relative to it. */
async function foldersBelow(root: vscode.Uri): Promise<{ uri: vscode.Uri; rel: string }[]> {
  const out: { uri: vscode.Uri; rel: string }[] = [];
  let level: { uri: vscode.Uri; rel: string }[] = [{ uri: root, rel: '' }];
  for (let depth = 0; depth < DEPTH && level.length > 0 && out.length < MOST; depth++) {
    const next: { uri: vscode.Uri; rel: string }[] = [];
    for (const folder of level) {
      let entries: [string, vscode.FileType][] = [];
      try {
        entries = await vscode.workspace.fs.readDirectory(folder.uri);
      } catch {
        continue; // a folder that cannot be listed is not offered
      }
      for (const [name, type] of entries.sort(([x], [y]) => x.localeCompare(y))) {
        if ((type & vscode.FileType.Directory) === 0 || name.startsWith('.') || name === 'node_modules') continue;
        next.push({ uri: vscode.Uri.joinPath(folder.uri, name), rel: folder.rel ? `${folder.rel}/${name}` : name });
      }
    }
    out.push(...next);
    level = next;
  }
  return out.slice(0, MOST);
}

/**
 * Asks for folders, one per annotator; resolves with them in the order picked (the workspace's
 * ones first, then those added with the dialog), or undefined when the analyst gave up.
 */
export async function pickAnnotatorFolders(options: { title: string; openLabel: string; root?: vscode.Uri }):
Promise<vscode.Uri[] | undefined> {
  const roots = options.root ? [options.root] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  const rows: FolderRow[] = [];
  for (const root of roots) {
    for (const f of await foldersBelow(root)) rows.push({ label: plainText(f.rel, 120), uri: f.uri });
  }
  const browse: FolderRow = {
    label: `$(folder-opened) ${vscode.l10n.t('Another folder, outside the workspace…')}`,
    alwaysShow: true,
  };
  const picked = await showQuickPick([...rows, browse], {
    canPickMany: true,
    title: options.title,
    placeHolder: vscode.l10n.t('Tick one folder per annotator (type to filter)'),
  });
  if (!picked) return undefined;
  const folders = picked.flatMap((row) => (row.uri ? [row.uri] : []));
  if (picked.includes(browse)) {
    // the dialog may pick one folder at a time: ask again until the analyst closes it
    for (;;) {
      const more = await vscode.window.showOpenDialog({
        canSelectFiles: false, canSelectFolders: true, canSelectMany: true, defaultUri: roots[0],
        openLabel: options.openLabel,
        title: vscode.l10n.t('{0} ({1} picked; close the dialog when done)', options.title, folders.length),
      });
      if (!more || more.length === 0) break;
      for (const uri of more) if (!folders.some((f) => f.toString() === uri.toString())) folders.push(uri);
    }
  }
  return folders;
}
