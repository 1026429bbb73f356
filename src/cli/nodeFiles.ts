import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { articleNameOfSidecar, sidecarRelativePath } from '../core/sidecarPath';
import type { SidecarStorage, WriteOutcome } from '../core/sidecarSession';
import { decodeUtf8 } from '../core/textDecoding';
import { MAX_SIDECAR_LENGTH, tooLargeMessage } from '../core/sidecar';
import { cleanFolderNow, cleanLeftovers, readFileDuringWrites, replaceFileIfUnchanged, resolveTarget } from './atomicWrite';

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

  /**
   * @param options.bulk for readers of many sidecars of one folder (the Entities tree): the
   *   first read cleans up the whole folder at most every 10 s, instead of this sidecar's
   *   leftovers at every first read (one listing of the folder each).
   */
  constructor(readonly file: string, private readonly options: { bulk?: boolean } = {}) {}

  async read(): Promise<string | undefined> {
    const link = symlinkProblem(this.file);
    if (link) throw new Error(link);
    if (!this.cleaned) {
      // what killed writers left beside it (the next write cleans up too)
      this.cleaned = true;
      const target = resolveTarget(this.file);
      this.kept.push(...this.options.bulk ? cleanFolderNow(path.dirname(target)) : cleanLeftovers(target).kept);
    }
    let stat;
    try {
      stat = statSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (stat?.isDirectory()) throw new Error(`${path.basename(this.file)} is a folder, not a sidecar file`);
    if (stat && stat.size > MAX_SIDECAR_LENGTH) throw new Error(tooLargeMessage(stat.size));
    const bytes = await readFileDuringWrites(this.file);
    return bytes === undefined ? undefined : this.decode(bytes);
  }

  async write(content: string, expected: string | undefined): Promise<WriteOutcome> {
    return replaceFileIfUnchanged(this.file, content, expected, { decode: (bytes) => this.decode(bytes), kept: this.kept });
  }

  private decode(bytes: Buffer): string {
    if (bytes.length > MAX_SIDECAR_LENGTH) throw new Error(tooLargeMessage(bytes.length));
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) throw new Error(`${this.file} is ${decoded.message}`);
    return decoded.text;
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
    try { target = readlinkSync(file); } catch { /* unreadable link */ }
    if (code === 'ELOOP') return `${path.basename(file)} is a symbolic link that loops (ELOOP): ${JSON.stringify(target)}`;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `${path.basename(file)} is a symbolic link to a missing file: ${JSON.stringify(target)}`;
    return `${path.basename(file)} cannot be read: ${(err as Error).message}`;
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

/**
 * Every file under `folder` (depth first, sorted), following symbolic links (each folder once),
 * skipping version-control and node_modules folders.
 */
export function filesUnder(folder: string, seen: Set<string> = new Set()): string[] {
  const real = realpathSync(folder);
  if (seen.has(real)) return [];
  seen.add(real);
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    let kind: 'dir' | 'file' | undefined = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        kind = target.isDirectory() ? 'dir' : target.isFile() ? 'file' : undefined;
      } catch {
        // a link that loops or points to nothing: listed, so that whoever reads it says so
        kind = 'file';
      }
    }
    if (kind === 'dir' && !SKIPPED_FOLDERS.has(entry.name)) out.push(...filesUnder(full, seen));
    else if (kind === 'file') out.push(full);
  }
  return out;
}
