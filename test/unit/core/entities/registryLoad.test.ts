import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  ENTITY_KINDS, type Entity, type Registry, parseRegistry, serializeRegistry,
} from '../../../../src/core/entities/entityRegistry';
import { loadRegistry, scanRegistry } from '../../../../src/core/entities/registryLoad';

const LAVROV: Entity = {
  id: 'q7k2m9x3qa',
  name: 'سيرغي لافروف',
  kind: 'person',
  aliases: ['لافروف', 'وزير الخارجية الروسي'],
  externalId: 'wikidata:Q83070',
  note: 'Russian foreign minister\u200f "quoted" \\ back',
  replaces: ['abc123def0'],
};
const KERRY: Entity = { id: 'k3rry00001', name: 'جون كيري', kind: 'person', aliases: ['كيري'] };

/** loadRegistry gives what parseRegistry gives: the same registry, or the same problems. */
function sameAsFullParse(source: string): void {
  const loaded = loadRegistry(source);
  const parsed = parseRegistry(source);
  if (parsed.ok) {
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems));
    assert.deepEqual(loaded.registry, parsed.registry);
  } else {
    assert.ok(!loaded.ok);
    assert.deepEqual(loaded.problems, parsed.problems);
  }
}

describe('loading the entity registry (read by lines when Hashiya wrote it)', () => {
  it('reads a registry Hashiya wrote by lines, with comments and a BOM, as the full parse does', () => {
    const source = serializeRegistry({ entities: [LAVROV, KERRY] })
      .replace('version: 1', '# checked by Mona\nversion: 1 # the format')
      .replace('name: "سيرغي لافروف"', 'name: "سيرغي لافروف" # as Reuters spells it');
    assert.ok(scanRegistry(source), 'the line scan takes it');
    sameAsFullParse(source);
    sameAsFullParse(`\uFEFF${source}`);
    const loaded = loadRegistry(source);
    assert.ok(loaded.ok);
    assert.equal(loaded.resolve('abc123def0')?.id, LAVROV.id, 'a merged id resolves');
    assert.equal(loaded.resolve('كيري')?.id, KERRY.id, 'an alias resolves');
  });

  it('leaves every other shape and every problem to the full parse (same problems, same lines)', () => {
    const written = serializeRegistry({ entities: [LAVROV, KERRY] });
    const variants = [
      '',
      '# only a comment\n',
      written.replace('entities:', 'entities: []\nextra: 1\n#'),
      written.replace(`id: "${KERRY.id}"`, `id: "${LAVROV.id}"`), // duplicate id
      written.replace('name: "جون كيري"', 'name: "  "'), // blank name
      written.replace('kind: "person"', 'kind: "planet"'),
      written.replace('name: "جون كيري"', 'name: جون كيري'), // plain scalar
      written.replace('name: "جون كيري"', 'name: "جون كيري"\n    name: "كيري"'), // a key twice
      written.replace('aliases:\n      - "كيري"', 'aliases: ["كيري"]'), // flow list
      written.replace('aliases:\n      - "كيري"', 'aliases:'), // null
      written.replace('version: 1', 'version: 2'),
      written.replace('  - id: "k3rry00001"', '\t- id: "k3rry00001"'),
      written.replace('  - id: "k3rry00001"', '<<<<<<< ours\n  - id: "k3rry00001"'),
      written.replace('name: "جون كيري"', 'name: "جون\n      كيري"'), // folded over two lines
      written.replace('entities:', 'entities:\n  - &a\n    id: "x"'),
    ];
    for (const source of variants) sameAsFullParse(source);
  });

  it('a recorded conflict is read in full (the scan does not know it)', () => {
    const source = serializeRegistry({ entities: [{ ...KERRY, conflict: { theirs: { name: 'كيري' } } }] });
    assert.equal(scanRegistry(source), undefined);
    sameAsFullParse(source);
  });

  it('property: any registry Hashiya writes loads as the full parse reads it', function () {
    this.timeout(60_000);
    const text = fc.string({ unit: fc.constantFrom('a', 'ب', 'ـ', ' ', '"', "'", '\\', '#', ':', '-', '\u200f', '\t', '\n')
      .map((c) => c) as fc.Arbitrary<string> });
    const name = text.filter((s) => s.trim() !== '');
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,12}$/);
    const entity = fc.record({
      id, name, kind: fc.constantFrom(...ENTITY_KINDS), aliases: fc.array(name, { maxLength: 3 }),
      externalId: name, note: text, replaces: fc.array(id, { maxLength: 2 }),
    }, { requiredKeys: ['id', 'name', 'kind', 'aliases'] });
    fc.assert(fc.property(fc.array(entity, { maxLength: 6 }), (entities) => {
      const registry: Registry = { entities: entities as Entity[] };
      sameAsFullParse(serializeRegistry(registry));
    }));
  });
});
