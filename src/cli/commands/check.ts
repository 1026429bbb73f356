/**
 * `hashiya check`: validates sidecars against their articles and project schemas, entity
 * registries and project schemas; prints file:line:column: message per problem and a summary.
 */
import * as path from 'node:path';
import { anchorToText } from '../../core/anchoring/anchoring';
import { annotationSchemaProblems, labelDef, madeUnderOlderDefinition } from '../../core/model/projectSchema';
import { relationEntries, relationProblem } from '../../core/model/relations';
import { locateInSidecar, parseSidecar } from '../../core/format/sidecar';
import { parseRegistry } from '../../core/entities/entityRegistry';
import { textFileProblem } from '../../core/format/sidecarPath';
import { registryConflicts, sidecarConflicts } from '../../core/merge/conflict';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { readSidecarBytes } from '../../node/nodeFiles';
import { readSchemaFile, schemaOf } from '../schemaFiles';
import { type Pair, readArticle, rel, unreadable } from '../pairs';

/** `hashiya check`: returns the exit code. */
export async function check(pairs: Pair[], out: (line: string) => void, registries: RegistryReport = { checked: 0, invalid: 0, problems: 0 }): Promise<number> {
  let valid = 0;
  let invalid = 0;
  let problems = 0;
  let orphans = 0;
  let review = 0;
  for (const pair of pairs) {
    const report = (line: number, column: number, message: string, file = pair.sidecar) => {
      out(`${rel(file)}:${line}:${column}: ${message}`);
      problems++;
    };
    // a link that loops or points to nothing is there (and reported), not "no sidecar"; so is
    // a sidecar another writer has moved away for the instant of its swap (waited for)
    const read = await readSidecarBytes(pair.sidecar);
    if (read.kind === 'none') {
      if (pair.explicit) out(`${rel(pair.article)}: no sidecar (${rel(pair.sidecar)}), nothing to check`);
      continue;
    }
    const before = problems;
    const why = unreadable(read);
    const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
    if (why) {
      report(1, 1, `the sidecar ${why}`);
    } else if (decoded && !decoded.ok) {
      report(1, 1, `the sidecar is ${decoded.message}`);
    } else if (decoded?.ok) {
      const source = decoded.text;
      const lookup = await schemaOf(pair.article);
      if (!lookup.ok) {
        report(1, 1, `not checked: its project schema ${rel(lookup.file)} has problems (listed with it)`);
        if (problems > before) invalid++;
        continue;
      }
      const schema = lookup.schema;
      const parsed = parseSidecar(source, schema);
      if (!parsed.ok) {
        for (const p of parsed.problems) report(p.line, p.column, p.message);
      } else {
        // recorded merge conflicts: errors at their conflict: key, until resolved
        for (const c of sidecarConflicts(source, parsed.sidecar)) report(c.line, c.column, c.message);
        const article = readArticle(pair.article);
        if (!article.ok) {
          const where = locateInSidecar(source, ['text', 'file'], '');
          report(where.line, where.column, `${article.message}: ${rel(pair.article)}`);
        } else if (textFileProblem(parsed.sidecar.text.file, path.basename(pair.article))) {
          // another article's annotations: not checked against this text (anchor refuses it too)
          const where = locateInSidecar(source, ['text', 'file'], '');
          report(where.line, where.column, textFileProblem(parsed.sidecar.text.file, path.basename(pair.article))!);
        } else {
          const anchored = anchorToText(article.text, parsed.sidecar);
          if (!anchored.ok) {
            for (const p of anchored.problems) {
              const where = locateInSidecar(source, p.path, p.message);
              report(where.line, where.column, p.message);
            }
          } else if (anchored.textChanged) {
            const where = locateInSidecar(source, ['text', 'sha256'], '');
            report(where.line, where.column, `${path.basename(pair.article)} changed since these annotations were saved (sha256 or length differs); run: hashiya anchor ${rel(pair.article)}`);
          } else {
            orphans += anchored.orphaned.length;
          }
          // relations that do not hold and attributes the schema does not have (core/model/relations, core/model/projectSchema)
          const byId = new Map(parsed.sidecar.annotations.map((a) => [a.id, a]));
          parsed.sidecar.annotations.forEach((a, i) => {
            for (const entry of relationEntries(a)) {
              const problem = relationProblem(schema, a, entry.name, entry.target, byId);
              if (!problem) continue;
              const where = locateInSidecar(source, ['annotations', i, ...entry.path], '');
              report(where.line, where.column, problem);
            }
            for (const p of annotationSchemaProblems(schema, a)) {
              const where = locateInSidecar(source, ['annotations', i, ...p.path], '');
              report(where.line, where.column, p.message);
            }
            if (!schema.preset && madeUnderOlderDefinition(schema, a.label, a.schemaVersion)) {
              const where = locateInSidecar(source, ['annotations', i, a.schemaVersion === undefined ? 'label' : 'schemaVersion'], '');
              out(`${rel(pair.sidecar)}:${where.line}:${where.column}: review: ${a.label} ${a.id} ${JSON.stringify(a.quote)} was made under ${a.schemaVersion === undefined ? 'an unrecorded schema version' : `schema version ${a.schemaVersion}`}; ${rel(lookup.file!)} revised ${a.label} in version ${labelDef(schema, a.label)?.revised}`);
              review++;
            }
          });
        }
      }
    }
    if (problems === before) valid++;
    else invalid++;
  }
  // one summary line, also when only an entity registry was checked
  const inRegistries = registries.checked === 0 ? ''
    : `; ${registries.checked} entity registr${registries.checked === 1 ? 'y' : 'ies'}: ${registries.checked - registries.invalid} valid, ${registries.invalid} with problems (${registries.problems} problem${registries.problems === 1 ? '' : 's'})`;
  out(`checked ${valid + invalid} sidecar${valid + invalid === 1 ? '' : 's'}: ${valid} valid, ${invalid} with problems (${problems} problem${problems === 1 ? '' : 's'})${orphans ? `; ${orphans} orphaned annotation${orphans === 1 ? '' : 's'} kept` : ''}${review ? `; ${review} made under an older definition of their label, to review` : ''}${inRegistries}`);
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
    const why = read.kind === 'none' ? 'cannot be read: no such file' : read.kind === 'folder' ? 'cannot be read: a folder, not a file' : unreadable(read);
    const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
    const parsed = decoded?.ok ? parseRegistry(decoded.text) : undefined;
    if (why) {
      out(`${rel(file)}:1:1: the entity registry ${why}`);
      report.problems++;
    } else if (decoded && !decoded.ok) {
      out(`${rel(file)}:1:1: the entity registry is ${decoded.message}`);
      report.problems++;
    } else if (parsed && !parsed.ok) {
      for (const p of parsed.problems) out(`${rel(file)}:${p.line}:${p.column}: ${p.message}`);
      report.problems += parsed.problems.length;
    } else if (parsed?.ok) {
      const conflicts = registryConflicts(decoded?.ok ? decoded.text : '', parsed.registry);
      for (const c of conflicts) out(`${rel(file)}:${c.line}:${c.column}: ${c.message}`);
      report.problems += conflicts.length;
      if (conflicts.length === 0) out(`${rel(file)}: ${parsed.registry.entities.length} entit${parsed.registry.entities.length === 1 ? 'y' : 'ies'}, valid`);
    }
    if (report.problems > before) report.invalid++;
  }
  return report;
}

/**
 * Checks the project schemas named and those the articles are annotated under; prints each
 * problem as file:line:column, or one line per valid schema. Returns how many have problems.
 */
export async function checkSchemas(pairs: readonly Pair[], named: readonly string[], out: (line: string) => void): Promise<number> {
  const files = new Set(named);
  for (const pair of pairs) {
    const lookup = await schemaOf(pair.article);
    if (lookup.file) files.add(lookup.file);
  }
  let invalid = 0;
  for (const file of files) {
    const lookup = await readSchemaFile(file);
    if (lookup.ok) {
      out(`${rel(file)}: project schema version ${lookup.schema.version}, ${lookup.schema.labels.length} label${lookup.schema.labels.length === 1 ? '' : 's'} (${lookup.schema.labels.map((l) => l.id).join(', ')}), valid`);
      continue;
    }
    invalid++;
    for (const p of lookup.problems) out(`${rel(file)}:${p.line}:${p.column}: ${p.message}`);
  }
  return invalid;
}
