import * as vscode from 'vscode';
import { hashiyaTempFileName } from '../../core/workspace/scan';
import { platform } from '../platform/platform';
import {
  type BytesWriteOutcome,
  type FileStat,
  type WorkspaceFiles,
  basenameOf,
  holdsBytes,
  joinPath,
} from '../../core/workspace/workspaceFiles';

/** Folders never listed: they hold no articles (the same as the searches' exclusion). */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** Folders listed at once by a walk. */
const LISTINGS_AT_ONCE = 16;

/** `n` random bytes as hex digits. */
export function randomHex(n: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/**
 * The writer named in the temporary files written through `workspace.fs` (6 hex digits, random
 * per extension host): no host name is known there, so they are cleaned up by age only (STALE_MS).
 */
const FS_WRITER = randomHex(3);

/**
 * {@link WorkspaceFiles} on `vscode.workspace.fs`: paths are the URI paths of one file system
 * (the scheme and authority of `base`), so it works wherever VS Code reaches files, the web
 * included (vscode.dev, github.dev). Listing walks folders with `readDirectory` (node_modules and
 * .git left out): the web has no file search for every file system. The compare-and-swap write
 * is best effort: the file is compared right before the rename of a temporary file; a change
 * landing in between is not seen (`workspace.fs` has no atomic primitive for it).
 */
export class VscodeWorkspaceFiles implements WorkspaceFiles {
  /** @param base any URI of the file system (its scheme and authority are used). */
  constructor(private readonly base: vscode.Uri) {}

  /** The URI of `path` on this file system. */
  uriOf(path: string): vscode.Uri {
    return this.base.with({ path, query: '', fragment: '' });
  }

  async list(folder: string, filter: (path: string) => boolean = () => true): Promise<string[]> {
    const out: string[] = [];
    // breadth first, a few folders at a time: a remote file system answers each listing slowly
    let level: string[] = [folder];
    let top = true;
    while (level.length > 0) {
      const next: string[] = [];
      for (let i = 0; i < level.length; i += LISTINGS_AT_ONCE) {
        const batch = level.slice(i, i + LISTINGS_AT_ONCE);
        const listed = await Promise.all(batch.map((dir) => this.entries(dir, top)));
        listed.forEach((entries, k) => {
          for (const [name, type] of entries) {
            const path = joinPath(batch[k], name);
            if (type & vscode.FileType.Directory) {
              // a link to a folder is not followed: it may loop
              if (!SKIPPED_FOLDERS.has(name) && !(type & vscode.FileType.SymbolicLink)) next.push(path);
            } else if (type & vscode.FileType.File && filter(path)) {
              out.push(path);
            }
          }
        });
      }
      level = next;
      top = false;
    }
    return out.sort();
  }

  /** The entries of `dir`; a folder below the one listed that cannot be listed holds nothing to show. */
  private async entries(dir: string, top: boolean): Promise<[string, vscode.FileType][]> {
    try {
      return await vscode.workspace.fs.readDirectory(this.uriOf(dir));
    } catch (err) {
      if (top) throw err;
      return [];
    }
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.uriOf(path));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async write(path: string, bytes: Uint8Array, expected: Uint8Array | undefined): Promise<BytesWriteOutcome> {
    const before = await this.read(path);
    if (!holdsBytes(before, expected)) return { written: false, current: before };
    const target = this.uriOf(path);
    const folder = vscode.Uri.joinPath(target, '..');
    await vscode.workspace.fs.createDirectory(folder);
    const temp = vscode.Uri.joinPath(folder, hashiyaTempFileName(basenameOf(path), FS_WRITER, 0, randomHex(4)));
    await vscode.workspace.fs.writeFile(temp, bytes);
    try {
      // the last moment this file system allows: compare again right before the rename
      const now = await this.read(path);
      if (!holdsBytes(now, expected)) return { written: false, current: now };
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
      return { written: true };
    } finally {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(this.uriOf(path));
      const kind = s.type & vscode.FileType.Directory ? 'folder' : s.type & vscode.FileType.File ? 'file' : 'other';
      return { kind, size: s.size, mtime: s.mtime };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  watch(folder: string, listener: (path: string) => void): () => void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.uriOf(folder), '**/*'));
    const tell = (uri: vscode.Uri) => listener(uri.path);
    watcher.onDidCreate(tell);
    watcher.onDidChange(tell);
    watcher.onDidDelete(tell);
    return () => watcher.dispose();
  }
}

/** True when `err` says there is no such file (FileSystemError FileNotFound, or ENOENT). */
export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'FileNotFound' || code === 'EntryNotFound' || code === 'ENOENT';
}

/**
 * How long a walk's listing of a workspace folder is used again (ms) when no file was created or
 * deleted meanwhile (see {@link findWorkspaceFiles}): a safety net for a watcher that missed one.
 */
const WALK_REUSE_MS = 30_000;

/** Listings of workspace folders by the walk (all files), by folder URI, until a file comes or goes. */
const walks = new Map<string, { at: number; files: Promise<string[]> }>();
let walkWatcher: vscode.Disposable | undefined;

/** Drops the walks' listings whenever a file is created or deleted, or the folders change. */
function watchWalks(): void {
  if (walkWatcher) return;
  const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  const drop = () => walks.clear();
  walkWatcher = vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(drop),
    watcher.onDidDelete(drop),
    vscode.workspace.onDidChangeWorkspaceFolders(drop),
  );
}

/**
 * The files of the workspace's folders that `glob` matches (node_modules and .git left out), at
 * most `max`. In the Node host, for folders on its disk, by a walk of the disk (`findFilesUnder`:
 * milliseconds, where VS Code's file search starts a ripgrep process), other folders through VS
 * Code's file search; in
 * the web, where not every file system has a file search (a folder of code-server's, a local
 * folder in vscode.dev: `findFiles` would wait for one forever), by walking the folders through
 * `workspace.fs` and keeping the paths `accept` takes (the same files as `glob`). A walk's listing
 * is used again until a file is created or deleted (the Entities tree asks at every refresh).
 */
export async function findWorkspaceFiles(
  glob: string,
  accept: (path: string) => boolean,
  max: number,
): Promise<vscode.Uri[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const walk = platform().findLocalFiles;
  if (walk && folders.every((f) => f.uri.scheme === 'file')) {
    // on the local disk (desktop, code-server, remote: the host runs beside the files), a walk of
    // the folders finds a thousand articles in milliseconds, where the file search starts ripgrep
    const out = new Map<string, vscode.Uri>();
    for (const folder of folders) {
      const found = await walk(folder.uri.fsPath, (file) => accept(vscode.Uri.file(file).path), max - out.size);
      for (const file of found) {
        const uri = vscode.Uri.file(file);
        out.set(uri.toString(), uri);
      }
      if (out.size >= max) break;
    }
    return [...out.values()];
  }
  if (platform().kind === 'node') return vscode.workspace.findFiles(glob, '**/{node_modules,.git}/**', max);
  watchWalks();
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const files = new VscodeWorkspaceFiles(folder.uri);
    const key = folder.uri.toString();
    let walk = walks.get(key);
    if (!walk || Date.now() - walk.at > WALK_REUSE_MS) {
      walk = { at: Date.now(), files: files.list(folder.uri.path).catch(() => []) };
      walks.set(key, walk);
    }
    for (const path of await walk.files) {
      if (!accept(path)) continue;
      if (out.length >= max) return out;
      out.push(files.uriOf(path));
    }
  }
  return out;
}
