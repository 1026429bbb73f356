import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { articleNameOfSidecar, sidecarRelativePath } from '../core/sidecarPath';
import type { SidecarStorage } from '../core/sidecarSession';
import { decodeUtf8 } from '../core/textDecoding';
import { MAX_SIDECAR_LENGTH, tooLargeMessage } from '../core/sidecar';

/** {@link SidecarStorage} on the local file system: UTF-8 reads, writes through a temporary file, fsync and rename. */
export class NodeSidecarStorage implements SidecarStorage {
  constructor(readonly file: string) {}

  async read(): Promise<string | undefined> {
    const link = symlinkProblem(this.file);
    if (link) throw new Error(link);
    let stat;
    try {
      stat = statSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (stat.isDirectory()) throw new Error(`${path.basename(this.file)} is a folder, not a sidecar file`);
    if (stat.size > MAX_SIDECAR_LENGTH) throw new Error(tooLargeMessage(stat.size));
    const decoded = decodeUtf8(readFileSync(this.file));
    if (!decoded.ok) throw new Error(`${this.file} is ${decoded.message}`);
    return decoded.text;
  }

  async write(content: string): Promise<void> {
    // through a symbolic link: replace the file it points to, not the link
    let target = this.file;
    try {
      if (lstatSync(this.file).isSymbolicLink()) target = realpathSync(this.file);
    } catch {
      // no file yet
    }
    writeFileAtomic(target, content);
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

/**
 * Replaces `file` with `content` so that a crash at any moment leaves the old or the new complete
 * file: write a temporary file beside it, fsync it, rename it over the target, fsync the folder.
 */
export function writeFileAtomic(file: string, content: string): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, Buffer.from(content, 'utf8'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  try {
    const dirFd = openSync(dir, 'r');
    try { fsyncSync(dirFd); } finally { closeSync(dirFd); }
  } catch {
    // not every file system can fsync a folder
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
