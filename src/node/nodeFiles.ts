import {
  type Stats, closeSync, fstatSync, lstatSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync,
  statSync,
} from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { articleNameOfSidecar, sidecarRelativePath } from '../core/format/sidecarPath';
import type { SidecarStorage, WriteOutcome } from '../core/session/sidecarSession';
import { decodeUtf8 } from '../core/text/textDecoding';
import { MAX_SIDECAR_LENGTH, tooLargeMessage } from '../core/format/sidecar';
import {
  cleanFolderNow,
  cleanLeftovers,
  leftoversOf,
  readFileDuringWrites,
  replaceFileIfUnchanged,
  resolveTarget,
} from './atomicWrite';
import * as l10n from '@vscode/l10n';

export { writeFileAtomic } from './atomicWrite';

/**
 * {@link SidecarStorage} on the local file system: UTF-8 reads that never take another writer's
 * swap for "no file", and compare-and-swap writes (temporary file, fsync, swap; see
 * `replaceFileIfUnchanged`). The first read cleans up what killed writers left beside the file.
 */
export class NodeSidecarStorage implements SidecarStorage {
  /**
   * Files a killed writer left with someone else's content, kept beside the sidecar under a
   * visible name (`<sidecar>.kept-<time>.yaml`); the caller reports them. Filled by reads and writes.
   */
  readonly kept: string[] = [];
  private cleaned = false;
  /** What this storage last read or wrote, as text and as the bytes on disk (see {@link holds}). */
  private last: { text: string; bytes: Buffer } | undefined;

  /**
   * @param options.bulk for readers of many sidecars of one folder (the Entities tree): the
   *   first read cleans up the whole folder at most every 10 s, instead of this sidecar's
   *   leftovers at every first read (one listing of the folder each).
   */
  constructor(
    readonly file: string,
    private readonly options: { bulk?: boolean } = {},
  ) {}

  async read(): Promise<string | undefined> {
    const link = symlinkProblem(this.file);
    if (link) throw new Error(link);
    if (!this.cleaned) {
      // what killed writers left beside it (the next write cleans up too)
      this.cleaned = true;
      const target = resolveTarget(this.file);
      this.kept.push(...(this.options.bulk ? cleanFolderNow(path.dirname(target)) : cleanLeftovers(target).kept));
    }
    const read = await readSidecarBytes(this.file);
    switch (read.kind) {
      case 'none':
        return undefined;
      case 'link':
        throw new Error(read.message);
      case 'folder':
        throw new Error(l10n.t('{0} is a folder, not a sidecar file', path.basename(this.file)));
      case 'special':
        throw new Error(l10n.t('{0} is {1}, not a sidecar file', path.basename(this.file), read.what));
      case 'large':
        throw new Error(tooLargeMessage(read.size));
      case 'error':
        throw read.error;
      default: {
        const text = this.decode(read.bytes);
        this.last = { text, bytes: read.bytes };
        return text;
      }
    }
  }

  async write(content: string, expected: string | undefined): Promise<WriteOutcome> {
    const outcome = await replaceFileIfUnchanged(this.file, content, expected, {
      decode: (bytes) => this.decode(bytes),
      kept: this.kept,
    });
    this.last = outcome.written ? { text: content, bytes: Buffer.from(content, 'utf8') } : undefined;
    return outcome;
  }

  /**
   * True when the file (through a link, its target) holds byte for byte what this storage last
   * read or wrote, and that was `content`. Same size and time, or even the same inode, are not
   * enough (a change of the same size within the file system's time granularity): the bytes are
   * compared. A read error or a missing file (another writer's swap, too) is false: read then.
   */
  async holds(content: string): Promise<boolean> {
    const last = this.last;
    if (!last || last.text !== content) return false;
    let fd: number | undefined;
    try {
      fd = openSync(this.file, 'r');
      const stat = fstatSync(fd);
      if (!stat.isFile() || stat.size !== last.bytes.length) return false;
      return readFileSync(fd).equals(last.bytes);
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private decode(bytes: Buffer): string {
    if (bytes.length > MAX_SIDECAR_LENGTH) throw new Error(tooLargeMessage(bytes.length));
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) throw new Error(l10n.t('{0} is {1}', this.file, decoded.message));
    return decoded.text;
  }
}

/**
 * Cleans up what killed writers left beside `file` (a link's target), for readers of many
 * sidecars that only show them (the workspace scan of the Articles view, the Entities tree and
 * the conflict index): with `wholeFolder`, every file's leftovers in its folder, at most every 10 s
 * per folder (`cleanFolderNow`: one listing for a thousand sidecars read at once); without, this
 * file's own (`cleanLeftovers`: a sidecar read again because it changed or came, as a session's
 * first read cleans up beside its own sidecar). Returns the files kept under a visible name
 * (`<file>.kept-<time>.yaml`) for the caller to report; never throws.
 */
export function cleanLeftoversBeside(file: string, wholeFolder = true): string[] {
  try {
    const target = resolveTarget(file);
    return wholeFolder ? cleanFolderNow(path.dirname(target)) : cleanLeftovers(target).kept;
  } catch {
    return [];
  }
}

/**
 * Why `file` cannot be read because it is a symbolic link that loops (ELOOP) or points to nothing,
 * or undefined when it is not a link or its target is there. Either is a problem to report (a
 * sidecar there would be written over the link), never "no sidecar".
 */
export function symlinkProblem(file: string): string | undefined {
  try {
    if (!lstatSync(file).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  try {
    statSync(file);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    let target = '';
    try {
      target = readlinkSync(file);
    } catch {
      /* unreadable link */
    }
    const name = path.basename(file);
    if (code === 'ELOOP') return l10n.t('{0} is a symbolic link that loops (ELOOP): {1}', name, JSON.stringify(target));
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return l10n.t('{0} is a symbolic link to a missing file: {1}', name, JSON.stringify(target));
    }
    return l10n.t('{0} cannot be read: {1}', name, (err as Error).message);
  }
}

/**
 * What is at a sidecar's (or the registry's) path, as every reader of the CLI and the extension
 * takes it: `none` only when there is no file and no other writer has it moved away for the
 * instant of its swap (see `readFileDuringWrites`, which also waits for a program writing it in
 * place); a symbolic link that loops or points to nothing (`link`), a folder, a FIFO, socket or
 * device (`special`, never opened: a FIFO would block), a file over 16 MiB (`large`, bytes) and
 * read errors (`error`: EACCES...) are reasons to report, never "no sidecar".
 */
export type SidecarBytes =
  | { kind: 'none' }
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'link'; message: string }
  | { kind: 'folder' }
  | { kind: 'special'; what: string }
  | { kind: 'large'; size: number }
  | { kind: 'error'; error: Error };

/** The bytes of the sidecar (or registry) at `file`, or why there are none; see {@link SidecarBytes}. */
export async function readSidecarBytes(file: string): Promise<SidecarBytes> {
  const link = symlinkProblem(file);
  if (link) return { kind: 'link', message: link };
  let stat: Stats | undefined;
  try {
    stat = statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { kind: 'error', error: err as Error };
  }
  if (stat) {
    const kind = notARegularFile(stat);
    if (kind === 'folder') return { kind: 'folder' };
    if (kind) return { kind: 'special', what: kind };
    if (stat.size > MAX_SIDECAR_LENGTH) return { kind: 'large', size: stat.size };
  }
  let bytes: Buffer | undefined;
  try {
    bytes = await readFileDuringWrites(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') return { kind: 'folder' };
    return { kind: 'error', error: err as Error };
  }
  if (bytes === undefined) return { kind: 'none' };
  if (bytes.length > MAX_SIDECAR_LENGTH) return { kind: 'large', size: bytes.length };
  return { kind: 'bytes', bytes };
}

/** 'folder', 'a FIFO' ... for what is not a regular file; undefined for a regular file. */
function notARegularFile(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'folder';
  if (stat.isFIFO()) return l10n.t('a FIFO (named pipe)');
  if (stat.isSocket()) return l10n.t('a socket');
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return l10n.t('a device');
  return l10n.t('not a regular file');
}

/**
 * True when a sidecar is at `file`, a broken symbolic link included, or another writer has it
 * moved away for the instant of its swap (it comes back; readers wait for it).
 */
export function sidecarPresent(file: string): boolean {
  if (pathPresent(file)) return true;
  try {
    return leftoversOf(resolveTarget(file)).some((l) => l.kind === 'swap');
  } catch {
    return false;
  }
}

/** True when something, a broken symbolic link included, is at `file` (fs.existsSync follows links). */
export function pathPresent(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The sidecar path of an article. */
export function sidecarPathOf(article: string, template: string): string {
  return path.join(path.dirname(article), ...sidecarRelativePath(path.basename(article), template).split('/'));
}

/** The article path of a sidecar, or undefined when the name does not fit the template. */
export function articlePathOf(sidecar: string, template: string): string | undefined {
  const segments = template.split('/').length;
  const parts = path.resolve(sidecar).split(path.sep);
  const name = articleNameOfSidecar(parts.slice(-segments).join('/'), template);
  if (!name) return undefined;
  return path.join(parts.slice(0, parts.length - segments).join(path.sep) || path.sep, name);
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Folders listed at once by {@link findFilesUnder}. */
const LISTINGS_AT_ONCE = 16;

/**
 * The files under `folder` that `accept` takes (by file path), at most `max`, in no particular
 * order: the regular files (and links that loop or point to nothing) of {@link filesUnder} (links
 * followed, each real folder once; version-control and node_modules folders skipped; a folder that
 * cannot be listed, `folder` included, skipped; no FIFOs, sockets or devices), found by an
 * asynchronous walk, a few folders listed at once, so that the extension host is never held up
 * however large the workspace. For the workspace views: a thousand articles in ten folders are
 * found in a few milliseconds, where VS Code's file search starts a ripgrep process (a second or
 * more on a busy machine). Never rejects.
 */
export async function findFilesUnder(folder: string, accept: (file: string) => boolean, max: number):
  Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const listing = (dir: string) => Promise.all([realpath(dir), readdir(dir, { withFileTypes: true })])
    .then(([real, entries]) => ({ dir, real, entries }), () => undefined);
  let level = [folder];
  while (level.length > 0 && out.length < max) {
    const next: string[] = [];
    for (let i = 0; i < level.length && out.length < max; i += LISTINGS_AT_ONCE) {
      // listed at once, taken in order: which path reaches a linked folder does not depend on timing
      for (const listed of await Promise.all(level.slice(i, i + LISTINGS_AT_ONCE).map(listing))) {
        if (!listed || seen.has(listed.real)) continue;
        seen.add(listed.real);
        for (const entry of listed.entries.sort((a, b) => a.name.localeCompare(b.name))) {
          const full = path.join(listed.dir, entry.name);
          // a link that loops or points to nothing is kept (whoever reads it says so); FIFOs, sockets
          // and devices are not files to list (a read of a FIFO would wait forever)
          const kind = !entry.isSymbolicLink() ? (entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other')
            : await stat(full).then((s) => (s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other'), () => 'file');
          if (kind === 'folder') {
            if (!SKIPPED_FOLDERS.has(entry.name)) next.push(full);
          } else if (kind === 'file' && out.length < max && accept(full)) {
            out.push(full);
          }
        }
      }
    }
    level = next;
  }
  return out;
}

/**
 * Every file under `folder` (depth first, sorted), following symbolic links (each folder once),
 * skipping version-control and node_modules folders. Everything that is not a folder is listed
 * (FIFOs, sockets, links that loop or point to nothing: whoever reads them says what they are),
 * and so are folders (and links to folders) for which `listFolder` says yes (a folder named like
 * a sidecar: reported as such; it is still searched). A folder below `folder` that cannot be listed
 * (permission denied, gone meanwhile) is told to `unreadable` with its error and skipped; the
 * others are still searched. @throws the error of `folder` itself when it cannot be listed.
 */
export function filesUnder(
  folder: string,
  listFolder: (file: string) => boolean = () => false,
  unreadable: (folder: string, error: NodeJS.ErrnoException) => void = () => undefined,
  seen: Set<string> = new Set(),
): string[] {
  const real = realpathSync(folder);
  if (seen.has(real)) return [];
  seen.add(real);
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    let dir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        dir = statSync(full).isDirectory();
      } catch {
        // a link that loops or points to nothing: listed, so that whoever reads it says so
        dir = false;
      }
    }
    if (!dir) {
      out.push(full);
      continue;
    }
    if (listFolder(full)) out.push(full);
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    try {
      out.push(...filesUnder(full, listFolder, unreadable, seen));
    } catch (err) {
      unreadable(full, err as NodeJS.ErrnoException);
    }
  }
  return out;
}
