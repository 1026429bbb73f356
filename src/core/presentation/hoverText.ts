import { type Annotation, isOrphaned, ownValue, stanceText } from '../model/annotation';
import { entityName } from '../entities/entities';
import { ellipsize, escapeMarkdown, markdownText } from './inertText';
import {
  NEWS_PRESET,
  type ProjectSchema,
  annotationSchemaProblems,
  labelDef,
  labelTitle,
  madeUnderOlderDefinition,
  titleOf,
} from '../model/projectSchema';
import { aLabel, relationEntries } from '../model/relations';
import * as l10n from '@vscode/l10n';

/** The lines of a hover for one annotation, as plain (unescaped) text fields. */
export interface HoverFields {
  title: string;
  quote: string;
  /** Dates: the value and where it comes from. */
  value?: string;
  entity?: string;
  /** Claims: who makes it (the speaker's entity name and mention). */
  speaker?: string;
  /** Claims: when it was made (the date annotation's text and value). */
  date?: string;
  stance?: string;
  /** Attributes and further relations: title and value, in the schema's order. */
  extra?: [string, string][];
  note?: string;
  /** The label's codebook definition (core/model/projectSchema). */
  definition?: string;
  byline?: string;
  warning?: string;
}

/** What a hover may look up besides the annotation itself. */
export interface HoverContext {
  /** The project schema (titles, what a label carries, codebook); default the news preset. */
  schema?: ProjectSchema;
  /** Language of titles (`ar` for Arabic ones when the schema has them); default English. */
  language?: string;
  /** An annotation of the same article by id (for a claim's speaker and date). */
  byId?(id: string): Annotation | undefined;
  /** The name to show for the entity of a mention (the registry's name); default {@link entityName}. */
  entityName?(annotation: Annotation): string;
  /**
   * The guessed publication date a date's computed value was resolved against, if it was (see
   * `guessedReference` in dateValue.ts); the hover then says the value rests on a guess.
   */
  guessedFrom?(annotation: Annotation): string | undefined;
}

/** The facts a hover shows for `annotation` (plain text; escape before using as Markdown). */
export function hoverFields(annotation: Annotation, context: HoverContext = {}): HoverFields {
  const nameOf = context.entityName ?? entityName;
  const schema = context.schema ?? NEWS_PRESET;
  const def = labelDef(schema, annotation.label);
  const fields: HoverFields = {
    title: labelTitle(schema, annotation.label, context.language),
    quote: ellipsize(annotation.quote, 400),
  };
  if (annotation.value) {
    const guess = annotation.valueSource === 'analyst' ? undefined : context.guessedFrom?.(annotation);
    fields.value =
      annotation.valueSource === 'analyst'
        ? l10n.t('{0} (set by the analyst)', annotation.value)
        : guess
          ? l10n.t(
              '{0} (computed from a guessed publication date, {1}, the file\'s date: set the real one with "Hashiya: Set Publication Date")',
              annotation.value,
              guess,
            )
          : l10n.t('{0} (computed)', annotation.value);
  }
  // an actor not linked to any entity says so (its own text as "the entity" misled a first-use trial)
  if (def?.entity)
    fields.entity = annotation.entity?.trim() ? nameOf(annotation) : l10n.t('not linked to an entity (E links it)');
  else if (annotation.entity) fields.entity = annotation.entity;
  const speakerTargets = def?.relations?.find((r) => r.name === 'speaker')?.targets ?? ['actor'];
  if (annotation.speaker !== undefined) {
    const actor = annotation.speaker === annotation.id ? undefined : context.byId?.(annotation.speaker);
    if (!actor) fields.speaker = l10n.t('missing annotation {0}', annotation.speaker);
    else if (!speakerTargets.includes(actor.label)) {
      fields.speaker = l10n.t(
        'not {0}: {1} {2}',
        aLabelIn(schema, speakerTargets[0], context.language),
        actor.label,
        quoted(actor.quote, 60),
      );
    } else {
      const name = nameOf(actor);
      fields.speaker =
        name === actor.quote ? ellipsize(name, 80) : `${isolated(ellipsize(name, 80))} (${quoted(actor.quote, 80)})`;
    }
  }
  if (annotation.date !== undefined) {
    const date = annotation.date === annotation.id ? undefined : context.byId?.(annotation.date);
    // the value is isolated left-to-right (UAX #9 LRI…PDI): beside Arabic, "2015-12-15TEV" must not be reordered
    const dateTargets = def?.relations?.find((r) => r.name === 'date')?.targets ?? ['date'];
    if (!date) fields.date = l10n.t('missing annotation {0}', annotation.date);
    else if (!dateTargets.includes(date.label)) {
      fields.date = l10n.t(
        'not {0}: {1} {2}',
        aLabelIn(schema, dateTargets[0], context.language),
        date.label,
        quoted(date.quote, 60),
      );
    } else if (!date.value) fields.date = ellipsize(date.quote, 80);
    else {
      const valued = `${ellipsize(date.quote, 80)} = \u2066${date.value}\u2069`;
      fields.date = context.guessedFrom?.(date) ? l10n.t('{0} (from a guessed publication date)', valued) : valued;
    }
  }
  if (annotation.stance) fields.stance = stanceText(annotation.stance);
  const extra: [string, string][] = [];
  for (const attribute of def?.attributes ?? []) {
    const value = ownValue(annotation.attributes, attribute.name);
    if (value !== undefined) extra.push([titleOf(attribute.title, attribute.name, context.language), value]);
  }
  for (const { name, target } of relationEntries(annotation)) {
    if (name === 'speaker' || name === 'date') continue;
    const other = target === annotation.id ? undefined : context.byId?.(target);
    const relation = def?.relations?.find((r) => r.name === name);
    extra.push([
      titleOf(relation?.title, name, context.language),
      other
        ? `${isolated(labelTitle(schema, other.label, context.language))} ${quoted(other.quote, 80)}`
        : l10n.t('missing annotation {0}', target),
    ]);
  }
  // what the schema does not know (kept as it is, reported by hashiya check)
  for (const p of annotationSchemaProblems(schema, annotation)) extra.push([l10n.t('Not in the schema'), p.message]);
  if (extra.length > 0) fields.extra = extra;
  if (annotation.note) fields.note = annotation.note;
  if (def?.codebook?.definition) fields.definition = def.codebook.definition;
  const who = annotation.author ? l10n.t('by {0}', annotation.author) : '';
  const when = annotation.modified ?? annotation.created;
  const whenText = !when
    ? ''
    : annotation.modified
      ? l10n.t('changed {0}', formatTime(when))
      : l10n.t('made {0}', formatTime(when));
  if (who || whenText) fields.byline = who && whenText ? l10n.t('{0}, {1}', who, whenText) : who || whenText;
  if (isOrphaned(annotation)) fields.warning = l10n.t('Orphaned: its text is no longer in the article.');
  else if (!schema.preset && madeUnderOlderDefinition(schema, annotation.label, annotation.schemaVersion)) {
    fields.warning = l10n.t(
      'Made under an older definition of {0} (schema version {1}, revised in {2}): check it against the codebook.',
      annotation.label,
      annotation.schemaVersion ?? l10n.t('not recorded'),
      def?.revised ?? '',
    );
  }
  return fields;
}

/**
 * Text of a file inside a sentence of the UI: in its own bidi isolate (FSI…PDI), so that an
 * Arabic name at the start does not make the whole sentence right-to-left.
 */
function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

/**
 * Quoted text of a file: the interface language's quotation marks (“…” in English, «…» in Arabic)
 * around an isolate, so the marks keep the sentence's order around Arabic.
 */
function quoted(text: string, max: number): string {
  return l10n.t('“{0}”', isolated(ellipsize(text, max)));
}

/** "an actor" in English; the label's title in another language (articles are English grammar). */
function aLabelIn(schema: ProjectSchema, label: string, language = 'en'): string {
  return language.startsWith('en') ? aLabel(label) : labelTitle(schema, label, language);
}

function formatTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/**
 * Hover Markdown for the annotations at one place (innermost first): for each, its label, the
 * quoted text, value, entity, a claim's speaker, date and stance, note, author and time. All
 * article and user text goes through {@link markdownText} (escaped, bidi-isolated), so the result
 * is safe in an untrusted MarkdownString without HTML and without theme icons (`$(name)` in
 * article text would otherwise become an icon; case B23).
 */
export function hoverMarkdown(annotations: readonly Annotation[], context: HoverContext = {}): string {
  return annotations
    .map((annotation) => {
      const f = hoverFields(annotation, context);
      const lines = [`**${escapeMarkdown(f.title)}** \u2014 ${markdownText(f.quote)}`];
      if (f.value !== undefined) lines.push(l10n.t('Value: {0}', markdownText(f.value)));
      if (f.entity !== undefined) lines.push(l10n.t('Entity: {0}', markdownText(f.entity)));
      if (f.speaker !== undefined) lines.push(l10n.t('Speaker: {0}', markdownText(f.speaker)));
      if (f.date !== undefined) lines.push(l10n.t('Said on: {0}', markdownText(f.date)));
      if (f.stance !== undefined) lines.push(l10n.t('Stance: {0}', markdownText(f.stance)));
      for (const [name, value] of f.extra ?? []) lines.push(`${markdownText(name)}: ${markdownText(value)}`);
      if (f.note !== undefined) lines.push(l10n.t('Note: {0}', markdownText(f.note, 2000)));
      if (f.definition !== undefined) lines.push(`*${escapeMarkdown(f.title)}:* ${markdownText(f.definition, 400)}`);
      if (f.byline !== undefined) lines.push(`*${markdownText(f.byline)}*`);
      if (f.warning !== undefined) lines.push(`\u26A0 ${escapeMarkdown(f.warning)}`);
      return lines.join('\n\n');
    })
    .join('\n\n---\n\n');
}
