/**
 * Recorded conflicts side by side, for the places an analyst reads them field by field (the
 * view's conflict bar and hover, the text editor's hover, the tree's tooltips): one row per
 * conflicting field with our value ("here") and theirs, as inert text (see `shownValue`:
 * strings quoted, control and bidi characters escaped, whole up to `SHOWN_WHOLE` code points). The one-line
 * descriptions for the Problems view and `hashiya check` stay in conflict.ts. Pure.
 */
import { type Annotation, type AnnotationTheirs, CONFLICT_FIELDS, type ConflictAlternative, type RecordedConflict, conflictAlternatives } from '../model/annotation';
import { SHOWN_WHOLE, shownValue as shownShort } from './conflict';
import type { Entity, EntityTheirs } from '../entities/entityRegistry';
import type { Published, PublishedTheirs } from '../format/sidecar';

/** One conflicting field: its name, our value and theirs, each already inert text. */
export interface ConflictRow {
  /** The field (`label`, `note`, …), `position` for the position group, `annotation`/`entity` for a removal. */
  field: string;
  /** Our value ("here"), as shown. */
  ours: string;
  /** Their value, as shown. */
  theirs: string;
}

/** A recorded conflict as shown: who the other side is, and the rows. */
export interface ConflictSummary {
  /** `theirs`, or `theirs ("origin/x")` when the conflict names the other side. */
  side: string;
  /** The other side's label as shown (`"origin/x"`), if the conflict has one. */
  with?: string;
  rows: ConflictRow[];
  /** True when a side removed it (take both then keeps it). */
  removal: boolean;
  /**
   * Further alternatives, recorded by later merges before this one was resolved: each taken up
   * (becomes the one take ours / theirs / both acts on) after the one before it is resolved; rows
   * against our values now. Absent when there are none.
   */
  next?: ConflictSummary[];
}

/** A value in full (up to {@link SHOWN_WHOLE} code points), as inert text. */
function shownValue(value: unknown): string {
  return shownShort(value, SHOWN_WHOLE);
}

function side(conflict: ConflictAlternative<unknown>): Pick<ConflictSummary, 'side' | 'with'> {
  if (conflict.with === undefined) return { side: 'theirs' };
  const shown = shownValue(conflict.with);
  return { side: `theirs (${shown})`, with: shown };
}

function removalRow(field: string, removed: 'ours' | 'theirs' | undefined): ConflictRow[] {
  if (!removed) return [];
  return [{ field, ours: removed === 'ours' ? 'removed' : 'changed', theirs: removed === 'theirs' ? 'removed' : 'changed' }];
}

function place(start: number, end: number, quote: string, anchored: string | null | undefined): string {
  return anchored === 'orphaned' ? `orphaned ${shownValue(quote)}` : `${start}..${end} ${shownValue(quote)}`;
}

/** The summary of each alternative of `conflict` (see `alternative`), the first with the others as its `next`. */
function summaries<T>(conflict: RecordedConflict<T> | undefined, alternative: (c: ConflictAlternative<T>) => ConflictSummary): ConflictSummary | undefined {
  const [first, ...rest] = conflictAlternatives(conflict).map(alternative);
  if (!first) return undefined;
  return rest.length > 0 ? { ...first, next: rest } : first;
}

/**
 * The rows of an annotation's recorded conflict, in the order of the format (its further
 * alternatives in `next`); undefined when it has none.
 */
export function annotationConflictSummary(annotation: Annotation): ConflictSummary | undefined {
  return summaries(annotation.conflict, (c) => annotationAlternative(annotation, c));
}

function annotationAlternative(annotation: Annotation, c: ConflictAlternative<AnnotationTheirs>): ConflictSummary {
  const rows = removalRow('annotation', c.removed);
  const t = c.theirs;
  if (t?.start !== undefined) {
    rows.push({
      field: 'position',
      ours: place(annotation.start, annotation.end, annotation.quote, annotation.anchored),
      theirs: place(t.start, t.end ?? t.start, t.quote ?? '', t.anchored),
    });
  }
  for (const key of CONFLICT_FIELDS) {
    if (!t || t[key] === undefined) continue;
    rows.push({ field: key, ours: shownValue(annotation[key]), theirs: shownValue(t[key]) });
  }
  return { ...side(c), rows, removal: !!c.removed };
}

/** The rows of the publication date's recorded conflict (further alternatives in `next`); undefined when it has none. */
export function publishedConflictSummary(published: Published | undefined): ConflictSummary | undefined {
  if (!published) return undefined;
  return summaries(published.conflict, (c) => publishedAlternative(published, c));
}

function publishedAlternative(published: Published, c: ConflictAlternative<PublishedTheirs>): ConflictSummary {
  const rows: ConflictRow[] = [];
  const t = c.theirs ?? {};
  if (t.date !== undefined) rows.push({ field: 'publication date', ours: shownValue(published.date), theirs: shownValue(t.date) });
  if (t.guessed !== undefined) rows.push({ field: 'guessed', ours: String(published.guessed ?? false), theirs: String(t.guessed ?? false) });
  return { ...side(c), rows, removal: false };
}

const ENTITY_FIELDS = ['name', 'kind', 'aliases', 'externalId', 'note', 'replaces'] as const;

/** The rows of an entity's recorded conflict (registry; further alternatives in `next`); undefined when it has none. */
export function entityConflictSummary(entity: Entity): ConflictSummary | undefined {
  return summaries(entity.conflict, (c) => entityAlternative(entity, c));
}

function entityAlternative(entity: Entity, c: ConflictAlternative<EntityTheirs>): ConflictSummary {
  const rows = removalRow('entity', c.removed);
  for (const key of ENTITY_FIELDS) {
    if (!c.theirs || c.theirs[key] === undefined) continue;
    rows.push({ field: key, ours: shownValue(entity[key]), theirs: shownValue(c.theirs[key]) });
  }
  return { ...side(c), rows, removal: !!c.removed };
}

/**
 * The names of the fields in conflict, joined for a short description: `label, note`; with
 * further alternatives, how many: `note (+2 more alternatives)`.
 */
export function conflictFieldList(summary: ConflictSummary): string {
  const fields = summary.rows.map((r) => (r.field === 'annotation' || r.field === 'entity' ? `${r.ours === 'removed' ? 'removed here' : 'removed in theirs'}` : r.field)).join(', ');
  const more = summary.next?.length ?? 0;
  return more > 0 ? `${fields} (+${more} more alternative${more === 1 ? '' : 's'})` : fields;
}
