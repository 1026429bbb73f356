// Over 500 lines: the schema model, its file and its use by sidecars share the schema fixtures.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Annotation } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { hoverFields, hoverMarkdown } from '../../../../src/core/presentation/hoverText';
import { mergeAnnotations } from '../../../../src/core/merge/merge';
import {
  NEWS_PRESET,
  type ProjectSchema,
  RESERVED_KEYS,
  backgroundOf,
  codebookLines,
  freeKeys,
  labelByKey,
  labelColour,
  labelDef,
  labelTitle,
  madeUnderOlderDefinition,
  recordedVersion,
} from '../../../../src/core/model/projectSchema';
import { parseProjectSchema } from '../../../../src/core/format/projectSchemaFile';
import { emptySidecar, parseSidecar, salvageSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { SidecarSession } from '../../../../src/core/session/sidecarSession';
import { fixturePath } from '../../../support/fixtures';
import { MemoryStorage, TEST_PROVENANCE as NOW, cpSpan } from '../../../support/model';

const PLACES_SOURCE = readFileSync(fixturePath('schema', 'places.yaml'), 'utf8');

function places(): ProjectSchema {
  const parsed = parseProjectSchema(PLACES_SOURCE);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  return parsed.schema;
}

function problemsOf(source: string): { message: string; line: number; column: number }[] {
  const parsed = parseProjectSchema(source);
  assert.equal(parsed.ok, false, 'expected problems');
  return parsed.ok ? [] : parsed.problems;
}

const TEXT = 'قال وزير الخارجية سيرغي لافروف في موسكو إن المؤتمر سيعقد في نيويورك يوم الثلاثاء.';
const span = (needle: string) => cpSpan(TEXT, needle);

describe('project schema: the model', () => {
  it('the news preset is claim, actor and date with keys C, A, D, as before schemas existed', () => {
    assert.deepEqual(
      NEWS_PRESET.labels.map((l) => [l.id, l.key]),
      [
        ['claim', 'c'],
        ['actor', 'a'],
        ['date', 'd'],
      ],
    );
    assert.equal(NEWS_PRESET.preset, true);
    assert.equal(recordedVersion(NEWS_PRESET), undefined, 'annotations made under the preset record no version');
    assert.deepEqual(
      labelDef(NEWS_PRESET, 'claim')?.relations?.map((r) => [r.name, r.targets]),
      [
        ['speaker', ['actor']],
        ['date', ['date']],
      ],
    );
    assert.equal(labelDef(NEWS_PRESET, 'actor')?.entity, true);
    assert.equal(labelDef(NEWS_PRESET, 'date')?.dateValue, true);
    // Full Fact's claim types and the quotation kinds
    assert.deepEqual(
      labelDef(NEWS_PRESET, 'claim')?.attributes?.map((a) => a.name),
      ['type', 'quotation'],
    );
    assert.ok(labelDef(NEWS_PRESET, 'claim')?.attributes?.[0].values?.includes('correlation or causation'));
    for (const l of NEWS_PRESET.labels) assert.ok(codebookLines(l).length >= 3, `${l.id} has a codebook`);
  });

  it('reads a schema with a fourth label: titles, key, colours, attributes, codebook, version', () => {
    const schema = places();
    assert.equal(schema.version, 2);
    assert.equal(schema.preset, undefined);
    assert.deepEqual(
      schema.labels.map((l) => l.id),
      ['claim', 'actor', 'date', 'place'],
    );
    assert.equal(labelByKey(schema, 'W')?.id, 'place');
    assert.equal(labelTitle(schema, 'place'), 'Place');
    assert.equal(labelTitle(schema, 'place', 'ar'), 'مكان');
    assert.equal(labelTitle(schema, 'nothing'), 'nothing');
    assert.deepEqual(codebookLines(labelDef(schema, 'place')!), [
      'A named place where something in the news happens.',
      'Use when: Cities, regions, countries and sites named as locations (في دمشق، قرب الحدود).',
      'Avoid when: A country acting or speaking (that is an actor).',
      'Example: في مدينة حلب',
      'Example: قرب معبر رفح',
    ]);
    assert.equal(recordedVersion(schema), 2);
  });

  it("colours: the schema's per theme kind, a palette colour for a label without one, theme colours for the preset", () => {
    const schema = places();
    assert.equal(labelColour(schema, 'place', 'light'), '#8e24aa');
    assert.equal(labelColour(schema, 'place', 'dark'), '#ce93d8');
    assert.equal(labelColour(schema, 'place', 'highContrast'), '#ff80ff');
    assert.equal(labelColour(schema, 'claim', 'dark'), undefined);
    const noColour: ProjectSchema = {
      version: 1,
      labels: [...schema.labels.slice(0, 3), { id: 'topic', title: { en: 'Topic' }, key: 'q' }],
    };
    assert.match(labelColour(noColour, 'topic', 'light')!, /^#[0-9a-f]{6}$/);
    assert.equal(backgroundOf('#8e24aa'), '#8e24aa38');
    assert.equal(backgroundOf('#8e24aa80'), '#8e24aa80');
  });

  it("keys: the view's command keys are refused, free keys are named", () => {
    const free = freeKeys(NEWS_PRESET);
    assert.ok(!free.includes('c') && !free.includes('e') && free.includes('w'));
    for (const k of free) assert.ok(!RESERVED_KEYS.has(k));
  });

  it('an annotation made under an older definition of its label is told apart', () => {
    const schema = places();
    assert.equal(madeUnderOlderDefinition(schema, 'place', 1), true);
    assert.equal(madeUnderOlderDefinition(schema, 'place', undefined), true, 'no version recorded counts as 1');
    assert.equal(madeUnderOlderDefinition(schema, 'place', 2), false);
    assert.equal(madeUnderOlderDefinition(schema, 'claim', 1), false, 'claim was never revised');
  });
});

describe('project schema: bad files get a clear error with line and column', () => {
  const base = (labels: string) => `version: 1\nlabels:\n${labels}`;
  const claim = '  - {id: claim, title: {en: Claim}, key: c}\n';

  it('a duplicate id and a duplicate key, each at its value', () => {
    const problems = problemsOf(
      base(`${claim}  - {id: claim, title: {en: Other}, key: q}\n  - {id: other, title: {en: O}, key: C}\n`),
    );
    assert.ok(
      problems.some((p) => /label id "claim" is also labels\.0\.id/.test(p.message) && p.line === 4),
      JSON.stringify(problems),
    );
    assert.ok(
      problems.some((p) => /key "C" is also the key of labels\.0 \(claim\)/.test(p.message) && p.line === 5),
      JSON.stringify(problems),
    );
  });

  it('a key the view uses for a command, with the free keys', () => {
    const [p] = problemsOf(base('  - {id: claim, title: {en: Claim}, key: e}\n'));
    assert.match(p.message, /^key "e" runs a command in the article view; free keys: a .*w/);
    assert.deepEqual([p.line, p.column], [3, 42]);
  });

  it('a relation to a label the schema lacks; revised after the version', () => {
    const problems = problemsOf(
      base(
        `  - {id: claim, title: {en: Claim}, key: c, revised: 3, relations: [{name: speaker, targets: [person]}]}\n`,
      ),
    );
    assert.ok(
      problems.some((p) => /"person" is not a label of this schema \(claim\)/.test(p.message)),
      JSON.stringify(problems),
    );
    assert.ok(problems.some((p) => /revised 3 is after the schema's version 1/.test(p.message)));
  });

  it("shape errors in the JSON Schema's words: an unknown key, a bad id, a bad colour, two-letter keys, a missing title", () => {
    const problems = problemsOf(
      base('  - {id: Claim!, title: {en: Claim}, key: cc, colour: red}\n  - {id: b, key: b, color: {light: red}}\n'),
    );
    const messages = problems.map((p) => p.message).join('\n');
    assert.match(messages, /unknown key "colour" in labels\.0/);
    assert.match(messages, /labels\.0\.id must be a lower-case letter/);
    assert.match(messages, /labels\.0\.key must be one letter/);
    assert.match(messages, /labels\.1 lacks the required key "title"/);
    assert.match(messages, /labels\.1\.color\.light must be a colour written #rrggbb or #rrggbbaa/);
    for (const p of problems) assert.ok(p.line >= 3, `${p.message} at line ${p.line}`);
  });

  it('YAML errors, aliases and conflict markers are refused like in sidecars', () => {
    assert.match(problemsOf('version: 1\nlabels: [\n')[0].message, /^YAML:/);
    assert.match(
      problemsOf(base(`  - &c {id: claim, title: {en: Claim}, key: c}\n  - *c\n`))[0].message,
      /aliases|anchors/,
    );
    assert.match(
      problemsOf(`<<<<<<< HEAD\nversion: 1\n=======\nversion: 2\n>>>>>>> b\nlabels: []\n`)[0].message,
      /conflict/,
    );
  });
});

describe('project schema: sidecars under a schema', () => {
  function sidecarWith(annotations: Annotation[]): string {
    return serializeSidecar({ ...emptySidecar('a.txt'), annotations });
  }

  it('a label the schema has is valid; one it lacks is an error at its line and column, never dropped', () => {
    const schema = places();
    const set = new AnnotationSet(TEXT);
    set.schema = schema;
    const place = set.add('place', ...span('موسكو'), NOW, { attributes: { scale: 'city' } });
    assert.equal(place.schemaVersion, 2);
    const source = sidecarWith(set.annotations);
    assert.match(source, /label: "place"/);
    assert.match(source, /attributes:\n\s+scale: "city"/);
    assert.match(source, /schemaVersion: 2/);
    const parsed = parseSidecar(source, schema);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.annotations[0].attributes, { scale: 'city' });
    // the same file without the schema: place is unknown
    const without = parseSidecar(source);
    assert.ok(!without.ok);
    const p = without.problems.find((x) => x.path.join('.') === 'annotations.0.label')!;
    assert.equal(p.message, 'annotations.0.label must be one of "claim", "actor", "date"');
    assert.equal(p.line, source.split('\n').findIndex((l) => l.includes('label: "place"')) + 1);
    // salvage never shows an annotation of a label it does not know
    assert.equal(salvageSidecar(source)?.annotations.length, 0);
  });

  it('a session reads under its schema and reads again when the schema changes; nothing is lost', async () => {
    const schema = places();
    const set = new AnnotationSet(TEXT);
    set.schema = schema;
    set.add('place', ...span('موسكو'), NOW);
    set.add('actor', ...span('سيرغي لافروف'), NOW);
    const storage = new MemoryStorage(sidecarWith(set.annotations));
    const session = new SidecarSession(storage, 'a.txt', TEXT, schema);
    assert.equal((await session.load()).kind, 'ready');
    assert.equal(session.set.annotations.length, 2);
    // the schema loses "place": the sidecar is broken (read-only), and never written
    const before = storage.content;
    const state = await session.useSchema({ version: 3, labels: schema.labels.filter((l) => l.id !== 'place') });
    assert.equal(state.kind, 'broken');
    assert.ok(
      state.kind === 'broken' &&
        state.problems.some((p) => /label must be one of "claim", "actor", "date"/.test(p.message)),
    );
    await session.flush();
    assert.equal(storage.content, before);
    // back: everything is there
    assert.equal((await session.useSchema(schema)).kind, 'ready');
    assert.deepEqual(session.set.annotations.map((a) => a.label).sort(), ['actor', 'place']);
  });

  it('attributes: listed values only, removed with "", dropped when relabelled to a label without them', () => {
    const set = new AnnotationSet(TEXT);
    set.schema = places();
    const place = set.add('place', ...span('نيويورك'), NOW);
    assert.throws(
      () => set.update(place.id, { attributes: { scale: 'planet' } }, NOW),
      /"planet" is not a value of scale \(city, region, country, other\)/,
    );
    assert.throws(
      () => set.update(place.id, { attributes: { colour: 'red' } }, NOW),
      /"colour" is not an attribute of place \(scale, source\)/,
    );
    set.update(place.id, { attributes: { scale: 'city', source: 'AFP' } }, NOW);
    assert.deepEqual(set.get(place.id)?.attributes, { scale: 'city', source: 'AFP' });
    set.update(place.id, { attributes: { source: '' } }, NOW);
    assert.deepEqual(set.get(place.id)?.attributes, { scale: 'city' });
    set.update(place.id, { label: 'actor' }, NOW);
    assert.equal(set.get(place.id)?.attributes, undefined, 'actor has no scale');
    assert.throws(
      () => set.update(place.id, { label: 'person' }, NOW),
      /"person" is not a label of the project schema/,
    );
    assert.throws(() => set.add('person', 0, 3, NOW), /"person" is not a label of the project schema/);
  });

  it('relations the schema declares: stored under relations, checked by target label, dropped with their target', () => {
    const set = new AnnotationSet(TEXT);
    set.schema = places();
    const claim = set.add('claim', ...span('المؤتمر سيعقد في نيويورك'), NOW);
    const city = set.add('place', ...span('نيويورك'), NOW);
    const lavrov = set.add('actor', ...span('سيرغي لافروف'), NOW);
    assert.throws(
      () => set.update(claim.id, { relations: { location: lavrov.id } }, NOW),
      /the location of a claim must be a place of this article; "\w+" is an actor/,
    );
    assert.throws(
      () => set.update(city.id, { relations: { location: city.id } }, NOW),
      /only claims have a location; this is a place/,
    );
    set.update(claim.id, { relations: { location: city.id }, speaker: lavrov.id }, NOW);
    assert.deepEqual(set.get(claim.id)?.relations, { location: city.id });
    assert.deepEqual(set.danglingRelations(), []);
    const source = sidecarWith(set.annotations);
    assert.match(source, /relations:\n\s+location: "\w+"/);
    set.removeWithRelations(city.id, NOW);
    assert.equal(set.get(claim.id)?.relations, undefined);
    assert.equal(set.get(claim.id)?.speaker, lavrov.id);
  });

  it('hovers follow the schema: title, attributes by title, the codebook definition, an older definition', () => {
    const schema = places();
    const a: Annotation = {
      id: 'p1',
      label: 'place',
      start: 0,
      end: 5,
      quote: 'موسكو',
      prefix: '',
      suffix: '',
      attributes: { scale: 'city', bogus: 'x' },
      schemaVersion: 1,
    };
    const f = hoverFields(a, { schema, language: 'ar' });
    assert.equal(f.title, 'مكان');
    assert.deepEqual(f.extra, [
      ['النطاق', 'city'],
      ['Not in the schema', '"bogus" is not an attribute of place (scale, source)'],
    ]);
    assert.equal(f.definition, 'A named place where something in the news happens.');
    assert.match(f.warning!, /older definition of place \(schema version 1, revised in 2\)/);
    const md = hoverMarkdown([a], { schema });
    assert.match(md, /\*\*Place\*\*/);
    assert.match(md, /\u2068Scale\u2069: \u2068city\u2069/);
  });

  it('merge by field: attributes changed on one side are taken, on both sides a conflict with both values', () => {
    const schema = places();
    const set = new AnnotationSet(TEXT);
    set.schema = schema;
    const base = set.add('place', ...span('موسكو'), NOW, { attributes: { scale: 'city' } });
    const ours: Annotation = { ...base, attributes: { scale: 'region' }, note: 'n' };
    const theirsSame: Annotation = { ...base, attributes: { scale: 'city' } };
    let m = mergeAnnotations([base], [ours], [theirsSame]);
    assert.deepEqual(m.annotations[0].attributes, { scale: 'region' });
    assert.deepEqual(m.conflicts, []);
    // key order alone is no change
    const reordered: Annotation = { ...base, attributes: { source: 'x', scale: 'city' } };
    const ours2: Annotation = { ...base, attributes: { scale: 'city', source: 'x' } };
    m = mergeAnnotations([base], [ours2], [reordered]);
    assert.deepEqual(m.conflicts, []);
    const theirs: Annotation = { ...base, attributes: { scale: 'country' } };
    m = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(m.conflicts, [base.id]);
    assert.deepEqual(m.annotations[0].attributes, { scale: 'region' });
    assert.deepEqual(m.annotations[0].conflict?.theirs?.attributes, { scale: 'country' });
    const written = serializeSidecar({ ...emptySidecar('a.txt'), annotations: m.annotations });
    const back = parseSidecar(written, schema);
    assert.ok(back.ok, JSON.stringify(!back.ok && back.problems));
    assert.deepEqual(back.sidecar.annotations[0].conflict?.theirs?.attributes, { scale: 'country' });
  });
});

describe('project schema: found by trying to break it (issue 9 review)', () => {
  const schemaWith = (extra: string) => {
    const parsed = parseProjectSchema(
      `version: 1\nlabels:\n  - {id: claim, title: {en: Claim}, key: c, relations: [{name: speaker, targets: [actor]}]}\n  - {id: actor, title: {en: Actor}, key: a}\n${extra}`,
    );
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    return parsed.schema;
  };

  it('speaker and date are never stored under relations: (two copies of one relation): an error at its line', () => {
    const source =
      'version: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations:\n  - id: "c1"\n    label: "claim"\n    start: 0\n    end: 1\n    quote: "a"\n    relations:\n      speaker: "a2"\n';
    const parsed = parseSidecar(source);
    assert.ok(!parsed.ok);
    assert.ok(
      parsed.problems.some(
        (p) => p.line === 12 && /relations holds "speaker": a speaker is the annotation.s own field/.test(p.message),
      ),
      JSON.stringify(parsed.problems),
    );
  });

  it("an attribute named like a member of Object.prototype reads only the annotation's own value", () => {
    const schema = schemaWith(
      '  - {id: topic, title: {en: Topic}, key: q, attributes: [{name: constructor}, {name: kind}]}\n',
    );
    const a: Annotation = {
      id: 't1',
      label: 'topic',
      start: 0,
      end: 1,
      quote: 'x',
      prefix: '',
      suffix: '',
      attributes: { kind: 'x' },
    };
    const f = hoverFields(a, { schema });
    assert.deepEqual(f.extra, [['kind', 'x']]);
  });

  it('a label whose date value is not called "date" keeps the analyst\'s value when found again, and computes one', async () => {
    const schema = schemaWith('  - {id: when, title: {en: When}, key: q, dateValue: true}\n');
    const text = 'اجتمعوا يوم الاثنين 6 يناير 2020 في جنيف.';
    const set = new AnnotationSet(text);
    set.schema = schema;
    const when = set.add('when', ...cpSpan(text, '6 يناير 2020'), NOW);
    set.update(when.id, { value: '2020-01-06' }, NOW);
    const storage = new MemoryStorage(serializeSidecar({ ...emptySidecar('a.txt'), annotations: set.annotations }));
    const session = new SidecarSession(storage, 'a.txt', text.replace('في جنيف', 'في مدينة جنيف'), schema);
    assert.equal((await session.load()).kind, 'ready');
    const back = session.set.get(when.id)!;
    assert.deepEqual([back.value, back.valueSource], ['2020-01-06', 'analyst']);
    const added = await session.add('when', ...cpSpan(text, 'يوم الاثنين'), NOW);
    assert.equal(session.set.get(added.id)?.valueSource, 'computed');
  });
});

describe('project schema: merges of attributes, relations and the schema version (issue 9 review)', () => {
  const base: Annotation = {
    id: 'c1',
    label: 'claim',
    start: 0,
    end: 3,
    quote: 'abc',
    prefix: '',
    suffix: '',
    attributes: { type: 'quantity', quotation: 'direct' },
    schemaVersion: 1,
  };

  it("attributes merge by key: one side's type and the other's quotation are both kept, no conflict", () => {
    const ours = { ...base, attributes: { type: 'prediction', quotation: 'direct' } };
    const theirs = { ...base, attributes: { type: 'quantity', quotation: 'indirect' } };
    const m = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(m.conflicts, []);
    assert.deepEqual(m.annotations[0].attributes, { type: 'prediction', quotation: 'indirect' });
  });

  it('a key changed differently on both sides keeps ours; theirs records the map with their value of that key', () => {
    const ours = { ...base, attributes: { type: 'prediction', quotation: 'mixed' } };
    const theirs = { ...base, attributes: { type: 'other', quotation: 'direct' } };
    const m = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(m.conflicts, ['c1']);
    assert.deepEqual(m.annotations[0].attributes, { type: 'prediction', quotation: 'mixed' });
    assert.deepEqual(m.annotations[0].conflict?.theirs?.attributes, { type: 'other', quotation: 'mixed' });
  });

  it('relations merge by key too; a key removed on one side and unchanged on the other goes', () => {
    const b = { ...base, relations: { location: 'p1', source: 's1' } };
    const ours = { ...b, relations: { location: 'p2', source: 's1' } };
    const theirs = { ...b, relations: { location: 'p1' } };
    const m = mergeAnnotations([b], [ours], [theirs]);
    assert.deepEqual(m.conflicts, []);
    assert.deepEqual(m.annotations[0].relations, { location: 'p2' });
  });

  it('the schema version goes with the label: theirs relabelled under version 3 while ours changed the note', () => {
    const ours = { ...base, note: 'n' };
    const theirs = { ...base, label: 'quote', schemaVersion: 3 };
    const m = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(
      [m.annotations[0].label, m.annotations[0].schemaVersion, m.annotations[0].note],
      ['quote', 3, 'n'],
    );
  });
});

describe('project schema: relabelling keeps relations that still hold (issue 9 review)', () => {
  it('a speaker relabelled from actor to org stays the speaker when the relation takes orgs; relabelled to a date it goes', () => {
    const parsed = parseProjectSchema(`version: 1
labels:
  - {id: claim, title: {en: Claim}, key: c, relations: [{name: speaker, targets: [actor, org]}]}
  - {id: actor, title: {en: Actor}, key: a}
  - {id: org, title: {en: Organisation}, key: q}
  - {id: date, title: {en: Date}, key: d}
`);
    assert.ok(parsed.ok);
    const set = new AnnotationSet(TEXT);
    set.schema = parsed.schema;
    const claim = set.add('claim', ...span('المؤتمر سيعقد في نيويورك'), NOW);
    const who = set.add('actor', ...span('وزير الخارجية'), NOW);
    set.update(claim.id, { speaker: who.id }, NOW);
    set.update(who.id, { label: 'org' }, NOW);
    assert.equal(set.get(claim.id)?.speaker, who.id);
    set.update(who.id, { label: 'date' }, NOW);
    assert.equal(set.get(claim.id)?.speaker, undefined);
  });
});

describe("project schema: writing attributes keeps the analyst's comments in them (issue 9 review)", () => {
  it('a comment inside attributes: survives a change of another field and of another attribute', () => {
    const a: Annotation = {
      id: 'c1',
      label: 'claim',
      start: 0,
      end: 3,
      quote: 'abc',
      prefix: '',
      suffix: '',
      attributes: { type: 'quantity', quotation: 'direct' },
    };
    const first = serializeSidecar({ ...emptySidecar('a.txt'), annotations: [a] }).replace(
      '      type: "quantity"',
      '      # checked against the budget\n      type: "quantity" # per Full Fact',
    );
    const parsed = parseSidecar(first);
    assert.ok(parsed.ok);
    const again = serializeSidecar(
      {
        ...parsed.sidecar,
        annotations: [
          { ...parsed.sidecar.annotations[0], note: 'n', attributes: { type: 'quantity', quotation: 'mixed' } },
        ],
      },
      first,
    );
    assert.match(again, /# checked against the budget\n\s+type: "quantity" # per Full Fact/);
    assert.match(again, /quotation: "mixed"/);
    assert.match(again, /note: "n"/);
  });
});

describe('project schema: titles are plain one-line text (issue 9 review)', () => {
  it('line breaks, controls and bidi overrides in a title are refused at their line', () => {
    for (const bad of ['"Pl\\nace"', '"\\u202Eecalp"', '"a\\tb"', '"x\\u2066y"']) {
      const parsed = parseProjectSchema(`version: 1\nlabels:\n  - id: place\n    title: {en: ${bad}}\n    key: w\n`);
      assert.ok(!parsed.ok, bad);
      assert.ok(
        parsed.problems.some(
          (p) => p.line === 4 && /must not hold line breaks, tabs, control characters or bidi controls/.test(p.message),
        ),
        `${bad}: ${JSON.stringify(parsed.problems)}`,
      );
    }
  });
});

describe('project schema: an annotation reviewed under the current definition (issue 9 review)', () => {
  it("reviewed records the schema's version, so it is no longer made under an older definition; under the preset nothing is recorded", () => {
    const schema = places();
    const set = new AnnotationSet(TEXT);
    set.schema = schema;
    const place = set.add('place', ...span('موسكو'), NOW);
    set.restore({ ...set.get(place.id)!, schemaVersion: 1 });
    assert.equal(madeUnderOlderDefinition(schema, 'place', set.get(place.id)!.schemaVersion), true);
    set.update(place.id, { reviewed: true }, NOW);
    assert.equal(set.get(place.id)!.schemaVersion, 2);
    assert.equal(madeUnderOlderDefinition(schema, 'place', 2), false);
    const preset = new AnnotationSet(TEXT);
    const claim = preset.add('claim', ...span('المؤتمر سيعقد في نيويورك'), NOW);
    preset.update(claim.id, { reviewed: true }, NOW);
    assert.equal(preset.get(claim.id)!.schemaVersion, undefined);
  });
});
