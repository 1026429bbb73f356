import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { Annotation } from '../../../../src/core/model/annotation';
import { type Sidecar, emptySidecar, parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { fixturePath } from '../../../support/fixtures';
import { heavyTimeout } from '../../../support/timeouts';

function sidecarWith(annotations: Annotation[]): Sidecar {
  return {
    version: 1,
    text: { file: 'news.txt', unit: 'codepoint', length: 100, sha256: 'a'.repeat(64) },
    annotations,
  };
}

const A1: Annotation = { id: 'k1', label: 'actor', start: 5, end: 11, quote: 'لافروف', prefix: 'قال ', suffix: ' إن' };
const A2: Annotation = {
  id: 'k2',
  label: 'date',
  start: 20,
  end: 30,
  quote: '2015-12-18',
  prefix: '',
  suffix: '',
  note: 'yes',
  author: 'no',
};

function problemsOf(source: string) {
  const result = parseSidecar(source);
  assert.equal(result.ok, false, 'expected the sidecar to be refused');
  return result.ok ? [] : result.problems;
}

describe('sidecar: writing', function () {
  this.timeout(heavyTimeout(600)); // a property test
  it('writes keys in a stable order and annotations sorted by position', () => {
    const source = serializeSidecar(sidecarWith([A2, A1]));
    const lines = source.split('\n').filter((l) => !l.startsWith('#') && l.trim());
    assert.deepEqual(
      lines.slice(0, 7).map((l) => l.trim().split(':')[0]),
      ['version', 'text', 'file', 'unit', 'length', 'sha256', 'annotations'],
    );
    assert.ok(source.indexOf('"k1"') < source.indexOf('"k2"'));
    assert.match(
      source,
      /- id: "k1"\n {4}label: "actor"\n {4}start: 5\n {4}end: 11\n {4}quote: "لافروف"\n {4}prefix: "قال "\n {4}suffix: " إن"/,
    );
  });

  it('double-quotes every string (YAML 1.1 readers get strings back), writes non-ASCII as is', () => {
    const source = serializeSidecar(sidecarWith([A2, A1]));
    assert.match(source, /quote: "2015-12-18"/);
    assert.match(source, /note: "yes"/);
    assert.match(source, /author: "no"/);
    assert.match(source, /start: 20\n/);
    const v11 = parse(source, { version: '1.1' }) as Sidecar;
    assert.equal(v11.annotations[1].note, 'yes');
    assert.equal(v11.annotations[1].quote, '2015-12-18');
  });

  it('escapes line breaks, controls and invisible format characters on one line; never folds', () => {
    const quote = `a\r\nb\t"c" \\ \u200F\u200C\u202E\uFEFF\u2028 ${'long '.repeat(60)}`;
    const source = serializeSidecar(sidecarWith([{ ...A1, quote }]));
    const line = source.split('\n').find((l) => l.includes('quote:'))!;
    assert.equal(
      line,
      `    quote: "a\\r\\nb\\t\\"c\\" \\\\ \\u200F\\u200C\\u202E\\uFEFF\\u2028 ${'long '.repeat(60)}"`,
    );
    const back = parseSidecar(source);
    assert.ok(back.ok);
    assert.equal(back.sidecar.annotations[0].quote, quote);
  });

  it('keeps comments a user wrote by hand through a save', () => {
    const first = serializeSidecar(sidecarWith([A1, A2]));
    const edited = first
      .replace('version: 1', '# checked by Mona, 2026-11-20\nversion: 1')
      .replace('  - id: "k2"', '  # the date is the meeting day, not publication\n  - id: "k2"')
      .replace('quote: "لافروف"', 'quote: "لافروف" # Russian FM');
    const next = serializeSidecar(
      sidecarWith([{ ...A1, note: 'speaker' }, A2, { ...A1, id: 'k3', start: 40, end: 46 }]),
      edited,
    );
    assert.match(next, /# checked by Mona, 2026-11-20\nversion: 1/);
    assert.match(next, /# the date is the meeting day, not publication\n {2}- id: "k2"/);
    assert.match(next, /quote: "لافروف" # Russian FM/);
    assert.match(next, /note: "speaker"/);
    assert.ok(parseSidecar(next).ok);
  });

  it('rewrites hand-written plain or single-quoted strings double-quoted', () => {
    const hand =
      "version: 1\ntext: {file: news.txt, unit: codepoint}\nannotations:\n  - {id: k1, label: actor, start: 0, end: 2, quote: 'no'}\n";
    const parsed = parseSidecar(hand);
    assert.ok(parsed.ok);
    const out = serializeSidecar(parsed.sidecar, hand);
    assert.match(out, /quote: "no"/);
    assert.match(out, /file: "news.txt"/);
    assert.doesNotMatch(out, /\{/, 'flow collections become block collections');
  });

  it('round-trips random sidecars unchanged (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        'ب',
        '\n',
        '\r',
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
      ) as fc.Arbitrary<string>,
    });
    const annotation = fc
      .record(
        {
          id: fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/),
          label: fc.constantFrom('claim', 'actor', 'date'),
          start: fc.nat(1000),
          end: fc.nat(1000),
          quote: text,
          prefix: text,
          suffix: text,
        },
        { requiredKeys: ['id', 'label', 'start', 'end', 'quote', 'prefix', 'suffix'] },
      )
      .map((a) => ({ ...a, end: a.start + a.end }) as Annotation);
    fc.assert(
      fc.property(fc.uniqueArray(annotation, { selector: (a) => a.id, maxLength: 6 }), text, (annotations, note) => {
        const withNote = annotations.map((a, i) => (i === 0 && note ? { ...a, note } : a));
        const source = serializeSidecar(sidecarWith(withNote));
        const back = parseSidecar(source);
        assert.ok(back.ok, source);
        assert.deepEqual(
          new Set(back.sidecar.annotations.map((a) => JSON.stringify(a))),
          new Set(withNote.map((a) => JSON.stringify(a))),
        );
        assert.equal(serializeSidecar(back.sidecar, source), source, 'a second save changes nothing');
      }),
      { numRuns: 200 },
    );
  });

  it('writes an empty sidecar with a header comment', () => {
    const source = serializeSidecar(emptySidecar('a.md'));
    assert.match(source, /^# Hashiya annotations of a\.md/);
    assert.match(source, /annotations: \[\]/);
    assert.ok(parseSidecar(source).ok);
  });
});

describe('sidecar: bad input gets a clear error with line and column', () => {
  it('broken YAML', () => {
    const [p] = problemsOf(
      'version: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations:\n  - id: "x"\n    label: [claim\n',
    );
    assert.match(p.message, /^YAML: /);
    assert.ok(p.line >= 7, `line ${p.line}`);
  });

  it('unknown label, wrong types and missing keys point at the value', () => {
    const source =
      'version: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations:\n  - id: "x1"\n    label: "person"\n    start: "3"\n    end: 5\n';
    const problems = problemsOf(source);
    const label = problems.find((p) => p.path.join('.') === 'annotations.0.label')!;
    assert.match(label.message, /must be one of "claim", "actor", "date"/);
    assert.deepEqual([label.line, label.column], [7, 12]);
    const start = problems.find((p) => p.path.join('.') === 'annotations.0.start')!;
    assert.match(start.message, /must be integer/);
    assert.equal(start.line, 8);
    assert.ok(problems.some((p) => /lacks the required key "quote"/.test(p.message)));
  });

  it('duplicate ids and reversed offsets', () => {
    const source =
      'version: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations:\n' +
      '  - {id: "x1", label: "actor", start: 0, end: 2, quote: "ab"}\n  - {id: "x1", label: "date", start: 5, end: 3, quote: "cd"}\n';
    const problems = problemsOf(source);
    assert.ok(problems.some((p) => /duplicate id "x1"/.test(p.message) && p.line === 7));
    assert.ok(problems.some((p) => /start 5 is after end 3/.test(p.message) && p.line === 7));
  });

  it('B19: __proto__ keys are refused with their position and pollute nothing', () => {
    const source = readFileSync(fixturePath('cases', 'B19', 'sidecar-hostile.yaml'), 'utf8');
    const problems = problemsOf(source);
    assert.ok(
      problems.some((p) => p.message === 'unknown key "__proto__" in the sidecar' && p.line === 2 && p.column === 1),
      JSON.stringify(problems),
    );
    assert.ok(problems.some((p) => /unknown key "__proto__" in annotations\.0/.test(p.message) && p.line === 11));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });

  it('aliases are refused before they can expand', () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const problems = problemsOf(bomb);
    assert.ok(problems.every((p) => /aliases .* are not allowed in a sidecar/.test(p.message)));
    assert.equal(problems[0].line, 2);
    // an anchor that nothing uses stays allowed in sidecars (older files have them)
    assert.ok(parseSidecar('version: 1\ntext: &t\n  file: "a.txt"\n  unit: "codepoint"\nannotations: []\n').ok);
  });

  it('a wrong version or unit is named', () => {
    const problems = problemsOf('version: 2\ntext:\n  file: "a.txt"\n  unit: "utf16"\nannotations: []\n');
    assert.ok(problems.some((p) => /version must be 1/.test(p.message) && p.line === 1));
    assert.ok(problems.some((p) => /text\.unit must be "codepoint"/.test(p.message) && p.line === 4));
  });

  it('a BOM at the start of a sidecar is accepted', () => {
    assert.ok(parseSidecar('\uFEFFversion: 1\ntext:\n  file: "a.txt"\n  unit: "codepoint"\nannotations: []\n').ok);
  });

  it('not a mapping at all', () => {
    const [p] = problemsOf('- just\n- a list\n');
    assert.match(p.message, /must be object/);
  });
});

describe('sidecar: YAML that other readers or a second save would break', () => {
  const valid = serializeSidecar({
    version: 1,
    text: { file: 'a.txt', unit: 'codepoint' },
    annotations: [{ id: 'a1', label: 'actor', start: 0, end: 1, quote: 'a', prefix: '', suffix: '' }],
  });

  for (const sep of ['\u2028', '\u2029', '\u0085', '\r']) {
    it(`a comment holding ${JSON.stringify(sep)} never makes Hashiya write an unparsable sidecar`, () => {
      for (const source of [`#${sep}\n${valid}`, `# a${sep}b\n${valid}`, `#${sep}version: 2\n${valid}`]) {
        let prev = source;
        for (let i = 0; i < 3; i++) {
          const parsed = parseSidecar(prev);
          assert.ok(parsed.ok, `write ${i}: ${JSON.stringify(prev.slice(0, 30))}`);
          const next = serializeSidecar(parsed.sidecar, prev);
          if (i > 0) assert.equal(next, prev, 'stable after the first save');
          prev = next;
        }
      }
    });
  }

  it('the file name in the header comment cannot break readers or grow', () => {
    const sc = (file: string): Sidecar => ({ version: 1, text: { file, unit: 'codepoint' }, annotations: [] });
    for (const file of [
      'news\u0085x.txt',
      'news\u007f.txt',
      'news\u001b.txt',
      'a\rb.txt',
      'a\u2028b.txt',
      'a\nb.txt',
    ]) {
      const out = serializeSidecar(sc(file));
      const head = out.split('\n')[0];
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/.test(head), JSON.stringify(head));
      assert.equal(serializeSidecar(sc(file), out), out);
      const back = parseSidecar(out);
      assert.ok(back.ok && back.sidecar.text.file === file);
    }
  });

  it('refuses non-canonical numbers and tags (PyYAML reads them as text or floats)', () => {
    const src = (start: string, quote = '"a"') =>
      `version: 1\ntext: {file: a.txt, unit: codepoint}\nannotations:\n  - {id: a1, label: actor, start: ${start}, end: 1, quote: ${quote}}\n`;
    for (const [start, quote] of [
      ['0o0', '"a"'],
      ['0e0', '"a"'],
      ['1e0', '"a"'],
      ['0.0', '"a"'],
      ['00', '"a"'],
      ['0x0', '"a"'],
      ['+0', '"a"'],
      ['0', '!!js/function "a"'],
      ['0', '!foo a'],
      ['!!int "0"', '"a"'],
    ]) {
      const r = parseSidecar(src(start, quote));
      assert.equal(r.ok, false, `${start} ${quote}`);
      if (!r.ok) assert.equal(r.problems[0].line, 4);
    }
    assert.ok(parseSidecar(src('0')).ok);
  });

  it('escapes astral format characters (tag characters of flag emoji) too', () => {
    const quote = '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    const out = serializeSidecar({
      version: 1,
      text: { file: 'a.txt', unit: 'codepoint' },
      annotations: [{ id: 'a1', label: 'actor', start: 0, end: 7, quote, prefix: '', suffix: '' }],
    });
    assert.match(out, /quote: "🏴\\U000E0067\\U000E0062/);
    const back = parseSidecar(out);
    assert.ok(back.ok && back.sidecar.annotations[0].quote === quote);
  });
});
