/**
 * `hashiya check`: validates sidecars against their articles and project schemas, entity
 * registries and project schemas; prints file:line:column: message per problem and a summary.
 */
import { loadRegistry } from '../../core/entities/registryLoad';
import { registryConflicts } from '../../core/merge/conflict';
import { checkSidecarSource, checkSummaryLine } from '../../core/workspace/check';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { type SidecarBytes, readSidecarBytes } from '../../node/nodeFiles';
import { readSchemaFile, schemaOf } from '../schemaFiles';
import { type Pair, readArticle, rel, unreadable } from '../pairs';
import * as l10n from '@vscode/l10n';

/** Sidecars read ahead of the one being checked. */
const READ_AHEAD = 32;

/**
 * `readSidecarBytes` of each pair's sidecar, a window of {@link READ_AHEAD} at a time ahead of the
 * caller (`read(i)` in order): reads started together share one look for writers (a scan of
 * /proc, kept 100 ms), instead of one every few files of a folder checked one by one.
 */
function readAhead(pairs: readonly Pair[]): (i: number) => Promise<SidecarBytes> {
  const started = new Map<number, Promise<SidecarBytes>>();
  return (i) => {
    for (let k = i; k < Math.min(pairs.length, i + READ_AHEAD); k++) {
      if (!started.has(k)) {
        const read = readSidecarBytes(pairs[k]!.sidecar);
        read.catch(() => undefined);
        started.set(k, read);
      }
    }
    const read = started.get(i)!;
    started.delete(i);
    return read;
  };
}

/** `hashiya check`: returns the exit code. */
export async function check(pairs: Pair[], out: (line: string) => void,
  registries: RegistryReport = { checked: 0, invalid: 0, problems: 0 }): Promise<number> {
  let valid = 0;
  let invalid = 0;
  let problems = 0;
  let orphans = 0;
  let review = 0;
  const readSidecar = readAhead(pairs);
  for (const [i, pair] of pairs.entries()) {
    const report = (line: number, column: number, message: string) => {
      out(`${rel(pair.sidecar)}:${line}:${column}: ${message}`);
      problems++;
    };
    // a link that loops or points to nothing is there (and reported), not "no sidecar"; so is
    // a sidecar another writer has moved away for the instant of its swap (waited for)
    const read = await readSidecar(i);
    if (read.kind === 'none') {
      if (pair.explicit) out(l10n.t('{0}: no sidecar ({1}), nothing to check', rel(pair.article), rel(pair.sidecar)));
      continue;
    }
    const before = problems;
    const why = unreadable(read);
    const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
    if (why) {
      report(1, 1, why);
    } else if (decoded && !decoded.ok) {
      report(1, 1, l10n.t('the sidecar is {0}', decoded.message));
    } else if (decoded?.ok) {
      const source = decoded.text;
      const lookup = await schemaOf(pair.article);
      if (!lookup.ok) {
        report(1, 1, l10n.t('not checked: its project schema {0} has problems (listed with it)', rel(lookup.file)));
        if (problems > before) invalid++;
        continue;
      }
      const checked = await checkSidecarSource({
        source, article: pair.article, schema: lookup.schema, schemaFile: lookup.file, display: rel,
        readArticle: async () => readArticle(pair.article),
      });
      orphans += checked.orphans;
      for (const f of checked.findings) {
        if (f.kind === 'problem') report(f.line, f.column, f.message);
        else {
          out(`${rel(pair.sidecar)}:${f.line}:${f.column}: ${f.message}`);
          review++;
        }
      }
    }
    if (problems === before) valid++;
    else invalid++;
  }
  // one summary line, also when only an entity registry was checked
  out(checkSummaryLine({ valid, invalid, problems, orphans, review, registries }));
  return invalid > 0 || registries.invalid > 0 ? 1 : 0;
}

/** What {@link checkRegistries} found: registries checked, how many have problems, how many problems. */
export interface RegistryReport { checked: number; invalid: number; problems: number }

/** Checks entity registries (`.hashiya/entities.yaml`); prints each problem as file:line:column. */
export async function checkRegistries(files: readonly string[], out: (line: string) => void): Promise<RegistryReport> {
  const report: RegistryReport = { checked: 0, invalid: 0, problems: 0 };
  for (const file of files) {
    report.checked++;
    const before = report.problems;
    const read = await readSidecarBytes(file);
    const why = read.kind === 'none' ? l10n.t('the entity registry cannot be read: no such file')
      : read.kind === 'folder' ? l10n.t('the entity registry cannot be read: a folder, not a file')
        : unreadable(read, true);
    const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
    const parsed = decoded?.ok ? loadRegistry(decoded.text) : undefined;
    if (why) {
      out(`${rel(file)}:1:1: ${why}`);
      report.problems++;
    } else if (decoded && !decoded.ok) {
      out(`${rel(file)}:1:1: ${l10n.t('the entity registry is {0}', decoded.message)}`);
      report.problems++;
    } else if (parsed && !parsed.ok) {
      for (const p of parsed.problems) out(`${rel(file)}:${p.line}:${p.column}: ${p.message}`);
      report.problems += parsed.problems.length;
    } else if (parsed?.ok) {
      const conflicts = registryConflicts(decoded?.ok ? decoded.text : '', parsed.registry);
      for (const c of conflicts) out(`${rel(file)}:${c.line}:${c.column}: ${c.message}`);
      report.problems += conflicts.length;
      const count = parsed.registry.entities.length;
      if (conflicts.length === 0) {
        out(count === 1 ? l10n.t('{0}: {1} entity, valid', rel(file), count)
          : l10n.t('{0}: {1} entities, valid', rel(file), count));
      }
    }
    if (report.problems > before) report.invalid++;
  }
  return report;
}

/**
 * Checks the project schemas named and those the articles are annotated under; prints each
 * problem as file:line:column, or one line per valid schema. Returns how many have problems.
 */
export async function checkSchemas(pairs: readonly Pair[], named: readonly string[],
  out: (line: string) => void): Promise<number> {
  const files = new Set(named);
  for (const pair of pairs) {
    const lookup = await schemaOf(pair.article);
    if (lookup.file) files.add(lookup.file);
  }
  let invalid = 0;
  for (const file of files) {
    const lookup = await readSchemaFile(file);
    if (lookup.ok) {
      const labels = lookup.schema.labels;
      const args = [rel(file), lookup.schema.version, labels.length, labels.map((l) => l.id).join(', ')];
      out(labels.length === 1 ? l10n.t('{0}: project schema version {1}, {2} label ({3}), valid', ...args)
        : l10n.t('{0}: project schema version {1}, {2} labels ({3}), valid', ...args));
      continue;
    }
    invalid++;
    for (const p of lookup.problems) out(`${rel(file)}:${p.line}:${p.column}: ${p.message}`);
  }
  return invalid;
}
