/**
 * Label Studio JSON (https://labelstud.io/guide/task_format, https://labelstud.io/guide/predictions): a list of
 * tasks `{"data": {"text", "article"}, "annotations"|"predictions": [{"result": [...]}]}`. Each span is a result
 * `{"id", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start", "end", "text", "labels"}}`;
 * its entity, stance, date value and attributes are further results with the same `id` (per-region
 * `textarea`/`choices`, `from_name` the field's name); relations are `{"type": "relation", "from_id", "to_id",
 * "labels": [name]}`. A labelling config for these names is written beside the tasks (`label-config.xml`).
 * Offsets: Unicode code points. Label Studio's docs read them as Python's `text[start:end]` (labelstud.io/tags/text);
 * its editor counted UTF-16 units (JavaScript) until it was fixed to store code points (HumanSignal/label-studio
 * #1008, #1347, label-studio-frontend#308, label-studio#2420). Import takes code points; a span whose text matches
 * only when read as UTF-16 (an older Label Studio) is converted and reported.
 */
import { OffsetIndex } from '../text/offsets';
import { type ProjectSchema } from '../model/projectSchema';
import {
  type ExchangeDoc,
  type ExportedFile,
  type ImportNote,
  type ImportResult,
  type ImportedSpan,
  ExchangeSyntaxError,
  exportable,
  parseJson,
  relationsTo,
} from './exchange';
import * as l10n from '@vscode/l10n';

/** Whether spans go to a task's `annotations` (done by people) or `predictions` (pre-annotations to review). */
export type LabelStudioTarget = 'annotations' | 'predictions';

/** The Label Studio task of one document. */
export function labelStudioTask(doc: ExchangeDoc, target: LabelStudioTarget = 'annotations'): Record<string, unknown> {
  const annotations = exportable(doc);
  const ids = new Set(annotations.map((a) => a.id));
  const result: Record<string, unknown>[] = [];
  for (const a of annotations) {
    const where = { start: a.start, end: a.end, text: a.quote };
    result.push({ id: a.id, from_name: 'label', to_name: 'text', type: 'labels', value: { ...where, labels: [a.label] } });
    const fields: [string, string][] = [
      ...(a.entity !== undefined ? [['entity', a.entity] as [string, string]] : []),
      ...(a.stance !== undefined ? [['stance', a.stance] as [string, string]] : []),
      ...(a.value !== undefined ? [['value', a.value] as [string, string]] : []),
      ...(a.note !== undefined ? [['note', a.note] as [string, string]] : []),
    ];
    for (const [name, v] of fields) {
      result.push({ id: a.id, from_name: name, to_name: 'text', type: 'textarea', value: { ...where, text: [v] } });
    }
    for (const [name, v] of Object.entries(a.attributes ?? {})) {
      result.push({ id: a.id, from_name: `attr_${name}`, to_name: 'text', type: 'choices', value: { ...where, choices: [v] } });
    }
  }
  for (const a of annotations) {
    for (const [name, to] of Object.entries(relationsTo(a, ids))) {
      result.push({ from_id: a.id, to_id: to, type: 'relation', direction: 'right', labels: [name] });
    }
  }
  return { data: { text: doc.text, article: doc.article }, [target]: [{ result }] };
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Label Studio labelling config with the schema's labels, relations and fields, for the exported tasks. */
export function labelStudioConfig(schema: ProjectSchema): string {
  const labels = schema.labels.map((l) => `    <Label value="${xml(l.id)}"/>`).join('\n');
  const relations = [...new Set(schema.labels.flatMap((l) => (l.relations ?? []).map((r) => r.name)))]
    .map((r) => `    <Relation value="${xml(r)}"/>`).join('\n');
  const areas = ['entity', 'stance', 'value', 'note']
    .map((n) => `  <TextArea name="${n}" toName="text" perRegion="true" editable="true"/>`).join('\n');
  const attributes = [...new Map(schema.labels.flatMap((l) => (l.attributes ?? []).map((a) => [a.name, a]))).values()]
    .map((a) => `  <Choices name="attr_${xml(a.name)}" toName="text" perRegion="true">\n${(a.values ?? [])
      .map((v) => `    <Choice value="${xml(v)}"/>`).join('\n')}\n  </Choices>`).join('\n');
  return `<View>\n  <Labels name="label" toName="text">\n${labels}\n  </Labels>\n  <Relations>\n${relations}\n  </Relations>\n` +
    `  <Text name="text" value="$text"/>\n${areas}\n${attributes}\n</View>\n`;
}

/** `label-studio.json` (the tasks) and `label-config.xml` (the config of the first document's schema). */
export function exportLabelStudio(docs: readonly ExchangeDoc[], target: LabelStudioTarget = 'annotations'): ExportedFile[] {
  const tasks = docs.map((d) => labelStudioTask(d, target));
  const files = [{ name: 'label-studio.json', content: `${JSON.stringify(tasks, null, 2)}\n` }];
  if (docs.length > 0) files.push({ name: 'label-config.xml', content: labelStudioConfig(docs[0].schema) });
  return files;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The spans of the task whose `data.text` is `text` (else the task whose `data.article` has the article's name,
 * else a file of one task): its first annotation not cancelled, else its first prediction. Offsets are taken as
 * code points; one whose `value.text` matches only as UTF-16 units is converted (and noted).
 * @throws ExchangeSyntaxError when the file is not JSON, not a list of tasks, or has no task for the article.
 */
export function importLabelStudio(source: string, text: string, article: string): ImportResult {
  const parsed = parseJson(source, l10n.t('not JSON'));
  const tasks = (Array.isArray(parsed) ? parsed : [parsed]).filter(isObject);
  if (tasks.length === 0) throw new ExchangeSyntaxError(l10n.t('not a list of Label Studio tasks'), 1, 1);
  const base = (name: unknown) => String(name).split(/[\\/]/).pop();
  const dataOf = (t: Record<string, unknown>) => (isObject(t['data']) ? t['data'] : {});
  const task = tasks.find((t) => dataOf(t)['text'] === text)
    ?? tasks.find((t) => base(dataOf(t)['article']) === base(article))
    ?? (tasks.length === 1 ? tasks[0] : undefined);
  if (!task) throw new ExchangeSyntaxError(l10n.t('no task is for the article {0}', article), 1, 1);
  const notes: ImportNote[] = [];
  const done = (Array.isArray(task['annotations']) ? task['annotations'] : []).filter(
    (a) => isObject(a) && a['was_cancelled'] !== true,
  );
  const from = done.length > 0 ? done : Array.isArray(task['predictions']) ? task['predictions'] : [];
  if (from.length > 1) notes.push({ line: 1, column: 1, message: l10n.t('{0} annotations or predictions in the task; the first is imported', from.length) });
  const results = isObject(from[0]) && Array.isArray(from[0]['result']) ? (from[0]['result'] as unknown[]) : [];
  const index = new OffsetIndex(text);
  const byId = new Map<string, ImportedSpan>();
  const relations: Record<string, unknown>[] = [];
  for (const r of results.filter(isObject)) {
    if (r['type'] === 'relation') {
      relations.push(r);
      continue;
    }
    const value = isObject(r['value']) ? r['value'] : {};
    const id = String(r['id']);
    if (r['type'] === 'labels' && Array.isArray(value['labels']) && Number.isInteger(value['start'])) {
      let start = value['start'] as number;
      let end = value['end'] as number;
      const quote = typeof value['text'] === 'string' ? value['text'] : undefined;
      const inUtf16 = quote !== undefined && end <= text.length && text.slice(start, end) === quote;
      const inPoints = quote !== undefined && end <= index.codePointLength && index.slice(start, end) === quote;
      if (inUtf16 && !inPoints) {
        notes.push({ line: 1, column: 1, message: l10n.t('region {0}: offsets {1}..{2} read as UTF-16 units (an older Label Studio)', id, start, end) });
        start = index.toCodePoint(start);
        end = index.toCodePoint(end);
      }
      byId.set(id, { ref: id, label: String(value['labels'][0]), start, end, quote, line: 1, column: 1 });
    }
  }
  for (const r of results.filter(isObject)) {
    const span = byId.get(String(r['id']));
    const value = isObject(r['value']) ? r['value'] : {};
    const v = Array.isArray(value['text']) ? value['text'][0] : Array.isArray(value['choices']) ? value['choices'][0] : undefined;
    if (!span || r['type'] === 'labels' || typeof v !== 'string') continue;
    const name = String(r['from_name']);
    if (name === 'entity') span.entity = v;
    else if (name === 'stance') span.stance = v;
    else if (name === 'value') span.value = v;
    else if (name === 'note') span.note = v;
    else if (name.startsWith('attr_')) (span.attributes ??= {})[name.slice(5)] = v;
  }
  for (const r of relations) {
    const from = byId.get(String(r['from_id']));
    const name = Array.isArray(r['labels']) && typeof r['labels'][0] === 'string' ? r['labels'][0] : undefined;
    if (from && name && byId.has(String(r['to_id']))) (from.relations ??= {})[name] = String(r['to_id']);
    else notes.push({ line: 1, column: 1, message: l10n.t('a relation without a name or between unknown regions; left out') });
  }
  return { spans: [...byId.values()], notes };
}
