import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Document } from 'yaml';
import type { Annotation } from '../../../../src/core/model/annotation';
import { writePlainYaml, writesPlainYaml } from '../../../../src/core/format/plainYamlWriter';
import {
  type Sidecar,
  parseSidecar,
  parseSidecarWithPositions,
  serializeSidecar,
  writeSidecar,
  writeSidecarDocument,
  writtenPlain,
} from '../../../../src/core/format/sidecar';
import { TO_STRING, YAML_OPTIONS, quoteAllStrings, quoteYamlString } from '../../../../src/core/format/yamlFile';
import { repoRoot } from '../../../support/fixtures';
import { heavyTimeout } from '../../../support/timeouts';

/** What the `yaml` library writes for `value` with Hashiya's options (the reference of the plain writer). */
function libraryWrites(value: unknown): string {
  const doc = new Document(value, YAML_OPTIONS);
  quoteAllStrings(doc);
  return doc.toString(TO_STRING);
}

/** quoteYamlString as it was written before it became one `replace` (the reference). */
function quoteOneByOne(value: string): string {
  const escaped = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uFFFE\uFFFF]|\p{Cs}/gu;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length &&
      value.charCodeAt(i + 1) >= 0xdc00 && value.charCodeAt(i + 1) <= 0xdfff) {
      const pair = ch + value[i + 1];
      out += escaped.test(pair) ? `\\U${pair.codePointAt(0)!.toString(16).toUpperCase().padStart(8, '0')}` : pair;
      escaped.lastIndex = 0;
      i++;
    } else if (escaped.test(ch)) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
    escaped.lastIndex = 0;
  }
  return `${out}"`;
}

// strings that YAML, PyYAML or a bidi-aware reader may take for something else
const piece = fc.constantFrom(
  'a', 'ب', 'قال', '😀', '🇸🇦', '\u{E0001}', '"', "'", '\\', '\n', '\r', '\r\n', '\t', ' ', '  ', ':', ': ', '#', ' #',
  '- x', '-', 'yes', 'no', 'null', '~', 'true', '1e3', '007', '0x1F', '2015-12-18', '&a', '*a', '!t', '[]', '{}', '|',
  '>', '%', '@', '`', '\u200F', '\u200E', '\u202B', '\u202C', '\u2066', '\u2069', '\u061C', '\u200D', '\u0651',
  '\u00A0', '\u0085', '\u2028', '\u2029', '\uFEFF', '\uFFFE', '\uFFFF', '\uD800', '\uDC00', '\u0000', '\u007F',
  '\u0640', '\\u0041', '\\n',
) as fc.Arbitrary<string>;
const text = fc.oneof(
  { weight: 3, arbitrary: fc.array(piece, { maxLength: 6 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);
const key = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,5}$/),
  fc.constantFrom('yes', 'no', 'y', 'on', 'null', 'true', '__x', '0', '12', 'a b', 'my-key', 'k'),
  text,
);
const id = fc.constantFrom('a1', 'a2', 'a3', 'b1', 'b2', 'c');
const strings = fc.dictionary(fc.constantFrom('kind', 'role', 'yes', 'k-1', 'to', 'of'), fc.oneof(text, id), {
  maxKeys: 3,
});

const theirs = fc.record(
  {
    label: fc.oneof(fc.constantFrom('claim', 'actor', 'date'), fc.constant(null)),
    start: fc.nat(100),
    end: fc.nat(100),
    quote: text,
    note: fc.oneof(text, fc.constant(null)),
    attributes: fc.oneof(strings, fc.constant(null)),
    relations: strings,
    anchored: fc.constantFrom('exact', 'fuzzy', null),
  },
  { requiredKeys: [] },
);
const alternative = fc.record(
  { with: fc.constantFrom('disk', 'main', 'عمر'), removed: fc.constantFrom('ours', 'theirs'), theirs },
  { requiredKeys: [] },
);
const conflict = fc
  .tuple(alternative, fc.array(alternative, { maxLength: 2 }))
  .map(([first, also]) => (also.length > 0 ? { ...first, also } : first));

const annotation = fc
  .record(
    {
      id,
      label: fc.constantFrom('claim', 'actor', 'date', 'place'),
      start: fc.nat(1000),
      end: fc.nat(1000),
      quote: text,
      prefix: text,
      suffix: text,
      value: fc.constantFrom('2015-12-18', 'XXXX-WXX-2', '2015'),
      valueSource: fc.constantFrom('computed', 'analyst'),
      entity: text,
      speaker: id,
      date: id,
      stance: fc.oneof(fc.constantFrom('asserts', 'denies'), text),
      relations: strings,
      attributes: strings,
      note: text,
      author: text,
      created: fc.constant('2026-12-03T12:00:00.000Z'),
      modified: fc.constant('2026-12-03T12:30:00.000Z'),
      schemaVersion: fc.nat(5),
      adjudication: fc.record(
        {
          status: fc.constantFrom('unanimous', 'adjudicated'),
          from: fc.array(fc.constantFrom('alice', 'bob', 'عمر'), { maxLength: 3 }),
          decision: fc.constantFrom('take', 'both', 'edited'),
          versions: fc.array(fc.constantFrom('alice:a1', 'bob:b2'), { maxLength: 2 }),
        },
        { requiredKeys: ['status', 'from'] },
      ),
      anchored: fc.constantFrom('exact', 'moved', 'fuzzy', 'orphaned'),
      conflict,
    },
    { requiredKeys: ['id', 'label', 'start', 'end', 'quote'] },
  )
  .map((a) => ({ ...a, end: a.start + a.end }) as unknown as Annotation);

const sidecar: fc.Arbitrary<Sidecar> = fc
  .record(
    {
      file: fc.oneof(fc.constantFrom('news.txt', 'أخبار.txt'), text.filter((t) => t.length > 0)),
      length: fc.nat(5000),
      sha256: fc.constant('ab'.repeat(32)),
      published: fc.record(
        {
          date: fc.constantFrom('2026-12-03', '2015-07-23'),
          guessed: fc.boolean(),
          conflict: fc.record({ with: fc.constant('disk'), theirs: fc.record({ date: fc.constantFrom('2015-07-24', null) }) }),
        },
        { requiredKeys: ['date'] },
      ),
      status: fc.record({ value: fc.constantFrom('new', 'done'), by: text, at: fc.constant('2026-12-03T12:00:00Z') }, {
        requiredKeys: ['value'],
      }),
      annotations: fc.uniqueArray(annotation, { selector: (a) => a.id, maxLength: 5 }),
    },
    { requiredKeys: ['file', 'annotations'] },
  )
  .map((r) => {
    const s: Sidecar = { version: 1, text: { file: r.file, unit: 'codepoint' }, annotations: r.annotations };
    if (r.length !== undefined) s.text.length = r.length;
    if (r.sha256 !== undefined) s.text.sha256 = r.sha256;
    if (r.published) s.published = r.published as Sidecar['published'];
    if (r.status) s.status = r.status as Sidecar['status'];
    return s;
  });

/** Leading comment lines (or none) put before a written sidecar's first key, as an analyst may. */
const header = fc.oneof(
  fc.constant(undefined),
  fc.array(fc.oneof(fc.constant(''), fc.constant('#'), text.map((t) => `# ${t.replace(/[\n\r]/g, ' ')}`)), {
    maxLength: 3,
  }),
);

/** `source` with its header comment replaced by `lines` (undefined: as it is). */
function withHeader(source: string, lines: string[] | undefined): string {
  if (lines === undefined) return source;
  const body = source.slice(source.indexOf('version: '));
  return lines.length === 0 ? body : `${lines.join('\n')}\n${body}`;
}

describe('writePlainYaml (the fast path of writeSidecar)', function () {
  this.timeout(heavyTimeout(60_000));

  it('quotes every string as the one-by-one quoting did (property)', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
        assert.equal(quoteYamlString(s), quoteOneByOne(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes plain data as the yaml library does, byte for byte, when it does not decline (property)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    let written = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (root) => {
        const out = writePlainYaml(root);
        if (out === undefined) return;
        written++;
        assert.equal(out, libraryWrites(root));
      }),
      { numRuns: 1000 },
    );
    assert.ok(written > 500, `it wrote ${written} of 1000`);
  });

  it('writesPlainYaml(root, text) says whether writePlainYaml(root) is text, without writing it (property)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(1.5),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const root = fc.dictionary(key, value, { maxKeys: 4 });
    // the text written, and texts near it: one unit changed, left out or added, an escape written
    // otherwise, another root's text
    const edit = fc.tuple(fc.constantFrom('same', 'change', 'drop', 'add', 'unescape', 'other'), fc.nat(), text);
    let same = 0;
    fc.assert(
      fc.property(root, root, edit, (a, b, [how, at, extra]) => {
        const written = writePlainYaml(a);
        let candidate = written ?? writePlainYaml(b) ?? '';
        const i = candidate.length === 0 ? 0 : at % candidate.length;
        if (how === 'change') candidate = `${candidate.slice(0, i)}${extra.slice(0, 1) || 'x'}${candidate.slice(i + 1)}`;
        if (how === 'drop') candidate = candidate.slice(0, i) + candidate.slice(i + 1);
        if (how === 'add') candidate = candidate.slice(0, i) + extra + candidate.slice(i);
        if (how === 'unescape') candidate = candidate.replace(/\\(.)/, '$1');
        if (how === 'other') candidate = writePlainYaml(b) ?? '';
        if (written === candidate) same++;
        assert.equal(writesPlainYaml(a, candidate), written === candidate, JSON.stringify({ candidate, written }));
      }),
      { numRuns: 3000 },
    );
    assert.ok(same > 500, `the same text ${same} times of 3000`);
  });

  it('declines what the library writes otherwise: floats, -0, shared objects, lists in lists, long keys', () => {
    const shared = { a: 'x' };
    for (const root of [{ a: 1.5 }, { a: -0 }, { a: shared, b: shared }, { a: [[1]] }, { ['k'.repeat(1100)]: 'x' },
      { a: new Date(0) }, { a: [undefined] }]) {
      assert.equal(writePlainYaml(root as Record<string, unknown>), undefined, JSON.stringify(Object.keys(root)));
    }
  });
});

describe('writeSidecar: the plain writer and the yaml document write the same bytes', function () {
  this.timeout(heavyTimeout(60_000));

  it('a new sidecar (property)', () => {
    fc.assert(
      fc.property(sidecar, (s) => {
        assert.equal(writeSidecar(s).source, writeSidecarDocument(s).source);
      }),
      { numRuns: 500 },
    );
  });

  it('a sidecar written over another (key order of nested maps kept, header comments kept) (property)', () => {
    let plain = 0;
    fc.assert(
      fc.property(sidecar, sidecar, header, fc.boolean(), (before, after, lines, innerComment) => {
        let previous = withHeader(serializeSidecar(before), lines);
        // a comment inside: only the document keeps it (the plain writer declines)
        if (innerComment) previous = previous.replace(/\n {2}- id:/, '\n  # checked\n  - id:');
        const written = writeSidecar(after, previous);
        if (writtenPlain(written)) plain++;
        const fast = written.source;
        assert.equal(fast, writeSidecarDocument(after, previous).source, previous);
        if (innerComment && previous.includes('# checked') && after.annotations.length > 0)
          assert.match(fast, /# checked/);
      }),
      { numRuns: 500 },
    );
    assert.ok(plain > 150, `the plain writer wrote ${plain} of 500`);
  });

  it('a session of writes, each over the last one written (property)', () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.array(sidecar, { minLength: 2, maxLength: 4 }), header, (versions, lines) => {
        const first = withHeader(serializeSidecar(versions[0]), lines);
        let fast = writeSidecar(versions[1], first);
        let slow = writeSidecarDocument(versions[1], first);
        assert.equal(fast.source, slow.source);
        for (const s of versions.slice(2)) {
          if (writtenPlain(fast)) plain++;
          fast = writeSidecar(s, fast);
          slow = writeSidecarDocument(s, slow);
          assert.equal(fast.source, slow.source);
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(plain > 100, `the plain writer wrote ${plain} times over its own`);
  });

  it('a sidecar written over the one it was read from (parseSidecar, then write) (property)', () => {
    const valid = sidecar.map((s) => ({
      ...s,
      published: s.published && { date: s.published.date },
      annotations: s.annotations.map((a) => ({
        id: a.id, label: ['claim', 'actor', 'date'][a.start % 3], start: a.start, end: a.end, quote: a.quote,
        prefix: a.prefix ?? '', suffix: a.suffix ?? '', ...(a.note !== undefined ? { note: a.note } : {}),
      }) as Annotation),
    }));
    fc.assert(
      fc.property(valid, sidecar, header, (before, after, lines) => {
        const source = withHeader(serializeSidecar(before), lines);
        const fast = parseSidecar(source);
        const slow = parseSidecarWithPositions(source);
        assert.ok(fast.ok && slow.ok, source);
        assert.deepEqual(fast.sidecar, slow.sidecar);
        assert.equal(writeSidecar(after, fast.parsed).source, writeSidecarDocument(after, slow.parsed).source);
      }),
      { numRuns: 300 },
    );
  });

  it('a sidecar read for a rewrite, changed in place as a session does, written over its source (property)', () => {
    // parseSidecar(…, forRewrite) keeps a copy of the value as read, so that the first write proves the
    // plain shape without reading the file again: whatever the caller changes in what it was handed
    const valid = sidecar.map((s) => ({
      ...s,
      published: s.published && { date: s.published.date },
      annotations: s.annotations.map((a) => ({
        id: a.id, label: ['claim', 'actor', 'date'][a.start % 3], start: a.start, end: a.end, quote: a.quote,
        ...(a.start % 2 ? { prefix: a.prefix ?? '', suffix: a.suffix ?? '' } : {}),
        ...(a.note !== undefined ? { note: a.note } : {}),
      }) as Annotation),
    }));
    const layout = fc.constantFrom('as written', 'comment inside', 'blank line inside', 'trailing comment');
    let plain = 0;
    fc.assert(
      fc.property(valid, header, layout, fc.nat(), (before, lines, how, seed) => {
        let source = withHeader(serializeSidecar(before), lines);
        if (how === 'comment inside') source = source.replace(/\n {2}- id:/, '\n  # checked\n  - id:');
        if (how === 'blank line inside') source = source.replace(/\n {2}- id:/, '\n\n  - id:');
        if (how === 'trailing comment') source = source.replace(/(\n {4}quote: "[^\n]*")/, '$1 # here');
        const fast = parseSidecar(source, undefined, true);
        const slow = parseSidecarWithPositions(source);
        assert.ok(fast.ok && slow.ok, source);
        for (const s of [fast.sidecar, slow.sidecar]) {
          s.annotations.forEach((a, i) => {
            if ((seed + i) % 3 === 0) a.start += 1;
            if ((seed + i) % 4 === 0) a.value = '2015-12-18';
            if ((seed + i) % 5 === 0) a.anchored = 'moved';
          });
          if (seed % 2) s.annotations.reverse();
        }
        const written = writeSidecar(fast.sidecar, fast.parsed);
        if (writtenPlain(written)) plain++;
        assert.equal(written.source, writeSidecarDocument(slow.sidecar, slow.parsed).source, source);
        assert.equal(written.source, writeSidecar(fast.sidecar, source).source);
      }),
      { numRuns: 300 },
    );
    assert.ok(plain > 50, `the plain writer wrote ${plain} of 300`);
  });

  it('a document taken by a caller (the merge driver adds comments to it) is written through the document', () => {
    const source = serializeSidecar({
      version: 1,
      text: { file: 'a.txt', unit: 'codepoint' },
      annotations: [{ id: 'k1', label: 'actor', start: 0, end: 1, quote: 'x', prefix: '', suffix: '' }],
    });
    const parsed = parseSidecar(source);
    assert.ok(parsed.ok);
    parsed.parsed.document.commentBefore = ' adopted';
    const out = writeSidecar(parsed.sidecar, parsed.parsed).source;
    assert.match(out, /^# adopted\n/);
  });
});

describe('a large sidecar: problems keep their line and column, comments their place', function () {
  this.timeout(heavyTimeout(5_000));
  const large: Sidecar = {
    version: 1,
    text: { file: 'news.txt', unit: 'codepoint' },
    annotations: Array.from({ length: 2000 }, (_, i): Annotation => ({
      id: `k${i}`, label: 'actor', start: i * 10, end: i * 10 + 4, quote: 'قال "x"', prefix: ' \\ ', suffix: '\n',
    })),
  };
  const source = serializeSidecar(large);

  it('a wrong value deep in the file is reported at its line and column', () => {
    const lines = source.split('\n');
    const at = lines.indexOf('  - id: "k1500"') + 3;
    assert.match(lines[at], /^ {4}end: \d+$/);
    lines[at] = '    end: "soon"';
    const result = parseSidecar(lines.join('\n'));
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => [p.line, p.column]), [[at + 1, 10]]);
  });

  it('a comment written inside the file survives a save (through the document)', () => {
    const commented = source.replace('  - id: "k1500"', '  # checked by Omar\n  - id: "k1500"');
    const parsed = parseSidecar(commented);
    assert.ok(parsed.ok);
    const out = writeSidecar(parsed.sidecar, parsed.parsed);
    assert.ok(!writtenPlain(out));
    assert.match(out.source, /# checked by Omar\n {2}- id: "k1500"/);
    assert.equal(out.source, commented);
  });

  it('the file Hashiya wrote is written again without the document, unchanged', () => {
    const parsed = parseSidecar(source);
    assert.ok(parsed.ok);
    const out = writeSidecar(parsed.sidecar, parsed.parsed);
    assert.ok(writtenPlain(out));
    assert.equal(out.source, source);
  });
});

/** Every YAML file under the fixtures and samples (sidecars among them). */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

describe('sidecar fixtures: the fast paths read and write each as the yaml document does', function () {
  this.timeout(heavyTimeout(10_000));
  const files = [...yamlFiles(path.join(repoRoot(), 'test', 'fixtures')), ...yamlFiles(path.join(repoRoot(), 'samples'))];

  it('finds the sidecar fixtures', () => {
    assert.ok(files.filter((f) => parseSidecarWithPositions(readFileSync(f, 'utf8')).ok).length >= 10);
  });

  for (const file of files) {
    it(path.relative(repoRoot(), file), () => {
      const source = readFileSync(file, 'utf8');
      const fast = parseSidecar(source);
      const slow = parseSidecarWithPositions(source);
      if (!fast.ok || !slow.ok) {
        assert.deepEqual(fast, slow);
        for (const p of slow.ok ? [] : slow.problems) assert.ok(p.line >= 1 && p.column >= 1);
        return;
      }
      assert.deepEqual(fast.sidecar, slow.sidecar);
      assert.equal(writeSidecar(fast.sidecar).source, writeSidecarDocument(slow.sidecar).source);
      assert.equal(writeSidecar(fast.sidecar, source).source, writeSidecarDocument(slow.sidecar, source).source);
      assert.equal(
        writeSidecar(fast.sidecar, fast.parsed).source,
        writeSidecarDocument(slow.sidecar, slow.parsed).source,
      );
      const forRewrite = parseSidecar(source, undefined, true);
      assert.ok(forRewrite.ok);
      assert.equal(
        writeSidecar(forRewrite.sidecar, forRewrite.parsed).source,
        writeSidecarDocument(slow.sidecar, source).source,
      );
      // a change of one annotation, written over the file
      const changed = { ...fast.sidecar, annotations: fast.sidecar.annotations.map((a, i) => i === 0 ? { ...a, note: 'ثابت' } : a) };
      assert.equal(writeSidecar(changed, source).source, writeSidecarDocument(changed, source).source);
    });
  }
});
