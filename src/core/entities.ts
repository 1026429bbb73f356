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

/** What the "Entities" tree shows: actors grouped by entity, claims by speaker, other labels as lists. */
export interface EntityOutline {
  /** Actor mentions grouped by entity, largest group first, then by name. */
  actors: EntityGroup[];
  /**
   * Claims grouped by the entity of their speaker (the actor their `speaker` relation points
   * to), largest group first; claims without a speaker last, in a group with the key ''.
   */
  claimsBySpeaker: EntityGroup[];
  /** Mentions per label (orphaned ones excluded), in article then position order. */
  byLabel: Record<Label, Mention[]>;
  /** Orphaned annotations of every label. */
  orphaned: Mention[];
}

/** How mentions are grouped into entities (default: by the folded entity name). */
export interface EntityNaming {
  /** Key shared by the mentions of one entity (for example a registry id). */
  groupKey(annotation: Annotation): string;
  /** Name of the entity a mention refers to, or undefined to use the group's most frequent text. */
  registeredName?(annotation: Annotation): string | undefined;
}

/** The entity name a mention refers to: its `entity`, else its quote. */
export function entityName(annotation: Annotation): string {
  return annotation.entity?.trim() ? annotation.entity : annotation.quote;
}

const BY_NAME: EntityNaming = { groupKey: (a) => matchKey(entityName(a)) };

function byPosition(a: Mention, b: Mention): number {
  return (a.article < b.article ? -1 : a.article > b.article ? 1 : 0)
    || a.annotation.start - b.annotation.start || a.annotation.end - b.annotation.end;
}

/**
 * Groups mentions for the tree. Uses Maps throughout, so names such as `__proto__` or
 * `constructor` are ordinary entities (case B19). A claim's speaker is looked up in the claim's
 * own article; a speaker id that names no actor there counts as no speaker.
 */
export function outlineEntities(mentions: readonly Mention[], naming: EntityNaming = BY_NAME): EntityOutline {
  const byLabel = Object.fromEntries(LABELS.map((label) => [label, [] as Mention[]])) as Record<Label, Mention[]>;
  const orphaned: Mention[] = [];
  const groups = new Map<string, Mention[]>();
  const byId = new Map<string, Annotation>();
  for (const m of mentions) byId.set(`${m.article}\u0000${m.annotation.id}`, m.annotation);
  const sorted = [...mentions].sort(byPosition);
  for (const mention of sorted) {
    if (isOrphaned(mention.annotation)) {
      orphaned.push(mention);
      continue;
    }
    byLabel[mention.annotation.label].push(mention);
    if (mention.annotation.label !== 'actor') continue;
    const key = naming.groupKey(mention.annotation);
    const list = groups.get(key);
    if (list) list.push(mention);
    else groups.set(key, [mention]);
  }
  const toGroups = (map: Map<string, { list: Mention[]; names: Mention[] }>) => [...map]
    .map(([key, { list, names }]): EntityGroup => ({ key, name: groupName(names, naming), mentions: list }))
    .sort((a, b) => (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0) || b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
  const actors = toGroups(new Map([...groups].map(([key, list]) => [key, { list, names: list }])));
  const speakers = new Map<string, { list: Mention[]; names: Mention[] }>();
  for (const claim of byLabel.claim) {
    const speaker = claim.annotation.speaker === undefined ? undefined : byId.get(`${claim.article}\u0000${claim.annotation.speaker}`);
    const actor = speaker?.label === 'actor' ? speaker : undefined;
    const key = actor ? naming.groupKey(actor) : '';
    let group = speakers.get(key);
    if (!group) speakers.set(key, group = { list: [], names: [] });
    group.list.push(claim);
    if (actor) group.names.push({ annotation: actor, article: claim.article });
  }
  const claimsBySpeaker = toGroups(speakers).map((g) => (g.key === '' ? { ...g, name: 'No speaker' } : g));
  return { actors, claimsBySpeaker, byLabel, orphaned };
}

function groupName(mentions: readonly Mention[], naming: EntityNaming): string {
  if (mentions.length === 0) return '';
  for (const m of mentions) {
    const registered = naming.registeredName?.(m.annotation);
    if (registered) return registered;
  }
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

/** Extra distance, in code points, of an annotation after the claim (speakers mostly come first). */
const AFTER_PENALTY = 40;
/** Distance, in code points, given to an annotation inside the claim (mostly what it is about, not who says it). */
const INSIDE_DISTANCE = 60;

/**
 * The annotations of `label` (not orphaned, not `from` itself) ordered by how likely they are
 * its speaker or date, by distance in code points: one before the claim by the gap between the
 * spans (in news the speaker precedes the reporting verb: "قال لافروف إن…"); one after it by the
 * gap plus {@link AFTER_PENALTY} ("…، قال لافروف"); one inside it at {@link INSIDE_DISTANCE}
 * ("قال لافروف إن روسيا مستعدة": روسيا is what the claim is about). Ties: the one before first.
 */
export function nearest(annotations: readonly Annotation[], from: Annotation, label: Label): Annotation[] {
  const gap = (a: Annotation) => (a.start < from.end && a.end > from.start ? INSIDE_DISTANCE
    : a.end <= from.start ? from.start - a.end : a.start - from.end + AFTER_PENALTY);
  return annotations
    .filter((a) => a.label === label && a.id !== from.id && !isOrphaned(a))
    .map((a) => ({ a, gap: gap(a), after: a.start >= from.end ? 1 : 0 }))
    .sort((x, y) => x.gap - y.gap || x.after - y.after || x.a.start - y.a.start)
    .map((x) => x.a);
}
