/**
 * Recorded conflicts (core/model/annotation RecordedConflict) as Hashiya's YAML files write them,
 * and their schema errors said once: one home for the sidecar and the entity registry.
 */
import type { ErrorObject } from 'ajv';
import type { RecordedConflict } from '../model/annotation';
import * as l10n from '@vscode/l10n';

/**
 * Schema errors with those of a recorded conflict that has neither `theirs` nor `removed` said
 * once, in words (ajv reports each branch of the schema's anyOf).
 */
export function conflictErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.flatMap((error) => {
    // a missing key of a group (start without end and quote) is reported once per key
    const key = `${error.instancePath} ${error.keyword} ${error.message} ${error.keyword === 'dependencies' ? error.params.property : JSON.stringify(error.params)}`;
    if (seen.has(key)) return [];
    seen.add(key);
    if (!/\/conflict(\/also\/\d+)?$/.test(error.instancePath) || !error.schemaPath.includes('anyOf')) return [error];
    if (error.keyword !== 'anyOf') return [];
    return [
      {
        ...error,
        message: l10n.t('needs "theirs" (their values of the fields that conflict) or "removed" ("ours" or "theirs")'),
      },
    ];
  });
}

/**
 * A recorded conflict as written: `with`, `removed`, then `theirs` with its keys in the order of
 * `theirsKeys` (a `null` kept: they have no such field), unknown keys left out; further
 * alternatives in `also`, each written the same way.
 */
export function conflictRecord(
  conflict: RecordedConflict<Record<string, unknown>>,
  theirsKeys: readonly string[],
): Record<string, unknown> {
  const alternative = (c: RecordedConflict<Record<string, unknown>>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (c.with !== undefined) out.with = c.with;
    if (c.removed !== undefined) out.removed = c.removed;
    if (c.theirs !== undefined) {
      const theirs: Record<string, unknown> = {};
      for (const key of theirsKeys) if (c.theirs[key] !== undefined) theirs[key] = c.theirs[key];
      out.theirs = theirs;
    }
    return out;
  };
  const out = alternative(conflict);
  if (conflict.also && conflict.also.length > 0) out.also = conflict.also.map(alternative);
  return out;
}
