import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Document, parseDocument } from 'yaml';
import type { Annotation } from '../../../../src/core/model/annotation';
import { readPlainYaml } from '../../../../src/core/format/plainYaml';
import {
  type Sidecar,
  parseSidecar,
  parseSidecarWithPositions,
  serializeSidecar,
  writeSidecar,
} from '../../../../src/core/format/sidecar';
import { TO_STRING, YAML_OPTIONS, quoteAllStrings } from '../../../../src/core/format/yamlFile';
import { heavyTimeout } from '../../../support/timeouts';

/** What the `yaml` library makes of `source` (Hashiya's options), or undefined when it reports an error. */
function yamlValue(source: string): unknown {
  const doc = parseDocument(source, { ...YAML_OPTIONS, logLevel: 'error' });
  if (doc.errors.length > 0) return undefined;
  return doc.toJS({ maxAliasCount: -1 });
}

const piece = fc.constantFrom(
  'a',
  'ب',
  '😀',
  '"',
  '\\',
  ':',
  '#',
  ' ',
  '- ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  'no',
  '0',
  '7',
  '-1',
  '&a',
  '*a',
  '!t',
  '[',
  ']',
  '{}',
  '[]',
  '\\u0041',
  '\\U0001F600',
  '\\x41',
  '\\q',
  '\u2028',
  '\u0085',
  '\uFEFF',
  '\uD800',
  '__proto__',
  'true',
  'null',
  '~',
  '|',
  '>',
  '? ',
  '---',
  '%YAML 1.2',
) as fc.Arbitrary<string>;
const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));

const annotation = fc
  .record(
    {
      id: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
      label: fc.constantFrom('claim', 'actor', 'date'),
      start: fc.nat(1000),
      end: fc.nat(1000),
      quote: text,
      prefix: text,
      suffix: text,
      note: text,
      relations: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_-]{0,4}$/), fc.stringMatching(/^[a-z0-9]{1,4}$/), {
        maxKeys: 2,
      }),
    },
    { requiredKeys: ['id', 'label', 'start', 'end', 'quote', 'prefix', 'suffix'] },
  )
  .map((a) => ({ ...a, end: a.start + a.end }) as Annotation);

const sidecar = fc.uniqueArray(annotation, { selector: (a) => a.id, maxLength: 5 }).map(
  (annotations): Sidecar => ({
    version: 1,
    text: { file: 'news.txt', unit: 'codepoint', length: 2000, sha256: 'a'.repeat(64) },
    annotations,
  }),
);

/** An edit of a source: text put in, a range taken out, a line doubled, or a line's indentation changed. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), what: text }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(12) }),
  fc.record({ kind: fc.constant('double' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
);

function applyEdit(source: string, e: Edit): string {
  const at = source.length === 0 ? 0 : e.at % source.length;
  switch (e.kind) {
    case 'insert':
      return source.slice(0, at) + e.what + source.slice(at);
    case 'delete':
      return source.slice(0, at) + source.slice(at + e.length);
    case 'double':
    case 'indent': {
      const lines = source.split('\n');
      const i = e.at % lines.length;
      if (e.kind === 'double') lines.splice(i, 0, lines[i]);
      else lines[i] = e.by >= 0 ? ' '.repeat(e.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-e.by}}`), '');
      return lines.join('\n');
    }
  }
}
type Edit =
  | { kind: 'insert'; at: number; what: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'double'; at: number }
  | { kind: 'indent'; at: number; by: number };

describe('readPlainYaml (the fast path of parseSidecar)', function () {
  this.timeout(heavyTimeout(60_000));

  it('reads every sidecar Hashiya writes as the yaml library does (property)', () => {
    fc.assert(
      fc.property(sidecar, (s) => {
        const source = serializeSidecar(s);
        const value = readPlainYaml(source);
        assert.notEqual(value, undefined, source);
        assert.deepEqual(value, yamlValue(source));
      }),
      { numRuns: 300 },
    );
  });

  it('reads nested maps and lists as the yaml library does (property)', () => {
    const key = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_]{0,4}$/), text);
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.nat(),
        fc.boolean(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), (root) => {
        const doc = new Document(root, YAML_OPTIONS);
        quoteAllStrings(doc);
        const source = doc.toString(TO_STRING);
        const read = readPlainYaml(source);
        const expected = yamlValue(source);
        if (read !== undefined) assert.deepEqual(read, expected, source);
      }),
      { numRuns: 300 },
    );
  });

  it('reads an edited sidecar as the yaml library does, or declines it (property)', () => {
    fc.assert(
      fc.property(sidecar, fc.array(edit, { minLength: 1, maxLength: 3 }), (s, edits) => {
        let source = serializeSidecar(s);
        for (const e of edits) source = applyEdit(source, e as Edit);
        const read = readPlainYaml(source);
        if (read === undefined) return;
        const doc = parseDocument(source, { ...YAML_OPTIONS, logLevel: 'error' });
        assert.deepEqual(doc.errors, [], source);
        assert.deepEqual(read, doc.toJS({ maxAliasCount: -1 }), source);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives parseSidecar the result of the positional path, problems and all (property)', () => {
    fc.assert(
      fc.property(sidecar, fc.array(edit, { maxLength: 2 }), (s, edits) => {
        let source = serializeSidecar(s);
        for (const e of edits) source = applyEdit(source, e as Edit);
        const fast = parseSidecar(source);
        const slow = parseSidecarWithPositions(source);
        assert.equal(fast.ok, slow.ok, source);
        if (fast.ok && slow.ok) {
          assert.deepEqual(fast.sidecar, slow.sidecar, source);
          assert.equal(fast.parsed.source, slow.parsed.source);
          assert.equal(fast.parsed.document.toString(TO_STRING), slow.parsed.document.toString(TO_STRING));
        } else assert.deepEqual(fast, slow, source);
      }),
      { numRuns: 500 },
    );
  });

  it('declines what only the positional path may judge', () => {
    for (const source of [
      'a: &x "1"\nb: *x\n',
      'a: !!str "1"\n',
      'a: plain words\n',
      'a: "one\n  two"\n',
      'a:\n\t- "x"\n',
      'a: 01\n',
      'a: -1\n',
      'a: 1e3\n',
      'a: "1"\na: "2"\n',
      '__proto__: "x"\n',
      '"__proto__": "x"\n',
      'true: "x"\n',
      'a: ["x"]\n',
      'a: |\n  x\n',
      '---\na: "1"\n',
      'a: "x"#c\n',
      'a: "\\q"\n',
      'a: "\\U00110000"\n',
      'a:\n',
      'a: "x"\n  b: "y"\n',
      ' a: "x"\n',
      'a: "x"\rb: "y"\n',
      '',
      '# only a comment\n',
    ])
      assert.equal(readPlainYaml(source), undefined, JSON.stringify(source));
  });

  it('reads comments, CR LF, escapes, compact lists and quoted keys', () => {
    const source =
      '# head\r\nversion: 1 # one\r\nlist:\r\n- "a\\u0041\\U0001F600\\x41\\"\\\\\\/\\ \\_"\r\n-   k: "v"\r\n    "my-key": true\r\n' +
      '  # between\r\nempty: []\r\nmap: {}\r\nnested:\r\n  - - "deep"\r\n';
    const read = readPlainYaml(source);
    assert.deepEqual(read, yamlValue(source));
    assert.deepEqual(read, {
      version: 1,
      list: ['aA😀A"\\/ \u00a0', { k: 'v', 'my-key': true }],
      empty: [],
      map: {},
      nested: [['deep']],
    });
  });

  it('keeps comments through a write after the fast read (the document is parsed when the write asks for it)', () => {
    const source =
      '# mine\nversion: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations:\n' +
      '  # the claim\n  - id: "c1"\n    label: "claim"\n    start: 0\n    end: 1\n    quote: "x"\n';
    const parsed = parseSidecar(source);
    assert.ok(parsed.ok);
    parsed.sidecar.annotations[0].note = 'checked';
    const out = writeSidecar(parsed.sidecar, parsed.parsed).source;
    assert.match(out, /# mine/);
    assert.match(out, /# the claim/);
    assert.match(out, /note: "checked"/);
  });
});
