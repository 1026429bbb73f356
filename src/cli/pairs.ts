/**
 * The files the command line works on: the article/sidecar pairs its arguments name, file names
 * as printed (relative to the current folder), and the reading of articles and sidecars.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_SIDECAR_LENGTH, tooLargeMessage } from '../core/format/sidecar';
import { decodeArticle } from '../core/text/textDecoding';
import { type SidecarBytes, articlePathOf, pathPresent, sidecarPathOf } from '../node/nodeFiles';
import { type SidecarPair, findSidecarPairs } from '../core/workspace/scan';
import { NodeWorkspaceFiles } from '../node/nodeWorkspaceFiles';
import * as l10n from '@vscode/l10n';

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
      errors.push(l10n.t('{0}: no such file or folder', arg));
      continue;
    }
    if (isFolder(arg)) {
      // a folder (or a link to one) named like a sidecar is listed too: reported as when named
      const files = new NodeWorkspaceFiles({
        listFolder: (f) => f.endsWith(suffix) && articlePathOf(f, template) !== undefined,
        unreadable: (folder, e) => {
          errors.push(l10n.t('{0}: cannot be listed ({1}); its files were not looked at', folder, listingError(e)));
        },
      });
      let found: SidecarPair[];
      try {
        // a sidecar that a killed writer left moved away stands for it (put back before the command runs)
        found = await findSidecarPairs(files, arg, template);
      } catch (e) {
        errors.push(l10n.t('{0}: cannot be listed ({1})', arg, listingError(e as NodeJS.ErrnoException)));
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
    else errors.push(l10n.t('{0}: not an article or a sidecar named like {1}', arg, template));
  }
  return { pairs, errors };
}

/** Why a folder cannot be listed, as said in parentheses: permission denied, or the error's code or message. */
function listingError(e: NodeJS.ErrnoException): string {
  return e.code === 'EACCES' || e.code === 'EPERM' ? l10n.t('permission denied') : e.code ?? e.message;
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
  if (!existsSync(file)) return { ok: false, message: l10n.t('the article is missing') };
  const stat = statSync(file);
  if (stat.isDirectory()) return { ok: false, message: l10n.t('the article is a folder, not a file') };
  if (!stat.isFile()) {
    const what = stat.isFIFO() ? l10n.t('a FIFO (named pipe)')
      : stat.isSocket() ? l10n.t('a socket') : l10n.t('a device');
    return { ok: false, message: l10n.t('the article is {0}, not a file', what) };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, message: l10n.t('the article cannot be read: {0}', (err as Error).message) };
  }
  const decoded = decodeArticle(bytes);
  return decoded.ok ? { ok: true, text: decoded.text }
    : { ok: false, message: l10n.t('the article is {0}', decoded.message) };
}

/**
 * Why a sidecar (or, `registry`, an entity registry) read by {@link readSidecarBytes} has no bytes,
 * as a sentence ("the sidecar is a folder, not a file"), or undefined when it has them (or there is none).
 */
export function unreadable(read: SidecarBytes, registry = false): string | undefined {
  switch (read.kind) {
    case 'link': return registry ? l10n.t('the entity registry cannot be read: {0}', read.message)
      : l10n.t('the sidecar cannot be read: {0}', read.message);
    case 'folder': return registry ? l10n.t('the entity registry is a folder, not a file')
      : l10n.t('the sidecar is a folder, not a file');
    case 'special': return registry ? l10n.t('the entity registry is {0}, not a file', read.what)
      : l10n.t('the sidecar is {0}, not a file', read.what);
    case 'large': return registry
      ? l10n.t('the entity registry is {0} MiB; Hashiya reads sidecars up to {1} MiB',
        (read.size / 1024 / 1024).toFixed(1), MAX_SIDECAR_LENGTH / 1024 / 1024)
      : tooLargeMessage(read.size);
    case 'error': return registry ? l10n.t('the entity registry cannot be read: {0}', read.error.message)
      : l10n.t('the sidecar cannot be read: {0}', read.error.message);
    default: return undefined;
  }
}
