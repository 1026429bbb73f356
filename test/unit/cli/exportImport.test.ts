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
      assert.match(r.out[r.out.length - 1], new RegExp(`exported 1 articles \\(4 annotations\\) as ${format}`));
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
});
