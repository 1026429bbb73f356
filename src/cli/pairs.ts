/**
 * The files the command line works on: the article/sidecar pairs its arguments name, file names
 * as printed (relative to the current folder), and the reading of articles and sidecars.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { tooLargeMessage } from '../core/format/sidecar';
import { decodeArticle } from '../core/text/textDecoding';
import { type SidecarBytes, articlePathOf, pathPresent, sidecarPathOf } from '../node/nodeFiles';
import { type SidecarPair, findSidecarPairs } from '../core/workspace/scan';
import { NodeWorkspaceFiles } from '../node/nodeWorkspaceFiles';

/** An article and its sidecar; `explicit`: named on the command line (not found in a folder). */
export interface Pair { article: string; sidecar: string; explicit: boolean }

/** `file` as printed: relative to the current folder when inside it, else as given. */
export function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

const ARTICLE = /\.(txt|md|markdown)$/i;

/** The article/sidecar pairs named by the arguments (folders: every sidecar below them). */
export async function pairsOf(args: string[], template: string): Promise<{ pairs: Pair[]; errors: string[] }> {
  const pairs: Pair[] = [];
  const errors: string[] = [];
  const suffix = template.split('{fileName}').pop() ?? '';
  const seen = new Set<string>();
  const add = (pair: Pair) => {
    const key = path.resolve(pair.sidecar);
    if (!seen.has(key)) {
      seen.add(key);
      pairs.push(pair);
    }
  };
  for (const arg of args) {
    if (!pathPresent(arg)) {
      errors.push(`${arg}: no such file or folder`);
      continue;
    }
    if (isFolder(arg)) {
      // a folder (or a link to one) named like a sidecar is listed too: reported as when named
      const files = new NodeWorkspaceFiles({
        listFolder: (f) => f.endsWith(suffix) && articlePathOf(f, template) !== undefined,
        unreadable: (folder, e) => {
          errors.push(`${folder}: cannot be listed (${listingError(e)}); its files were not looked at`);
        },
      });
      let found: SidecarPair[];
      try {
        // a sidecar that a killed writer left moved away stands for it (put back before the command runs)
        found = await findSidecarPairs(files, arg, template);
      } catch (e) {
        errors.push(`${arg}: cannot be listed (${listingError(e as NodeJS.ErrnoException)})`);
        continue;
      }
      for (const pair of found) add({ article: path.resolve(pair.article), sidecar: pair.sidecar, explicit: false });
      continue;
    }
    const asSidecar = arg.endsWith(suffix) ? articlePathOf(arg, template) : undefined;
    if (asSidecar) add({ article: asSidecar, sidecar: arg, explicit: true });
    else if (ARTICLE.test(arg) || !arg.endsWith('.yaml')) {
      add({ article: arg, sidecar: sidecarPathOf(arg, template), explicit: true });
    }
    else errors.push(`${arg}: not an article or a sidecar named like ${template}`);
  }
  return { pairs, errors };
}

/** Why a folder cannot be listed, as said in parentheses: permission denied, or the error's code or message. */
function listingError(e: NodeJS.ErrnoException): string {
  return e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code ?? e.message;
}

/** True for a folder (or a link to one); false for anything else, a link that loops included. */
export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The article's text, or why there is none: missing, not a regular file (a FIFO is never opened:
 * it would block), unreadable, not UTF-8 text.
 */
export function readArticle(file: string): { ok: true; text: string } | { ok: false; message: string } {
  if (!existsSync(file)) return { ok: false, message: 'the article is missing' };
  const stat = statSync(file);
  if (stat.isDirectory()) return { ok: false, message: 'the article is a folder, not a file' };
  if (!stat.isFile()) {
    const what = stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isSocket() ? 'a socket' : 'a device';
    return { ok: false, message: `the article is ${what}, not a file` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, message: `the article cannot be read: ${(err as Error).message}` };
  }
  const decoded = decodeArticle(bytes);
  return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, message: `the article is ${decoded.message}` };
}

/**
 * Why a sidecar (or registry) read by {@link readSidecarBytes} has no bytes, as the end of a
 * sentence ("the sidecar " + this), or undefined when it has them (or there is none).
 */
export function unreadable(read: SidecarBytes): string | undefined {
  switch (read.kind) {
    case 'link': return `cannot be read: ${read.message}`;
    case 'folder': return 'is a folder, not a file';
    case 'special': return `is ${read.what}, not a file`;
    case 'large': return tooLargeMessage(read.size).replace(/^the sidecar /, '');
    case 'error': return `cannot be read: ${read.error.message}`;
    default: return undefined;
  }
}
