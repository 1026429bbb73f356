import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { ARTICLE_TEXT, exchangeDoc } from '../../support/exchangeArticle';
import { runMain } from '../../support/cli';
import { heavyTimeout } from '../../support/timeouts';

/** A folder with talks.txt (Arabic, emoji, CR LF) and its sidecar. */
function folder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-exchange-'));
  const sidecar = emptySidecar('talks.txt');
  sidecar.text.sha256 = textSha256(ARTICLE_TEXT);
  sidecar.text.length = [...ARTICLE_TEXT].length;
  sidecar.annotations = [...exchangeDoc().annotations];
  writeFileSync(path.join(dir, 'talks.txt'), ARTICLE_TEXT);
  writeFileSync(path.join(dir, 'talks.txt.annotations.yaml'), serializeSidecar(sidecar));
  return dir;
}

describe('command line: hashiya export and import', function () {
  this.timeout(heavyTimeout(700));
  let dir: string;
  beforeEach(() => { dir = folder(); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exports a folder in every format into --out', async () => {
    for (const format of ['jsonl', 'labelstudio', 'brat', 'w3c', 'csv', 'conll']) {
      const r = await runMain(dir, 'export', '--format', format, '--out', 'out', '.');
      assert.equal(r.code, 0, r.out.join('\n'));
      assert.match(r.out[r.out.length - 1], new RegExp(`exported 1 article \\(4 annotations\\) as ${format}`));
    }
    assert.equal(readFileSync(path.join(dir, 'out', 'talks.txt'), 'utf8'), ARTICLE_TEXT);
    assert.ok(readFileSync(path.join(dir, 'out', 'claims.csv'), 'utf8').startsWith('\uFEFFarticle,'));
  });

  it('an unknown format is wrong usage (exit 2)', async () => {
    const r = await runMain(dir, 'export', '--format', 'xml', '.');
    assert.equal(r.code, 2);
    assert.match(r.err[0], /--format must be one of jsonl, labelstudio, brat, w3c, csv, conll/);
  });

  it('import without --write prints suggestions and writes nothing; with --write adds them', async () => {
    await runMain(dir, 'export', '--format', 'brat', '--out', 'out', '.');
    const sidecarFile = path.join(dir, 'talks.txt.annotations.yaml');
    writeFileSync(sidecarFile, serializeSidecar({ ...emptySidecar('talks.txt'), annotations: [] }));
    const before = readFileSync(sidecarFile, 'utf8');
    let r = await runMain(dir, 'import', '--format', 'brat', 'out/talks.ann', '--article', 'talks.txt');
    assert.equal(r.code, 0, r.out.join('\n'));
    assert.ok(r.out.includes('talks.txt: suggested actor 21..33 "سيرغي لافروف"'), r.out.join('\n'));
    assert.equal(readFileSync(sidecarFile, 'utf8'), before);
    r = await runMain(dir, 'import', '--format', 'brat', 'out/talks.ann', '--article', 'talks.txt', '--write');
    assert.equal(r.code, 0, r.out.join('\n'));
    const parsed = parseSidecar(readFileSync(sidecarFile, 'utf8'));
    assert.ok(parsed.ok);
    const claim = parsed.sidecar.annotations.find((a) => a.label === 'claim')!;
    const speaker = parsed.sidecar.annotations.find((a) => a.id === claim.speaker)!;
    assert.deepEqual([claim.start, claim.end, claim.stance, speaker.quote, speaker.entity], [51, 76, 'asserts', 'سيرغي لافروف', 'lavrov']);
    r = await runMain(dir, 'import', '--format', 'brat', 'out/talks.ann', '--article', 'talks.txt', '--write');
    assert.match(r.out[r.out.length - 1], /0 to add, 4 already in the sidecar, 0 not placed/);
  });

  it('--write records who imported: --author NAME, else the system user name', async () => {
    await runMain(dir, 'export', '--format', 'jsonl', '--out', 'out', '.');
    const sidecarFile = path.join(dir, 'talks.txt.annotations.yaml');
    const authors = () => {
      const parsed = parseSidecar(readFileSync(sidecarFile, 'utf8'));
      assert.ok(parsed.ok);
      return [...new Set(parsed.sidecar.annotations.map((a) => a.author))];
    };
    writeFileSync(sidecarFile, serializeSidecar({ ...emptySidecar('talks.txt'), annotations: [] }));
    let r = await runMain(dir, 'import', '--format', 'jsonl', 'out/annotations.jsonl', '--article', 'talks.txt', '--write',
      '--author', 'بوب');
    assert.equal(r.code, 0, r.out.join('\n'));
    assert.deepEqual(authors(), ['بوب']);
    writeFileSync(sidecarFile, serializeSidecar({ ...emptySidecar('talks.txt'), annotations: [] }));
    r = await runMain(dir, 'import', '--format', 'jsonl', 'out/annotations.jsonl', '--article', 'talks.txt', '--write');
    assert.equal(r.code, 0, r.out.join('\n'));
    assert.deepEqual(authors(), [os.userInfo().username]);
  });

  it('a span whose quote is not at its offsets is reported with file and line, not placed (exit 1)', async () => {
    writeFileSync(path.join(dir, 'bad.ann'), 'T1\tactor 21 33\tسيرغي لافروف\nT2\tactor 23 35\tسيرغي لافروف\n');
    const r = await runMain(dir, 'import', '--format', 'brat', 'bad.ann', '--article', 'talks.txt', '--write');
    assert.equal(r.code, 1);
    assert.ok(r.out.some((l) => l.startsWith('bad.ann:2:1: actor 23..35 "سيرغي لافروف": its quote is not the text')));
  });

  it('a file not of its format: file:line:column and exit 2, nothing changed', async () => {
    writeFileSync(path.join(dir, 'bad.ann'), 'T1\tactor 21 33\tسيرغي لافروف\nQ1 nonsense\n');
    const sidecarFile = path.join(dir, 'talks.txt.annotations.yaml');
    const before = readFileSync(sidecarFile, 'utf8');
    const r = await runMain(dir, 'import', '--format', 'brat', 'bad.ann', '--article', 'talks.txt', '--write');
    assert.equal(r.code, 2);
    assert.match(r.err[0], /^bad\.ann:2:1: not a brat annotation line/);
    assert.equal(readFileSync(sidecarFile, 'utf8'), before);
    assert.ok(!existsSync(path.join(dir, 'nothing')));
  });
  it('without --write, says where to review the suggestions one by one', async () => {
    await runMain(dir, 'export', '--format', 'jsonl', '--out', 'out', '.');
    const sidecarFile = path.join(dir, 'talks.txt.annotations.yaml');
    writeFileSync(sidecarFile, serializeSidecar({ ...emptySidecar('talks.txt'), annotations: [] }));
    const r = await runMain(dir, 'import', '--format', 'jsonl', 'out/annotations.jsonl', '--article', 'talks.txt');
    assert.equal(r.code, 0, r.out.join('\n'));
    assert.match(r.out[r.out.length - 1], /"Hashiya: Import Annotations…" shows them as suggestions/);
  });

  it('a partial match with --write: the matching spans are written, the rest reported, exit 1', async () => {
    const sidecarFile = path.join(dir, 'talks.txt.annotations.yaml');
    writeFileSync(sidecarFile, serializeSidecar({ ...emptySidecar('talks.txt'), annotations: [] }));
    writeFileSync(path.join(dir, 'part.ann'), 'T1\tactor 21 33\tسيرغي لافروف\r\nT2\tactor 0 3\tقيل\r\n');
    const r = await runMain(dir, 'import', '--format', 'brat', 'part.ann', '--article', 'talks.txt', '--write');
    assert.equal(r.code, 1, r.out.join('\n'));
    assert.ok(r.out.some((l) => l.startsWith('part.ann:2:1: actor 0..3 "قيل": its quote is not the text')), r.out.join('\n'));
    assert.ok(r.out.some((l) => l.includes('(the article has "قال" there)')), r.out.join('\n'));
    const parsed = parseSidecar(readFileSync(sidecarFile, 'utf8'));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.annotations.map((a) => `${a.label} ${a.start}..${a.end} ${a.quote}`),
      ['actor 21..33 سيرغي لافروف']);
  });

  it('--write merges with the sidecar there: its annotations, fields and comments stay', async () => {
    const sidecarFile = path.join(dir, 'talks.txt.annotations.yaml');
    const mine = { ...exchangeDoc().annotations.find((a) => a.id === 'a1')!, note: 'checked by hand' };
    const source = serializeSidecar({ ...emptySidecar('talks.txt'), annotations: [mine] })
      .replace('  - id: "a1"', '  # the minister\n  - id: "a1"');
    await runMain(dir, 'export', '--format', 'w3c', '--out', 'out', '.');
    writeFileSync(sidecarFile, source);
    const r = await runMain(dir, 'import', '--format', 'w3c', 'out/annotations.jsonld', '--article', 'talks.txt',
      '--write');
    assert.equal(r.code, 0, r.out.join('\n'));
    assert.match(r.out[r.out.length - 1], /3 to add, 1 already in the sidecar, 0 not placed/);
    const written = readFileSync(sidecarFile, 'utf8');
    assert.match(written, /# the minister/);
    const parsed = parseSidecar(written);
    assert.ok(parsed.ok);
    const a1 = parsed.sidecar.annotations.find((a) => a.id === 'a1')!;
    assert.equal(a1.note, 'checked by hand');
    const claim = parsed.sidecar.annotations.find((a) => a.label === 'claim')!;
    assert.equal(claim.speaker, 'a1', 'the imported claim names the annotation already there as its speaker');
    assert.equal(parsed.sidecar.annotations.length, 4);
  });

  it('bad input in every format: file:line:column, exit 2, nothing written', async () => {
    const sidecarFile = path.join(dir, 'talks.txt.annotations.yaml');
    const before = readFileSync(sidecarFile, 'utf8');
    const cases: [string, string, string, RegExp][] = [
      ['jsonl', 'bad.jsonl', '{"article":"talks.txt","spans":[]}\n{"article": tal\n', /^bad\.jsonl:2:\d+: /],
      ['w3c', 'bad.jsonld', '{\n  "@context": "http://www.w3.org/ns/anno.jsonld",\n  "type": \n}', /^bad\.jsonld:4:1: /],
      ['labelstudio', 'bad.json', '[{"data": {"text": "another article"}}, {"data": {"text": "a third"}}]',
        /^bad\.json:1:1: no task is for the article/],
      ['brat', 'bad.ann', 'T1\tactor 21\tسيرغي\n', /^bad\.ann:1:1: /],
    ];
    for (const [format, name, content, error] of cases) {
      writeFileSync(path.join(dir, name), content);
      const r = await runMain(dir, 'import', '--format', format, name, '--article', 'talks.txt', '--write');
      assert.equal(r.code, 2, `${format}: ${r.err.join('\n')}`);
      assert.match(r.err[0] ?? '', error, `${format}: ${r.err.join('\n')}`);
      assert.match(r.err[0], /nothing imported$/, format);
      assert.equal(readFileSync(sidecarFile, 'utf8'), before, format);
    }
  });
});
