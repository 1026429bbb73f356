// The W3C export against the W3C Web Annotation test suite's MUST assertions (test/fixtures/w3c-web-annotation,
// copied with its NOTICE; JSON Schema draft-04 read by ajv 8: `id` taken as `$id`,
// a boolean exclusiveMinimum as the number it stands for).
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { fixturePath } from '../../../support/fixtures';
import { ARTICLE_TEXT, exchangeDoc } from '../../../support/exchangeArticle';
import { exportW3c, importW3c } from '../../../../src/core/exchange/w3c';
import { placeImported } from '../../../../src/core/exchange/importPlacement';

function draft04(file: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      delete o['$schema'];
      for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']]) {
        if (typeof o[flag] !== 'boolean') continue;
        if (o[flag] === true) o[flag] = o[bound];
        else delete o[flag];
        if (o[flag] !== undefined) delete o[bound];
      }
      if (typeof o['id'] === 'string' && o['id'].endsWith('.json')) {
        o['$id'] = o['id'];
        delete o['id'];
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(schema);
  return schema;
}

function mustValidators(): { name: string; validate: (data: unknown) => boolean }[] {
  const root = fixturePath('w3c-web-annotation');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const defs = path.join(root, 'definitions');
  for (const f of readdirSync(defs)) ajv.addSchema(draft04(path.join(defs, f)));
  const manifest = JSON.parse(readFileSync(path.join(root, 'annotations', 'annotationMusts.test'), 'utf8'));
  return (manifest.assertions as string[]).map((rel) => {
    const file = path.join(root, rel);
    assert.ok(statSync(file).isFile(), rel);
    const schema = draft04(file);
    const expected = schema['expectedResult'] ?? 'valid';
    const check = ajv.compile(schema);
    return { name: rel, validate: (data: unknown) => (check(data) as boolean) === (expected === 'valid') };
  });
}

describe('W3C Web Annotation export', () => {
  it('every annotation satisfies the MUST assertions of the W3C test suite', () => {
    const collection = JSON.parse(exportW3c([exchangeDoc()])[0].content);
    const validators = mustValidators();
    assert.ok(validators.length >= 10);
    for (const item of collection.first.items) {
      const annotation = { '@context': collection['@context'], ...item };
      const failed = validators.filter((v) => !v.validate(annotation)).map((v) => v.name);
      assert.deepEqual(failed, [], item.id);
    }
  });

  it('a broken annotation fails them (the validators do check)', () => {
    const item = JSON.parse(exportW3c([exchangeDoc()])[0].content).first.items[0];
    const broken = { '@context': 'http://example.org/other', ...item, type: 'Note' };
    assert.ok(mustValidators().some((v) => !v.validate(broken)));
  });

  it('TextPositionSelector counts code points; import gives back spans, labels and relations', () => {
    const doc = exchangeDoc();
    const content = exportW3c([doc])[0].content;
    const item = JSON.parse(content).first.items[0];
    assert.deepEqual(item.target.selector[1], { type: 'TextPositionSelector', start: 21, end: 33 });
    const read = importW3c(content, 'urn:hashiya:article:talks.txt');
    assert.equal(placeImported(ARTICLE_TEXT, read.spans).misplaced.length, 0);
    const claim = read.spans.find((s) => s.label === 'claim')!;
    assert.deepEqual(claim.relations, {
      speaker: 'urn:hashiya:article:talks.txt#annotation-a1',
      date: 'urn:hashiya:article:talks.txt#annotation-d1',
    });
    assert.deepEqual([claim.stance, claim.attributes, claim.note], ['asserts', { type: 'other' }, 'قالها, "حرفيا"']);
    assert.equal(read.spans[0].entity, 'lavrov');
  });
});
