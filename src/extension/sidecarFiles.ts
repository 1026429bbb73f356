import * as vscode from 'vscode';
import type { SidecarStorage } from '../core/sidecarSession';
import { articleNameOfSidecar, sidecarGlob, sidecarRelativePath } from '../core/sidecarPath';
import { decodeUtf8 } from '../core/textDecoding';
import { MAX_SIDECAR_LENGTH, tooLargeMessage } from '../core/sidecar';
import { symlinkProblem, writeFileAtomic } from '../cli/nodeFiles';

const encoder = new TextEncoder();

/** The sidecar URI of an article, per the `hashiya.sidecar.template` setting. */
export function sidecarUriOf(article: vscode.Uri, template: string): vscode.Uri {
  const folder = vscode.Uri.joinPath(article, '..');
  const name = article.path.slice(article.path.lastIndexOf('/') + 1);
  return vscode.Uri.joinPath(folder, ...sidecarRelativePath(name, template).split('/'));
}

/** Base name of a URI's path. */
export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** True when something exists at `uri` (file or folder). */
export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** True when `err` is a FileSystemError for a missing file. */
function isNotFound(err: unknown): boolean {
  return err instanceof vscode.FileSystemError && err.code === 'FileNotFound'
    || (err as { code?: string })?.code === 'FileNotFound' || (err as { code?: string })?.code === 'ENOENT';
}

/**
 * {@link SidecarStorage} on `vscode.workspace.fs`, writing through a temporary file and a rename
 * (for files on disk with Node's fs, fsync included).
 */
export class WorkspaceSidecarStorage implements SidecarStorage {
  constructor(readonly uri: vscode.Uri) {}

  async read(): Promise<string | undefined> {
    // a link that loops or points to nothing is an error to show, not "no sidecar" (which would be written over it)
    const link = this.uri.scheme === 'file' ? symlinkProblem(this.uri.fsPath) : undefined;
    if (link) throw new Error(link);
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(this.uri);
      if (stat.type & vscode.FileType.Directory) throw new Error(`${baseName(this.uri)} is a folder, not a sidecar file`);
      if (stat.size > MAX_SIDECAR_LENGTH) throw new Error(tooLargeMessage(stat.size));
      bytes = await vscode.workspace.fs.readFile(this.uri);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) throw new Error(`${baseName(this.uri)} is ${decoded.message}`);
    return decoded.text;
  }

  async write(content: string): Promise<void> {
    if (this.uri.scheme === 'file') {
      // on disk: Node's temporary file, fsync and rename (the CLI's writer). A rename through
      // workspace.fs is reported to the Explorer as a move from a file it never listed, and the
      // sidecar then disappears from it although it is on disk.
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.uri, '..'));
      writeFileAtomic(this.uri.fsPath, content);
      return;
    }
    const folder = vscode.Uri.joinPath(this.uri, '..');
    await vscode.workspace.fs.createDirectory(folder);
    const suffix = Math.random().toString(36).slice(2, 10);
    const temp = vscode.Uri.joinPath(folder, `.${baseName(this.uri)}.${suffix}.tmp`);
    await vscode.workspace.fs.writeFile(temp, encoder.encode(content));
    try {
      await vscode.workspace.fs.rename(temp, this.uri, { overwrite: true });
    } catch (err) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      throw err;
    }
  }
}

/** A sidecar of the workspace and the article it belongs to (which may be missing). */
export interface SidecarFile {
  sidecarUri: vscode.Uri;
  articleUri: vscode.Uri;
  articleName: string;
}

/** Every sidecar in the workspace (per `template`), sorted by path; node_modules left out. */
export async function workspaceSidecars(template: string, max = 5000): Promise<SidecarFile[]> {
  const found = await vscode.workspace.findFiles(sidecarGlob(template), '**/node_modules/**', max);
  const segments = template.split('/').length;
  const out: SidecarFile[] = [];
  for (const sidecarUri of found.sort((a, b) => a.path.localeCompare(b.path))) {
    const parts = sidecarUri.path.split('/');
    const articleName = articleNameOfSidecar(parts.slice(-segments).join('/'), template);
    if (!articleName) continue;
    out.push({ sidecarUri, articleName, articleUri: vscode.Uri.joinPath(sidecarUri, ...Array(segments).fill('..'), articleName) });
  }
  return out;
}
