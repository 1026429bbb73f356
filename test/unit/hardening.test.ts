// Inputs found by trying to break Hashiya on purpose, each with its neighbours.
import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../src/core/model/annotationSet';
import { anchorToText } from '../../src/core/anchoring/anchoring';
import { hoverMarkdown } from '../../src/core/presentation/hoverText';
import { mergeAnnotations } from '../../src/core/merge/merge';
import { normalizeSelection, splitsCrLf, splitsSurrogatePair } from '../../src/core/text/offsets';
import { type Sidecar, parseSidecar, serializeSidecar } from '../../src/core/format/sidecar';
import { checkSidecarTemplate } from '../../src/core/format/sidecarPath';
import { SidecarSession, TextChangedError, type SidecarStorage } from '../../src/core/session/sidecarSession';
import { textSha256 } from '../../src/core/text/textHash';

const NOW = { now: '2020-01-01T00:00:00Z' };

/** In-memory sidecar whose reads and writes can be held on a promise, to interleave edits. */
function gatedStorage(content?: string) {
  const s = {
    content,
    readGate: undefined as Promise<void> | undefined,
    writeGate: undefined as Promise<void> | undefined,
    async read() { if (s.readGate) await s.readGate; return s.content; },
    async write(c: string) { if (s.writeGate) await s.writeGate; s.content = c; },
  };
  return s as SidecarStorage & typeof s;
}

function diskOf(content: string | undefined): Sidecar {
  const parsed = parseSidecar(content!);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  return parsed.sidecar;
}

describe('hardening: whole-line replacements (reload after an outside edit, File: Revert)', () => {
  it('keep spans whose words did not change', () => {
    const before = 'Title\nKerry met Lavrov in Mscow on Tuesday.\nEnd\n';
    const set = new AnnotationSet(before);
    const lavrov = set.add('actor', 16, 22, NOW);
    const mscow = set.add('actor', 26, 31, NOW);
    const tuesday = set.add('date', 35, 42, NOW);
    set.applyChanges([{ start: 6, end: 43, text: 'Kerry met Lavrov in Moscow on Tuesday.' }], before.replace('Mscow', 'Moscow'));
    assert.deepEqual([set.get(lavrov.id)!.start, set.get(lavrov.id)!.end, set.get(lavrov.id)!.anchored], [16, 22, undefined]);
    assert.equal(set.get(tuesday.id)!.quote, 'Tuesday');
    assert.equal(set.get(mscow.id)!.quote, 'Moscow', 'the changed word is edited inside, not destroyed');
  });

  it('keep spans when an unsaved edit is reverted', () => {
    const original = 'Kerry met Lavrov.\n';
    const set = new AnnotationSet(original);
    const a = set.add('actor', 10, 16, NOW);
    set.applyChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${original}`);
    set.applyChanges([{ start: 0, end: 27, text: 'Kerry met Lavrov.' }], original);
    assert.deepEqual([set.get(a.id)!.start, set.get(a.id)!.end, set.get(a.id)!.anchored], [10, 16, undefined]);
  });

  it('an orphan stored in a sidecar comes back when its quote stands at its point again', () => {
    const text = 'Kerry met Lavrov.';
    const sidecar: Sidecar = { version: 1, text: { file: 'a.txt', unit: 'codepoint', length: 11, sha256: textSha256('Kerry met .') },
      annotations: [{ id: 'a1', label: 'actor', start: 10, end: 10, quote: 'Lavrov', prefix: '', suffix: '', anchored: 'orphaned' }] };
    const r = anchorToText(text, sidecar);
    assert.ok(r.ok);
    assert.deepEqual([r.annotations[0].start, r.annotations[0].end, r.annotations[0].anchored], [10, 16, undefined]);
  });
});

describe('hardening: edits and writes that interleave', () => {
  it('an edit made while a write is in flight is written afterwards', async () => {
    const text = 'Kerry met Lavrov.';
    const st = gatedStorage();
    const s = new SidecarSession(st, 'a.txt', text);
    await s.load();
    const a = await s.add('actor', 10, 16, NOW);
    let release!: () => void;
    st.writeGate = new Promise((r) => { release = r; });
    const p = s.update(a.id, { note: 'n' }, NOW);
    await new Promise((r) => setTimeout(r, 5));
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${text}`);
    release();
    await p;
    st.writeGate = undefined;
    await s.flush();
    const disk = diskOf(st.content);
    assert.deepEqual([disk.annotations[0].start, disk.annotations[0].end, disk.annotations[0].note], [20, 26, 'n']);
    assert.equal(disk.text.sha256, textSha256(`Yesterday ${text}`));
  });

  it('an annotation computed on an older text is refused, not put on other words', async () => {
    const text = 'Kerry met Lavrov.';
    const st = gatedStorage();
    const s = new SidecarSession(st, 'a.txt', text);
    await s.load();
    let release!: () => void;
    st.readGate = new Promise((r) => { release = r; });
    const p = s.add('actor', 10, 16, NOW);
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${text}`);
    release();
    await assert.rejects(p, TextChangedError);
    assert.equal(s.set.size, 0);
  });

  it('a note changed on disk is merged, not overwritten, when we only moved offsets', async () => {
    const text = 'Kerry met Lavrov.';
    const st = gatedStorage();
    const s = new SidecarSession(st, 'a.txt', text);
    await s.load();
    await s.add('actor', 10, 16, NOW);
    s.applyTextChanges([{ start: 0, end: 0, text: 'Yesterday ' }], `Yesterday ${text}`);
    const theirs = diskOf(st.content);
    theirs.annotations[0].note = 'checked by a colleague';
    theirs.annotations[0].entity = 'Sergei Lavrov';
    st.content = serializeSidecar(theirs, st.content);
    await s.flush();
    const disk = diskOf(st.content);
    assert.deepEqual([disk.annotations[0].start, disk.annotations[0].note, disk.annotations[0].entity], [20, 'checked by a colleague', 'Sergei Lavrov']);
  });

  it('merges field by field and reports only real conflicts', () => {
    const base = { id: 'a', label: 'actor' as const, start: 0, end: 3, quote: 'abc', prefix: '', suffix: '' };
    const ours = { ...base, note: 'ours', start: 5, end: 8 };
    const theirs = { ...base, entity: 'E', label: 'claim' as const };
    const merged = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(merged.conflicts, []);
    assert.deepEqual(merged.annotations[0], { ...base, start: 5, end: 8, note: 'ours', entity: 'E', label: 'claim' });
    const both = mergeAnnotations([base], [{ ...base, note: 'x' }], [{ ...base, note: 'y' }]);
    assert.deepEqual([both.conflicts, both.annotations[0].note], [['a'], 'x']);
    const deletedChanged = mergeAnnotations([base], [], [{ ...base, note: 'kept' }]);
    assert.equal(deletedChanged.annotations[0].note, 'kept', 'deleted here, changed there: kept');
    assert.deepEqual(mergeAnnotations([base], [], [base]).annotations, [], 'deleted here, unchanged there: gone');
  });
});

describe('hardening: YAML that other readers or a second save would break', () => {
  const valid = serializeSidecar({ version: 1, text: { file: 'a.txt', unit: 'codepoint' }, annotations: [{ id: 'a1', label: 'actor', start: 0, end: 1, quote: 'a', prefix: '', suffix: '' }] });

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
    for (const file of ['news\u0085x.txt', 'news\u007f.txt', 'news\u001b.txt', 'a\rb.txt', 'a\u2028b.txt', 'a\nb.txt']) {
      const out = serializeSidecar(sc(file));
      const head = out.split('\n')[0];
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/.test(head), JSON.stringify(head));
      assert.equal(serializeSidecar(sc(file), out), out);
      const back = parseSidecar(out);
      assert.ok(back.ok && back.sidecar.text.file === file);
    }
  });

  it('refuses non-canonical numbers and tags (PyYAML reads them as text or floats)', () => {
    const src = (start: string, quote = '"a"') => `version: 1\ntext: {file: a.txt, unit: codepoint}\nannotations:\n  - {id: a1, label: actor, start: ${start}, end: 1, quote: ${quote}}\n`;
    for (const [start, quote] of [['0o0', '"a"'], ['0e0', '"a"'], ['1e0', '"a"'], ['0.0', '"a"'], ['00', '"a"'], ['0x0', '"a"'], ['+0', '"a"'],
      ['0', '!!js/function "a"'], ['0', '!foo a'], ['!!int "0"', '"a"']]) {
      const r = parseSidecar(src(start, quote));
      assert.equal(r.ok, false, `${start} ${quote}`);
      if (!r.ok) assert.equal(r.problems[0].line, 4);
    }
    assert.ok(parseSidecar(src('0')).ok);
  });

  it('escapes astral format characters (tag characters of flag emoji) too', () => {
    const quote = '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    const out = serializeSidecar({ version: 1, text: { file: 'a.txt', unit: 'codepoint' }, annotations: [{ id: 'a1', label: 'actor', start: 0, end: 7, quote, prefix: '', suffix: '' }] });
    assert.match(out, /quote: "🏴\\U000E0067\\U000E0062/);
    const back = parseSidecar(out);
    assert.ok(back.ok && back.sidecar.annotations[0].quote === quote);
  });

  it('refuses sidecar templates that point at the article itself', () => {
    for (const t of ['{fileName}', './{fileName}', '././{fileName}', 'a/./{fileName}.yaml']) assert.ok(checkSidecarTemplate(t), t);
    assert.equal(checkSidecarTemplate('annotations/{fileName}.yaml'), undefined);
  });
});

describe('hardening: CR LF and surrogate pairs at every boundary', () => {
  it('an orphan is never stored between CR and LF', () => {
    const sidecar: Sidecar = { version: 1, text: { file: 'a.txt', unit: 'codepoint', length: 2, sha256: textSha256('xy') },
      annotations: [{ id: 'a1', label: 'actor', start: 1, end: 2, quote: 'y', prefix: 'x', suffix: '' }] };
    const r = anchorToText('\r\nz', sidecar);
    assert.ok(r.ok);
    assert.deepEqual([r.annotations[0].start, r.annotations[0].anchored], [0, 'orphaned']);
  });

  it('a hand-written span starting or ending between CR and LF is refused', () => {
    const text = 'a\r\nb';
    for (const [start, end, quote] of [[2, 4, '\nb'], [0, 2, 'a\r']] as const) {
      const r = anchorToText(text, { version: 1, text: { file: 'a.txt', unit: 'codepoint', length: 4, sha256: textSha256(text) },
        annotations: [{ id: 'a1', label: 'actor', start, end, quote, prefix: '', suffix: '' }] });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.problems[0].message, /between CR and LF/);
    }
  });

  it('adding a span that splits CR LF is refused', () => {
    assert.throws(() => new AnnotationSet('\r\n').add('claim', 0, 1, NOW), /between CR and LF/);
    assert.throws(() => new AnnotationSet('a\r\nb').add('claim', 2, 4, NOW), /between CR and LF/);
  });

  it('selections never end inside a surrogate pair or CR LF, even in clusters longer than the look-around', () => {
    const cases: [string, number, number][] = [
      [`a${'\u{1D165}'.repeat(100)} b`, 130, 203],
      [`a${'\u0301'.repeat(300)}b`, 150, 302],
      [`x${'👩‍'.repeat(60)}👩 y`, 101, 183],
    ];
    for (const [text, a, b] of cases) {
      const span = normalizeSelection(text, a, b)!;
      for (const at of [span.start, span.end]) assert.ok(!splitsSurrogatePair(text, at) && !splitsCrLf(text, at), JSON.stringify(span));
    }
  });
});

describe('hardening: hovers', () => {
  it('never rely on theme icons, so $(name) in article or user text stays text', () => {
    const md = hoverMarkdown([{ id: 'a1', label: 'actor', start: 0, end: 0, quote: '$(zap)', prefix: '', suffix: '', note: '$(warning) Orphaned', anchored: 'orphaned' }]);
    assert.ok(!/(?<!\\)\$\(/.test(md), md);
    assert.match(md, /\u26A0 Orphaned/);
  });
});

describe('hardening: random merges never lose an annotation (property)', () => {
  it('every id survives unless one side deleted it and the other left it as it was', async () => {
    const fc = (await import('fast-check')).default;
    const ann = (id: string, v: number): import('../../src/core/model/annotation').Annotation => ({
      id, label: (['claim', 'actor', 'date'] as const)[v % 3], start: v, end: v + 2, quote: `q${v}`, prefix: '', suffix: '', ...(v % 2 ? { note: `n${v}` } : {}),
    });
    // for each id: present in base? then a version (or absent) on each side
    const side = fc.option(fc.nat(6), { nil: undefined });
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), side, side), { maxLength: 12 }), (rows) => {
      const base: ReturnType<typeof ann>[] = [];
      const ours: ReturnType<typeof ann>[] = [];
      const theirs: ReturnType<typeof ann>[] = [];
      rows.forEach(([inBase, o, t], i) => {
        const id = `a${i}`;
        if (inBase) base.push(ann(id, 0));
        if (o !== undefined) ours.push(ann(id, o));
        if (t !== undefined) theirs.push(ann(id, t));
      });
      const merged = mergeAnnotations(base, ours, theirs);
      const ids = new Set(merged.annotations.map((a) => a.id));
      assert.equal(ids.size, merged.annotations.length, 'no duplicates');
      rows.forEach(([inBase, o, t], i) => {
        const id = `a${i}`;
        const deletedUnchanged = inBase && ((o === undefined && t === 0) || (t === undefined && o === 0) || (o === undefined && t === undefined));
        if (o === undefined && t === undefined) assert.ok(!ids.has(id));
        else if (!deletedUnchanged) assert.ok(ids.has(id), `${id} lost: base=${inBase} ours=${o} theirs=${t}`);
      });
    }), { numRuns: 1000 });
  });
});
