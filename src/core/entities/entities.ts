import { type Annotation, type Label, isOrphaned } from '../model/annotation';
import { matchKey } from '../text/matchKey';
import { OffsetIndex } from '../text/offsets';
import * as l10n from '@vscode/l10n';

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
  /**
   * Mentions per label (orphaned ones excluded), in article then position order; claim, actor and date always present.
   */
  byLabel: Record<Label, Mention[]>;
  /** Mentions of each label in `entityLabels` (besides actor) grouped by entity, like {@link actors}. */
  entityGroups: Record<Label, EntityGroup[]>;
  /** Orphaned annotations of every label. */
  orphaned: Mention[];
}

/** How mentions are grouped into entities (default: by the folded entity name). */
export interface EntityNaming {
  /** Labels whose mentions link to entities and are grouped by them (default: actor only). */
  entityLabels?: readonly Label[];
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

/** `localeCompare` (the default locale) with one collator: thousands of groups are sorted at each refresh. */
const byName = new Intl.Collator().compare;

function byPosition(a: Mention, b: Mention): number {
  return (
    (a.article < b.article ? -1 : a.article > b.article ? 1 : 0) ||
    a.annotation.start - b.annotation.start ||
    a.annotation.end - b.annotation.end
  );
}

/**
 * Groups mentions for the tree. Uses Maps throughout, so names such as `__proto__` or
 * `constructor` are ordinary entities (case B19). A claim's speaker is looked up in the claim's
 * own article; a speaker id that names no actor there counts as no speaker.
 */
export function outlineEntities(mentions: readonly Mention[], naming: EntityNaming = BY_NAME): EntityOutline {
  // no prototype: a label id such as "constructor" is an ordinary key
  const byLabel = Object.create(null) as Record<Label, Mention[]>;
  const orphaned: Mention[] = [];
  const entityLabels = new Set(naming.entityLabels ?? ['actor']);
  entityLabels.add('actor');
  const grouped = new Map<Label, Map<string, Mention[]>>([...entityLabels].map((label) => [label, new Map()]));
  // by article, then id: no key strings made for the tens of thousands of a workspace
  const byId = new Map<string, Map<string, Annotation>>();
  for (const m of mentions) {
    let ids = byId.get(m.article);
    if (!ids) byId.set(m.article, (ids = new Map()));
    ids.set(m.annotation.id, m.annotation);
  }
  const sorted = [...mentions].sort(byPosition);
  for (const mention of sorted) {
    if (isOrphaned(mention.annotation)) {
      orphaned.push(mention);
      continue;
    }
    (byLabel[mention.annotation.label] ??= []).push(mention);
    const groups = grouped.get(mention.annotation.label);
    if (!groups) continue;
    const key = naming.groupKey(mention.annotation);
    const list = groups.get(key);
    if (list) list.push(mention);
    else groups.set(key, [mention]);
  }
  const toGroups = (map: Map<string, { list: Mention[]; names: Mention[] }>) =>
    [...map]
      .map(([key, { list, names }]): EntityGroup => ({ key, name: groupName(names, naming), mentions: list }))
      .sort(
        (a, b) =>
          (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0) ||
          b.mentions.length - a.mentions.length ||
          byName(a.name, b.name),
      );
  const entityGroups: Record<Label, EntityGroup[]> = {};
  for (const [label, groups] of grouped)
    entityGroups[label] = toGroups(new Map([...groups].map(([key, list]) => [key, { list, names: list }])));
  const actors = entityGroups.actor;
  const speakers = new Map<string, { list: Mention[]; names: Mention[] }>();
  for (const claim of byLabel.claim ?? []) {
    const speaker =
      claim.annotation.speaker === undefined
        ? undefined
        : byId.get(claim.article)?.get(claim.annotation.speaker);
    const actor = speaker?.label === 'actor' ? speaker : undefined;
    const key = actor ? naming.groupKey(actor) : '';
    let group = speakers.get(key);
    if (!group) speakers.set(key, (group = { list: [], names: [] }));
    group.list.push(claim);
    if (actor) group.names.push({ annotation: actor, article: claim.article });
  }
  const claimsBySpeaker = toGroups(speakers).map((g) => (g.key === '' ? { ...g, name: l10n.t('No speaker') } : g));
  return { actors, claimsBySpeaker, byLabel, entityGroups, orphaned };
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

/**
 * The annotations of `label` (not orphaned, not `from` itself) in the order an analyst looks for
 * the speaker (or date) of claim `from`: those before it in its paragraph, nearest first ("قال
 * لافروف إن…"); then those after it in its paragraph ("…، قال لافروف"); then those in the
 * paragraphs before, nearest first (a "وقال إن…" paragraph goes on with the speaker of the one
 * before); then those in the paragraphs after; those inside the claim last (what it is about:
 * "إن روسيا مستعدة"). `text`
 * tells paragraphs apart (a line break between); without it all count as one paragraph.
 * Offsets are code points.
 */
export function nearest(
  annotations: readonly Annotation[],
  from: Annotation,
  label: Label,
  text?: string,
): Annotation[] {
  const index = text === undefined ? undefined : new OffsetIndex(text);
  const broken = (start: number, end: number) =>
    !!index && /[\r\n\u2029]/.test(index.slice(Math.max(0, start), Math.min(end, index.codePointLength)));
  // [tier, distance, 1 when after the claim]
  const rank = (a: Annotation): [number, number, number] => {
    if (a.start < from.end && a.end > from.start) return [4, a.start - from.start, 0];
    if (a.end <= from.start) return [broken(a.end, from.start) ? 2 : 0, from.start - a.end, 0];
    return [broken(from.end, a.start) ? 3 : 1, a.start - from.end, 1];
  };
  return annotations
    .filter((a) => a.label === label && a.id !== from.id && !isOrphaned(a))
    .map((a) => ({ a, r: rank(a) }))
    .sort((x, y) => x.r[0] - y.r[0] || x.r[1] - y.r[1] || x.r[2] - y.r[2] || x.a.start - y.a.start)
    .map((x) => x.a);
}
