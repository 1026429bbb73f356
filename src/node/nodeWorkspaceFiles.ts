import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { type BytesWriteOutcome, type FileStat, type WorkspaceFiles } from '../core/workspace/workspaceFiles';
import { readFileDuringWrites, replaceFileIfUnchanged } from './atomicWrite';
import { filesUnder } from './nodeFiles';

/**
 * {@link WorkspaceFiles} on the local file system, by file path (POSIX paths use '/'): listing
 * with `filesUnder` (links followed, version-control folders skipped), reads that wait for
 * another writer's swap (`readFileDuringWrites`), and compare-and-swap writes of UTF-8 text
 * (`replaceFileIfUnchanged`, the writes of `NodeSidecarStorage`).
 */
export class NodeWorkspaceFiles implements WorkspaceFiles {
  /**
   * @param options.listFolder folders (and links to folders) listed as entries too, for those that
   *   ask (the CLI reports a folder named like a sidecar); they are still searched.
   * @param options.unreadable told of each folder below the one listed that cannot be listed (it
   *   is skipped; the others are still searched).
   */
  constructor(private readonly options: {
    listFolder?: (folder: string) => boolean;
    unreadable?: (folder: string, error: NodeJS.ErrnoException) => void;
  } = {}) {}

  async list(folder: string, filter: (file: string) => boolean = () => true): Promise<string[]> {
    return filesUnder(folder, this.options.listFolder, this.options.unreadable).filter(filter);
  }

  async read(file: string): Promise<Uint8Array | undefined> {
    return readFileDuringWrites(file);
  }

  async write(file: string, bytes: Uint8Array, expected: Uint8Array | undefined): Promise<BytesWriteOutcome> {
    const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
    const outcome = await replaceFileIfUnchanged(file, text(bytes), expected === undefined ? undefined : text(expected),
      { decode: (b) => b.toString('utf8') });
    if (outcome.written) return { written: true };
    const current = outcome.current === undefined ? undefined : new TextEncoder().encode(outcome.current);
    return { written: false, current };
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const s = await stat(file);
      return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other', size: s.size, mtime: s.mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  watch(folder: string, listener: (file: string) => void): () => void {
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(folder, { recursive: true }, (_event, name) => {
        if (name) listener(path.join(folder, name.toString()));
      });
      // a watcher that fails later (the folder removed) stops telling; it never throws at the caller
      watcher.on('error', () => watcher?.close());
    } catch {
      // no watching here (a platform without recursive watching): nothing is told
    }
    return () => watcher?.close();
  }
}
