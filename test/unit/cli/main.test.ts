import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync,
  readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { MAX_SIDECAR_LENGTH, emptySidecar, parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { fixturePath, readCase, repoRoot } from '../../support/fixtures';
import { runMain } from '../../support/cli';
import { heavyTimeout } from '../../support/timeouts';

/** A folder with B15's article as it was annotated (sidecar written for it) and the article now edited. */
function b15Folder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cli-'));
  const before = readCase('B15');
  const set = new AnnotationSet(before.text);
  for (const e of before.expected) set.add(e.type, e.start, e.end, { now: '2026-11-29T12:00:00.000Z' });
  const sidecar = emptySidecar('dam.txt');
  sidecar.text.sha256 = textSha256(before.text);
  sidecar.text.length = [...before.text].length;
  sidecar.annotations = set.annotations;
  writeFileSync(path.join(dir, 'dam.txt'), before.text);
  writeFileSync(path.join(dir, 'dam.txt.annotations.yaml'), serializeSidecar(sidecar));
  return dir;
}

describe('command line: hashiya check', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  let dir: string;
  beforeEach(() => { dir = b15Folder(); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for valid sidecars and says how many it checked', async () => {
    const r = await runMain(dir, 'check', '.');
    assert.equal(r.code, 0);
    assert.deepEqual(r.out, ['checked 1 sidecar: 1 valid, 0 with problems (0 problems)']);
  });

  it('reports file:line:column for a broken sidecar and exits 1', async () => {
    copyFileSync(fixturePath('workspace', 'broken.txt'), path.join(dir, 'broken.txt'));
    copyFileSync(fixturePath('workspace', 'broken.txt.annotations.yaml'), path.join(dir, 'broken.txt.annotations.yaml'));
    const r = await runMain(dir, 'check', 'broken.txt', 'dam.txt.annotations.yaml');
    assert.equal(r.code, 1);
    assert.equal(r.out[0], 'broken.txt.annotations.yaml:7:12: annotations.0.label must be one of "claim", "actor", "date"');
    assert.match(r.out[1], /checked 2 sidecars: 1 valid, 1 with problems/);
  });

  it('reports an article that changed since its sidecar, a missing article, a quote that disagrees', async () => {
    writeFileSync(path.join(dir, 'dam.txt'), readCase('B15', 'input-edited.txt', 'expected-edited.yaml').text);
    let r = await runMain(dir, 'check', 'dam.txt');
    assert.equal(r.code, 1);
    assert.match(r.out[0], /^dam\.txt\.annotations\.yaml:\d+:\d+: dam\.txt changed since these annotations were saved .* run: hashiya anchor dam\.txt$/);
    rmSync(path.join(dir, 'dam.txt'));
    r = await runMain(dir, 'check', '.');
    assert.match(r.out[0], /^dam\.txt\.annotations\.yaml:6:9: the article is missing: dam\.txt$/);
    writeFileSync(path.join(dir, 'dam.txt'), readCase('B15').text);
    const sidecar = readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8').replace('quote: "2 June"', 'quote: "3 June"');
    writeFileSync(path.join(dir, 'dam.txt.annotations.yaml'), sidecar);
    r = await runMain(dir, 'check', 'dam.txt');
    assert.match(r.out[0], /^dam\.txt\.annotations\.yaml:\d+:\d+: quote "3 June" does not match the text at 95\.\.101 \("2 June"\)$/);
  });

  it('wrong usage exits 2 with the usage', async () => {
    assert.equal((await runMain(dir, 'check')).code, 2);
    assert.equal((await runMain(dir, 'frobnicate', '.')).code, 2);
    const r = await runMain(dir, 'check', '--template', '{fileName}', '.');
    assert.equal(r.code, 2);
    assert.match(r.err[0], /must differ from the article/);
    assert.equal((await runMain(dir, 'check', 'nothing-here.txt')).code, 1);
  });
});

describe('command line: hashiya anchor', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  let dir: string;
  beforeEach(() => {
    dir = b15Folder();
    writeFileSync(path.join(dir, 'dam.txt'), readCase('B15', 'input-edited.txt', 'expected-edited.yaml').text);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run prints every status and writes nothing', async () => {
    const before = readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8');
    const r = await runMain(dir, 'anchor', '--dry-run', 'dam.txt');
    assert.equal(r.code, 0);
    assert.deepEqual(r.out.filter((l) => /: (exact|moved|fuzzy|orphaned) /.test(l)).map((l) => l.split(/\s+/)[1]).sort(), ['moved', 'moved', 'orphaned']);
    assert.match(r.out.at(-1)!, /anchored 1 sidecar: 0 exact, 2 moved, 0 fuzzy, 1 orphaned; nothing written \(--dry-run\)/);
    assert.equal(readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8'), before);
  });

  it('writes the re-anchored sidecar, after which check passes', async () => {
    const r = await runMain(dir, 'anchor', '.');
    assert.equal(r.code, 0);
    assert.match(r.out.at(-1)!, /1 written$/);
    const parsed = parseSidecar(readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8'));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.annotations.map((a) => [a.quote, a.anchored ?? 'exact']).sort(), [['2 June', 'moved'], ['the dam is cracked', 'orphaned'], ['the dam is safe', 'moved']]);
    assert.equal((await runMain(dir, 'check', '.')).code, 0);
    const again = await runMain(dir, 'anchor', 'dam.txt');
    assert.match(again.out.at(-2)!, /up to date/);
    // the marks are the earlier run's (found in a first-use trial: reported again as moved)
    assert.deepEqual(again.out.filter((l) => /: (moved|orphaned) /.test(l)).map((l) => / \(marked by an earlier run, not yet reviewed\)$/.test(l)), [true, true, true]);
    assert.match(again.out.at(-1)!, /^anchored 1 sidecar: 0 exact, 0 moved, 0 fuzzy, 0 orphaned \(1 up to date, with 2 moved, 1 orphaned marked by an earlier run, not yet reviewed\); 0 written$/);
  });

  it('never writes a broken sidecar', async () => {
    const broken = 'version: 1\ntext: [\n';
    writeFileSync(path.join(dir, 'dam.txt.annotations.yaml'), broken);
    const r = await runMain(dir, 'anchor', 'dam.txt');
    assert.equal(r.code, 1);
    assert.match(r.out.join('\n'), /not valid, nothing written/);
    assert.equal(readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8'), broken);
  });

  it('refuses an article that is not UTF-8 or binary, and a sidecar that is a folder', async () => {
    writeFileSync(path.join(dir, 'dam.txt'), Buffer.from([0xff, 0xfe, 0x41, 0x00]));
    let r = await runMain(dir, 'anchor', 'dam.txt');
    assert.equal(r.code, 1);
    assert.match(r.out[0], /binary file|not valid UTF-8/);
    mkdirSync(path.join(dir, 'x.txt.annotations.yaml'));
    writeFileSync(path.join(dir, 'x.txt'), 'text');
    r = await runMain(dir, 'check', 'x.txt');
    assert.match(r.out[0], /x\.txt\.annotations\.yaml:1:1: the sidecar is a folder, not a file/);
  });

  it('runs as a program: node bin/hashiya.js (what npx hashiya and the packaged extension run)', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'hashiya.js'), 'anchor', '--dry-run', 'dam.txt'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 orphaned; nothing written/);
    const usage = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'hashiya.js')], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /Usage:/);
  });
});

describe('command line: hostile sidecars', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  it('a 50 MB sidecar is refused by size, with file and position, and never rewritten', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cli-big-'));
    try {
      writeFileSync(path.join(dir, 'big.txt'), 'text');
      const big = `version: 1\n# ${'x'.repeat(50 * 1024 * 1024)}\n`;
      writeFileSync(path.join(dir, 'big.txt.annotations.yaml'), big);
      const r = await runMain(dir, 'check', '.');
      assert.equal(r.code, 1);
      assert.match(r.out[0], /^big\.txt\.annotations\.yaml:1:1: the sidecar is 50\.0 MiB; Hashiya reads sidecars up to 16 MiB$/);
      const a = await runMain(dir, 'anchor', 'big.txt');
      assert.equal(a.code, 1);
      assert.equal(readFileSync(path.join(dir, 'big.txt.annotations.yaml'), 'utf8').length, big.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command line: hashiya suggest', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  it('prints suggestions in code points (text or JSON) with values and speakers, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cli-suggest-'));
    try {
      writeFileSync(path.join(dir, 'news.txt'), '📰 وقال لافروف إن المحادثات ستستأنف يوم الجمعة.\n');
      const r = await runMain(dir, 'suggest', '--published', '2015-12-16', 'news.txt');
      assert.equal(r.code, 0);
      assert.ok(r.out.includes('news.txt: date  39..45 "الجمعة" value=2015-12-18'), r.out.join('\n'));
      assert.match(r.out.join('\n'), /claim 14\.\.45 "إن المحادثات ستستأنف يوم الجمعة" speaker="لافروف" 7\.\.13/);
      const json = await runMain(dir, 'suggest', '--json', 'news.txt');
      const parsed = JSON.parse(json.out.join('\n')) as { label: string; start: number; quote: string }[];
      assert.ok(parsed.some((s) => s.label === 'date' && s.start === 39));
      assert.deepEqual(readdirSync(dir), ['news.txt'], 'nothing written');
      assert.equal((await runMain(dir, 'suggest', '--published', '16/12/2015', 'news.txt')).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command line: hashiya check on relations and the entity registry', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cli-rel-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a relation that points to no annotation of the right label, with line and column', async () => {
    const text = 'قال لافروف إن المؤتمر سيعقد.';
    const set = new AnnotationSet(text);
    const actor = set.add('actor', 4, 10, { now: '2026-11-29T12:00:00.000Z' });
    const claim = set.add('claim', 14, 27, { now: '2026-11-29T12:00:00.000Z' });
    set.update(claim.id, { speaker: actor.id }, { now: '2026-11-29T12:00:00.000Z' });
    const sidecar = { ...emptySidecar('a.txt'), annotations: set.annotations };
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    writeFileSync(path.join(dir, 'a.txt'), text);
    const source = serializeSidecar(sidecar).replace(`speaker: "${actor.id}"`, `speaker: "${claim.id}"`);
    writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), source);
    const { code, out } = await runMain(dir, 'check', '.');
    assert.equal(code, 1);
    const line = source.split('\n').findIndex((l) => l.includes(`speaker: "${claim.id}"`)) + 1;
    assert.ok(out.some((l) => l.startsWith(`a.txt.annotations.yaml:${line}:`) && /the speaker of claim \w+ is the claim itself/.test(l)), out.join('\n'));
  });

  it('checks the folder\'s .hashiya/entities.yaml: valid, or each problem with line and column; nothing is written', async () => {
    mkdirSync(path.join(dir, '.hashiya'));
    const file = path.join(dir, '.hashiya', 'entities.yaml');
    writeFileSync(file, 'version: 1\nentities:\n  - id: "lavrov"\n    name: "سيرغي لافروف"\n    kind: "person"\n');
    let result = await runMain(dir, 'check', '.');
    assert.equal(result.code, 0);
    assert.ok(result.out.some((l) => /entities\.yaml: 1 entity, valid/.test(l)), result.out.join('\n'));
    const bad = 'version: 1\nentities:\n  - id: "lavrov"\n    name: "سيرغي لافروف"\n    kind: "person"\n  - id: "lavrov"\n    name: "x"\n    kind: "robot"\n';
    writeFileSync(file, bad);
    result = await runMain(dir, 'check', '.hashiya/entities.yaml');
    assert.equal(result.code, 1);
    assert.ok(result.out.some((l) => /^\.hashiya\/entities\.yaml:8:\d+: entities\.1\.kind must be one of/.test(l)), result.out.join('\n'));
    assert.equal(readFileSync(file, 'utf8'), bad);
  });

  it('a missing article beside a registry fails the check; a missing or folder registry is a clear error, not a crash', async () => {
    mkdirSync(path.join(dir, '.hashiya'));
    writeFileSync(path.join(dir, '.hashiya', 'entities.yaml'), 'version: 1\nentities: []\n');
    let result = await runMain(dir, 'check', 'nosuch.txt', '.hashiya/entities.yaml');
    assert.equal(result.code, 1, result.err.join('\n'));
    mkdirSync(path.join(dir, 'nope', '.hashiya', 'entities.yaml'), { recursive: true });
    result = await runMain(dir, 'check', 'nope/.hashiya/entities.yaml');
    assert.equal(result.code, 1);
    assert.ok(result.out.some((l) => /^nope\/\.hashiya\/entities\.yaml:1:1: the entity registry cannot be read: a folder, not a file/.test(l)), result.out.join('\n'));
    result = await runMain(dir, 'check', 'gone/.hashiya/entities.yaml');
    assert.equal(result.code, 1);
  });

  it('suggest uses the names and aliases of the workspace registry (above the article), like the extension', async () => {
    mkdirSync(path.join(dir, '.hashiya'));
    mkdirSync(path.join(dir, 'news'));
    writeFileSync(path.join(dir, 'news', 'k.txt'), 'التقى جون كيري نظيره في موسكو.\n');
    let result = await runMain(dir, 'suggest', '--json', 'news/k.txt');
    assert.ok(!JSON.parse(result.out.join('\n')).some((s: { quote: string }) => s.quote === 'جون كيري'));
    writeFileSync(path.join(dir, '.hashiya', 'entities.yaml'), 'version: 1\nentities:\n  - id: "kerry"\n    name: "جون كيري"\n    kind: "person"\n');
    result = await runMain(dir, 'suggest', '--json', 'news/k.txt');
    assert.ok(JSON.parse(result.out.join('\n')).some((s: { label: string; quote: string }) => s.label === 'actor' && s.quote === 'جون كيري'), result.out.join('\n'));
  });
});

/** Runs bin/hashiya.js as a program (what npx hashiya runs), in `cwd`. */
function program(cwd: string, ...args: string[]): { code: number; out: string[]; err: string[] } {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'hashiya.js'), ...args], { cwd, encoding: 'utf8' });
  const lines = (s: string) => s.split('\n').filter((l) => l !== '');
  return { code: r.status ?? -1, out: lines(r.stdout), err: lines(r.stderr) };
}

/** Every file of a folder with its bytes (symbolic links as their target), to show nothing was written. */
function snapshotFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    out[name] = lstatSync(full).isSymbolicLink() ? `-> ${readlinkSync(full)}` : readFileSync(full, 'latin1');
  }
  return out;
}

describe('command line: a sidecar of another article, and symbolic links (issue 8)', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  let dir: string;
  beforeEach(() => { dir = b15Folder(); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The 1-based line and column of text.file's value in a sidecar's source. */
  function fileValueAt(source: string): string {
    const lines = source.split('\n');
    const line = lines.findIndex((l) => /^\s+file: /.test(l));
    return `${line + 1}:${lines[line].indexOf('"') + 1}`;
  }

  it('anchor and check both refuse a sidecar whose text.file names another article, with file:line:column, and write nothing', () => {
    // dam.txt's sidecar copied beside an edited copy of the article: anchor used to move dam.txt's annotations onto it
    writeFileSync(path.join(dir, 'copy.txt'), readCase('B15', 'input-edited.txt', 'expected-edited.yaml').text);
    const source = readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'copy.txt.annotations.yaml'), source);
    const before = snapshotFolder(dir);
    const expected = `copy.txt.annotations.yaml:${fileValueAt(source)}: text.file is "dam.txt" but the article is "copy.txt": the sidecar belongs to another article (if this article was renamed outside VS Code, set text.file to its new name)`;
    for (const command of ['anchor', 'check']) {
      const r = program(dir, command, 'copy.txt');
      assert.equal(r.code, 1, `${command}: ${r.out.join('\n')}`);
      assert.equal(r.out[0], expected, command);
    }
    const dry = program(dir, 'anchor', '--dry-run', 'copy.txt');
    assert.equal(dry.code, 1);
    assert.ok(!dry.out.some((l) => /: (exact|moved|fuzzy|orphaned) /.test(l)), 'no status is printed for another article\'s annotations');
    assert.deepEqual(snapshotFolder(dir), before, 'nothing written');
    assert.equal(program(dir, 'check', 'dam.txt').code, 0, 'the original is still valid');
  });

  it('refuses a path or a line break in text.file in both commands; the message stays one line', () => {
    const source = readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8');
    for (const [written, shown] of [['../../etc/passwd', '"../../etc/passwd"'], ['dam.txt\\nsecond: line', '"dam.txt\\nsecond: line"'], ['sub/dam.txt', '"sub/dam.txt"']]) {
      writeFileSync(path.join(dir, 'dam.txt.annotations.yaml'), source.replace('file: "dam.txt"', `file: "${written}"`));
      const before = snapshotFolder(dir);
      for (const command of ['anchor', 'check']) {
        const r = program(dir, command, 'dam.txt');
        assert.equal(r.code, 1, `${command} ${written}`);
        assert.equal(r.out[0], `dam.txt.annotations.yaml:${fileValueAt(source)}: text.file is ${shown} but the article is "dam.txt": the sidecar belongs to another article (if this article was renamed outside VS Code, set text.file to its new name)`);
      }
      assert.deepEqual(snapshotFolder(dir), before, `nothing written for ${written}`);
    }
  });

  it('a sidecar that is a symbolic link loop is reported (named, as a folder scan, by check and anchor), never "no sidecar"', () => {
    rmSync(path.join(dir, 'dam.txt.annotations.yaml'));
    symlinkSync('loop-b.yaml', path.join(dir, 'dam.txt.annotations.yaml'));
    symlinkSync('dam.txt.annotations.yaml', path.join(dir, 'loop-b.yaml'));
    const before = snapshotFolder(dir);
    for (const args of [['check', 'dam.txt'], ['check', 'dam.txt.annotations.yaml'], ['check', '.'], ['anchor', 'dam.txt'], ['anchor', '.']]) {
      const r = program(dir, ...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.out.join('\n')} ${r.err.join('\n')}`);
      assert.match(r.out[0], /^dam\.txt\.annotations\.yaml:1:1: .*dam\.txt\.annotations\.yaml is a symbolic link that loops \(ELOOP\): "loop-b\.yaml"/, args.join(' '));
      assert.ok(!r.out.some((l) => /no sidecar/.test(l)), args.join(' '));
    }
    assert.deepEqual(snapshotFolder(dir), before, 'the links are left as they are');
  });

  it('a sidecar link to a missing file is reported too, and not written over', () => {
    rmSync(path.join(dir, 'dam.txt.annotations.yaml'));
    symlinkSync('elsewhere/gone.yaml', path.join(dir, 'dam.txt.annotations.yaml'));
    const before = snapshotFolder(dir);
    for (const command of ['check', 'anchor']) {
      const r = program(dir, command, 'dam.txt');
      assert.equal(r.code, 1);
      assert.match(r.out[0], /^dam\.txt\.annotations\.yaml:1:1: .*is a symbolic link to a missing file: "elsewhere\/gone\.yaml"/);
    }
    assert.deepEqual(snapshotFolder(dir), before);
  });

  it('writes terminal control characters from a sidecar as \\u escapes (no escape sequence reaches the terminal)', () => {
    const source = readFileSync(path.join(dir, 'dam.txt.annotations.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'dam.txt.annotations.yaml'), source.replace('  - id:', '  - "\\e]8;;https://evil.example\\a\\u202Eclick": 1\n    id:'));
    const r = program(dir, 'check', 'dam.txt');
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.out.join('\n'), /[\u001B\u0007\u202E]/);
    assert.match(r.out[0], /unknown key "\\u001[bB]\]8;;https:\/\/evil\.example\\u0007\\u202Eclick"/);
  });
});

/** A folder with `name` holding `text` and its sidecar with a claim on each span (and `note` on each). */
function folder(name: string, text: string, spans: [number, number][], note?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-breaker-'));
  const set = new AnnotationSet(text);
  for (const [s, e] of spans) set.add('claim', s, e, { now: '2026-11-29T12:00:00.000Z' }, note ? { note } : {});
  const sc = emptySidecar(name);
  sc.text.sha256 = textSha256(text); sc.text.length = [...text].length; sc.annotations = set.annotations;
  writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, `${name}.annotations.yaml`), serializeSidecar(sc));
  return dir;
}

describe('command line: hashiya anchor never writes a sidecar that check refuses', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  it('C1: LF -> CR LF with a quote that starts at a line break (trimWhitespace off)', async () => {
    const dir = folder('n.txt', 'a.\nSecond line', [[2, 14]]);        // quote "\nSecond line"
    writeFileSync(path.join(dir, 'n.txt'), 'a.\r\nSecond line');          // git autocrlf
    assert.equal((await runMain(dir, 'anchor', 'n.txt')).code, 0);
    const check = await runMain(dir, 'check', 'n.txt');
    assert.equal(check.code, 0, check.out.join('\n'));
  });

  it('C2: re-anchoring a sidecar just under 16 MiB does not write one over 16 MiB', async function () {
    this.timeout(120000);
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
    const spans: [number, number][] = [];
    let at = 0;
    for (const w of words.split(' ')) { spans.push([at, at + w.length]); at += w.length + 1; }
    // one long note per annotation, sized so that the file is ~40 KB under the limit
    const probe = folder('a.txt', words, spans, 'x');
    const size = statSync(path.join(probe, 'a.txt.annotations.yaml')).size;
    const note = 'x'.repeat(Math.floor((MAX_SIDECAR_LENGTH - 40 * 1024 - size) / spans.length));
    const dir = folder('a.txt', words, spans, note);
    assert.ok(statSync(path.join(dir, 'a.txt.annotations.yaml')).size <= MAX_SIDECAR_LENGTH);
    writeFileSync(path.join(dir, 'a.txt'), `New: ${words}`);
    const before = readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8');
    const anchored = await runMain(dir, 'anchor', 'a.txt');
    // it would grow past the limit with the statuses: refused, with a message; the file is kept
    assert.equal(anchored.code, 1);
    assert.match(anchored.out.join('\n'), /a\.txt\.annotations\.yaml:1:1: not written: .*16 MiB/);
    assert.equal(readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8'), before);
    assert.ok(statSync(path.join(dir, 'a.txt.annotations.yaml')).size <= MAX_SIDECAR_LENGTH);
  });
});

describe('command line: a symlinked sidecar', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  it('C3: check <folder> checks a symlinked sidecar (or says it skipped it)', async () => {
    const dir = folder('a.txt', 'Kerry met Lavrov.', [[10, 16]]);
    const repo = path.join(dir, 'repo'); mkdirSync(repo);
    writeFileSync(path.join(repo, 'a.txt'), 'Kerry met Lavrov.');
    symlinkSync(path.join(dir, 'a.txt.annotations.yaml'), path.join(repo, 'a.txt.annotations.yaml'));
    const r = await runMain(dir, 'check', 'repo');
    assert.match(r.out.join('\n'), /checked 1 sidecar/);
  });
  it('C4: anchor through a symlinked sidecar updates the file it points to', async () => {
    const dir = folder('a.txt', 'Kerry met Lavrov.', [[10, 16]]);
    const repo = path.join(dir, 'repo'); mkdirSync(repo);
    writeFileSync(path.join(repo, 'a.txt'), 'Yes. Kerry met Lavrov.');
    symlinkSync(path.join(dir, 'a.txt.annotations.yaml'), path.join(repo, 'a.txt.annotations.yaml'));
    await runMain(repo, 'anchor', 'a.txt');
    assert.ok(lstatSync(path.join(repo, 'a.txt.annotations.yaml')).isSymbolicLink(), 'still a symlink');
    assert.match(readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8'), /start: 15/);
  });
});
