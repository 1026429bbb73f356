// Found by an adversarial review: each case broke an earlier version; kept as regression tests with their neighbours.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, statSync, symlinkSync, mkdirSync, writeFileSync, lstatSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { emptySidecar, serializeSidecar, MAX_SIDECAR_LENGTH } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { heavyTimeout } from '../../support/timeouts';

async function run(cwd: string, ...args: string[]) {
  const out: string[] = []; const err: string[] = [];
  const before = process.cwd(); process.chdir(cwd);
  try { return { code: await main(args, (l) => out.push(l), (l) => err.push(l)), out, err }; } finally { process.chdir(before); }
}
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

describe('adversarial: hashiya anchor never writes a sidecar that check refuses', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  it('C1: LF -> CR LF with a quote that starts at a line break (trimWhitespace off)', async () => {
    const dir = folder('n.txt', 'a.\nSecond line', [[2, 14]]);        // quote "\nSecond line"
    writeFileSync(path.join(dir, 'n.txt'), 'a.\r\nSecond line');          // git autocrlf
    assert.equal((await run(dir, 'anchor', 'n.txt')).code, 0);
    const check = await run(dir, 'check', 'n.txt');
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
    const anchored = await run(dir, 'anchor', 'a.txt');
    // it would grow past the limit with the statuses: refused, with a message; the file is kept
    assert.equal(anchored.code, 1);
    assert.match(anchored.out.join('\n'), /a\.txt\.annotations\.yaml:1:1: not written: .*16 MiB/);
    assert.equal(readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8'), before);
    assert.ok(statSync(path.join(dir, 'a.txt.annotations.yaml')).size <= MAX_SIDECAR_LENGTH);
  });
});

describe('adversarial: hashiya and symlinks', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  it('C3: check <folder> checks a symlinked sidecar (or says it skipped it)', async () => {
    const dir = folder('a.txt', 'Kerry met Lavrov.', [[10, 16]]);
    const repo = path.join(dir, 'repo'); mkdirSync(repo);
    writeFileSync(path.join(repo, 'a.txt'), 'Kerry met Lavrov.');
    symlinkSync(path.join(dir, 'a.txt.annotations.yaml'), path.join(repo, 'a.txt.annotations.yaml'));
    const r = await run(dir, 'check', 'repo');
    assert.match(r.out.join('\n'), /checked 1 sidecar/);
  });
  it('C4: anchor through a symlinked sidecar updates the file it points to', async () => {
    const dir = folder('a.txt', 'Kerry met Lavrov.', [[10, 16]]);
    const repo = path.join(dir, 'repo'); mkdirSync(repo);
    writeFileSync(path.join(repo, 'a.txt'), 'Yes. Kerry met Lavrov.');
    symlinkSync(path.join(dir, 'a.txt.annotations.yaml'), path.join(repo, 'a.txt.annotations.yaml'));
    await run(repo, 'anchor', 'a.txt');
    assert.ok(lstatSync(path.join(repo, 'a.txt.annotations.yaml')).isSymbolicLink(), 'still a symlink');
    assert.match(readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8'), /start: 15/);
  });
});
