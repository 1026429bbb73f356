// The commands under a project schema (.hashiya/schema.yaml): a fourth label, problems at their line and column.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { emptySidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { parseProjectSchema } from '../../../src/core/format/projectSchemaFile';
import { runMain } from '../../support/cli';
import { fixturePath } from '../../support/fixtures';
describe('command line: the project schema (.hashiya/schema.yaml)', () => {
  let dir: string;
  const text = 'قال الوزير في موسكو إن المؤتمر سيعقد في نيويورك.';
  const cps = (needle: string): [number, number] => {
    const at = text.indexOf(needle);
    return [[...text.slice(0, at)].length, [...text.slice(0, at + needle.length)].length];
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cli-schema-'));
    mkdirSync(path.join(dir, '.hashiya'));
    copyFileSync(fixturePath('schema', 'places.yaml'), path.join(dir, '.hashiya', 'schema.yaml'));
    mkdirSync(path.join(dir, 'news'));
    writeFileSync(path.join(dir, 'news', 'a.txt'), text);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeSidecar(annotations: ReturnType<AnnotationSet['add']>[]): string {
    const sidecar = { ...emptySidecar('a.txt'), annotations };
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    const source = serializeSidecar(sidecar);
    writeFileSync(path.join(dir, 'news', 'a.txt.annotations.yaml'), source);
    return source;
  }

  function placesSet(): AnnotationSet {
    const set = new AnnotationSet(text);
    const parsed = parseProjectSchema(readFileSync(fixturePath('schema', 'places.yaml'), 'utf8'));
    assert.ok(parsed.ok);
    set.schema = parsed.schema;
    return set;
  }

  it('checks a sidecar with a fourth label under the schema of the folder above, and the schema itself', async () => {
    const set = placesSet();
    set.add('place', ...cps('موسكو'), { now: '2026-12-03T09:00:00.000Z' }, { attributes: { scale: 'city' } });
    writeSidecar(set.annotations);
    const { code, out } = await runMain(dir, 'check', 'news');
    assert.equal(code, 0, out.join('\n'));
    assert.ok(out.some((l) => /^\.hashiya\/schema\.yaml: project schema version 2, 4 labels \(claim, actor, date, place\), valid$/.test(l)), out.join('\n'));
    assert.match(out[out.length - 1], /^checked 1 sidecar: 1 valid/);
  });

  it('a label the schema lacks, an attribute it lacks and a value not listed: each at its line and column, exit 1', async () => {
    const set = placesSet();
    set.add('place', ...cps('موسكو'), { now: '2026-12-03T09:00:00.000Z' }, { attributes: { scale: 'city' } });
    const source = writeSidecar(set.annotations)
      .replace('scale: "city"', 'scale: "planet"\n      colour: "red"')
      .replace('label: "place"', 'label: "place"');
    writeFileSync(path.join(dir, 'news', 'a.txt.annotations.yaml'), source);
    let r = await runMain(dir, 'check', 'news');
    assert.equal(r.code, 1);
    const lineOf = (needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.ok(r.out.some((l) => l.startsWith(`news/a.txt.annotations.yaml:${lineOf('scale: "planet"')}:`) && /"planet" is not a value of scale/.test(l)), r.out.join('\n'));
    assert.ok(r.out.some((l) => l.startsWith(`news/a.txt.annotations.yaml:${lineOf('colour: "red"')}:`) && /"colour" is not an attribute of place/.test(l)), r.out.join('\n'));
    // without the schema, place is not a label: an error at the label, nothing else checked
    rmSync(path.join(dir, '.hashiya', 'schema.yaml'));
    r = await runMain(dir, 'check', 'news');
    assert.equal(r.code, 1);
    assert.ok(r.out.some((l) => l === `news/a.txt.annotations.yaml:${lineOf('label: "place"')}:12: annotations.0.label must be one of "claim", "actor", "date"`), r.out.join('\n'));
  });

  it('a broken schema is reported at its line and column and its sidecars are not checked against another; anchor writes nothing', async () => {
    const set = placesSet();
    set.add('place', ...cps('موسكو'), { now: '2026-12-03T09:00:00.000Z' });
    const source = writeSidecar(set.annotations);
    writeFileSync(path.join(dir, '.hashiya', 'schema.yaml'), 'version: 1\nlabels:\n  - {id: claim, title: {en: Claim}, key: e}\n');
    const r = await runMain(dir, 'check', 'news');
    assert.equal(r.code, 1);
    assert.ok(r.out.some((l) => /^\.hashiya\/schema\.yaml:3:\d+: key "e" runs a command in the article view/.test(l)), r.out.join('\n'));
    assert.ok(r.out.some((l) => /^news\/a\.txt\.annotations\.yaml:1:1: not checked: its project schema \.hashiya\/schema\.yaml has problems/.test(l)), r.out.join('\n'));
    writeFileSync(path.join(dir, 'news', 'a.txt'), `سطر جديد\n${text}`);
    const a = await runMain(dir, 'anchor', 'news');
    assert.equal(a.code, 1);
    assert.equal(readFileSync(path.join(dir, 'news', 'a.txt.annotations.yaml'), 'utf8'), source);
  });

  it('lists annotations made under an older definition of their label, for review (not a problem)', async () => {
    const set = placesSet();
    const place = set.add('place', ...cps('نيويورك'), { now: '2026-12-03T09:00:00.000Z' });
    set.add('actor', ...cps('الوزير'), { now: '2026-12-03T09:00:00.000Z' });
    const source = writeSidecar(set.annotations.map((a) => (a.id === place.id ? { ...a, schemaVersion: 1 } : a)));
    const { code, out } = await runMain(dir, 'check', 'news');
    assert.equal(code, 0, out.join('\n'));
    const line = source.split('\n').findIndex((l) => l.includes('schemaVersion: 1')) + 1;
    assert.ok(out.some((l) => l.startsWith(`news/a.txt.annotations.yaml:${line}:`) && new RegExp(`review: place ${place.id} "نيويورك" was made under schema version 1; .hashiya/schema.yaml revised place in version 2`).test(l)), out.join('\n'));
    assert.match(out[out.length - 1], /1 made under an older definition of their label, to review/);
  });

  it('a relation to an annotation of the wrong label, in the schema\'s words', async () => {
    const set = placesSet();
    const claim = set.add('claim', ...cps('المؤتمر سيعقد في نيويورك'), { now: '2026-12-03T09:00:00.000Z' });
    const minister = set.add('actor', ...cps('الوزير'), { now: '2026-12-03T09:00:00.000Z' });
    // an id of no annotation here: the claim's own with its first character changed (never to itself)
    const missing = claim.id.replace(/^./, (c) => (c === 'q' ? 'z' : 'q'));
    const source = writeSidecar(
      set.annotations.map((a) =>
        a.id === claim.id ? { ...a, relations: { location: minister.id }, speaker: missing } : a,
      ),
    );
    const { code, out } = await runMain(dir, 'check', 'news');
    assert.equal(code, 1);
    const line = source.split('\n').findIndex((l) => l.includes('location:')) + 1;
    assert.ok(out.some((l) => l.startsWith(`news/a.txt.annotations.yaml:${line}:`) && /the location of claim \w+ is \w+, which is not a place/.test(l)), out.join('\n'));
    assert.ok(out.some((l) => /the speaker of claim \w+ is "\w+", which is no annotation of this article/.test(l)), out.join('\n'));
  });

  it('suggest offers only labels the schema has', async () => {
    writeFileSync(path.join(dir, '.hashiya', 'schema.yaml'), 'version: 1\nlabels:\n  - {id: date, title: {en: Date}, key: d, dateValue: true}\n');
    writeFileSync(path.join(dir, 'news', 'a.txt'), 'قال وزير الخارجية سامي خليل يوم الخميس إن الحكومة ستخفض الضرائب.');
    const { code, out } = await runMain(dir, 'suggest', '--published', '2024-03-15', 'news/a.txt');
    assert.equal(code, 0);
    assert.ok(out.some((l) => /: date /.test(l)), out.join('\n'));
    assert.ok(!out.some((l) => /: (actor|claim) /.test(l)), out.join('\n'));
  });
});
