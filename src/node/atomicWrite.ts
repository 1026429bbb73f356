// Over 500 lines: atomic, compare-and-swap writes on Node (temp files, locks, swaps, crash recovery)
// are one subject whose parts share the temp-file naming and the checks of what is on disk.
/**
 * Writing one file on the local file system so that nothing is lost with many writers and
 * crashes: a compare-and-swap replacement ({@link replaceFileIfUnchanged}), a reader that never
 * mistakes a write in progress for "no file" ({@link readFileDuringWrites}) and the clean-up of
 * what a killed writer leaves behind ({@link cleanLeftovers}). Used for sidecars and for the
 * entity registry, by the CLI and by the extension (file: URIs). Design: docs/sidecar-format.md,
 * "How it is written".
 *
 * Names of the files a writer makes beside `<name>` (all start with `.<name>.hashiya.` so that
 * clean-up only ever touches Hashiya's own files of that one file):
 * - `.<name>.hashiya.<host>.<pid>.<random>.tmp`: the new content, written and fsynced before the swap;
 * - `.<name>.hashiya.<host>.<pid>.<random>.<base>.swap`: what was at `<name>`, moved away for the
 *   instant of the swap; `<base>` is the first 16 hex digits of the SHA-256 of the content the
 *   write was based on (`none`: no file), so that a leftover swap can be judged without its writer.
 * `<host>` is 6 hex digits of the SHA-256 of the host name, `<pid>` the writer's process id: a
 * file whose writer is gone (same host, process not running) or that is older than
 * {@link STALE_MS} is stale.
 */
import {
  type BigIntStats,
  accessSync,
  closeSync,
  constants as fsConstants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { STALE_MS, hashiyaTempFileName } from '../core/workspace/scan';
import { holdsBytes } from '../core/workspace/workspaceFiles';

/** A Hashiya temporary or swap file older than this is stale even if its writer seems alive (10 minutes). */
export { STALE_MS };
/** A temporary file of Hashiya 0.3 (`.<name>.<8 hex>.tmp`, no writer named) older than this is stale (1 minute). */
const LEGACY_STALE_MS = 60 * 1000;
/** How long a reader or writer waits for a live writer's swap to end before it uses the swap file (2 s). */
const LIVE_SWAP_WAIT_MS = 2000;
/**
 * A file modified less than this long ago (and not by this process: see {@link settledStates})
 * may be half written by a program that writes it in place: readers and writers wait until it
 * has been left alone this long (200 ms) before they take it.
 */
export const QUIET_MS = 200;
/**
 * How long a reader or writer waits for another program that keeps the file open for writing
 * (Linux, see {@link openWriters}) or keeps changing it (5 s). A reader then reads what is there;
 * a writer refuses to write (nothing replaced; the changes stay pending).
 */
export const WRITER_WAIT_MS = 5000;

/** What {@link replaceFileIfUnchanged} did. Same shape as `WriteOutcome` of the sidecar session. */
export type ReplaceOutcome = { written: true } | { written: false; current: string | undefined };

const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);

/** A Hashiya temporary or swap file beside `file`, parsed from its name. */
interface Leftover {
  path: string;
  kind: 'tmp' | 'swap';
  host: string;
  pid: number;
  /** For swaps: the first 16 hex digits of the SHA-256 of the base content, or 'none'. */
  base?: string;
  /** A temporary file of Hashiya 0.3 (`.<name>.<8 hex>.tmp`): no writer in its name. */
  legacy?: boolean;
}

function prefixOf(file: string): string {
  return `.${path.basename(file)}.hashiya.`;
}

/** First 16 hex digits of the SHA-256 of `content` (UTF-8), or 'none' for no file. */
export function baseTag(content: string | undefined | Buffer): string {
  if (content === undefined) return 'none';
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** A name for a temporary file of the file named `name`, naming Hashiya and this writer (host, process). */
export function hashiyaTempName(name: string): string {
  return hashiyaTempFileName(name, HOST, process.pid, randomBytes(4).toString('hex'));
}

function tempNameOf(file: string): string {
  return path.join(path.dirname(file), hashiyaTempName(path.basename(file)));
}

function swapNameOf(file: string, base: string): string {
  return path.join(
    path.dirname(file),
    `${prefixOf(file)}${HOST}.${process.pid}.${randomBytes(4).toString('hex')}.${base}.swap`,
  );
}

// the name of the file a swap file belongs to: a rule of names, shared with the core's folder scan
export { swapOwner } from '../core/workspace/scan';

const LEFTOVER = /^\.(.+)\.hashiya\.([0-9a-f]{6})\.(\d+)\.([0-9a-z]+)(?:\.([0-9a-f]{16}|none))?\.(tmp|swap)$/;

/**
 * Hashiya's temporary and swap files in `dir`, by the name of the file they belong to (Hashiya 0.3's are not
 * recognisable without that name).
 */
function leftoversIn(dir: string): Map<string, Leftover[]> {
  const out = new Map<string, Leftover[]>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m || (m[6] === 'swap') !== (m[5] !== undefined)) continue;
    const list = out.get(m[1]) ?? [];
    list.push({ path: path.join(dir, name), kind: m[6] as 'tmp' | 'swap', host: m[2], pid: Number(m[3]), base: m[5] });
    out.set(m[1], list);
  }
  return out;
}

/** When each folder was last cleaned by {@link cleanFolderNow}, to do it at most every 10 s. */
const cleanedFolders = new Map<string, number>();

/**
 * {@link cleanLeftovers} for every file of `dir` at once (one listing of the folder), at most
 * once every 10 s per folder and process: for readers that open many sidecars of one folder
 * (the Entities tree). Returns the kept files (see {@link CleanReport.kept}).
 */
export function cleanFolderNow(dir: string): string[] {
  const now = Date.now();
  if (now - (cleanedFolders.get(dir) ?? 0) < 10_000) return [];
  cleanedFolders.set(dir, now);
  const kept: string[] = [];
  for (const [owner, leftovers] of leftoversIn(dir)) kept.push(...cleanThese(path.join(dir, owner), leftovers).kept);
  return kept;
}

/** Hashiya's temporary and swap files of `file` (and Hashiya 0.3's temporary files). */
export function leftoversOf(file: string): Leftover[] {
  const dir = path.dirname(file);
  const prefix = prefixOf(file);
  const legacy = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Leftover[] = [];
  for (const name of names) {
    if (name.startsWith(prefix)) {
      const m = /^([0-9a-f]{6})\.(\d+)\.([0-9a-z]+)(?:\.([0-9a-f]{16}|none))?\.(tmp|swap)$/.exec(
        name.slice(prefix.length),
      );
      if (!m || (m[5] === 'swap') !== (m[4] !== undefined)) continue;
      out.push({ path: path.join(dir, name), kind: m[5] as 'tmp' | 'swap', host: m[1], pid: Number(m[2]), base: m[4] });
    } else if (name.startsWith(legacy) && /^[0-9a-f]{8}\.tmp$/.test(name.slice(legacy.length))) {
      out.push({ path: path.join(dir, name), kind: 'tmp', host: '', pid: 0, legacy: true });
    }
  }
  return out;
}

/** True when the process `pid` runs on this machine (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the writer of `leftover` is gone: on this host and not running, or the file is old. */
function isStale(leftover: Leftover, now = Date.now()): boolean {
  let mtime: number;
  try {
    mtime = lstatSync(leftover.path).mtimeMs;
  } catch {
    return false; // gone already
  }
  if (leftover.legacy) return now - mtime > LEGACY_STALE_MS;
  if (leftover.host === HOST && !processAlive(leftover.pid)) return true;
  return now - mtime > STALE_MS;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // gone already
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not every file system can fsync a folder
  }
}

/**
 * The file that `file` names: through a symbolic link, the file it points to (also when that
 * does not exist yet), so that temporary and swap files are made beside it.
 * @throws ELOOP for a symbolic link loop.
 */
export function resolveTarget(file: string): string {
  try {
    if (!lstatSync(file).isSymbolicLink()) return file;
  } catch {
    return file;
  }
  try {
    return realpathSync(file);
  } catch (err) {
    if (errCode(err) !== 'ENOENT') throw err;
    return path.resolve(path.dirname(file), readlinkSync(file));
  }
}

/** What identifies one state of a file: device, inode, size and modification time (ns). */
function identityOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

/**
 * States of files (by path, see {@link identityOf}) this process wrote itself, or read after they
 * had been left alone for {@link QUIET_MS} with no other program holding them open for writing:
 * such a file is taken at once, without waiting again.
 */
const settledStates = new Map<string, string>();

function rememberSettled(file: string, identity: string): void {
  if (settledStates.size >= 10_000) settledStates.clear();
  settledStates.set(file, identity);
}

/**
 * The processes that hold files open for writing, by file (`dev:ino`), as of `at` (see
 * {@link openWriters}). By inode, not by path: a descriptor opened through a name that was then
 * moved away and linked back (a swap put back) shows in /proc as the old name, "(deleted)".
 */
let writersScan: { at: number; byFile: Map<string, number[]> } | undefined;

/**
 * The other processes (ids) that hold `file` open for writing, as far as this process can see:
 * on Linux from /proc (every process of this user, or of every user for root); elsewhere none
 * (the wait for {@link QUIET_MS} is all there is). `fresh`: a new look, else one at most 100 ms old.
 */
export function openWriters(file: string, fresh = false): number[] {
  if (process.platform !== 'linux') return [];
  let key: string;
  try {
    const stat = statSync(file, { bigint: true });
    key = `${stat.dev}:${stat.ino}`;
  } catch {
    return [];
  }
  const now = Date.now();
  if (fresh || !writersScan || now - writersScan.at > 100) writersScan = { at: now, byFile: scanWriters() };
  return writersScan.byFile.get(key) ?? [];
}

/**
 * Every regular file (`dev:ino`) that another process holds open for writing or reading and writing, from /proc.
 * Few system calls per descriptor: its link's target (pipes and sockets end there), then the link's mode (the
 * kernel gives a /proc/<pid>/fd/<n> link the owner's write bit when the file is open for writing,
 * FMODE_WRITE: O_WRONLY or O_RDWR; where it shows no mode bits at all, the flags are read from fdinfo),
 * then, for those open for writing, a stat for the file.
 */
function scanWriters(): Map<string, number[]> {
  const byFile = new Map<string, number[]>();
  let pids: string[];
  try {
    pids = readdirSync('/proc');
  } catch {
    return byFile;
  }
  const flags = Buffer.alloc(256);
  for (const pid of pids) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      const link = `/proc/${pid}/fd/${fd}`;
      try {
        if (!readlinkSync(link).startsWith('/')) continue; // a pipe, a socket
        const mode = lstatSync(link).mode & 0o777;
        if (mode === 0 ? !openForWriting(`/proc/${pid}/fdinfo/${fd}`, flags) : (mode & 0o200) === 0) continue;
      } catch {
        continue;
      }
      let file: string;
      try {
        // the file the descriptor is open on, whatever its names are now (pipes and sockets are not files)
        const stat = statSync(link, { bigint: true });
        if (!stat.isFile()) continue;
        file = `${stat.dev}:${stat.ino}`;
      } catch {
        continue;
      }
      const list = byFile.get(file) ?? [];
      if (!list.includes(Number(pid))) list.push(Number(pid));
      byFile.set(file, list);
    }
  }
  return byFile;
}

/** True when the descriptor whose /proc fdinfo file is `info` is open for writing (O_ACCMODE: 1 O_WRONLY, 2 O_RDWR). */
function openForWriting(info: string, buffer: Buffer): boolean {
  const f = openSync(info, 'r');
  let text: string;
  try {
    text = buffer.toString('latin1', 0, readSync(f, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(f);
  }
  const mode = /^flags:\s*([0-7]+)/m.exec(text);
  return mode !== null && (parseInt(mode[1], 8) & 3) !== 0;
}

/** `pid`'s program name (Linux), for messages. */
function programOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Why a write was refused: another program keeps the file open for writing. */
export function busyMessage(file: string, writers: readonly number[]): string {
  const who = writers
    .slice(0, 3)
    .map((pid) => {
      const name = programOf(pid);
      return name ? l10n.t('{0}, process {1}', name, pid) : l10n.t('process {0}', pid);
    })
    .join(l10n.t('; '));
  return l10n.t(
    'not written: {0} is being written by another program ({1}), which has had it open for writing for more than {2} s; nothing was replaced, save again once it has finished',
    path.basename(file),
    who,
    WRITER_WAIT_MS / 1000,
  );
}

/** What {@link settle} found: the file's state (undefined: no file) and who still writes it. */
interface Settled {
  stat?: BigIntStats;
  /** Other processes that still hold the file open for writing after {@link WRITER_WAIT_MS}. */
  writers: number[];
}

/**
 * Waits (until `until`, a Date.now() time) while `file` may be in the middle of someone else's
 * write: modified less than {@link QUIET_MS} ago (or its state changing), or held open for writing
 * by another process ({@link openWriters}). A state this process wrote or found settled before
 * skips the quiet-period wait, never the look for open writers (a program may have opened it
 * since: found by a review). Not a regular file, or none: returned at once.
 */
async function settle(file: string, until: number): Promise<Settled> {
  let seen: { identity: string; at: number } | undefined;
  for (;;) {
    let stat: BigIntStats;
    try {
      stat = statSync(file, { bigint: true });
    } catch (err) {
      if (errCode(err) === 'ENOENT') return { writers: [] };
      throw err;
    }
    if (!stat.isFile()) return { stat, writers: [] };
    const identity = identityOf(stat);
    const known = settledStates.get(file) === identity;
    const now = Date.now();
    if (seen?.identity !== identity) seen = { identity, at: now };
    // left alone for QUIET_MS (by its time, or as we watched it: a time in the future)
    const quiet = known || now - Number(stat.mtimeMs) >= QUIET_MS || now - seen.at >= QUIET_MS;
    if (!quiet && now < until) {
      await sleep(Math.min(50, Math.max(5, QUIET_MS - (now - Number(stat.mtimeMs)))));
      continue;
    }
    const writers = openWriters(file);
    if (writers.length > 0 && now < until) {
      await sleep(25);
      continue;
    }
    if (writers.length === 0 && quiet) rememberSettled(file, identity);
    return { stat, writers };
  }
}

/**
 * Refuses to replace a file the user may not write: its mode has no write bit (read-only, even
 * for root, who may write anything), or access(W_OK) says no (another user's file, an ACL).
 * A rename needs only the folder's permission, so without this a read-only file would be
 * replaced. @throws Error (code EACCES) saying which file and why.
 */
function refuseReadOnly(file: string): void {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return; // none yet: the folder's permission decides
  }
  if (!stat.isFile()) return;
  let why: string | undefined;
  const name = path.basename(file);
  if ((stat.mode & 0o222) === 0) {
    why = l10n.t(
      'not written: {0} is read-only (mode {1}); Hashiya does not replace a file you may not write (make it writable, e.g. chmod u+w, to save)',
      name,
      (stat.mode & 0o777).toString(8).padStart(4, '0'),
    );
  } else {
    try {
      accessSync(file, fsConstants.W_OK);
    } catch (err) {
      const code = errCode(err);
      if (code === 'EROFS') {
        why = l10n.t(
          'not written: {0} is on a read-only file system; Hashiya does not replace a file you may not write (make it writable, e.g. chmod u+w, to save)',
          name,
        );
      } else if (code === 'EACCES' || code === 'EPERM') {
        why = l10n.t(
          'not written: {0} is not writable for you (permission denied); Hashiya does not replace a file you may not write (make it writable, e.g. chmod u+w, to save)',
          name,
        );
      }
    }
  }
  if (why) {
    throw Object.assign(new Error(why), { code: 'EACCES' });
  }
}

/** What {@link cleanLeftovers} did. */
export interface CleanReport {
  /** Stale temporary and swap files removed. */
  removed: string[];
  /** True when `file` was missing and a killed writer's swap file was put back in its place. */
  restored: boolean;
  /**
   * Swap files of killed writers that hold someone else's change (neither the base of that
   * write nor what `file` holds now): kept under a visible name `<name>.kept-<time>.yaml` beside
   * `file`, never deleted. The caller reports them.
   */
  kept: string[];
}

/**
 * Removes what killed writers of `file` left: stale temporary files (their content never
 * reached `file`), and stale swap files: put back when `file` is missing, removed when they
 * hold the base of their write or what `file` holds now, else kept under a visible name
 * (see {@link CleanReport.kept}). Never touches a live writer's files, nor other files.
 */
export function cleanLeftovers(file: string): CleanReport {
  return cleanThese(file, leftoversOf(file));
}

function cleanThese(file: string, leftovers: Leftover[]): CleanReport {
  const report: CleanReport = { removed: [], restored: false, kept: [] };
  const now = Date.now();
  const swaps: Leftover[] = [];
  for (const leftover of leftovers) {
    if (!isStale(leftover, now)) continue;
    if (leftover.kind === 'tmp') {
      unlinkQuietly(leftover.path);
      report.removed.push(leftover.path);
    } else {
      swaps.push(leftover);
    }
  }
  // the most recently moved first: if the file is missing, it is what the file held last
  swaps.sort((a, b) => ctimeOf(b.path) - ctimeOf(a.path));
  for (const swap of swaps) {
    let content: Buffer;
    try {
      content = readFileSync(swap.path);
    } catch {
      continue;
    }
    const put = restore(swap.path, file);
    if (put === 'restored') {
      report.restored = true;
      continue;
    }
    if (put === 'gone') continue;
    let current: Buffer | undefined;
    try {
      current = readFileSync(file);
    } catch {
      current = undefined;
    }
    if (baseTag(content) === swap.base || (current !== undefined && content.equals(current))) {
      unlinkQuietly(swap.path);
      report.removed.push(swap.path);
    } else {
      const stamp = new Date(ctimeOf(swap.path) || Date.now())
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      const kept = `${file}.kept-${stamp}-${randomBytes(2).toString('hex')}.yaml`;
      try {
        renameSync(swap.path, kept);
        report.kept.push(kept);
      } catch (err) {
        // another run judged it first
        if (errCode(err) !== 'ENOENT') throw err;
      }
    }
  }
  if (report.removed.length > 0 || report.restored || report.kept.length > 0) fsyncDir(path.dirname(file));
  return report;
}

/** Puts a swap file back at `file` if `file` is missing. */
function restore(swap: string, file: string): 'restored' | 'exists' | 'gone' {
  try {
    linkSync(swap, file);
    unlinkQuietly(swap);
    return 'restored';
  } catch (err) {
    const code = errCode(err);
    if (code === 'EEXIST') return 'exists';
    if (code === 'ENOENT') return 'gone';
    if (!NO_LINKS.has(code ?? '')) throw err;
  }
  if (exists(file)) return 'exists';
  renameSync(swap, file);
  return 'restored';
}

function ctimeOf(file: string): number {
  try {
    return lstatSync(file).ctimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The bytes of `file`, or undefined when there is none. While another writer has moved the
 * file away for the instant of its swap, waits for it (up to 2 s) and else reads its swap file:
 * a reader never takes a write in progress for "no file" (that is, for "all annotations deleted").
 * A file that another program may be writing in place (modified less than {@link QUIET_MS} ago,
 * or held open for writing, see {@link openWriters}) is waited for, up to {@link WRITER_WAIT_MS},
 * and a file that changed while it was read is read again. A killed writer's swap is put back
 * first (see {@link cleanLeftovers}).
 * @throws the file system's errors other than a missing file (EISDIR, EACCES...).
 */
export async function readFileDuringWrites(link: string): Promise<Buffer | undefined> {
  return (await readSettled(resolveTarget(link), Date.now() + WRITER_WAIT_MS)).bytes;
}

/** {@link readFileDuringWrites} of a resolved `file`, with the state it was read in and who still writes it. */
async function readSettled(file: string, until: number): Promise<{ bytes: Buffer | undefined } & Settled> {
  const swapUntil = Date.now() + LIVE_SWAP_WAIT_MS;
  for (;;) {
    const settled = await settle(file, until);
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
    }
    if (bytes !== undefined) {
      // changed while it was read (or between the look and the read): again
      let after: BigIntStats | undefined;
      try {
        after = statSync(file, { bigint: true });
      } catch {
        /* gone since */
      }
      if (settled.stat && after && identityOf(after) === identityOf(settled.stat)) return { bytes, ...settled };
      if (Date.now() >= until) return { bytes, stat: after, writers: settled.writers };
      await sleep(5);
      continue;
    }
    const leftovers = leftoversOf(file).filter((l) => l.kind === 'swap');
    if (leftovers.length === 0) {
      // a writer's swap may have ended between the read and the listing: the file is back
      if (exists(file)) continue;
      return { bytes: undefined, writers: [] };
    }
    if (leftovers.some((l) => isStale(l))) {
      const report = cleanLeftovers(file);
      if (report.restored || report.removed.length > 0 || report.kept.length > 0) continue;
    }
    if (Date.now() < swapUntil) {
      await sleep(2);
      continue;
    }
    putBackNewest(file, leftovers);
  }
}

/**
 * A swap whose writer seems alive but has kept the file missing for {@link LIVE_SWAP_WAIT_MS}
 * (stopped, or a process id used again by another program): the newest swap is put back. If its
 * writer goes on after all, its own link fails with EEXIST and it merges what it finds.
 */
function putBackNewest(file: string, swaps: Leftover[]): void {
  const newest = [...swaps].sort((a, b) => ctimeOf(b.path) - ctimeOf(a.path))[0];
  if (newest) restore(newest.path, file);
}

/** True when `bytes` hold `expected` (UTF-8; a leading BOM in the file is not part of the text). */
function holds(bytes: Buffer, expected: Buffer): boolean {
  return holdsBytes(bytes, expected);
}

/**
 * Replaces `file` with `content` only if it still holds `expected` (undefined: only if there is
 * no file), atomically, with no moment at which a change someone else made in the meantime can
 * be replaced unseen. Steps, each atomic in POSIX file systems:
 * 1. clean-up of killed writers' leftovers; a file the user may not write is refused; the file
 *    is read once it is settled (see {@link readFileDuringWrites}: not in the middle of another
 *    program's write in place): not `expected` → not written;
 * 2. the new content into a temporary file beside it, fsynced;
 * 3. `rename(file, swap)`: whatever is at `file` now is in our hands (a rename-over or a
 *    git checkout landing after this creates a new `file`, see 5);
 * 4. compare the swap with `expected`; if it differs, someone wrote meanwhile: `link(swap, file)`
 *    puts their file back (and a program still writing it in place goes on writing it) →
 *    not written, with their content. Also put back, and the write starts again at 1, when
 *    the swap's state (size, time) is not the one read in 1 (someone wrote the same bytes again)
 *    or another process holds it open for writing (Linux: it may go on writing);
 * 5. else `link(temp, file)`: fails with EEXIST if someone created `file` since step 3 → not
 *    written (their file stays), with their content; else written. If the swap's size or time
 *    changed meanwhile (a program writing it in place went on), theirs is put back over ours →
 *    not written, with their content; else the swap is removed.
 * While `file` is missing (between 3 and 5, about the time to read the file once), readers use
 * {@link readFileDuringWrites}. A kill at any moment leaves `file` or its swap, which the next run
 * puts back ({@link cleanLeftovers}). On file systems without hard links (FAT, some network
 * shares), step 5 is a rename after a check that `file` is still missing (a window of microseconds).
 * What is left (docs/sidecar-format.md, "Many writers"): a program writing the file in place that
 * this process cannot see in /proc (another user's, another machine's, or not on Linux) and that
 * pauses longer than {@link QUIET_MS} where what it wrote so far is a valid sidecar, then writes on
 * after step 5: the rest goes to the replaced file.
 * @param options.decode turns the bytes of someone else's file into text (throws when they cannot be read).
 * @param options.kept receives the files {@link cleanLeftovers} kept.
 * @throws the file system's errors (ENOSPC...); an Error (code EACCES) for a file the user may not
 *   write (mode without write bits, even for root; access(W_OK) refused); an Error (code EBUSY)
 *   when another program keeps the file open for writing for {@link WRITER_WAIT_MS}. Nothing was
 *   replaced and no temporary file is left.
 */
export async function replaceFileIfUnchanged(
  file: string,
  content: string,
  expected: string | undefined,
  options: { decode: (bytes: Buffer) => string; kept?: string[] },
): Promise<ReplaceOutcome> {
  const { decode } = options;
  const target = resolveTarget(file);
  // the clean-up runs whether or not the caller wants to hear of kept files
  const cleaned = cleanLeftovers(target);
  options.kept?.push(...cleaned.kept);
  refuseReadOnly(target);
  const expectedBytes = expected === undefined ? undefined : Buffer.from(expected, 'utf8');
  const differs = (bytes: Buffer | undefined): boolean =>
    (bytes === undefined) !== (expectedBytes === undefined) || (bytes !== undefined && !holds(bytes, expectedBytes!));
  const until = Date.now() + WRITER_WAIT_MS;
  let temp: { path: string; identity: string } | undefined;
  try {
    for (;;) {
      const now = await readSettled(target, until);
      if (differs(now.bytes))
        return { written: false, current: now.bytes === undefined ? undefined : decode(now.bytes) };
      if (now.writers.length > 0) throw Object.assign(new Error(busyMessage(target, now.writers)), { code: 'EBUSY' });
      temp ??= writeTemp(target, content);
      const outcome = await swapIn(target, temp.path, expected, differs, decode, now.stat, temp.identity);
      if (outcome !== 'again') return outcome;
      if (Date.now() >= until) {
        // it keeps changing: what it holds now goes back to the caller, to be merged
        const bytes = await readFileDuringWrites(target);
        return { written: false, current: bytes === undefined ? undefined : decode(bytes) };
      }
    }
  } finally {
    if (temp) unlinkQuietly(temp.path);
  }
}

/**
 * Writes `content` into a new temporary file beside `target` (its permissions), fsynced; returns it with the state it
 * has.
 */
function writeTemp(target: string, content: string): { path: string; identity: string } {
  let mode: number | undefined;
  try {
    mode = statSync(target).mode & 0o777;
  } catch {
    // a new file: the umask decides
  }
  const temp = tempNameOf(target);
  const fd = openSync(temp, 'wx', mode ?? 0o644);
  try {
    try {
      // the file keeps its permissions
      if (mode !== undefined) fchmodSync(fd, mode);
    } catch {
      // the umask's mode then
    }
    writeSync(fd, Buffer.from(content, 'utf8'));
    fsyncSync(fd);
    return { path: temp, identity: identityOf(fstatSync(fd, { bigint: true })) };
  } catch (err) {
    unlinkQuietly(temp);
    throw err;
  } finally {
    closeSync(fd);
  }
}

/** The bytes and the state of `file`, read through one descriptor; undefined when it is missing. */
function readWithState(file: string): { bytes: Buffer; stat: BigIntStats } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    if (errCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    return { bytes: readFileSync(fd), stat };
  } finally {
    closeSync(fd);
  }
}

async function swapIn(
  target: string,
  temp: string,
  expected: string | undefined,
  differs: (bytes: Buffer | undefined) => boolean,
  decode: (bytes: Buffer) => string,
  read: BigIntStats | undefined,
  ours: string,
): Promise<ReplaceOutcome | 'again'> {
  const dir = path.dirname(target);
  const until = Date.now() + LIVE_SWAP_WAIT_MS;
  for (;;) {
    const swap = swapNameOf(target, baseTag(expected));
    try {
      renameSync(target, swap);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
      // no file: deleted, or another writer is in the middle of its swap (or was killed in it)
      const swaps = leftoversOf(target).filter((l) => l.kind === 'swap');
      // another writer's swap may have ended between the rename and the listing: the file is back
      if (swaps.length === 0 && exists(target)) continue;
      if (swaps.some((l) => isStale(l)) && cleanLeftovers(target).restored) continue;
      if (swaps.length > 0) {
        if (Date.now() < until) await sleep(2);
        else putBackNewest(target, swaps);
        continue;
      }
      if (expected !== undefined) return { written: false, current: undefined };
      if (placeNew(temp, target)) {
        fsyncDir(dir);
        rememberSettled(target, ours);
        return { written: true };
      }
      return notWritten(target, decode);
    }
    // `target` is missing from here until one of the links below: keep it short
    let moved: { bytes: Buffer; stat: BigIntStats } | undefined;
    try {
      moved = readWithState(swap);
    } catch (err) {
      putBack(swap, target);
      throw err;
    }
    if (!moved) continue; // someone else moved it on meanwhile: look again
    if (differs(moved.bytes)) {
      // someone else wrote since we read it: theirs goes back, unchanged, and is merged by the caller
      putBack(swap, target);
      fsyncDir(dir);
      return { written: false, current: decode(moved.bytes) };
    }
    const identity = identityOf(moved.stat);
    // the same bytes, but written again since it was read, or a program holds it open for
    // writing (it may write on into the file we would replace): theirs goes back, and we wait
    if ((read && identity !== identityOf(read)) || openWriters(swap, true).length > 0) {
      putBack(swap, target);
      fsyncDir(dir);
      return 'again';
    }
    if (placeNew(temp, target)) {
      let after: BigIntStats | undefined;
      try {
        after = lstatSync(swap, { bigint: true });
      } catch {
        /* gone */
      }
      if (after && identityOf(after) !== identity) {
        // a program writing it in place went on since the compare: theirs goes back over ours
        renameSync(swap, target);
        fsyncDir(dir);
        return notWritten(target, decode);
      }
      unlinkQuietly(swap);
      fsyncDir(dir);
      rememberSettled(target, ours);
      return { written: true };
    }
    // someone created the file while it was missing: theirs stays; ours was based on the swap,
    // which holds nothing but that base
    unlinkQuietly(swap);
    fsyncDir(dir);
    return notWritten(target, decode);
  }
}

/**
 * Puts `swap` back at `target`. If someone created `target` meanwhile, theirs is newer than
 * what was moved away (which the caller merges and then compares with the new file): the swap goes.
 */
function putBack(swap: string, target: string): void {
  if (restore(swap, target) === 'exists') unlinkQuietly(swap);
}

/** Error codes of file systems without hard links. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Puts `temp` at `target` if nothing is there; false when someone created `target` first. */
function placeNew(temp: string, target: string): boolean {
  try {
    linkSync(temp, target);
    return true;
  } catch (err) {
    if (errCode(err) === 'EEXIST') return false;
    if (!NO_LINKS.has(errCode(err) ?? '')) throw err;
  }
  if (exists(target)) return false;
  renameSync(temp, target);
  return true;
}

async function notWritten(target: string, decode: (bytes: Buffer) => string): Promise<ReplaceOutcome> {
  const bytes = await readFileDuringWrites(target);
  return { written: false, current: bytes === undefined ? undefined : decode(bytes) };
}

/**
 * Replaces `file` with `content` whatever it holds (a plain atomic write: temporary file, fsync,
 * rename, fsync of the folder), for files that have one writer. A crash at any moment leaves the
 * old or the new complete file, and its temporary file is removed by the next write.
 * @throws an Error (code EACCES) for a file the user may not write (see `replaceFileIfUnchanged`);
 *   the file system's errors. Nothing was replaced.
 */
export function writeFileAtomic(file: string, content: string): void {
  cleanLeftovers(file);
  refuseReadOnly(file);
  const temp = tempNameOf(file);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, Buffer.from(content, 'utf8'));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkQuietly(temp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (err) {
    unlinkQuietly(temp);
    throw err;
  }
  fsyncDir(path.dirname(file));
}
