/**
 * W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/), JSON-LD in its compacted form under
 * the W3C context `http://www.w3.org/ns/anno.jsonld` (§ "Serialization"). One AnnotationCollection per export,
 * its first AnnotationPage embedded, one Annotation per span: `target` the article (`source`) with a
 * TextQuoteSelector (exact, prefix, suffix; §4.2.4) and a TextPositionSelector (start, end in Unicode code points,
 * end exclusive; §4.2.5: "the text must be counted in code points"); bodies: the label (TextualBody, purpose
 * `tagging`), the note (`commenting`), the entity (SpecificResource, purpose `identifying`, source
 * `urn:hashiya:entity:<id>`), relations (SpecificResource, purpose `linking`, source the related annotation's id,
 * `hashiya:relation` its name), attributes, stance and date value (TextualBody, purpose `classifying`,
 * `hashiya:attribute` the name). The `hashiya:` terms come from a second, inline context (`urn:hashiya:vocab#`).
 * Import reads this compacted form (a collection, a page, a list or one annotation); it does no JSON-LD expansion.
 */
import {
  type ExchangeDoc,
  type ExportedFile,
  type ImportResult,
  type ImportedSpan,
  ExchangeSyntaxError,
  entityNameOf,
  exportable,
  parseJson,
  relationsTo,
} from './exchange';
import * as l10n from '@vscode/l10n';

/** The W3C Web Annotation JSON-LD context. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Hashiya's terms, as an inline context after the W3C one. */
export const HASHIYA_CONTEXT = {
  hashiya: 'urn:hashiya:vocab#',
  'hashiya:relation': { '@type': '@vocab' },
};
const ENTITY_IRI = 'urn:hashiya:entity:';

/** The IRI naming a document's article (its `source`, else `urn:hashiya:article:` and its name, percent-encoded). */
export function articleIri(doc: Pick<ExchangeDoc, 'article' | 'source'>): string {
  return doc.source ?? `urn:hashiya:article:${doc.article.split(/[\\/]/).map(encodeURIComponent).join('/')}`;
}

/** The IRI of an annotation of a document: the article's IRI with `#annotation-<id>`. */
export function annotationIri(doc: Pick<ExchangeDoc, 'article' | 'source'>, id: string): string {
  return `${articleIri(doc)}#annotation-${encodeURIComponent(id)}`;
}

/** The W3C annotations of one document (objects without their own `@context`). */
export function w3cAnnotations(doc: ExchangeDoc): Record<string, unknown>[] {
  const annotations = exportable(doc);
  const ids = new Set(annotations.map((a) => a.id));
  return annotations.map((a) => {
    const body: Record<string, unknown>[] = [{ type: 'TextualBody', purpose: 'tagging', value: a.label }];
    if (a.note !== undefined) body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note });
    if (a.entity !== undefined) {
      const entity: Record<string, unknown> = {
        type: 'SpecificResource',
        purpose: 'identifying',
        source: `${ENTITY_IRI}${encodeURIComponent(a.entity)}`,
      };
      const name = entityNameOf(doc, a);
      if (name !== undefined) entity.label = name;
      body.push(entity);
    }
    for (const [name, target] of Object.entries(relationsTo(a, ids))) {
      body.push({ type: 'SpecificResource', purpose: 'linking', source: annotationIri(doc, target), 'hashiya:relation': name });
    }
    const classes: [string, string][] = [
      ...(a.stance !== undefined ? [['stance', a.stance] as [string, string]] : []),
      ...(a.value !== undefined ? [['value', a.value] as [string, string]] : []),
      ...Object.entries(a.attributes ?? {}).map(([k, v]) => [`attributes.${k}`, v] as [string, string]),
    ];
    for (const [name, value] of classes) {
      body.push({ type: 'TextualBody', purpose: 'classifying', value, 'hashiya:attribute': name });
    }
    const out: Record<string, unknown> = {
      id: annotationIri(doc, a.id),
      type: 'Annotation',
      motivation: 'tagging',
    };
    if (a.author) out.creator = { type: 'Person', name: a.author };
    if (a.created) out.created = a.created;
    if (a.modified) out.modified = a.modified;
    out.body = body;
    out.target = {
      source: articleIri(doc),
      selector: [
        { type: 'TextQuoteSelector', exact: a.quote, prefix: a.prefix, suffix: a.suffix },
        { type: 'TextPositionSelector', start: a.start, end: a.end },
      ],
    };
    return out;
  });
}

/** `annotations.jsonld`: one AnnotationCollection of every document's annotations, its first page embedded. */
export function exportW3c(docs: readonly ExchangeDoc[]): ExportedFile[] {
  const items = docs.flatMap((d) => w3cAnnotations(d));
  const collection = {
    '@context': [ANNO_CONTEXT, HASHIYA_CONTEXT],
    id: 'urn:hashiya:export',
    type: 'AnnotationCollection',
    label: 'Hashiya annotations',
    total: items.length,
    first: { id: 'urn:hashiya:export#page-1', type: 'AnnotationPage', startIndex: 0, items },
  };
  return [{ name: 'annotations.jsonld', content: `${JSON.stringify(collection, null, 2)}\n` }];
}

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The annotations of a parsed W3C document: a collection's first page, a page, a list or one annotation. */
function itemsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return [];
  if (value['type'] === 'AnnotationCollection') return itemsOf(value['first']);
  if (value['type'] === 'AnnotationPage') return asArray(value['items']);
  return [value];
}

/**
 * The spans of the annotations whose target is the article (`source` equal to `articleSource`, or, when no
 * annotation's is, every annotation): offsets from the TextPositionSelector (code points), quote from the
 * TextQuoteSelector; label from the `tagging` body.
 * @throws ExchangeSyntaxError when the file is not JSON or an annotation has no label or no position.
 */
export function importW3c(source: string, articleSource?: string): ImportResult {
  const items = itemsOf(parseJson(source, l10n.t('not JSON')));
  const all = items.filter(isObject);
  const sourceOf = (a: Record<string, unknown>) => asArray(a['target']).map((t) => (isObject(t) ? t['source'] : t))[0];
  const mine = articleSource && all.some((a) => sourceOf(a) === articleSource)
    ? all.filter((a) => sourceOf(a) === articleSource) : all;
  const spans: ImportedSpan[] = [];
  mine.forEach((a, k) => {
    const where = l10n.t('annotation {0}', k + 1);
    const bodies = asArray(a['body']).filter(isObject);
    const target = asArray(a['target']).find(isObject);
    const selectors = target ? asArray(target['selector']).filter(isObject) : [];
    const position = selectors.find((s) => s['type'] === 'TextPositionSelector');
    const quote = selectors.find((s) => s['type'] === 'TextQuoteSelector');
    const label = bodies.find((b) => b['purpose'] === 'tagging')?.['value'];
    if (typeof label !== 'string') throw new ExchangeSyntaxError(l10n.t('{0}: no tagging body (the label)', where), 1, 1);
    if (!position || !Number.isInteger(position['start']) || !Number.isInteger(position['end'])) {
      throw new ExchangeSyntaxError(l10n.t('{0}: no TextPositionSelector with whole start and end', where), 1, 1);
    }
    const ref = typeof a['id'] === 'string' ? a['id'] : `#${k + 1}`;
    const span: ImportedSpan = {
      ref,
      label,
      start: position['start'] as number,
      end: position['end'] as number,
      quote: typeof quote?.['exact'] === 'string' ? (quote['exact'] as string) : undefined,
      line: 1,
      column: 1,
    };
    for (const b of bodies) {
      const purpose = b['purpose'];
      if (purpose === 'commenting' && typeof b['value'] === 'string') span.note = b['value'];
      else if (purpose === 'identifying' && typeof b['source'] === 'string' && b['source'].startsWith(ENTITY_IRI)) {
        span.entity = decodeURIComponent(b['source'].slice(ENTITY_IRI.length));
      } else if (purpose === 'linking' && typeof b['source'] === 'string' && typeof b['hashiya:relation'] === 'string') {
        (span.relations ??= {})[b['hashiya:relation']] = b['source'];
      } else if (purpose === 'classifying' && typeof b['value'] === 'string') {
        const name = b['hashiya:attribute'];
        if (name === 'stance') span.stance = b['value'];
        else if (name === 'value') span.value = b['value'];
        else if (typeof name === 'string' && name.startsWith('attributes.')) {
          (span.attributes ??= {})[name.slice('attributes.'.length)] = b['value'];
        }
      }
    }
    spans.push(span);
  });
  return { spans, notes: [] };
}
