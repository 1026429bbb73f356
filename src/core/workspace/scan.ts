import { articleNameOfSidecar } from '../format/sidecarPath';
import { type WorkspaceFiles, basenameOf, dirnameOf, joinPath } from './workspaceFiles';

/** An article and its sidecar, as paths with '/' separators. */
export interface SidecarPair {
  article: string;
  sidecar: string;
}

/**
 * The name of the file a Hashiya swap file (`.<name>.hashiya.<host>.<pid>.<random>.<base>.swap`)
 * belongs to, or undefined for other names: a folder scan finds a sidecar that a killed writer
 * left moved away (src/node/atomicWrite.ts names them).
 */
export function swapOwner(name: string): string | undefined {
  return /^\.(.+)\.hashiya\.[0-9a-f]{6}\.\d+\.[0-9a-z]+\.(?:[0-9a-f]{16}|none)\.swap$/.exec(name)?.[1];
}

/**
 * How old a Hashiya temporary or swap file must be (ms, by its modification time) before it
 * counts as left by a killed writer when that writer cannot be asked (another host, or a file
 * system reached through VS Code only): 10 minutes, far longer than any write.
 */
export const STALE_MS = 10 * 60 * 1000;

/**
 * The name of a temporary file of the file named `name`, naming Hashiya and its writer:
 * `.<name>.hashiya.<host>.<pid>.<random>.tmp`, where `host` is 6 hex digits (of the host name,
 * or random for a writer with no host name: the web), `pid` the writer's process (0 in the web)
 * and `random` lower-case hex or base 36. src/node/atomicWrite.ts cleans them up.
 */
export function hashiyaTempFileName(name: string, host: string, pid: number, random: string): string {
  return `.${name}.hashiya.${host}.${pid}.${random}.tmp`;
}

/** The file name ending every sidecar name made with `template` (".annotations.yaml"). */
export function sidecarSuffix(template: string): string {
  return template.split('{fileName}').pop() ?? '';
}

/**
 * The article path of the sidecar at `sidecar` ('/' path) through `template` (the sidecar's
 * path relative to the article's folder), or undefined when the name does not fit the template.
 */
export function articleOfSidecarPath(sidecar: string, template: string): string | undefined {
  const segments = template.split('/').length;
  const parts = sidecar.split('/');
  const name = articleNameOfSidecar(parts.slice(-segments).join('/'), template);
  if (!name) return undefined;
  const folder = parts.slice(0, Math.max(0, parts.length - segments)).join('/');
  return joinPath(folder === '' && sidecar.startsWith('/') ? '/' : folder, name);
}

/**
 * The pair a file found in a folder stands for: a sidecar named through `template` (or the swap
 * file of one, standing for it: it is put back before it is read), or undefined for any other file.
 */
export function sidecarPairOf(file: string, template: string): SidecarPair | undefined {
  const owner = swapOwner(basenameOf(file));
  const sidecar = owner ? joinPath(dirnameOf(file), owner) : file;
  if (!sidecar.endsWith(sidecarSuffix(template))) return undefined;
  const article = articleOfSidecarPath(sidecar, template);
  return article === undefined ? undefined : { article, sidecar };
}

/**
 * Every article/sidecar pair under `folder` of `files` (sidecars found by name through
 * `template`, in listing order, each once). @throws when `folder` cannot be listed.
 */
export async function findSidecarPairs(files: WorkspaceFiles, folder: string,
  template: string): Promise<SidecarPair[]> {
  const suffix = sidecarSuffix(template);
  const seen = new Set<string>();
  const pairs: SidecarPair[] = [];
  for (const file of await files.list(folder, (f) => swapOwner(basenameOf(f)) !== undefined || f.endsWith(suffix))) {
    const pair = sidecarPairOf(file, template);
    if (!pair || seen.has(pair.sidecar)) continue;
    seen.add(pair.sidecar);
    pairs.push(pair);
  }
  return pairs;
}
