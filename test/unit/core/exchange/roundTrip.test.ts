// Export then import gives the same spans, labels, relations (and entity, stance, value, attributes where the
// format carries them), for random annotations on real text: the sample article and a text with emoji, a flag
// and CR LF (fast-check, fixed seed: test/unit/fastCheckSeed.ts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../../../support/fixtures';
import { ARTICLE_TEXT, REGISTRY } from '../../../support/exchangeArticle';
import type { Annotation } from '../../../../src/core/model/annotation';
import { quoteSelector } from '../../../../src/core/model/annotationSet';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { OffsetIndex } from '../../../../src/core/text/offsets';
import { tokenize } from '../../../../src/core/exchange/conll';
import type { ExchangeDoc, ImportResult } from '../../../../src/core/exchange/exchange';
import { placeImported } from '../../../../src/core/exchange/importPlacement';
import { exportBrat, importBrat } from '../../../../src/core/exchange/brat';
import { exportJsonl, importJsonl } from '../../../../src/core/exchange/jsonl';
import { exportLabelStudio, importLabelStudio } from '../../../../src/core/exchange/labelStudio';
import { exportW3c, importW3c } from '../../../../src/core/exchange/w3c';

const sample = readFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt'), 'utf8');
const TEXTS = [ARTICLE_TEXT, `${ARTICLE_TEXT}${sample.slice(0, 600).replace(/\n/g, '\r\n')} 👨‍👩‍👧 🇪🇬\r\n`];

/** Random annotations on token edges of `text` (never inside a character), with relations and fields. */
function annotationsOn(text: string) {
  const tokens = tokenize(text);
  const index = new OffsetIndex(text);
  const span = fc.tuple(fc.nat(tokens.length - 1), fc.nat(6)).map(([i, n]) => {
    const last = Math.min(tokens.length - 1, i + n);
    return [tokens[i].start, tokens[last].end] as const;
  });
  const one = fc.record({
    span,
    label: fc.constantFrom('claim', 'actor', 'date'),
    entity: fc.option(fc.constantFrom('lavrov', 'kerry'), { nil: undefined }),
    stance: fc.option(fc.constantFrom('asserts', 'denies', 'يؤكد بشدة'), { nil: undefined }),
    note: fc.option(fc.constantFrom('ملاحظة', 'a "quoted", note', '100% sure'), { nil: undefined }),
    type: fc.option(fc.constantFrom('other', 'laws and rules'), { nil: undefined }),
  });
  return fc.array(one, { minLength: 1, maxLength: 12 }).map((items) => {
    const seen = new Set<string>();
    const out: Annotation[] = [];
    items.forEach((it, k) => {
      const key = `${it.label}:${it.span[0]}:${it.span[1]}`;
      if (seen.has(key)) return;
      seen.add(key);
      const a: Annotation = { id: `x${k}`, label: it.label, start: it.span[0], end: it.span[1],
        ...quoteSelector(index, it.span[0], it.span[1]) };
      if (it.label === 'actor' && it.entity) a.entity = it.entity;
      if (it.label === 'date') a.value = '2015-12-15';
      if (it.note) a.note = it.note;
      if (it.label === 'claim') {
        if (it.stance) a.stance = it.stance;
        if (it.type) a.attributes = { type: it.type };
      }
      out.push(a);
    });
    const actor = out.find((a) => a.label === 'actor');
    const date = out.find((a) => a.label === 'date');
    for (const a of out.filter((x) => x.label === 'claim')) {
      if (actor) a.speaker = actor.id;
      if (date) a.date = date.id;
    }
    return out;
  });
}

type Key = string;
const keyOf = (s: { label: string; start: number; end: number }): Key => `${s.label} ${s.start}..${s.end}`;

/** What survives: spans with their fields and relations by the key of their target. */
function shapeOfExport(annotations: Annotation[]) {
  const byId = new Map(annotations.map((a) => [a.id, a]));
  return annotations.map((a) => ({
    key: keyOf(a), entity: a.entity, stance: a.stance, value: a.value, note: a.note, attributes: a.attributes,
    relations: Object.fromEntries([['speaker', a.speaker], ['date', a.date]]
      .filter(([, t]) => t !== undefined).map(([n, t]) => [n, keyOf(byId.get(t!)!)])),
  })).sort((x, y) => (x.key < y.key ? -1 : 1));
}

function shapeOfImport(text: string, read: ImportResult) {
  const placed = placeImported(text, read.spans);
  assert.deepEqual(placed.misplaced.map((m) => `${m.span.ref}: ${m.message}`), []);
  const byRef = new Map(read.spans.map((s) => [s.ref, s]));
  return read.spans.map((s) => ({
    key: keyOf(s), entity: s.entity, stance: s.stance, value: s.value, note: s.note, attributes: s.attributes,
    relations: Object.fromEntries(Object.entries(s.relations ?? {}).map(([n, r]) => [n, keyOf(byRef.get(r)!)])),
  })).sort((x, y) => (x.key < y.key ? -1 : 1));
}

const FORMATS: [string, (doc: ExchangeDoc) => ImportResult][] = [
  ['jsonl', (doc) => importJsonl(exportJsonl([doc])[0].content, doc.article)],
  ['brat', (doc) => importBrat(exportBrat([doc])[1].content, doc.text)],
  ['labelstudio', (doc) => importLabelStudio(exportLabelStudio([doc])[0].content, doc.text, doc.article)],
  ['w3c', (doc) => importW3c(exportW3c([doc])[0].content, 'urn:hashiya:article:a.txt')],
];

describe('exchange round trip: export then import gives the same annotations', () => {
  for (const [name, roundTrip] of FORMATS) {
    it(`${name}: spans, labels, relations, entity, stance, value, note, attributes`, () => {
      for (const text of TEXTS) {
        fc.assert(fc.property(annotationsOn(text), (annotations) => {
          const doc: ExchangeDoc = { article: 'a.txt', text, annotations, schema: NEWS_PRESET, registry: REGISTRY };
          assert.deepEqual(shapeOfImport(text, roundTrip(doc)), shapeOfExport(annotations));
        }), { numRuns: 60 });
      }
    });
  }
});
