/**
 * Reading `.hashiya/schema.yaml` (core/model/projectSchema holds the model): YAML as for sidecars,
 * JSON Schema schemas/project.schema.json, then the checks a JSON Schema cannot make.
 */
import type { ErrorObject } from 'ajv';
import { validate as validateProject } from './validators/projectValidator';
import { type ProjectSchema, RESERVED_KEYS, freeKeys } from '../model/projectSchema';
import { type FileProblem, describeSchemaError, nodeRange, parseChecked, problemAt } from './yamlFile';

/** Result of {@link parseProjectSchema}: the schema, or problems with 1-based line and column. */
export type SchemaParseResult = { ok: true; schema: ProjectSchema } | { ok: false; problems: FileProblem[] };

/** Errors of `value` against schemas/project.schema.json (precompiled: scripts/compileSchemas.mjs). */
function validate(value: unknown): ErrorObject[] {
  return validateProject(value) ? [] : [...(validateProject.errors ?? [])];
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the project schema';
  if (error.keyword === 'pattern') {
    if (/\/key$/.test(error.instancePath)) return `${where} must be one letter`;
    if (/\/(light|dark|highContrast)$/.test(error.instancePath)) return `${where} must be a colour written #rrggbb or #rrggbbaa`;
    if (error.params.pattern === '\\S') return `${where} must not be empty or only white space`;
    if (String(error.params.pattern).startsWith('^[^')) return `${where} must not hold line breaks, tabs, control characters or bidi controls`;
    if (String(error.params.pattern).startsWith('^[a-z]')) return `${where} must be a lower-case letter, then up to 31 lower-case letters, digits, "_" or "-"`;
    return `${where} must not start or end with white space`;
  }
  return describeSchemaError(error, 'the project schema');
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
  const report = (message: string, path: (string | number)[]) => problems.push(problemAt(message, nodeRange(doc, path), lines, path));
  const ids = new Map<string, number>();
  const keys = new Map<string, number>();
  schema.labels.forEach((label, i) => {
    const first = ids.get(label.id);
    if (first !== undefined) report(`label id "${label.id}" is also labels.${first}.id`, ['labels', i, 'id']);
    else ids.set(label.id, i);
  });
  schema.labels.forEach((label, i) => {
    const key = label.key.toLowerCase();
    const firstKey = keys.get(key);
    if (RESERVED_KEYS.has(key)) report(`key "${label.key}" runs a command in the article view; free keys: ${freeKeys(schema).join(' ')}`, ['labels', i, 'key']);
    else if (firstKey !== undefined) report(`key "${label.key}" is also the key of labels.${firstKey} (${schema.labels[firstKey].id})`, ['labels', i, 'key']);
    else keys.set(key, i);
    if (label.revised !== undefined && label.revised > schema.version) {
      report(`revised ${label.revised} is after the schema's version ${schema.version}`, ['labels', i, 'revised']);
    }
    const names = new Map<string, string>();
    (label.relations ?? []).forEach((relation, j) => {
      if (names.has(relation.name)) report(`"${relation.name}" is already a ${names.get(relation.name)} of ${label.id}`, ['labels', i, 'relations', j, 'name']);
      names.set(relation.name, 'relation');
      relation.targets.forEach((target, k) => {
        if (!ids.has(target)) report(`"${target}" is not a label of this schema (${[...ids.keys()].join(', ')})`, ['labels', i, 'relations', j, 'targets', k]);
      });
    });
    (label.attributes ?? []).forEach((attribute, j) => {
      if (names.has(attribute.name)) report(`"${attribute.name}" is already a ${names.get(attribute.name)} of ${label.id}`, ['labels', i, 'attributes', j, 'name']);
      names.set(attribute.name, 'attribute');
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  for (const label of schema.labels) label.key = label.key.toLowerCase();
  return { ok: true, schema };
}

