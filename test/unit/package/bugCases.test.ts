import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { OffsetIndex, normalizeSelection } from '../../../src/core/text/offsets';
import { parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { anchorToText } from '../../../src/core/anchoring/anchoring';
import { outlineEntities } from '../../../src/core/entities/entities';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { emptySidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { readCase } from '../../support/fixtures';
import { heavyTimeout } from '../../support/timeouts';

const NOW = '2026-11-29T12:00:00.000Z';

/** Annotates a case the way the editor does: each expected span selected in both drag directions. */
function annotateCase(id: string, input?: string, expected?: string) {
  const bug = readCase(id, input, expected);
  const set = new AnnotationSet(bug.text);
  const index = new OffsetIndex(bug.text);
  const ids: string[] = [];
  for (const e of bug.expected) {
    const forward = normalizeSelection(bug.text, e.utf16[0], e.utf16[1]);
    const backward = normalizeSelection(bug.text, e.utf16[1], e.utf16[0]);
    assert.deepEqual(forward, backward, `${id} ${e.id}: drag direction changes the span`);
    assert.ok(forward, `${id} ${e.id}: selection lost`);
    const added = set.add(e.type, index.toCodePoint(forward.start), index.toCodePoint(forward.end), {
      author: 'test',
      now: NOW,
    });
    ids.push(added.id);
  }
  return { bug, set, ids };
}

function pyYamlAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
}

/** Loads YAML with PyYAML (a YAML 1.1 reader) and returns the annotations' quotes and offsets. */
function loadWithPyYaml(source: string): { quote: unknown; start: unknown; end: unknown; id: unknown }[] {
  const script =
    'import sys, json, yaml\nd = yaml.safe_load(sys.stdin.read())\n' +
    'print(json.dumps([{"quote": a["quote"], "start": a["start"], "end": a["end"], "id": a["id"]} for a in d["annotations"]]))';
  const run = spawnSync('python3', ['-c', script], {
    input: source,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe('bug cases: the spans a correct tool stores', () => {
  for (const id of ['B01', 'B03', 'B04', 'B06', 'B07', 'B09', 'B11', 'B12', 'B14', 'B16', 'B18', 'B19', 'B23', 'B24']) {
    it(`${id}: selections give the expected code-point offsets and exact quotes`, () => {
      const { bug, set, ids } = annotateCase(id);
      bug.expected.forEach((e, i) => {
        const a = set.get(ids[i])!;
        assert.equal(a.start, e.start, `${e.id} start`);
        assert.equal(a.end, e.end, `${e.id} end`);
        assert.equal(a.quote, e.text, `${e.id} quote`);
        assert.equal(a.label, e.type);
        assert.equal([...bug.text].slice(a.start, a.end).join(''), a.quote, 'quote == text[start:end] in code points');
      });
    });
  }

  it('B01: CR LF counts two; the text keeps its CR LF', () => {
    const { bug } = annotateCase('B01');
    assert.equal(bug.text.split('\r\n').length, 4);
    assert.ok(!/[^\r]\n/.test(bug.text));
  });

  it('B03: offsets exclude the BOM; the file keeps it', () => {
    const { bug, set } = annotateCase('B03');
    assert.equal(bug.bom, true);
    assert.equal(bug.text.charCodeAt(0), 0x52, 'decoded text starts after the BOM');
    assert.equal(set.annotations[0].start, 0);
    const raw = bug.bytes.toString('utf8');
    assert.equal(raw.charCodeAt(0), 0xfeff, 'fs keeps U+FEFF as character 0');
    assert.equal([...raw.slice(1)].slice(83, 91).join(''), 'Thursday');
  });

  it('B04: no offset falls inside a surrogate pair; a1 starts with the whole emoji', () => {
    const { set } = annotateCase('B04');
    const a1 = set.annotations.find((a) => a.start === 0)!;
    assert.ok(a1.quote.startsWith('📉'));
    assert.ok(!/[\uD800-\uDBFF]$/.test(a1.quote));
    // neighbours: a selection that cuts the emoji in half widens to the whole emoji
    const text = set.text;
    assert.deepEqual(normalizeSelection(text, 1, 5), { start: 0, end: 5 });
    assert.deepEqual(normalizeSelection(text, 17, 23), { start: 16, end: 23 }, 'a start inside 📰 widens to it');
    assert.deepEqual(normalizeSelection(text, 18, 23), { start: 19, end: 23 }, 'a leading space is trimmed');
  });

  it('B06: NFD quotes are stored as in the file; NFC and NFD mentions group as one actor', () => {
    const { set } = annotateCase('B06');
    const nfd = set.annotations.find((a) => a.start === 66)!;
    assert.equal(nfd.quote, "ministe\u0300re de l'E\u0301ducation");
    assert.notEqual(nfd.quote, nfd.quote.normalize('NFC'));
    const outline = outlineEntities(set.annotations.map((annotation) => ({ annotation, article: 'B06' })));
    assert.equal(outline.actors.length, 1);
    assert.equal(outline.actors[0].mentions.length, 2);
  });

  it('B07: harakat count as code points; SHADDA stays before FATHA; vocalised and bare mentions group', () => {
    const { set } = annotateCase('B07');
    const a2 = set.annotations.find((a) => a.start === 16)!;
    assert.ok(a2.quote.includes('\u0651\u064E'));
    const outline = outlineEntities(set.annotations.map((annotation) => ({ annotation, article: 'B07' })));
    const minister = outline.actors.find((g) => g.mentions.length === 2);
    assert.ok(minister, 'الوَزِيرُ and الوزير are one entity in the tree');
    assert.deepEqual(
      minister.mentions.map((m) => m.annotation.start),
      [6, 53],
    );
  });

  it('B09: both ZWNJ stay in the quote', () => {
    const { set } = annotateCase('B09');
    const a2 = set.annotations.find((a) => a.start === 28)!;
    assert.equal([...a2.quote].filter((c) => c === '\u200C').length, 2);
  });

  it('B14: nested and overlapping spans, then one more after them; removing one keeps the other', () => {
    const { set, ids } = annotateCase('B14');
    assert.equal(set.size, 5);
    set.remove(ids[1]);
    assert.equal(set.get(ids[0])?.quote, 'Ministry of Health');
    assert.deepEqual(
      set.at(5).map((a) => a.quote),
      ['Ministry of Health'],
    );
  });

  it('B19: __proto__, constructor and hasOwnProperty are three separate actors', () => {
    const { set } = annotateCase('B19');
    const outline = outlineEntities(set.annotations.map((annotation) => ({ annotation, article: 'B19' })));
    assert.deepEqual(outline.actors.map((g) => g.name).sort(), ['__proto__', 'constructor', 'hasOwnProperty']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('bug cases: sidecars read back the same everywhere', function () {
  this.timeout(heavyTimeout(450)); // each case starts python3 for PyYAML
  for (const id of ['B01', 'B03', 'B04', 'B06', 'B07', 'B09', 'B11', 'B12', 'B14', 'B16', 'B18', 'B19', 'B23']) {
    it(`${id}: written sidecar parses back identically (yaml 1.2, yaml 1.1, PyYAML) and anchors exactly`, function () {
      const { bug, set } = annotateCase(id);
      const sidecar = emptySidecar('input.txt');
      sidecar.text.length = set.index.codePointLength;
      sidecar.text.sha256 = textSha256(bug.text);
      sidecar.annotations = set.annotations;
      const source = serializeSidecar(sidecar);
      const parsed = parseSidecar(source);
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
      assert.deepEqual(parsed.sidecar.annotations, set.annotations);
      const yaml11 = parse(source, { version: '1.1' }) as { annotations: { quote: unknown; start: unknown }[] };
      assert.deepEqual(
        yaml11.annotations.map((a) => a.quote),
        set.annotations.map((a) => a.quote),
      );
      assert.ok(yaml11.annotations.every((a) => Number.isInteger(a.start)));
      const anchored = anchorToText(bug.text, parsed.sidecar);
      assert.ok(anchored.ok && !anchored.textChanged && anchored.orphaned.length === 0);
      if (!pyYamlAvailable()) this.skip();
      const py = loadWithPyYaml(source);
      assert.deepEqual(
        py.map((a) => a.quote),
        set.annotations.map((a) => a.quote),
      );
      assert.deepEqual(
        py.map((a) => [a.start, a.end]),
        set.annotations.map((a) => [a.start, a.end]),
      );
      assert.deepEqual(
        py.map((a) => a.id),
        set.annotations.map((a) => a.id),
      );
    });
  }

  it('B16/B18: YAML 1.1 words and leading zeros are double-quoted strings', () => {
    for (const id of ['B16', 'B18']) {
      const { set } = annotateCase(id);
      const sidecar = emptySidecar('input.txt');
      sidecar.annotations = set.annotations;
      const source = serializeSidecar(sidecar);
      for (const word of ['off', 'No', 'NO', 'yes', 'on', '0717', '0845', '1130'].filter((w) =>
        set.annotations.some((a) => a.quote === w),
      )) {
        assert.match(source, new RegExp(`quote: "${word}"`));
      }
    }
  });
});

describe('B22: a long document with 2000 annotations', function () {
  this.timeout(heavyTimeout(1800));
  it('loads the existing sidecar, adds one more on the last line, writes all back', async () => {
    const bug = readCase('B22');
    const sidecar = emptySidecar('input.txt');
    sidecar.text.length = [...bug.text].length;
    sidecar.text.sha256 = textSha256(bug.text);
    sidecar.annotations = bug.expected.map((e) => ({
      id: e.id,
      label: e.type,
      start: e.start,
      end: e.end,
      quote: e.text,
      prefix: '',
      suffix: '',
    }));
    let disk: string | undefined = serializeSidecar(sidecar);
    const session = new SidecarSession(
      {
        read: async () => disk,
        write: async (c) => {
          disk = c;
        },
      },
      'input.txt',
      bug.text,
    );
    await session.load();
    assert.equal(session.state.kind, 'ready');
    assert.equal(session.set.size, 2000);
    const index = session.set.index;
    const last = bug.text.lastIndexOf('The municipal');
    const added = await session.add(
      'actor',
      index.toCodePoint(last),
      index.toCodePoint(last + 'The municipal spokesperson'.length),
      { now: NOW },
    );
    const back = parseSidecar(disk!);
    assert.ok(back.ok);
    assert.equal(back.sidecar.annotations.length, 2001);
    assert.equal(back.sidecar.annotations.find((a) => a.id === added.id)?.quote, 'The municipal spokesperson');
    assert.deepEqual(
      back.sidecar.annotations.map((a) => a.start),
      [...back.sidecar.annotations.map((a) => a.start)].sort((x, y) => x - y),
    );
  });
});
