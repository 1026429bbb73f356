import { type Annotation, type Label, LABELS, isOrphaned } from './annotation';
import { matchKey } from './matchKey';

/** An annotation together with the article it belongs to. */
export interface Mention {
  annotation: Annotation;
  /** Identifies the article (a URI string); any string the caller chooses. */
  article: string;
}

/** Mentions that refer to one entity. */
export interface EntityGroup {
  /** Grouping key ({@link matchKey} of the entity name). */
  key: string;
  /** Name shown for the entity: its explicit entity name, or its most frequent mention text. */
  name: string;
  /** Mentions in article order then position order. */
  mentions: Mention[];
}

/** What the "Entities" tree shows: actors grouped by entity, other labels as lists. */
export interface EntityOutline {
  /** Actor mentions grouped by entity, largest group first, then by name. */
  actors: EntityGroup[];
  /** Mentions per label (orphaned ones excluded), in article then position order. */
  byLabel: Record<Label, Mention[]>;
  /** Orphaned annotations of every label. */
  orphaned: Mention[];
}

/** The entity name a mention refers to: its `entity`, else its quote. */
export function entityName(annotation: Annotation): string {
  return annotation.entity?.trim() ? annotation.entity : annotation.quote;
}

function byPosition(a: Mention, b: Mention): number {
  return (a.article < b.article ? -1 : a.article > b.article ? 1 : 0)
    || a.annotation.start - b.annotation.start || a.annotation.end - b.annotation.end;
}

/**
 * Groups mentions for the tree. Uses Maps throughout, so names such as `__proto__` or
 * `constructor` are ordinary entities (case B19).
 */
export function outlineEntities(mentions: readonly Mention[]): EntityOutline {
  const byLabel = Object.fromEntries(LABELS.map((label) => [label, [] as Mention[]])) as Record<Label, Mention[]>;
  const orphaned: Mention[] = [];
  const groups = new Map<string, Mention[]>();
  for (const mention of [...mentions].sort(byPosition)) {
    if (isOrphaned(mention.annotation)) {
      orphaned.push(mention);
      continue;
    }
    byLabel[mention.annotation.label].push(mention);
    if (mention.annotation.label !== 'actor') continue;
    const key = matchKey(entityName(mention.annotation));
    const list = groups.get(key);
    if (list) list.push(mention);
    else groups.set(key, [mention]);
  }
  const actors: EntityGroup[] = [...groups].map(([key, list]) => ({ key, name: groupName(list), mentions: list }));
  actors.sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
  return { actors, byLabel, orphaned };
}

function groupName(mentions: readonly Mention[]): string {
  const explicit = mentions.find((m) => m.annotation.entity?.trim());
  if (explicit) return explicit.annotation.entity!.trim();
  const counts = new Map<string, number>();
  let best = mentions[0].annotation.quote;
  for (const m of mentions) {
    const n = (counts.get(m.annotation.quote) ?? 0) + 1;
    counts.set(m.annotation.quote, n);
    if (n > (counts.get(best) ?? 0)) best = m.annotation.quote;
  }
  return best;
}
