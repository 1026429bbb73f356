/**
 * The project schema: the labels of a workspace as data (`.hashiya/schema.yaml`), with their keys,
 * colours, what a span of each label carries (an entity link, a date value, a stance, relations,
 * attributes) and a codebook. Without the file Hashiya uses {@link NEWS_PRESET}: claim, actor,
 * date, exactly as before schemas existed, so every sidecar stays valid unchanged.
 * Format: schemas/project.schema.json; docs/project-schema.md. Reading the file:
 * core/format/projectSchemaFile (kept apart so that the view's bundle carries no validator).
 */
import * as l10n from '@vscode/l10n';

/** Where the project schema lives, relative to the workspace folder. */
export const SCHEMA_PATH = '.hashiya/schema.yaml';

/** A title in English (always) and Arabic (when given). */
export interface Title {
  en: string;
  ar?: string;
}

/** A label's colours, `#rrggbb` or `#rrggbbaa`, per theme kind; any may be absent. */
export interface LabelColour {
  light?: string;
  dark?: string;
  highContrast?: string;
}

/** A relation from a span of one label to another span of the same article. */
export interface RelationDef {
  /** The field name: `speaker` and `date` are stored as the annotation's own fields, others under `relations`. */
  name: string;
  title?: Title;
  /** The labels the related span may have. */
  targets: string[];
}

/** An attribute of a span: one of `values` when listed, free text otherwise. Stored under `attributes`. */
export interface AttributeDef {
  name: string;
  title?: Title;
  values?: string[];
}

/** How to use a label (shown in the view, hovers and the tree). */
export interface Codebook {
  definition?: string;
  useWhen?: string;
  avoidWhen?: string;
  examples?: string[];
}

/** One label of the project. */
export interface LabelDef {
  /** The value stored in a sidecar's `label`. */
  id: string;
  title: Title;
  /** Its key in the article view, one letter (lower case here). */
  key: string;
  color?: LabelColour;
  /** Links to an entity of the registry (like actor). */
  entity?: boolean;
  /** Carries a normalised date value (like date). */
  dateValue?: boolean;
  /** Carries its speaker's stance (like claim). */
  stance?: boolean;
  /** Schema version of the label's last change of definition; absent: 1. */
  revised?: number;
  relations?: RelationDef[];
  attributes?: AttributeDef[];
  codebook?: Codebook;
}

/** The labels of a project. */
export interface ProjectSchema {
  version: number;
  labels: LabelDef[];
  /** True for {@link NEWS_PRESET} (no `.hashiya/schema.yaml`): annotations record no schema version. */
  preset?: boolean;
  /**
   * Why annotations may not be changed now: the project's schema file exists but does not parse
   * and no earlier version of it was read (file:line:column: problem). Sidecars are read under
   * the preset meanwhile; nothing is written by an action of the analyst.
   */
  blocked?: string;
}

/**
 * Keys of the article view that run commands (src/webview): a label may not take them. Letters,
 * lower case: E entity, S speaker, T claim date, P stance, V value, N note, L label, O all
 * occurrences, G suggest, J/H/I/B conflicts, X reject, K codebook, R relation, U attribute.
 */
export const RESERVED_KEYS = new Set([
  'e',
  's',
  't',
  'p',
  'v',
  'n',
  'l',
  'o',
  'g',
  'j',
  'h',
  'i',
  'b',
  'x',
  'k',
  'r',
  'u',
]);

/** Full Fact's claim types (fullfact.org, "claim types" used by its automated fact-checking). */
export const CLAIM_TYPES = [
  'personal experience',
  'quantity',
  'correlation or causation',
  'laws and rules',
  'prediction',
  'other',
];

/**
 * The built-in news preset (claim, actor and date, as Hashiya has always had them), its codebook in
 * the language @vscode/l10n is configured for (the extension configures it at activation).
 */
export function newsPreset(): ProjectSchema {
  return Object.freeze({
    version: 1,
    preset: true,
    labels: [
      {
        id: 'claim',
        title: { en: 'Claim', ar: 'ادعاء' },
        key: 'c',
        stance: true,
        relations: [
          { name: 'speaker', title: { en: 'Speaker', ar: 'القائل' }, targets: ['actor'] },
          { name: 'date', title: { en: 'Said on', ar: 'تاريخ القول' }, targets: ['date'] },
        ],
        attributes: [
          { name: 'type', title: { en: 'Claim type', ar: 'نوع الادعاء' }, values: CLAIM_TYPES },
          { name: 'quotation', title: { en: 'Quotation', ar: 'الاقتباس' }, values: ['direct', 'indirect', 'mixed'] },
        ],
        codebook: {
          definition: l10n.t('A statement about the world that someone makes and that could be checked.'),
          useWhen: l10n.t(
            'The article reports what a person or body says, asserts, denies or promises (قال، أكد، نفى، أعلن…); mark the reported content.',
          ),
          avoidWhen: l10n.t('Opinions with nothing to check, questions, and the reporting verb itself.'),
          examples: [
            'وقال الوزير إن «الحكومة ستخفض الضرائب العام المقبل»',
            'The minister said unemployment fell to 4%',
          ],
        },
      },
      {
        id: 'actor',
        title: { en: 'Actor', ar: 'فاعل' },
        key: 'a',
        entity: true,
        codebook: {
          definition: l10n.t('A person, organisation, group or country that acts or speaks in the news.'),
          useWhen: l10n.t(
            'A name, a title with a name, or an organisation or government mentioned as someone; link it to its entity (E).',
          ),
          avoidWhen: l10n.t('Pronouns and places that are not actors in the story.'),
          examples: ['وزير الخارجية الروسي سيرغي لافروف', 'الأمم المتحدة'],
        },
      },
      {
        id: 'date',
        title: { en: 'Date', ar: 'تاريخ' },
        key: 'd',
        dateValue: true,
        codebook: {
          definition: l10n.t('A day, month, year or other time the article refers to.'),
          useWhen: l10n.t('Explicit and relative dates (الخميس، أمس، 12 مارس 2024); give its normalised value (V).'),
          avoidWhen: l10n.t('Durations (ثلاثة أيام) and times without a date.'),
          examples: ['يوم الخميس 12 مارس', 'أمس'],
        },
      },
    ],
  }) as ProjectSchema;
}

/** The news preset with its codebook in English (see {@link newsPreset}). */
export const NEWS_PRESET: ProjectSchema = newsPreset();

/** Letters a label may take as its key in `schema` (not reserved, not taken). */
export function freeKeys(schema: ProjectSchema): string[] {
  const taken = new Set(schema.labels.map((l) => l.key.toLowerCase()));
  return [...'abcdefghijklmnopqrstuvwxyz'].filter((k) => !RESERVED_KEYS.has(k) && !taken.has(k));
}

/** The definition of `id` in `schema`, or undefined. */
export function labelDef(schema: ProjectSchema, id: string): LabelDef | undefined {
  return schema.labels.find((l) => l.id === id);
}

/** The label whose key is `key` (one letter, any case), or undefined. */
export function labelByKey(schema: ProjectSchema, key: string): LabelDef | undefined {
  const k = key.toLowerCase();
  return schema.labels.find((l) => l.key === k);
}

/**
 * The title of `label` in `language` (`ar` when there is an Arabic one, else English); the id for a label the schema
 * lacks.
 */
export function labelTitle(schema: ProjectSchema, label: string, language = 'en'): string {
  const def = labelDef(schema, label);
  if (!def) return label;
  return language.startsWith('ar') && def.title.ar ? def.title.ar : def.title.en;
}

/** A title (of a relation or an attribute) in `language`, else its name. */
export function titleOf(title: Title | undefined, name: string, language = 'en'): string {
  if (!title) return name;
  return language.startsWith('ar') && title.ar ? title.ar : title.en;
}

/** The labels the schema's relations of `label` may point to, by relation name. */
export function relationsOf(schema: ProjectSchema, label: string): RelationDef[] {
  return labelDef(schema, label)?.relations ?? [];
}

/** The label ids of `schema`, in order. */
export function labelIds(schema: ProjectSchema): string[] {
  return schema.labels.map((l) => l.id);
}

/** The schema version an annotation made now records: undefined under the preset (no file). */
export function recordedVersion(schema: ProjectSchema): number | undefined {
  return schema.preset ? undefined : schema.version;
}

/**
 * True when an annotation of `label` made under schema version `made` (absent: before versions
 * were recorded, counted as 1) predates the label's current definition (`revised`).
 */
export function madeUnderOlderDefinition(schema: ProjectSchema, label: string, made: number | undefined): boolean {
  const revised = labelDef(schema, label)?.revised ?? 1;
  return (made ?? 1) < revised;
}

/** The codebook of a label as plain lines (definition, use when, avoid when, examples); [] when it has none. */
export function codebookLines(def: LabelDef): string[] {
  const c = def.codebook;
  if (!c) return [];
  const out: string[] = [];
  if (c.definition) out.push(c.definition);
  if (c.useWhen) out.push(l10n.t('Use when: {0}', c.useWhen));
  if (c.avoidWhen) out.push(l10n.t('Avoid when: {0}', c.avoidWhen));
  for (const example of c.examples ?? []) out.push(l10n.t('Example: {0}', example));
  return out;
}

/** The message for attribute `name` that `label` does not declare (`declared`: the names it does). */
export function notAnAttribute(name: string, label: string, declared: readonly string[] | undefined): string {
  return declared?.length
    ? l10n.t('"{0}" is not an attribute of {1} ({2})', name, label, declared.join(', '))
    : l10n.t('"{0}" is not an attribute of {1} (it has none)', name, label);
}

/**
 * Problems of one annotation against the schema, each with the path (below the annotation) to
 * report it at: a label the schema lacks (`fatal`: the sidecar does not load, nothing is
 * dropped), an attribute the label does not declare or a value not among an enumeration's (kept,
 * reported by `hashiya check` and in hovers). [] when it fits. Relations: core/model/relations.
 */
export function annotationSchemaProblems(
  schema: ProjectSchema,
  a: {
    label: string;
    attributes?: Record<string, unknown>;
    schemaVersion?: number;
  },
): { message: string; path: (string | number)[]; fatal?: boolean }[] {
  const def = labelDef(schema, a.label);
  if (!def) {
    const ids = labelIds(schema).join(', ');
    const message = schema.preset
      ? l10n.t('label "{0}" is not in the project schema (the news preset, no .hashiya/schema.yaml: {1})', a.label, ids)
      : l10n.t('label "{0}" is not in the project schema ({1}: {2})', a.label, SCHEMA_PATH, ids);
    return [{ message, path: ['label'], fatal: true }];
  }
  const out: { message: string; path: (string | number)[]; fatal?: boolean }[] = [];
  if (!schema.preset && a.schemaVersion !== undefined && a.schemaVersion > schema.version) {
    out.push({
      message: l10n.t(
        "schemaVersion {0} is after the project schema's version {1} ({2})",
        a.schemaVersion,
        schema.version,
        SCHEMA_PATH,
      ),
      path: ['schemaVersion'],
    });
  }
  for (const [name, value] of Object.entries(a.attributes ?? {})) {
    const attribute = def.attributes?.find((x) => x.name === name);
    if (!attribute) {
      out.push({
        message: notAnAttribute(
          name,
          def.id,
          def.attributes?.map((x) => x.name),
        ),
        path: ['attributes', name],
      });
    } else if (attribute.values && !attribute.values.includes(String(value))) {
      out.push({
        message: l10n.t('"{0}" is not a value of {1} ({2})', String(value), name, attribute.values.join(', ')),
        path: ['attributes', name],
      });
    }
  }
  return out;
}

/** Colours of labels without their own (and not built in), in schema order. */
const PALETTE = ['#2a9d8f', '#8e44ad', '#c0392b', '#2980b9', '#b5651d', '#16a085', '#6c7a89', '#d63384'];

/** A theme kind as colours are given for it. */
export type ThemeKind = 'light' | 'dark' | 'highContrast';

/**
 * The colour of `label` for a theme kind (`#rrggbb` or `#rrggbbaa`): the schema's own for that
 * kind (else its light/dark one), else one of a fixed palette by the label's place; undefined
 * for the news preset's claim, actor and date without a colour of their own (their theme
 * colours `hashiya.<label>Background` / `Border` apply).
 */
export function labelColour(schema: ProjectSchema, label: string, kind: ThemeKind): string | undefined {
  const at = schema.labels.findIndex((l) => l.id === label);
  const def = schema.labels[at];
  const c = def?.color;
  const own = c && (c[kind] ?? (kind === 'highContrast' ? c.dark : undefined) ?? c.light ?? c.dark);
  if (own) return own;
  if (NEWS_PRESET.labels.some((l) => l.id === label)) return undefined;
  return PALETTE[Math.max(0, at) % PALETTE.length];
}

/** A translucent background from a label colour (`#rrggbb` with about 22 % opacity; an 8-digit colour as it is). */
export function backgroundOf(colour: string): string {
  return colour.length === 7 ? `${colour}38` : colour;
}
