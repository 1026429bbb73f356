import { type SidecarStorage, type WriteOutcome } from '../session/sidecarStorage';
import { decodeUtf8 } from '../text/textDecoding';
import * as l10n from '@vscode/l10n';

/**
 * The files of a workspace as the core sees them (after vscode-markdown-languageservice's
 * `IWorkspace`): paths are strings with '/' separators (file paths or URI paths), bytes are
 * `Uint8Array`s, everything is asynchronous, so that `vscode.workspace.fs`, Node's `fs` and an
 * in-memory map can each implement it (memoryWorkspaceFiles.ts, src/node/nodeWorkspaceFiles.ts).
 */
export interface WorkspaceFiles {
  /**
   * The files under `folder` (all depths, not folders), sorted, each as `folder + '/' + relative
   * path`, keeping those `filter` accepts. @throws when `folder` cannot be listed.
   */
  list(folder: string, filter?: (path: string) => boolean): Promise<string[]>;
  /** The bytes of the file at `path`, or undefined when there is none. @throws on other read errors. */
  read(path: string): Promise<Uint8Array | undefined>;
  /**
   * Compare-and-swap: replaces the file at `path` with `bytes` atomically, only if it still holds
   * `expected` (undefined: only if there is no file; a leading UTF-8 BOM in the file is not part of
   * what it holds: see {@link holdsBytes}); otherwise writes nothing and returns what it holds now.
   * @throws when the file cannot be written.
   */
  write(path: string, bytes: Uint8Array, expected: Uint8Array | undefined): Promise<BytesWriteOutcome>;
  /** What is at `path` (undefined: nothing). */
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * Calls `listener` with the path of each file under `folder` that is created, changed or
   * deleted from now on; returns a function that stops watching.
   */
  watch(folder: string, listener: (path: string) => void): () => void;
}

/**
 * What {@link WorkspaceFiles.write} did: written, or not because the file held something else
 * (`current`; undefined: no file).
 */
export type BytesWriteOutcome =
  | { written: true }
  | { written: false; current: Uint8Array | undefined };

/**
 * What is at a path: a file, a folder or something else (a FIFO, a device...); `size` in bytes,
 * `mtime` in milliseconds since 1970.
 */
export interface FileStat {
  kind: 'file' | 'folder' | 'other';
  size: number;
  mtime: number;
}

/**
 * True when a file's bytes `current` hold `expected` (undefined: no file): the same bytes, or
 * `expected` after a UTF-8 BOM (EF BB BF), which decoding drops (a text read from a file saved by
 * Notepad compares equal to the file it was read from).
 */
export function holdsBytes(current: Uint8Array | undefined, expected: Uint8Array | undefined): boolean {
  if (current !== undefined && expected !== undefined && current.length === expected.length + 3
    && current[0] === 0xef && current[1] === 0xbb && current[2] === 0xbf) {
    return sameBytes(current.subarray(3), expected);
  }
  return sameBytes(current, expected);
}

/** True when `a` and `b` hold the same bytes (undefined: no file). */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The folder part of a '/' path ('' for a bare name; '/' for a file at the root). */
export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : slash === 0 ? '/' : path.slice(0, slash);
}

/** The last segment of a '/' path. */
export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `folder` and `relative` ('/' separated) joined with one '/'. */
export function joinPath(folder: string, relative: string): string {
  if (folder === '') return relative;
  return folder.endsWith('/') ? `${folder}${relative}` : `${folder}/${relative}`;
}

/**
 * The {@link SidecarStorage} of the sidecar at `path` in `files` (UTF-8 text): the session's
 * storage on any {@link WorkspaceFiles}, so that reading and compare-and-swap writing are written
 * once. @throws on read when the file is not UTF-8 text.
 */
export function sidecarStorageOf(files: WorkspaceFiles, path: string): SidecarStorage {
  const text = (bytes: Uint8Array | undefined): string | undefined => {
    if (bytes === undefined) return undefined;
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) throw new Error(l10n.t('{0} is {1}', path, decoded.message));
    return decoded.text;
  };
  const encoder = new TextEncoder();
  return {
    read: async () => text(await files.read(path)),
    write: async (content: string, expected: string | undefined): Promise<WriteOutcome> => {
      const base = expected === undefined ? undefined : encoder.encode(expected);
      const outcome = await files.write(path, encoder.encode(content), base);
      return outcome.written ? outcome : { written: false, current: text(outcome.current) };
    },
  };
}
