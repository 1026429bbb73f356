/**
 * The project schema on the command line: the nearest `.hashiya/schema.yaml` in an article's
 * folder or a folder above it (core/model/projectSchema; without one, the news preset), read once per
 * run and folder.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { NEWS_PRESET, type ProjectSchema, SCHEMA_PATH } from '../core/model/projectSchema';
import { parseProjectSchema } from '../core/format/projectSchemaFile';
import { MAX_SIDECAR_LENGTH, type SidecarProblem } from '../core/format/sidecar';
import { decodeUtf8 } from '../core/text/textDecoding';
import { readSidecarBytes, sidecarPresent } from '../node/nodeFiles';
import * as l10n from '@vscode/l10n';

/**
 * The schema an article is annotated under: `schema`, the `file` it comes from (none: the preset), or the problems of
 * that file.
 */
export type SchemaLookup =
  { ok: true; schema: ProjectSchema; file?: string } | { ok: false; file: string; problems: SidecarProblem[] };

const cache = new Map<string, Promise<SchemaLookup>>();

/** Reads and checks one schema file (also while another writer has it moved away for its swap). */
export function readSchemaFile(file: string): Promise<SchemaLookup> {
  const key = path.resolve(file);
  let found = cache.get(key);
  if (!found) {
    found = (async (): Promise<SchemaLookup> => {
      const read = await readSidecarBytes(key);
      const problem = (message: string): SchemaLookup => ({ ok: false, file: key, problems: [at1(message)] });
      if (read.kind === 'none') return problem(l10n.t('the project schema cannot be read: no such file'));
      if (read.kind === 'folder') return problem(l10n.t('the project schema cannot be read: a folder, not a file'));
      if (read.kind === 'link') return problem(l10n.t('the project schema cannot be read: {0}', read.message));
      if (read.kind === 'special') {
        return problem(l10n.t('the project schema cannot be read: {0}, not a file', read.what));
      }
      if (read.kind === 'large') return problem(tooLarge(read.size));
      if (read.kind === 'error') return problem(l10n.t('the project schema cannot be read: {0}', read.error.message));
      const decoded = decodeUtf8(read.bytes);
      if (!decoded.ok) return problem(l10n.t('the project schema is {0}', decoded.message));
      const parsed = parseProjectSchema(decoded.text);
      return parsed.ok
        ? { ok: true, schema: parsed.schema, file: key }
        : { ok: false, file: key, problems: parsed.problems };
    })();
    cache.set(key, found);
  }
  return found;
}

function at1(message: string): SidecarProblem {
  return { message, line: 1, column: 1, endLine: 1, endColumn: 1, path: [] };
}

function tooLarge(size: number): string {
  return l10n.t('the project schema is {0} MiB, too large', (size / 1024 / 1024).toFixed(1));
}

/**
 * The project schema of the workspace `article` is in: the nearest `.hashiya/schema.yaml` above it, else the news
 * preset.
 */
export async function schemaOf(article: string): Promise<SchemaLookup> {
  for (let dir = path.dirname(path.resolve(article)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, SCHEMA_PATH);
    if (sidecarPresent(file)) return readSchemaFile(file);
    if (path.dirname(dir) === dir) return { ok: true, schema: NEWS_PRESET };
  }
}

/** True when `file` is a project schema file by its place (`.hashiya/schema.yaml`). */
export function isSchemaFile(file: string): boolean {
  return path.basename(file) === 'schema.yaml' && path.basename(path.dirname(path.resolve(file))) === '.hashiya';
}

/**
 * Like {@link schemaOf}, read synchronously (the git merge driver is synchronous): the nearest
 * `.hashiya/schema.yaml` above `file` (a path relative to the working directory, as git gives
 * %P), else the news preset. A file that is not a regular file, too large, not UTF-8 or not a
 * valid schema comes back with its problems.
 */
export function schemaOfSync(file: string): SchemaLookup {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SCHEMA_PATH);
    let stat;
    try {
      stat = statSync(candidate);
    } catch {
      stat = undefined;
    }
    if (stat) {
      const problem = (message: string): SchemaLookup => ({ ok: false, file: candidate, problems: [at1(message)] });
      if (!stat.isFile()) return problem(l10n.t('the project schema cannot be read: not a regular file'));
      if (stat.size > MAX_SIDECAR_LENGTH) return problem(tooLarge(stat.size));
      const decoded = decodeUtf8(readFileSync(candidate));
      if (!decoded.ok) return problem(l10n.t('the project schema is {0}', decoded.message));
      const parsed = parseProjectSchema(decoded.text);
      return parsed.ok
        ? { ok: true, schema: parsed.schema, file: candidate }
        : { ok: false, file: candidate, problems: parsed.problems };
    }
    if (path.dirname(dir) === dir) return { ok: true, schema: NEWS_PRESET };
  }
}
