import { type BytesWriteOutcome, type FileStat, type WorkspaceFiles, holdsBytes, joinPath } from './workspaceFiles';
import * as l10n from '@vscode/l10n';

/**
 * {@link WorkspaceFiles} in memory ('/' paths, no real folders: a folder is any prefix of a
 * file's path): for unit tests of workspace logic, and later a browser build. Writes are atomic
 * by construction; every change is told to the watchers.
 */
export class MemoryWorkspaceFiles implements WorkspaceFiles {
  private readonly files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  private readonly watchers = new Set<{ folder: string; listener: (path: string) => void }>();
  private clock = 0;

  /** @param initial files to start with: path to text (UTF-8) or bytes. */
  constructor(initial: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(initial)) this.set(path, content);
  }

  /** Puts `content` (text: UTF-8) at `path` as another program would, unconditionally. */
  set(path: string, content: string | Uint8Array): void {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.files.set(path, { bytes, mtime: ++this.clock });
    this.changed(path);
  }

  /** Removes the file at `path`, if any. */
  delete(path: string): void {
    if (this.files.delete(path)) this.changed(path);
  }

  /** The text (UTF-8) at `path`, or undefined: for assertions. */
  text(path: string): string | undefined {
    const file = this.files.get(path);
    return file && new TextDecoder().decode(file.bytes);
  }

  async list(folder: string, filter: (path: string) => boolean = () => true): Promise<string[]> {
    if ((await this.stat(folder))?.kind !== 'folder') throw new Error(l10n.t('{0}: no such folder', folder));
    const prefix = joinPath(folder, '');
    return [...this.files.keys()].filter((p) => (prefix === '' || p.startsWith(prefix)) && filter(p)).sort();
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(path)?.bytes;
  }

  async write(path: string, bytes: Uint8Array, expected: Uint8Array | undefined): Promise<BytesWriteOutcome> {
    const current = this.files.get(path)?.bytes;
    if (!holdsBytes(current, expected)) return { written: false, current };
    this.set(path, bytes);
    return { written: true };
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const file = this.files.get(path);
    if (file) return { kind: 'file', size: file.bytes.length, mtime: file.mtime };
    const prefix = joinPath(path, '');
    const folder = [...this.files.keys()].some((p) => prefix === '' || p.startsWith(prefix));
    return folder ? { kind: 'folder', size: 0, mtime: 0 } : undefined;
  }

  watch(folder: string, listener: (path: string) => void): () => void {
    const watcher = { folder, listener };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private changed(path: string): void {
    for (const w of [...this.watchers]) {
      if (w.folder === '' || path.startsWith(joinPath(w.folder, ''))) w.listener(path);
    }
  }
}
