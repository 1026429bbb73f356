/**
 * Reading `.hashiya/schema.yaml` (core/model/projectSchema holds the model): YAML as for sidecars,
 * JSON Schema schemas/project.schema.json, then the checks a JSON Schema cannot make.
 */
import type { ErrorObject } from 'ajv';
import { validate as validateProject } from './validators/projectValidator';
import { type ProjectSchema, RESERVED_KEYS, freeKeys } from '../model/projectSchema';
import { type FileProblem, describeSchemaError, nodeRange, parseChecked, problemAt } from './yamlFile';
import * as l10n from '@vscode/l10n';

/** Result of {@link parseProjectSchema}: the schema, or problems with 1-based line and column. */
export type SchemaParseResult = { ok: true; schema: ProjectSchema } | { ok: false; problems: FileProblem[] };

/** Errors of `value` against schemas/project.schema.json (precompiled: scripts/compileSchemas.mjs). */
function validate(value: unknown): ErrorObject[] {
  return validateProject(value) ? [] : [...(validateProject.errors ?? [])];
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the project schema';
  if (error.keyword === 'pattern') {
    if (/\/key$/.test(error.instancePath)) return l10n.t('{0} must be one letter', where);
    if (/\/(light|dark|highContrast)$/.test(error.instancePath))
      return l10n.t('{0} must be a colour written #rrggbb or #rrggbbaa', where);
    if (error.params.pattern === '\\S') return l10n.t('{0} must not be empty or only white space', where);
    if (String(error.params.pattern).startsWith('^[^'))
      return l10n.t('{0} must not hold line breaks, tabs, control characters or bidi controls', where);
    if (String(error.params.pattern).startsWith('^[a-z]'))
      return l10n.t('{0} must be a lower-case letter, then up to 31 lower-case letters, digits, "_" or "-"', where);
    return l10n.t('{0} must not start or end with white space', where);
  }
  return describeSchemaError(error, 'the project schema');
}

/** A name taken twice by a label's relations and attributes (`taken`: what it is already). */
function alreadyMessage(name: string, taken: string | undefined, label: string): string {
  return taken === 'attribute'
    ? l10n.t('"{0}" is already a attribute of {1}', name, label)
    : l10n.t('"{0}" is already a relation of {1}', name, label);
}

/**
 * Parses and checks `.hashiya/schema.yaml` (same YAML rules as sidecars: no aliases, tags or odd
 * numbers; JSON Schema schemas/project.schema.json), then what a JSON Schema cannot say: ids and
 * keys unique, keys not taken by a view command, relation targets that are labels of the schema,
 * attribute and relation names unique per label and not the same, `revised` not above `version`.
 * Never throws on bad input.
 */
export function parseProjectSchema(source: string): SchemaParseResult {
  const checked = parseChecked(source, 'the project schema', validate, describeError, { refuseAnchors: true });
  if (!checked.ok) return checked;
  const { doc, value, lines } = checked;
  const schema = value as ProjectSchema;
  const problems: FileProblem[] = [];
  const report = (message: string, path: (string | number)[]) =>
    problems.push(problemAt(message, nodeRange(doc, path), lines, path));
  const ids = new Map<string, number>();
  const keys = new Map<string, number>();
  schema.labels.forEach((label, i) => {
    const first = ids.get(label.id);
    if (first !== undefined)
      report(l10n.t('label id "{0}" is also labels.{1}.id', label.id, first), ['labels', i, 'id']);
    else ids.set(label.id, i);
  });
  schema.labels.forEach((label, i) => {
    const key = label.key.toLowerCase();
    const firstKey = keys.get(key);
    if (RESERVED_KEYS.has(key))
      report(
        l10n.t('key "{0}" runs a command in the article view; free keys: {1}', label.key, freeKeys(schema).join(' ')),
        ['labels', i, 'key'],
      );
    else if (firstKey !== undefined)
      report(l10n.t('key "{0}" is also the key of labels.{1} ({2})', label.key, firstKey, schema.labels[firstKey].id), [
        'labels',
        i,
        'key',
      ]);
    else keys.set(key, i);
    if (label.revised !== undefined && label.revised > schema.version) {
      report(l10n.t("revised {0} is after the schema's version {1}", label.revised, schema.version), [
        'labels',
        i,
        'revised',
      ]);
    }
    const names = new Map<string, string>();
    (label.relations ?? []).forEach((relation, j) => {
      if (names.has(relation.name))
        report(alreadyMessage(relation.name, names.get(relation.name), label.id), [
          'labels',
          i,
          'relations',
          j,
          'name',
        ]);
      names.set(relation.name, 'relation');
      relation.targets.forEach((target, k) => {
        if (!ids.has(target))
          report(l10n.t('"{0}" is not a label of this schema ({1})', target, [...ids.keys()].join(', ')), [
            'labels',
            i,
            'relations',
            j,
            'targets',
            k,
          ]);
      });
    });
    (label.attributes ?? []).forEach((attribute, j) => {
      if (names.has(attribute.name))
        report(alreadyMessage(attribute.name, names.get(attribute.name), label.id), [
          'labels',
          i,
          'attributes',
          j,
          'name',
        ]);
      names.set(attribute.name, 'attribute');
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  for (const label of schema.labels) label.key = label.key.toLowerCase();
  return { ok: true, schema };
}
