/**
 * Relations between annotations of one article, as the project schema declares them
 * (core/model/projectSchema: a label's `relations`, each with the labels it may point to). The one
 * place that says whether a relation holds: the annotation set, the session and `hashiya check`
 * all ask here. Storage: `speaker` and `date` are the annotation's own fields (as since v0.2),
 * any other relation is under `relations` (name to annotation id).
 */
import { type Annotation, ownValue } from './annotation';
import { type ProjectSchema, labelDef, relationsOf } from './projectSchema';
import * as l10n from '@vscode/l10n';

/** Relation names stored as the annotation's own field rather than under `relations`. */
export const FIELD_RELATIONS = ['speaker', 'date'] as const;

/** One relation an annotation holds: its name and the id it points to. */
export interface RelationEntry {
  name: string;
  target: string;
  /** Where it is stored below the annotation (for reporting at a line and column). */
  path: string[];
}

/** The id annotation `a`'s relation `name` points to, or undefined. */
export function relationTarget(
  a: Pick<Annotation, 'speaker' | 'date' | 'relations'>,
  name: string,
): string | undefined {
  if (name === 'speaker' || name === 'date') return a[name];
  return ownValue(a.relations, name);
}

/** Every relation `a` holds, the field ones first. */
export function relationEntries(a: Pick<Annotation, 'speaker' | 'date' | 'relations'>): RelationEntry[] {
  const out: RelationEntry[] = [];
  for (const name of FIELD_RELATIONS) if (a[name] !== undefined) out.push({ name, target: a[name]!, path: [name] });
  for (const [name, target] of Object.entries(a.relations ?? {})) out.push({ name, target, path: ['relations', name] });
  return out;
}

/** `a` with relation `name` set to `target` (undefined or '': removed). Changes `a` in place. */
export function setRelation(a: Annotation, name: string, target: string | undefined): void {
  const value = target?.trim() ? target : undefined;
  if (name === 'speaker' || name === 'date') {
    if (value === undefined) delete a[name];
    else a[name] = value;
    return;
  }
  const relations = { ...(a.relations ?? {}) };
  if (value === undefined) delete relations[name];
  else relations[name] = value;
  if (Object.keys(relations).length > 0) a.relations = relations;
  else delete a.relations;
}

/** "an actor", "a date": a label named with its article. */
export function aLabel(label: string): string {
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
}

function plural(label: string): string {
  return /(s|x|ch|sh)$/.test(label)
    ? `${label}es`
    : /[^aeiou]y$/.test(label)
      ? `${label.slice(0, -1)}ies`
      : `${label}s`;
}

/** "an actor" in messages: a label id with its article (the Arabic says the id as it is). */
function aLabelShown(label: string): string {
  return /^[aeiou]/.test(label) ? l10n.t('an {0}', label) : l10n.t('a {0}', label);
}

/** "claims" in messages: a label id in the plural (the Arabic says the id as it is). */
function pluralShown(label: string): string {
  // the stem is given for "ies": the Arabic puts its "y" back
  return /(s|x|ch|sh)$/.test(label)
    ? l10n.t('{0}es', label)
    : /[^aeiou]y$/.test(label)
      ? l10n.t('{0}ies', label.slice(0, -1))
      : l10n.t('{0}s', label);
}

/** "a or b or c" in messages. */
function orList(items: readonly string[]): string {
  return items.reduce((list, item) => l10n.t('{0} or {1}', list, item));
}

/** "an actor", "an actor or an organisation": what a relation's targets may be. */
export function wantedTargets(targets: readonly string[]): string {
  return targets.map(aLabel).join(' or ');
}

/** {@link wantedTargets} for messages shown to people. */
function wantedShown(targets: readonly string[]): string {
  return orList(targets.map(aLabelShown));
}

/**
 * The labels of `schema` that have relation `name`, in words ("claims", "claims or quotes"); undefined when
 * none has it.
 */
function holders(schema: ProjectSchema, name: string): string | undefined {
  const labels = schema.labels.filter((l) => l.relations?.some((r) => r.name === name)).map((l) => pluralShown(l.id));
  return labels.length > 0 ? orList(labels) : undefined;
}

/**
 * Why relation `name` of annotation `a`, pointing to `target`, does not hold, or '' when it
 * does: the label has no such relation, it points to the annotation itself, to no annotation of
 * the article, or to one of a label the relation does not take.
 */
export function relationProblem(
  schema: ProjectSchema,
  a: Pick<Annotation, 'id' | 'label'>,
  name: string,
  target: string,
  byId: ReadonlyMap<string, Pick<Annotation, 'id' | 'label'>>,
): string {
  const def = relationsOf(schema, a.label).find((r) => r.name === name);
  if (!def) {
    const those = holders(schema, name);
    return those === undefined
      ? l10n.t('{0} is a relation of no label of the project schema, and {1} is {2}', name, a.id, aLabelShown(a.label))
      : l10n.t('{0} is a relation of {1}, and {2} is {3}', name, those, a.id, aLabelShown(a.label));
  }
  if (target === a.id) return l10n.t('the {0} of {1} {2} is the {1} itself', name, a.label, a.id);
  const other = byId.get(target);
  if (!other)
    return l10n.t('the {0} of {1} {2} is "{3}", which is no annotation of this article', name, a.label, a.id, target);
  if (!def.targets.includes(other.label)) {
    return l10n.t(
      'the {0} of {1} {2} is {3}, which is not {4}',
      name,
      a.label,
      a.id,
      other.id,
      wantedShown(def.targets),
    );
  }
  return '';
}

/**
 * Checks that annotation `id` (of `label`) may take `target` as its relation `name` in an
 * article whose annotations are `byId`.
 * @throws RangeError saying why not (the label has no such relation, the target is the annotation
 * itself, no annotation, or of a label the relation does not take).
 */
export function checkRelation(
  schema: ProjectSchema,
  id: string,
  label: string,
  name: string,
  target: string,
  byId: ReadonlyMap<string, Pick<Annotation, 'id' | 'label'>>,
): void {
  const def = relationsOf(schema, label).find((r) => r.name === name);
  if (!def) {
    const those = holders(schema, name);
    throw new RangeError(
      those === undefined
        ? l10n.t('only no label of the project schema have a {0}; this is {1}', name, aLabelShown(label))
        : l10n.t('only {0} have a {1}; this is {2}', those, name, aLabelShown(label)),
    );
  }
  const other = target === id ? undefined : byId.get(target);
  if (!other || !def.targets.includes(other.label)) {
    const wanted = wantedShown(def.targets);
    throw new RangeError(
      target === id
        ? l10n.t(
            'the {0} of {1} must be {2} of this article; "{3}" is the {4} itself',
            name,
            aLabelShown(label),
            wanted,
            target,
            label,
          )
        : other
          ? l10n.t(
              'the {0} of {1} must be {2} of this article; "{3}" is {4}',
              name,
              aLabelShown(label),
              wanted,
              target,
              aLabelShown(other.label),
            )
          : l10n.t(
              'the {0} of {1} must be {2} of this article; "{3}" is not one',
              name,
              aLabelShown(label),
              wanted,
              target,
            ),
    );
  }
}

/** True when `label` carries a stance in `schema`. */
export function hasStance(schema: ProjectSchema, label: string): boolean {
  return labelDef(schema, label)?.stance === true;
}

/** Labels of `schema` that carry a stance, in words ("claims"). */
export function stanceHolders(schema: ProjectSchema): string {
  const labels = schema.labels.filter((l) => l.stance).map((l) => plural(l.id));
  return labels.length > 0 ? labels.join(' or ') : 'no label of the project schema';
}

/**
 * Why an annotation of `label` cannot take a stance, for people: which labels carry one
 * ("only claims have a stance; this is an actor").
 */
export function stanceProblem(schema: ProjectSchema, label: string): string {
  const labels = schema.labels.filter((l) => l.stance).map((l) => pluralShown(l.id));
  return labels.length > 0
    ? l10n.t('only {0} have a stance; this is {1}', orList(labels), aLabelShown(label))
    : l10n.t('only no label of the project schema have a stance; this is {0}', aLabelShown(label));
}
