// One file though over 500 lines: reading, bad input and editing share the fixture entities and round-trip checks.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  ENTITY_KINDS,
  type Entity,
  type EntityKind,
  REGISTRY_PATH,
  type Registry,
  createEntity,
  mergeEntities,
  newEntityId,
  parseRegistry,
  resolveEntity,
  searchEntities,
  serializeRegistry,
  updateEntity,
} from '../../../../src/core/entities/entityRegistry';
import { MAX_SIDECAR_LENGTH } from '../../../../src/core/format/sidecar';
import { heavyTimeout } from '../../../support/timeouts';

const LAVROV: Entity = {
  id: 'q7k2m9x3qa',
  name: 'سيرغي لافروف',
  kind: 'person',
  aliases: ['لافروف', 'وزير الخارجية الروسي'],
  externalId: 'wikidata:Q83070',
  note: 'Russian foreign minister',
  replaces: ['abc123def0'],
};
const KERRY: Entity = { id: 'k3rry00001', name: 'جون كيري', kind: 'person', aliases: ['كيري'] };
const UN: Entity = { id: 'un00000001', name: 'الأمم المتحدة', kind: 'organisation', aliases: [] };

function registryOf(...entities: Entity[]): Registry {
  return { entities };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Runs `op` on a frozen copy of `registry` and checks the copy did not change. */
function pure<T>(registry: Registry, op: (r: Registry) => T): T {
  const before = structuredClone(registry);
  const frozen = deepFreeze(structuredClone(registry));
  const result = op(frozen);
  assert.deepEqual(frozen, before, 'the input registry was changed');
  return result;
}

function problemsOf(source: string) {
  const result = parseRegistry(source);
  assert.equal(result.ok, false, 'expected the registry to be refused');
  return result.ok ? [] : result.problems;
}

function parsedOk(source: string): Registry {
  const result = parseRegistry(source);
  assert.ok(result.ok, `expected the registry to load: ${source}\n${JSON.stringify(!result.ok && result.problems)}`);
  return result.registry;
}

/** Entities by id, as the file stores them ('' externalId/note and empty lists are not written). */
function stored(registry: Registry): Map<string, Entity> {
  return new Map(
    registry.entities.map((e) => {
      const copy: Entity = { id: e.id, name: e.name, kind: e.kind, aliases: e.aliases };
      if (e.externalId) copy.externalId = e.externalId;
      if (e.note) copy.note = e.note;
      if (e.replaces?.length) copy.replaces = e.replaces;
      return [e.id, copy];
    }),
  );
}

function roundTrips(registry: Registry): string {
  const source = serializeRegistry(registry);
  const back = parsedOk(source);
  assert.deepEqual(stored(back), stored(registry), source);
  assert.equal(serializeRegistry(back, source), source, 'a second save changes nothing');
  return source;
}

/** Where `needle` starts in `source`: 1-based line and column (UTF-16 units). */
function positionOf(source: string, needle: string, occurrence = 1): [number, number] {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = source.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in source`);
  const before = source.slice(0, at).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

const HEAD = 'version: 1\nentities:\n';

describe('entity registry: reading and writing', function () {
  this.timeout(heavyTimeout(350)); // a property test
  it('lives at .hashiya/entities.yaml; an empty or comment-only file is an empty registry', () => {
    assert.equal(REGISTRY_PATH, '.hashiya/entities.yaml');
    for (const source of ['', '\n\n', '# nothing yet\n# really\n', '\uFEFF', '\uFEFF# only a comment']) {
      assert.deepEqual(parsedOk(source), { entities: [] }, JSON.stringify(source));
    }
    assert.deepEqual(parsedOk('\uFEFFversion: 1\nentities: []\n'), { entities: [] });
  });

  it('writes the documented format: header, keys in order, every string double-quoted', () => {
    const source = serializeRegistry(registryOf(LAVROV));
    assert.equal(
      source,
      [
        '# Hashiya entity registry: the people, organisations, places and groups that',
        '# annotations link to (their `entity` field holds an id below). Format: docs/sidecar-format.md',
        '',
        'version: 1',
        'entities:',
        '  - id: "q7k2m9x3qa"',
        '    name: "سيرغي لافروف"',
        '    kind: "person"',
        '    aliases:',
        '      - "لافروف"',
        '      - "وزير الخارجية الروسي"',
        '    externalId: "wikidata:Q83070"',
        '    note: "Russian foreign minister"',
        '    replaces:',
        '      - "abc123def0"',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parsedOk(source), registryOf(LAVROV));
  });

  it('writes an empty registry as entities: [] and leaves out empty aliases, externalId and note', () => {
    const empty = serializeRegistry({ entities: [] });
    assert.match(empty, /\nversion: 1\nentities: \[\]\n$/);
    assert.deepEqual(parsedOk(empty), { entities: [] });
    const source = serializeRegistry(registryOf({ ...UN, externalId: '', note: '', replaces: [] }));
    assert.match(source, /- id: "un00000001"\n {4}name: "الأمم المتحدة"\n {4}kind: "organisation"\n$/);
  });

  it('writes entities sorted by name (Arabic collation), then by id, whatever their order', () => {
    const names = ['يوسف', 'أحمد', 'باسم', 'Zeta', 'ثامر', 'احمد'];
    const entities = names.map((name, i) => ({ id: `e${i}`, name, kind: 'person' as const, aliases: [] }));
    const source = serializeRegistry({ entities: [...entities].reverse() });
    const written = [...source.matchAll(/name: "([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(
      written,
      [...names].sort((a, b) => a.localeCompare(b, 'ar')),
    );
    assert.ok(written.indexOf('أحمد') < written.indexOf('باسم') && written.indexOf('باسم') < written.indexOf('ثامر'));
    assert.ok(
      written.indexOf('يوسف') < written.indexOf('Zeta'),
      'Arabic letters sort before Latin in the ar collation',
    );
    const twins = serializeRegistry(registryOf({ ...UN, id: 'b2' }, { ...UN, id: 'a1' }));
    assert.ok(twins.indexOf('"a1"') < twins.indexOf('"b2"'));
  });

  it('round-trips names with diacritics, emoji, quotes, "#", YAML words and invisible characters, never normalised', () => {
    const tricky = [
      'سَيرْغِي لافْرُوف',
      'وزير الخارجية الروسي ـــ',
      '👩‍👩‍👧 🇸🇾',
      'he said "no" and \'yes\'',
      'a # not a comment',
      '# not a comment',
      'yes',
      'no',
      'null',
      '~',
      'true',
      '__proto__',
      'constructor',
      '007',
      '2015-12-18',
      '1e3',
      '- dash',
      'key: value',
      '{flow}',
      '[x]',
      'الأمم\u200Cالمتحدة',
      '\u200Fمرحبا\u202E',
      'back\\slash',
      'tab\there',
      'line\nbreak',
      'e\u0301 (NFD)',
      '\u00A0nbsp\u00A0',
      '@at',
      '`tick`',
      '*star',
      '&amp',
      '!bang',
      '%pct',
    ];
    const entities: Entity[] = tricky.map((name, i) => ({
      id: `t${i}`,
      name,
      kind: ENTITY_KINDS[i % ENTITY_KINDS.length],
      aliases: [name, `${name}!`],
      note: name,
      externalId: `x:${name}`,
    }));
    const source = roundTrips({ entities });
    assert.match(source, /name: "yes"/);
    assert.match(source, /name: "# not a comment"/);
    assert.match(source, /name: "he said \\"no\\" and 'yes'"/);
    assert.match(source, /name: "الأمم\\u200Cالمتحدة"/, 'invisible characters are escaped so a diff shows them');
    assert.match(source, /name: "سَيرْغِي لافْرُوف"/, 'harakat are written as is');
    const v11 = parse(source, { version: '1.1' }) as { entities: Entity[] };
    const byId = new Map(v11.entities.map((e) => [e.id, e]));
    for (const e of entities)
      assert.equal(byId.get(e.id)!.name, e.name, 'a YAML 1.1 reader gets the same strings back');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('round-trips random registries unchanged (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        'ب',
        'ِ',
        'أ',
        '\n',
        '"',
        '\\',
        ':',
        '#',
        ' ',
        '😀',
        '\u200F',
        '\u0651',
        'no',
        '-',
        '\t',
        '\u0000',
        '\u0085',
        '\u00A0',
        '\u2028',
      ) as fc.Arbitrary<string>,
    });
    const name = text.filter((s) => s.trim() !== '');
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,12}$/);
    const entity = fc.record(
      {
        id,
        name,
        kind: fc.constantFrom(...ENTITY_KINDS),
        aliases: fc.array(name, { maxLength: 3 }),
        externalId: name,
        note: text,
        replaces: fc.array(id, { maxLength: 2 }),
      },
      { requiredKeys: ['id', 'name', 'kind', 'aliases'] },
    );
    const registry = fc.array(entity, { maxLength: 6 }).map((entities) => {
      // ids unique across ids and replaces, as a valid file requires
      const seen = new Set<string>();
      const out: Entity[] = [];
      for (const e of entities) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        const replaces = (e.replaces ?? []).filter((r) => !seen.has(r) && !entities.some((o) => o.id === r));
        replaces.forEach((r) => seen.add(r));
        out.push({ ...e, replaces } as Entity);
      }
      return { entities: out };
    });
    fc.assert(
      fc.property(registry, (r) => {
        roundTrips(r);
      }),
    );
  });

  it('keeps the comments a user wrote through a rewrite (document, entity, value and alias comments)', () => {
    const first = serializeRegistry(registryOf(LAVROV, KERRY));
    const edited = first
      .replace('version: 1', '# checked by Mona, 2026-11-20\nversion: 1')
      .replace('  - id: "k3rry00001"', '  # US secretary of state in 2015\n  - id: "k3rry00001"')
      .replace('name: "سيرغي لافروف"', 'name: "سيرغي لافروف" # as Reuters spells it')
      .replace('- "لافروف"', '- "لافروف" # surname alone');
    const parsed = parseRegistry(edited);
    assert.ok(parsed.ok);
    const documentBefore = parsed.parsed.document.toString();
    const changed = updateEntity(
      createEntity(parsed.registry, { name: 'الأمم المتحدة', kind: 'organisation' }).registry,
      LAVROV.id,
      { note: 'FM since 2004' },
    );
    for (const previous of [edited, parsed.parsed]) {
      const next = serializeRegistry(changed, previous);
      assert.match(next, /^# Hashiya entity registry/);
      assert.match(next, /# checked by Mona, 2026-11-20\nversion: 1/);
      assert.match(next, /# US secretary of state in 2015\n {2}- id: "k3rry00001"/);
      assert.match(next, /name: "سيرغي لافروف" # as Reuters spells it/);
      assert.match(next, /- "لافروف" # surname alone/);
      assert.match(next, /note: "FM since 2004"/);
      assert.match(next, /name: "الأمم المتحدة"/);
      assert.deepEqual(stored(parsedOk(next)), stored(changed));
    }
    assert.equal(
      parsed.parsed.document.toString(),
      documentBefore,
      'the parsed document given as previous is not changed',
    );
    assert.equal(
      serializeRegistry(changed, parsed.parsed),
      serializeRegistry(changed, parsed.parsed),
      'the same previous gives the same output twice',
    );
  });

  it('rewrites hand-written plain, single-quoted and flow YAML in the house style', () => {
    const hand = "version: 1\nentities:\n  - {id: x1, name: 'no', kind: place, aliases: [yes, ~x]}\n";
    const registry = parsedOk(hand);
    assert.deepEqual(registry, registryOf({ id: 'x1', name: 'no', kind: 'place', aliases: ['yes', '~x'] }));
    const out = serializeRegistry(registry, hand);
    assert.match(out, /name: "no"/);
    assert.match(out, /- "yes"/);
    assert.doesNotMatch(out, /[{[]/, 'flow collections become block collections');
  });

  it('keeps the comments of a comment-only file when the first entity is written', () => {
    const previous = '# shared with the Damascus desk\n';
    const out = serializeRegistry(registryOf(UN), previous);
    assert.match(out, /^# shared with the Damascus desk\n/);
    assert.deepEqual(parsedOk(out), registryOf(UN));
  });

  it('comments cannot turn into data for a YAML 1.1 reader (line breaks in comments are removed)', () => {
    const previous = `# note\u2028evil: 1\n${HEAD}  - id: "a1"\n    name: "x" # y\u0085z: 2\n    kind: "group"\n`;
    const registry = parsedOk(previous);
    const out = serializeRegistry(registry, previous);
    assert.doesNotMatch(out, /[\u2028\u0085]/);
    const v11 = parse(out, { version: '1.1' }) as Record<string, unknown>;
    assert.deepEqual(Object.keys(v11), ['version', 'entities']);
  });
});

describe('entity registry: bad input gets a clear error with line and column', () => {
  it('broken YAML', () => {
    const [p] = problemsOf(`${HEAD}  - id: "x"\n    name: [claim\n`);
    assert.match(p.message, /^YAML: /);
    assert.ok(p.line >= 4, `line ${p.line}`);
  });

  it('an unknown kind points at the value and names the kinds', () => {
    const source = `${HEAD}  - id: "x1"\n    name: "لافروف"\n    kind: "persn"\n`;
    const [p] = problemsOf(source);
    assert.equal(p.message, 'entities.0.kind must be one of "person", "organisation", "place", "group"');
    assert.deepEqual([p.line, p.column], positionOf(source, '"persn"'));
    assert.deepEqual(p.path, ['entities', 0, 'kind']);
  });

  it('an empty or blank name, a blank alias, a missing name', () => {
    const source = `${HEAD}  - id: "x1"\n    name: "  "\n    kind: "person"\n  - id: "x2"\n    name: ""\n    kind: "person"\n    aliases: ["ok", " "]\n  - id: "x3"\n    kind: "place"\n`;
    const problems = problemsOf(source);
    const at = (path: string) => problems.find((p) => p.path.join('.') === path)!;
    assert.equal(at('entities.0.name').message, 'entities.0.name must not be empty or only white space');
    assert.deepEqual([at('entities.0.name').line, at('entities.0.name').column], positionOf(source, '"  "'));
    assert.equal(at('entities.1.name').message, 'entities.1.name must not be empty or only white space');
    assert.deepEqual([at('entities.1.name').line, at('entities.1.name').column], positionOf(source, '""'));
    assert.equal(at('entities.1.aliases.1').message, 'entities.1.aliases.1 must not be empty or only white space');
    assert.deepEqual([at('entities.1.aliases.1').line, at('entities.1.aliases.1').column], positionOf(source, '" "'));
    assert.equal(at('entities.2').message, 'entities.2 lacks the required key "name"');
    assert.deepEqual([at('entities.2').line, at('entities.2').column], positionOf(source, 'id: "x3"'));
  });

  it('a malformed id', () => {
    const source = `${HEAD}  - id: "has space"\n    name: "x"\n    kind: "place"\n    replaces: ["-bad"]\n`;
    const problems = problemsOf(source);
    assert.ok(
      problems.some(
        (p) =>
          p.path.join('.') === 'entities.0.id' &&
          /must be a letter or digit then up to 63/.test(p.message) &&
          p.line === 3 &&
          p.column === 9,
      ),
    );
    assert.ok(problems.some((p) => p.path.join('.') === 'entities.0.replaces.0' && p.line === 6));
  });

  it('a duplicate id is reported at the second id', () => {
    const source = `${HEAD}  - id: "x1"\n    name: "a"\n    kind: "place"\n  - id: "x1"\n    name: "b"\n    kind: "place"\n`;
    const [p, ...rest] = problemsOf(source);
    assert.equal(rest.length, 0);
    assert.equal(p.message, 'duplicate id "x1" (also entities.0.id)');
    assert.deepEqual([p.line, p.column, p.endLine, p.endColumn], [...positionOf(source, '"x1"', 2), 6, 13]);
    assert.deepEqual(p.path, ['entities', 1, 'id']);
  });

  it("an id that is also in another entity's replaces is reported at that id", () => {
    const source = `${HEAD}  - id: "into"\n    name: "a"\n    kind: "place"\n    replaces:\n      - "gone"\n  - id: "gone"\n    name: "b"\n    kind: "place"\n`;
    const [p, ...rest] = problemsOf(source);
    assert.equal(rest.length, 0);
    assert.match(p.message, /^id "gone" is also in entities\.0\.replaces \(an entity merged into "into"\)/);
    assert.deepEqual([p.line, p.column], positionOf(source, '"gone"', 2));
    assert.deepEqual(p.path, ['entities', 1, 'id']);
  });

  it('an id in replaces twice (two entities, or one) is reported at the second', () => {
    const source = `${HEAD}  - id: "a1"\n    name: "a"\n    kind: "place"\n    replaces: ["old"]\n  - id: "b1"\n    name: "b"\n    kind: "place"\n    replaces: ["x", "old"]\n`;
    const [p, ...rest] = problemsOf(source);
    assert.equal(rest.length, 0);
    assert.equal(p.message, '"old" is in replaces twice (also entities.0.replaces.0)');
    assert.deepEqual([p.line, p.column], positionOf(source, '"old"', 2));
    assert.deepEqual(p.path, ['entities', 1, 'replaces', 1]);
    const self = problemsOf(`${HEAD}  - id: "a1"\n    name: "a"\n    kind: "place"\n    replaces: ["a1"]\n`);
    assert.ok(self.some((q) => /^id "a1" is also in entities\.0\.replaces/.test(q.message) && q.line === 3));
  });

  it('tags such as !!js/function are refused where they are written', () => {
    const source = `${HEAD}  - id: "x1"\n    name: !!js/function "function () { return 1 }"\n    kind: "person"\n`;
    const [p] = problemsOf(source);
    assert.match(p.message, /^tags \(tag:yaml\.org,2002:js\/function\) are not allowed in the entity registry/);
    assert.deepEqual([p.line, p.column], positionOf(source, '"function'), 'at the tagged value');
    assert.deepEqual(p.path, ['entities', 0, 'name']);
    const str = problemsOf(`${HEAD}  - id: !!str x1\n    name: "a"\n    kind: "person"\n`);
    assert.ok(str.some((q) => /tags \(tag:yaml\.org,2002:str\)/.test(q.message) && q.line === 3));
  });

  it('anchors and aliases are refused before they can expand', () => {
    const source = `${HEAD}  - id: "x1"\n    name: &n "لافروف"\n    kind: "person"\n    aliases: [*n, *n]\n`;
    const problems = problemsOf(source);
    const anchor = problems.find((p) => /anchors/.test(p.message))!;
    assert.equal(anchor.message, 'anchors (&n) are not allowed in the entity registry');
    assert.deepEqual([anchor.line, anchor.column], positionOf(source, '"لافروف"'), 'at the anchored value');
    const aliases = problems.filter((p) => /aliases \(\*n\)/.test(p.message));
    assert.equal(aliases.length, 2);
    assert.deepEqual([aliases[0].line, aliases[0].column], positionOf(source, '*n'));
    assert.deepEqual(aliases[1].path, ['entities', 0, 'aliases', 1]);
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n';
    assert.ok(problemsOf(bomb).every((p) => /anchors|aliases/.test(p.message)));
  });

  it('a version not written as a plain decimal integer, or not 1', () => {
    for (const written of ['0x1', '0o1', '01', '+1', '1.0', '1e0']) {
      const [p] = problemsOf(`# header\nversion: ${written}\nentities: []\n`);
      assert.equal(p.message, `write ${written} as a plain decimal integer (other YAML readers do not read it as one)`);
      assert.deepEqual([p.line, p.column, p.endColumn], [2, 10, 10 + written.length]);
    }
    const [two] = problemsOf('version: 2\nentities: []\n');
    assert.equal(two.message, 'version must be 1');
    assert.deepEqual([two.line, two.column], [1, 10]);
  });

  it('a source over the size limit is refused unread', () => {
    const source = `${HEAD}  # ${'x'.repeat(MAX_SIDECAR_LENGTH)}\n`;
    const [p, ...rest] = problemsOf(source);
    assert.equal(rest.length, 0);
    assert.equal(p.message, 'the entity registry is 16.0 MiB; Hashiya reads it up to 16 MiB');
    assert.deepEqual([p.line, p.column], [1, 1]);
  });

  it('unknown keys (also __proto__) point at the key and pollute nothing', () => {
    const source = `${HEAD}  - id: "x1"\n    name: "a"\n    kind: "person"\n    __proto__: {polluted: true}\n    wikidata: "Q1"\n`;
    const problems = problemsOf(source);
    const proto = problems.find((p) => p.message === 'unknown key "__proto__" in entities.0')!;
    assert.deepEqual([proto.line, proto.column], positionOf(source, '__proto__'));
    const other = problems.find((p) => p.message === 'unknown key "wikidata" in entities.0')!;
    assert.deepEqual([other.line, other.column], positionOf(source, 'wikidata'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('not a mapping, missing entities, entities not a list', () => {
    assert.match(problemsOf('- just\n- a list\n')[0].message, /^the entity registry must be object/);
    assert.equal(problemsOf('version: 1\n')[0].message, 'the entity registry lacks the required key "entities"');
    const [p] = problemsOf('version: 1\nentities: "none"\n');
    assert.equal(p.message, 'entities must be array');
    assert.deepEqual([p.line, p.column], [2, 11]);
  });
});

describe('entity registry: editing', () => {
  const base = registryOf(LAVROV, KERRY, UN);

  it('newEntityId avoids every id and every replaces entry', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/), { maxLength: 8 }), (ids) => {
        const registry = registryOf(
          ...ids.map((id, i): Entity => ({ id, name: `n${i}`, kind: 'group', aliases: [], replaces: [`${id}r`] })),
        );
        const id = pure(registry, newEntityId);
        assert.match(id, /^[a-z][a-z0-9]{9}$/);
        assert.ok(!ids.includes(id) && !ids.map((x) => `${x}r`).includes(id));
      }),
    );
  });

  it('createEntity: fresh id, trimmed name, cleaned aliases, empty optional fields left out', () => {
    const { registry, entity } = pure(base, (r) =>
      createEntity(r, {
        name: '  بشار الأسد ',
        kind: 'person',
        aliases: [' الأسد', 'الأسد', '', '   ', 'بشار الأسد', 'الرئيس السوري'],
        externalId: '',
        note: '',
      }),
    );
    assert.deepEqual(entity, {
      id: entity.id,
      name: 'بشار الأسد',
      kind: 'person',
      aliases: ['الأسد', 'الرئيس السوري'],
    });
    assert.ok(!base.entities.some((e) => e.id === entity.id || e.replaces?.includes(entity.id)));
    assert.deepEqual(registry.entities, [...base.entities, entity]);
    const withIds = createEntity(base, { name: 'x', kind: 'place', externalId: 'wikidata:Q1', note: 'n' }).entity;
    assert.deepEqual([withIds.externalId, withIds.note, withIds.aliases], ['wikidata:Q1', 'n', []]);
    assert.ok(parseRegistry(serializeRegistry(registry)).ok);
  });

  it('createEntity keeps diacritics and refuses an empty name or unknown kind', () => {
    assert.equal(createEntity(base, { name: 'سَيرغي', kind: 'person' }).entity.name, 'سَيرغي');
    assert.throws(() => createEntity(base, { name: ' \u00A0\n', kind: 'person' }), RangeError);
    assert.throws(() => createEntity(base, { name: 'x', kind: 'country' as EntityKind }), RangeError);
  });

  it('updateEntity: a rename keeps the old name as an alias; the new name leaves the aliases', () => {
    const renamed = pure(base, (r) => updateEntity(r, LAVROV.id, { name: ' لافروف ' }));
    const e = renamed.entities.find((x) => x.id === LAVROV.id)!;
    assert.equal(e.name, 'لافروف');
    assert.deepEqual(e.aliases, ['وزير الخارجية الروسي', 'سيرغي لافروف']);
    assert.equal(
      searchEntities(renamed, 'سيرغي لافروف')[0].entity.id,
      LAVROV.id,
      'the old name still finds the entity',
    );
    assert.deepEqual(
      renamed.entities.map((x) => x.id),
      base.entities.map((x) => x.id),
      'order kept',
    );
    assert.equal(
      updateEntity(base, LAVROV.id, { name: 'x' }).entities[1],
      base.entities[1],
      'other entities are shared, untouched',
    );
    const same = updateEntity(base, LAVROV.id, { name: LAVROV.name });
    assert.deepEqual(same, base, 'setting the same name changes nothing');
  });

  it('updateEntity: kind, aliases (cleaned), externalId and note; "" removes', () => {
    const r = pure(base, (x) =>
      updateEntity(x, LAVROV.id, {
        kind: 'group',
        aliases: ['  أ ', 'أ', '', 'سيرغي لافروف'],
        externalId: '',
        note: '',
      }),
    );
    assert.deepEqual(r.entities[0], {
      id: LAVROV.id,
      name: LAVROV.name,
      kind: 'group',
      aliases: ['أ'],
      replaces: LAVROV.replaces,
    });
    const s = updateEntity(base, UN.id, { externalId: 'wikidata:Q1065', note: 'UN' });
    assert.deepEqual([s.entities[2].externalId, s.entities[2].note], ['wikidata:Q1065', 'UN']);
    const both = updateEntity(base, KERRY.id, { name: 'John Kerry', aliases: ['Kerry'] });
    assert.deepEqual(both.entities[1].aliases, ['Kerry', 'جون كيري'], 'the old name is added after the new aliases');
    assert.deepEqual(updateEntity(base, KERRY.id, {}), base);
  });

  it('updateEntity refuses an unknown id, an empty name, an unknown kind', () => {
    assert.throws(() => updateEntity(base, 'nope', { note: 'x' }), RangeError);
    assert.throws(() => updateEntity(base, 'abc123def0', { note: 'x' }), RangeError, 'a merged id is not an entity');
    assert.throws(() => updateEntity(base, LAVROV.id, { name: '   ' }), RangeError);
    assert.throws(() => updateEntity(base, LAVROV.id, { kind: 'thing' as EntityKind }), RangeError);
  });

  it('mergeEntities: into keeps id, name, kind; gains names, aliases, externalId, notes and replaces', () => {
    const from: Entity = {
      id: 'dup0000001',
      name: 'لافروف',
      kind: 'group',
      aliases: ['Lavrov', 'سيرغي لافروف', 'وزير الخارجية الروسي'],
      externalId: 'wikidata:Q0',
      note: 'from Reuters',
      replaces: ['older00001'],
    };
    const registry = registryOf(KERRY, from, LAVROV, UN);
    const merged = pure(registry, (r) => mergeEntities(r, from.id, LAVROV.id));
    assert.deepEqual(
      merged.entities.map((e) => e.id),
      [KERRY.id, LAVROV.id, UN.id],
    );
    assert.deepEqual(merged.entities[1], {
      id: LAVROV.id,
      name: LAVROV.name,
      kind: 'person',
      aliases: ['لافروف', 'وزير الخارجية الروسي', 'Lavrov'],
      externalId: 'wikidata:Q83070',
      note: 'Russian foreign minister\nfrom Reuters',
      replaces: ['abc123def0', 'dup0000001', 'older00001'],
    });
    const noExt = mergeEntities(registryOf(from, UN), from.id, UN.id).entities[0];
    assert.deepEqual(noExt, {
      id: UN.id,
      name: UN.name,
      kind: 'organisation',
      aliases: ['لافروف', 'Lavrov', 'سيرغي لافروف', 'وزير الخارجية الروسي'],
      externalId: 'wikidata:Q0',
      note: 'from Reuters',
      replaces: ['dup0000001', 'older00001'],
    });
    assert.equal(mergeEntities(registryOf(UN, KERRY), UN.id, KERRY.id).entities[0].note, undefined);
    const source = serializeRegistry(merged);
    assert.deepEqual(stored(parsedOk(source)), stored(merged), 'a merged registry is a valid file');
  });

  it('mergeEntities refuses the same id and unknown ids', () => {
    assert.throws(() => mergeEntities(base, LAVROV.id, LAVROV.id), RangeError);
    assert.throws(() => mergeEntities(base, 'nope', LAVROV.id), RangeError);
    assert.throws(() => mergeEntities(base, LAVROV.id, 'nope'), RangeError);
  });

  it('a merge chain A→B then B→C resolves A and B to C', () => {
    const a: Entity = { id: 'aaaaaaaaa1', name: 'لافروف', kind: 'person', aliases: [] };
    const b: Entity = { id: 'bbbbbbbbb1', name: 'S. Lavrov', kind: 'person', aliases: [] };
    const c: Entity = { id: 'ccccccccc1', name: 'سيرغي لافروف', kind: 'person', aliases: [] };
    const once = mergeEntities(registryOf(a, b, c), a.id, b.id);
    const twice = mergeEntities(once, b.id, c.id);
    assert.equal(twice.entities.length, 1);
    for (const ref of [a.id, b.id, c.id, 'لافروف', 'S. Lavrov', 's. lavrov'])
      assert.equal(resolveEntity(twice, ref)?.id, c.id, ref);
    assert.deepEqual(twice.entities[0].replaces, [b.id, a.id]);
    assert.ok(parseRegistry(serializeRegistry(twice)).ok);
  });

  it('resolveEntity: by id, by a merged id, by name or alias under matchKey; else undefined', () => {
    const r = deepFreeze(structuredClone(base));
    assert.equal(resolveEntity(r, LAVROV.id)?.id, LAVROV.id);
    assert.equal(resolveEntity(r, 'abc123def0')?.id, LAVROV.id);
    assert.equal(resolveEntity(r, 'سيرغي لافروف')?.id, LAVROV.id);
    assert.equal(resolveEntity(r, ' سَيرغي  لافروفْ ')?.id, LAVROV.id, 'harakat and spacing ignored');
    assert.equal(resolveEntity(r, 'وزير الخارجيه الروسى')?.id, LAVROV.id, 'ta marbuta and alef maqsura variants');
    assert.equal(resolveEntity(r, 'الامم المتحدة')?.id, UN.id, 'alef with hamza');
    assert.equal(resolveEntity(r, 'كيري')?.id, KERRY.id);
    for (const ref of [undefined, '', '   ', 'بوتين', 'لافرو'])
      assert.equal(resolveEntity(r, ref), undefined, String(ref));
    const clash = registryOf({ ...KERRY, aliases: ['لافروف'] }, LAVROV);
    assert.equal(resolveEntity(clash, 'لافروف')?.id, KERRY.id, 'first alias match in registry order');
    const nameFirst = registryOf({ ...KERRY, aliases: ['الأمم المتحدة'] }, UN);
    assert.equal(resolveEntity(nameFirst, 'الأمم المتحدة')?.id, UN.id, 'a name match wins over an alias match');
  });

  it('searchEntities: name, surname and title all find the same person', () => {
    const r = deepFreeze(structuredClone(base));
    for (const query of ['لافروف', 'سيرغي لافروف', 'وزير الخارجية الروسي']) {
      const [top] = searchEntities(r, query);
      assert.equal(top.entity.id, LAVROV.id, query);
      assert.equal(top.matched, query);
    }
  });

  it('searchEntities ignores diacritics, alef variants and clitics', () => {
    for (const [query, id, matched] of [
      ['لإفروف', LAVROV.id, 'لافروف'],
      ['سِيرْغِي', LAVROV.id, 'سيرغي لافروف'],
      ['ولافروف', LAVROV.id, 'لافروف'],
      ['بالأمم', UN.id, 'الأمم المتحدة'],
      ['وزير الخارجيه', LAVROV.id, 'وزير الخارجية الروسي'],
      ['كيرى', KERRY.id, 'كيري'],
    ]) {
      const hits = searchEntities(base, query);
      assert.equal(hits.length, 1, query);
      assert.equal(hits[0].entity.id, id, query);
      assert.equal(hits[0].matched, matched, query);
      assert.ok(hits[0].score > 0);
    }
    assert.deepEqual(searchEntities(base, 'بوتين'), []);
  });

  it('searchEntities orders by score then name, honours limit; an empty query lists all by name', () => {
    const r = registryOf(
      { id: 'p1', name: 'محمد علي', kind: 'person', aliases: [] },
      { id: 'p2', name: 'محمد', kind: 'person', aliases: [] },
      { id: 'p3', name: 'أحمد محمد', kind: 'person', aliases: [] },
      { id: 'p4', name: 'باسم', kind: 'person', aliases: ['محمد باسم'] },
    );
    const hits = searchEntities(r, 'محمد');
    // exact name first; two prefix matches of equal score by name (باسم before محمد علي); a later word last
    assert.deepEqual(
      hits.map((h) => h.entity.id),
      ['p2', 'p4', 'p1', 'p3'],
    );
    assert.ok(hits[0].score > hits[1].score && hits[1].score === hits[2].score && hits[2].score > hits[3].score);
    assert.equal(hits[1].matched, 'محمد باسم');
    assert.deepEqual(
      searchEntities(r, 'محمد', 2).map((h) => h.entity.id),
      ['p2', 'p4'],
    );
    const all = searchEntities(r, '  ');
    assert.deepEqual(
      all.map((h) => [h.entity.name, h.score, h.matched]),
      [...r.entities]
        .map((e) => e.name)
        .sort((a, b) => a.localeCompare(b, 'ar'))
        .map((n) => [n, 0, n]),
    );
    assert.equal(searchEntities(r, '', 1).length, 1);
    assert.deepEqual(searchEntities(r, '', 0), []);
  });

  it('any sequence of edits leaves a valid registry and never changes its input (property)', () => {
    const name = fc.constantFrom('لافروف', 'سيرغي لافروف', 'كيري', ' الأمم ', 'yes', '# x', '"q"', 'سَيرغي');
    const op = fc.oneof(
      fc.record({
        t: fc.constant('create' as const),
        name,
        kind: fc.constantFrom(...ENTITY_KINDS),
        aliases: fc.array(name, { maxLength: 3 }),
      }),
      fc.record({
        t: fc.constant('update' as const),
        at: fc.nat(),
        name: fc.option(name, { nil: undefined }),
        note: fc.constantFrom(undefined, '', 'n'),
      }),
      fc.record({ t: fc.constant('merge' as const), from: fc.nat(), into: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        let registry: Registry = { entities: [] };
        let total = 0;
        for (const o of ops) {
          const n = registry.entities.length;
          registry = pure(registry, (r) => {
            if (o.t === 'create') return createEntity(r, o).registry;
            if (n === 0) return r;
            if (o.t === 'update') return updateEntity(r, r.entities[o.at % n].id, { name: o.name, note: o.note });
            if (n < 2 || o.from % n === o.into % n) return r;
            return mergeEntities(r, r.entities[o.from % n].id, r.entities[o.into % n].id);
          });
          if (o.t === 'create') total++;
          for (const e of registry.entities) {
            assert.ok(!e.aliases.includes(e.name));
            assert.equal(new Set(e.aliases).size, e.aliases.length);
          }
        }
        roundTrips(registry);
        // every entity ever created still resolves, by its id or a merged one
        const ids = registry.entities.flatMap((e) => [e.id, ...(e.replaces ?? [])]);
        assert.equal(ids.length, total);
        for (const id of ids) assert.ok(resolveEntity(registry, id));
      }),
    );
  });
});

describe('searchEntities: a mention of title and name finds the entity (issue 9, first-use finding)', () => {
  const lavrov = {
    id: 'lav1',
    name: 'سيرغي لافروف',
    kind: 'person' as const,
    aliases: ['وزير الخارجية الروسي', 'لافروف'],
  };
  const kerry = { id: 'ker1', name: 'جون كيري', kind: 'person' as const, aliases: ['وزير الخارجية', 'كيري'] };
  const registry = { entities: [lavrov, kerry] };

  it('the whole mention is no name, but names and aliases inside it are: the entity they cover most comes first', () => {
    const hits = searchEntities(registry, 'وزير الخارجية الروسي سيرغي لافروف');
    assert.equal(hits[0].entity.id, 'lav1');
    assert.equal(hits[0].matched, 'سيرغي لافروف');
    assert.ok(hits[0].score < 1, 'below any match of the whole query');
    const kerryHits = searchEntities(registry, 'ووزير الخارجية الأمريكي جون كيري');
    assert.equal(kerryHits[0].entity.id, 'ker1', 'his own name outweighs a title both share');
  });

  it('a match of the whole query still comes first; a name only partly in the mention is no match', () => {
    assert.equal(searchEntities(registry, 'لافروف')[0].score >= 1, true);
    assert.deepEqual(
      searchEntities(registry, 'الرئيس سيرغي بوتين').map((h) => h.entity.id),
      [],
    );
  });
});

describe('entity registry: merging keeps the comments of the entity merged away', () => {
  it('merging keeps the comments written on the entity merged away (on the one it went into)', () => {
    let { registry, entity: a } = createEntity({ entities: [] }, { name: 'سيرغي لافروف', kind: 'person' });
    const made = createEntity(registry, { name: 'Lavrov', kind: 'person' });
    registry = made.registry;
    const source = serializeRegistry(registry).replace(
      `  - id: "${made.entity.id}"`,
      `  # about B: check the spelling\n  - id: "${made.entity.id}"`,
    );
    const parsed = parseRegistry(source);
    assert.ok(parsed.ok);
    const merged = serializeRegistry(mergeEntities(parsed.registry, made.entity.id, a.id), parsed.parsed);
    assert.match(merged, /about B: check the spelling/);
    const again = parseRegistry(merged);
    assert.ok(again.ok);
    assert.deepEqual(
      again.registry.entities.map((e) => [e.id, e.replaces]),
      [[a.id, [made.entity.id]]],
    );
  });

  it("merging keeps the comments on the merged entity's single aliases", () => {
    const registry = createEntity({ entities: [] }, { name: 'A', kind: 'person' });
    const b = createEntity(registry.registry, { name: 'B', kind: 'person', aliases: ['B1'] });
    const source = serializeRegistry(b.registry).replace('- "B1"', '- "B1"  # source: Reuters');
    const parsed = parseRegistry(source);
    assert.ok(parsed.ok);
    const merged = serializeRegistry(mergeEntities(parsed.registry, b.entity.id, registry.entity.id), parsed.parsed);
    assert.match(merged, /source: Reuters/);
  });
});
