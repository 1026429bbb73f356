/**
 * Recorded conflicts side by side, for the places an analyst reads them field by field (the
 * view's conflict bar and hover, the text editor's hover, the tree's tooltips): one row per
 * conflicting field with our value ("here") and theirs, as inert text (see `shownValue`:
 * strings quoted, control and bidi characters escaped, whole up to `SHOWN_WHOLE` code points). The one-line
 * descriptions for the Problems view and `hashiya check` stay in conflict.ts. Pure.
 */
import {
  type Annotation,
  type AnnotationTheirs,
  CONFLICT_FIELDS,
  type ConflictAlternative,
  type RecordedConflict,
  conflictAlternatives,
} from '../model/annotation';
import { SHOWN_WHOLE, shownValue as shownShort } from './conflict';
import type { Entity, EntityTheirs } from '../entities/entityRegistry';
import type { Published, PublishedTheirs } from '../format/sidecar';
import * as l10n from '@vscode/l10n';

/** One conflicting field: its name, our value and theirs, each already inert text. */
export interface ConflictRow {
  /**
   * The field (`label`, `note`, …), `position` for the position group, `annotation`/`entity` for a removal; these
   * words (and `publication date`) in the language of the UI (l10n).
   */
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
  if (conflict.with === undefined) return { side: l10n.t('theirs') };
  const shown = shownValue(conflict.with);
  return { side: l10n.t('theirs ({0})', shown), with: shown };
}

/** The row of a removal: `field` is `annotation` or `entity` (shown in words). */
function removalRow(field: 'annotation' | 'entity', removed: 'ours' | 'theirs' | undefined): ConflictRow[] {
  if (!removed) return [];
  const removedWord = l10n.t('removed');
  const changed = l10n.t('changed');
  return [
    {
      field: removalField(field),
      ours: removed === 'ours' ? removedWord : changed,
      theirs: removed === 'theirs' ? removedWord : changed,
    },
  ];
}

function removalField(field: 'annotation' | 'entity'): string {
  return field === 'annotation' ? l10n.t('annotation') : l10n.t('entity');
}

function place(start: number, end: number, quote: string, anchored: string | null | undefined): string {
  return anchored === 'orphaned' ? l10n.t('orphaned {0}', shownValue(quote)) : `${start}..${end} ${shownValue(quote)}`;
}

/** The summary of each alternative of `conflict` (see `alternative`), the first with the others as its `next`. */
function summaries<T>(
  conflict: RecordedConflict<T> | undefined,
  alternative: (c: ConflictAlternative<T>) => ConflictSummary,
): ConflictSummary | undefined {
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
      field: l10n.t('position'),
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

/**
 * The rows of the publication date's recorded conflict (further alternatives in `next`); undefined when it has none.
 */
export function publishedConflictSummary(published: Published | undefined): ConflictSummary | undefined {
  if (!published) return undefined;
  return summaries(published.conflict, (c) => publishedAlternative(published, c));
}

function publishedAlternative(published: Published, c: ConflictAlternative<PublishedTheirs>): ConflictSummary {
  const rows: ConflictRow[] = [];
  const t = c.theirs ?? {};
  if (t.date !== undefined)
    rows.push({ field: l10n.t('publication date'), ours: shownValue(published.date), theirs: shownValue(t.date) });
  if (t.guessed !== undefined)
    rows.push({ field: 'guessed', ours: String(published.guessed ?? false), theirs: String(t.guessed ?? false) });
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
  const removal = [removalField('annotation'), removalField('entity')];
  const removedWord = l10n.t('removed');
  const fields = summary.rows
    .map((r) =>
      removal.includes(r.field)
        ? r.ours === removedWord
          ? l10n.t('removed here')
          : l10n.t('removed in theirs')
        : r.field,
    )
    .join(l10n.t(', '));
  const more = summary.next?.length ?? 0;
  if (more === 0) return fields;
  return more === 1
    ? l10n.t('{0} (+{1} more alternative)', fields, more)
    : l10n.t('{0} (+{1} more alternatives)', fields, more);
}
