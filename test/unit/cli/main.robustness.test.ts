// Over 500 lines: every robustness scenario of the command line shares the temporary workspaces and
// the child-process helpers at its top.
// The command line against other writers, closed pipes, hostile file names, things named like
// sidecars that are no files, and files the user may not write (adversarial review, findings
// 7, 9, 10, 11, 12, and a summary line for a folder holding only a registry). Run as a program
// (node bin/hashiya.js), with real processes and files.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeSidecarStorage } from '../../../src/node/nodeFiles';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { repoRoot } from '../../support/fixtures';
import { largeSidecar } from '../../support/largeSidecar';
import { canRunAsOtherUser, runProgram, startProgram } from '../../support/program';
import { runMain } from '../../support/cli';
import { heavyTimeout } from '../../support/timeouts';

const NOW = '2026-11-29T12:00:00.000Z';
/** Annotations of the sidecar whose writer is stopped inside its swap (the review's repro had 5,000). */
const COUNT = 1500;
const TEXT = 'قال وزير الخارجية سيرغي لافروف إن المحادثات مع جون كيري ستستأنف يوم الجمعة.\n';

/** A sidecar of `name` for TEXT with two annotations (an actor and a date). */
function smallSidecar(name: string, text = TEXT): string {
  const set = new AnnotationSet(text);
  set.add('actor', 25, 31, { now: NOW });
  set.add('date', 63, 69, { now: NOW });
  const sidecar = emptySidecar(name);
  sidecar.text.sha256 = textSha256(text);
  sidecar.text.length = [...text].length;
  sidecar.annotations = set.annotations;
  return serializeSidecar(sidecar);
}

/** Every file of a folder with its bytes and mode (links as their target), to show nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const stat = lstatSync(full);
    out[name] = stat.isSymbolicLink()
      ? `-> ${readlinkSync(full)}`
      : stat.isFile()
        ? `${(stat.mode & 0o777).toString(8)} ${readFileSync(full, 'latin1')}`
        : `(${stat.mode.toString(8)})`;
  }
  return out;
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.hashiya.') || n.includes('.kept-'));

describe('command line: readers while another writer has the sidecar moved away for its swap (finding 7)', function () {
  // measured on the 2-core machine: 8 to 12 s (four programs reading a 1,500-annotation sidecar at once)
  this.timeout(heavyTimeout(12_000));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-swap-readers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a writer SIGSTOPped inside its swap: check, check ., suggest, anchor and the storage the extension uses never say "no sidecar"; after SIGCONT nothing is lost', async function () {
    if (process.platform !== 'linux') this.skip(); // /proc tells when the writer has stopped
    const big = largeSidecar(COUNT);
    const file = path.join(dir, 'article.txt.annotations.yaml');
    const edited = `${big.text}آخر سطر.\n`;
    writeFileSync(path.join(dir, 'article.txt'), edited);
    writeFileSync(file, big.source);
    // a real `hashiya anchor` that stops itself (SIGSTOP) at the instant of its swap: the sidecar
    // moved away, its new content not yet linked in place
    const cli = path.join(repoRoot(), 'dist', 'cli.js');
    const script = `
      const fs = require('fs');
      const link = fs.linkSync;
      let once = false;
      fs.linkSync = function (from, to) {
        if (!once && String(to).endsWith('article.txt.annotations.yaml') && fs.readdirSync(${JSON.stringify(dir)}).some((n) => n.endsWith('.swap'))) {
          once = true;
          process.kill(process.pid, 'SIGSTOP');
        }
        return link.apply(this, arguments);
      };
      const { main, reportCrash } = require(${JSON.stringify(cli)});
      main(['anchor', 'article.txt']).then((code) => { process.exitCode = code; }, reportCrash);`;
    const child = spawn(process.execPath, ['-e', script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)));
    // stopped (state T in /proc), inside its swap
    const state = () => {
      try {
        return readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
      } catch {
        return 'gone';
      }
    };
    for (let waited = 0; state() !== 'T'; waited += 10) {
      assert.ok(
        waited < 60_000 && state() !== 'gone' && child.exitCode === null,
        `the writer stops inside its swap: ${out}`,
      );
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(!readdirSync(dir).includes('article.txt.annotations.yaml'), 'the sidecar is moved away');
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.swap')).length, 1, 'its swap is there');
    try {
      // all readers start while the sidecar is missing and the stopped writer's swap is there
      const [check, checkDot, suggest, anchor, storage] = await Promise.all([
        startProgram(dir, ['check', 'article.txt']).done,
        startProgram(dir, ['check', '.']).done,
        startProgram(dir, ['suggest', 'article.txt']).done,
        startProgram(dir, ['anchor', 'article.txt']).done,
        new NodeSidecarStorage(file).read(),
      ]);
      for (const [what, r] of [
        ['check', check],
        ['check .', checkDot],
        ['suggest', suggest],
        ['anchor', anchor],
      ] as const) {
        assert.ok(
          !r.out.some((l) => /no sidecar|nothing to (check|anchor)/.test(l)),
          `${what}: ${r.out.slice(-2).join('\n')}`,
        );
        assert.deepEqual(r.err, [], what);
      }
      assert.match(check.out.at(-1)!, /^checked 1 sidecar: /);
      assert.match(checkDot.out.at(-1)!, /^checked 1 sidecar: /);
      assert.match(suggest.out.at(-1)!, /\(spans already annotated left out\)$/);
      assert.equal(anchor.code, 0);
      assert.match(anchor.out.at(-1)!, /1 written/);
      assert.equal(typeof storage, 'string', "the extension's storage read the sidecar");
    } finally {
      child.kill('SIGCONT');
    }
    assert.equal(await exited, 0, out.split('\n').slice(-3).join('\n'));
    assert.doesNotMatch(out, /Error|\n {4}at /);
    const parsed = parseSidecar(readFileSync(file, 'utf8'));
    assert.ok(parsed.ok);
    assert.equal(parsed.sidecar.annotations.length, COUNT);
    assert.equal(parsed.sidecar.text.sha256, textSha256(edited));
    assert.deepEqual(leftovers(dir), []);
  });

  describe('each reader, while a live writer has it moved away and then writes it (in process)', () => {
    /** Moves `file` away as a live writer of this process would, and puts `next` there 150 ms later. */
    function liveSwap(file: string, next: string): void {
      const host = readFileSync('/proc/sys/kernel/hostname', 'utf8').trim();
      const tag = require('node:crypto').createHash('sha256').update(host).digest('hex').slice(0, 6);
      const swap = path.join(
        path.dirname(file),
        `.${path.basename(file)}.hashiya.${tag}.${process.pid}.abcd1234.none.swap`,
      );
      writeFileSync(swap, readFileSync(file));
      rmSync(file);
      setTimeout(() => {
        writeFileSync(file, next);
        rmSync(swap);
      }, 150);
    }

    beforeEach(function () {
      if (process.platform !== 'linux') this.skip();
      writeFileSync(path.join(dir, 'a.txt'), TEXT);
      writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), smallSidecar('a.txt'));
    });

    it('check <article> and check <folder>', async () => {
      for (const arg of ['a.txt', '.']) {
        liveSwap(path.join(dir, 'a.txt.annotations.yaml'), smallSidecar('a.txt'));
        const r = await runMain(dir, 'check', arg);
        assert.deepEqual(r.out, ['checked 1 sidecar: 1 valid, 0 with problems (0 problems)'], arg);
      }
    });

    it('anchor (after the writer: up to date) and suggest (the annotated spans left out)', async () => {
      liveSwap(path.join(dir, 'a.txt.annotations.yaml'), smallSidecar('a.txt'));
      const a = await runMain(dir, 'anchor', 'a.txt');
      assert.equal(a.code, 0);
      assert.match(a.out.at(-2)!, /up to date/);
      liveSwap(path.join(dir, 'a.txt.annotations.yaml'), smallSidecar('a.txt'));
      const s = await runMain(dir, 'suggest', 'a.txt');
      assert.match(s.out.at(-1)!, /\(spans already annotated left out\)$/);
    });

    it('the entity registry of a folder, checked and used by suggest', async () => {
      mkdirSync(path.join(dir, '.hashiya'));
      const registry = path.join(dir, '.hashiya', 'entities.yaml');
      const source = 'version: 1\nentities:\n  - id: "kerry"\n    name: "جون كيري"\n    kind: "person"\n';
      writeFileSync(registry, source);
      liveSwap(registry, source);
      const c = await runMain(dir, 'check', '.');
      assert.ok(c.out.includes('.hashiya/entities.yaml: 1 entity, valid'), c.out.join('\n'));
      liveSwap(registry, source);
      const s = await runMain(dir, 'suggest', '--json', 'a.txt');
      assert.ok(
        JSON.parse(s.out.join('\n')).some((x: { quote: string }) => x.quote === 'جون كيري'),
        "the registry's name is suggested",
      );
    });
  });
});

describe('command line: a closed pipe ends the output, never the work (finding 9)', function () {
  this.timeout(heavyTimeout(3000)); // a few program runs over 30 sidecars
  let dir: string;
  const edited = `عاجل: ${TEXT}`;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-epipe-'));
    for (let i = 0; i < 30; i++) {
      writeFileSync(path.join(dir, `a${i}.txt`), edited);
      writeFileSync(path.join(dir, `a${i}.txt.annotations.yaml`), smallSidecar(`a${i}.txt`));
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the program with its stdout (or stderr) closed by the reader at once. */
  async function closed(which: 'stdout' | 'stderr', ...args: string[]) {
    const p = startProgram(dir, args);
    p.child[which]!.destroy();
    return p.done;
  }

  it('anchor with stdout closed: every sidecar written whole, exit 0, no stack trace', async () => {
    const r = await closed('stdout', 'anchor', '.');
    assert.equal(r.code, 0);
    assert.deepEqual(r.err, []);
    for (let i = 0; i < 30; i++) {
      const parsed = parseSidecar(readFileSync(path.join(dir, `a${i}.txt.annotations.yaml`), 'utf8'));
      assert.ok(parsed.ok && parsed.sidecar.text.sha256 === textSha256(edited), `a${i}: re-anchored`);
    }
    assert.deepEqual(leftovers(dir), []);
  });

  it('check with stdout closed: its usual exit code (1: problems), no stack trace; suggest --json: 0', async () => {
    const r = await closed('stdout', 'check', '.');
    assert.equal(r.code, 1, 'the articles changed: problems');
    assert.deepEqual(r.err, []);
    const s = await closed('stdout', 'suggest', '--json', 'a0.txt', 'a1.txt');
    assert.equal(s.code, 0);
    assert.deepEqual(s.err, []);
  });

  it('wrong usage with stderr closed: exit 2, no crash', async () => {
    const r = await closed('stderr', 'frobnicate', '.');
    assert.equal(r.code, 2);
    assert.deepEqual(r.out, []);
  });

  it('in a shell: anchor . | head -1 prints one line, exits 0 (pipefail), writes every sidecar', () => {
    const bin = path.join(repoRoot(), 'bin', 'hashiya.js');
    const r = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" anchor . 2>err.txt | head -1`],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
    assert.equal(readFileSync(path.join(dir, 'err.txt'), 'utf8'), '');
    assert.equal(
      readdirSync(dir)
        .filter((n) => n.endsWith('.yaml'))
        .filter(
          (n) =>
            (
              parseSidecar(readFileSync(path.join(dir, n), 'utf8')) as {
                ok: true;
                sidecar: { text: { sha256?: string } };
              }
            ).sidecar.text.sha256 === textSha256(edited),
        ).length,
      30,
    );
  });
});

describe('command line: file names and file text cannot forge output lines (finding 10)', function () {
  this.timeout(heavyTimeout(1500));
  let dir: string;
  const forged = 'x.txt.annotations.yaml:1:1: fine\nchecked 9 sidecars: 9 valid, 0 with problems (0 problems)\nz';
  const names = [
    forged,
    'cr\r.txt',
    'tab\there',
    'esc\u001B[31mred',
    'ls\u2028ps\u2029',
    'nel\u0085',
    'rlo\u202Etxt.exe',
    'del\u007F',
  ];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-names-'));
    for (const name of names) {
      writeFileSync(path.join(dir, `${name}.txt`), TEXT);
      writeFileSync(path.join(dir, `${name}.txt.annotations.yaml`), 'version: 1\ntext: [\n');
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Output with nothing but the line breaks between lines, and none of the characters that could act. */
  function assertInert(stream: string): void {
    assert.doesNotMatch(stream, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u);
  }

  it('check .: one line per problem and one summary, none forged', () => {
    const bin = path.join(repoRoot(), 'bin', 'hashiya.js');
    const r = spawnSync(process.execPath, [bin, 'check', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assertInert(r.stdout);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, names.length + 1, lines.join('\n'));
    assert.equal(lines.filter((l) => l.startsWith('checked ')).length, 1);
    assert.equal(
      lines.at(-1),
      `checked ${names.length} sidecars: 0 valid, ${names.length} with problems (${names.length} problems)`,
    );
    assert.ok(
      lines.some((l) => l.startsWith('x.txt.annotations.yaml:1:1: fine\\u000Achecked 9 sidecars')),
      'the name is shown, escaped',
    );
  });

  it('anchor ., suggest and error messages: the same', () => {
    for (const args of [
      ['anchor', '.'],
      ['suggest', `${forged}.txt`],
      ['check', `no\nsuch\u001B.txt`],
      ['check', '--template', 'a\n{fileName}', '.'],
    ]) {
      const bin = path.join(repoRoot(), 'bin', 'hashiya.js');
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
      assertInert(r.stdout);
      assertInert(r.stderr);
      assert.ok(!`${r.stdout}${r.stderr}`.split('\n').some((l) => l.startsWith('checked 9')), args.join(' '));
    }
    const missing = runProgram(dir, ['check', 'no\nsuch.txt']);
    assert.deepEqual(missing.err, ['hashiya: no\\u000Asuch.txt: no such file or folder']);
  });

  it("the program's own text of many lines (usage) is printed line by line, not escaped", () => {
    const help = runProgram(dir, ['--help']);
    assert.equal(help.code, 0);
    assert.equal(help.out[0], 'Usage:');
    assert.ok(help.out.length > 10 && !help.out.some((l) => l.includes('\\u000A')));
    const wrong = runProgram(dir, ['frobnicate']);
    assert.equal(wrong.code, 2);
    assert.equal(wrong.err[0], 'hashiya: unknown command "frobnicate"');
    assert.ok(wrong.err.includes('Usage:') && !wrong.err.some((l) => l.includes('\\u000A')));
    const json = runProgram(dir, ['suggest', '--json', `${forged}.txt`]);
    assert.ok(Array.isArray(JSON.parse(json.out.join('\n'))), 'JSON output stays JSON');
  });
});

describe('command line: things named like sidecars that are no files, under a folder (finding 11)', function () {
  this.timeout(heavyTimeout(1500));
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-notfiles-'));
    for (const name of ['folder', 'linked', 'loop', 'fifo', 'dangling'])
      writeFileSync(path.join(dir, `${name}.txt`), TEXT);
    mkdirSync(path.join(dir, 'folder.txt.annotations.yaml'));
    mkdirSync(path.join(dir, 'elsewhere'));
    symlinkSync('elsewhere', path.join(dir, 'linked.txt.annotations.yaml'));
    symlinkSync('loop-b', path.join(dir, 'loop.txt.annotations.yaml'));
    symlinkSync('loop.txt.annotations.yaml', path.join(dir, 'loop-b'));
    symlinkSync('gone.yaml', path.join(dir, 'dangling.txt.annotations.yaml'));
    if (spawnSync('mkfifo', [path.join(dir, 'fifo.txt.annotations.yaml')]).status !== 0) this.skip();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const kinds = ['dangling', 'fifo', 'folder', 'linked', 'loop'];

  it('check . and anchor . report each as when it is named, exit 1, and write nothing (a FIFO is never opened)', () => {
    const before = snapshot(dir);
    for (const command of ['check', 'anchor']) {
      const all = runProgram(dir, [command, '.'], { timeout: 20_000 });
      assert.equal(all.code, 1, `${command} .: ${all.out.join('\n')}`);
      for (const kind of kinds) {
        const one = runProgram(dir, [command, `${kind}.txt`], { timeout: 20_000 });
        assert.equal(one.code, 1, `${command} ${kind}.txt`);
        assert.match(one.out[0], new RegExp(`^${kind}\\.txt\\.annotations\\.yaml:1:1: `), `${command} ${kind}.txt`);
        assert.ok(
          all.out.includes(one.out[0]),
          `${command} . reports ${kind} as ${command} ${kind}.txt does: ${one.out[0]}\n${all.out.join('\n')}`,
        );
      }
    }
    const check = runProgram(dir, ['check', '.']);
    assert.equal(check.out.at(-1), 'checked 5 sidecars: 0 valid, 5 with problems (5 problems)');
    assert.ok(check.out.includes('folder.txt.annotations.yaml:1:1: the sidecar is a folder, not a file'));
    assert.ok(check.out.includes('linked.txt.annotations.yaml:1:1: the sidecar is a folder, not a file'));
    assert.ok(check.out.includes('fifo.txt.annotations.yaml:1:1: the sidecar is a FIFO (named pipe), not a file'));
    assert.deepEqual(snapshot(dir), before, 'nothing written');
  });

  it('an article that is a FIFO (its sidecar valid): reported, never opened, by check, anchor and suggest', () => {
    rmSync(path.join(dir, 'fifo.txt.annotations.yaml'));
    rmSync(path.join(dir, 'fifo.txt'));
    writeFileSync(path.join(dir, 'fifo.txt.annotations.yaml'), smallSidecar('fifo.txt'));
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'fifo.txt')]).status, 0);
    for (const args of [
      ['check', 'fifo.txt.annotations.yaml'],
      ['anchor', 'fifo.txt.annotations.yaml'],
      ['suggest', 'fifo.txt'],
    ]) {
      const r = runProgram(dir, args, { timeout: 20_000 });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.out.join('\n')}`);
      assert.ok(
        r.out.some((l) => /the article is a FIFO \(named pipe\), not a file/.test(l)),
        `${args.join(' ')}: ${r.out.join('\n')}`,
      );
    }
  });

  it('with a template in a subfolder: a folder named like a sidecar there is reported too', () => {
    mkdirSync(path.join(dir, 'notes', 'folder.txt.yaml'), { recursive: true });
    const r = runProgram(dir, ['check', '--template', 'notes/{fileName}.yaml', '.']);
    assert.equal(r.code, 1);
    assert.ok(
      r.out.includes(`${path.join('notes', 'folder.txt.yaml')}:1:1: the sidecar is a folder, not a file`),
      r.out.join('\n'),
    );
  });
});

describe('command line: a sidecar the user may not write (finding 12)', function () {
  this.timeout(heavyTimeout(1500));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-readonly-'));
    writeFileSync(path.join(dir, 'a.txt'), `عاجل: ${TEXT}`);
    writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), smallSidecar('a.txt'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('read-only (mode 0444, even for root): anchor refuses with file and reason, writes nothing; writable again, it writes', () => {
    chmodSync(path.join(dir, 'a.txt.annotations.yaml'), 0o444);
    const before = snapshot(dir);
    const r = runProgram(dir, ['anchor', 'a.txt']);
    assert.equal(r.code, 1);
    assert.ok(
      r.out.some((l) =>
        /^a\.txt\.annotations\.yaml:1:1: not written: a\.txt\.annotations\.yaml is read-only \(mode 0444\); Hashiya does not replace a file you may not write/.test(
          l,
        ),
      ),
      r.out.join('\n'),
    );
    assert.match(r.out.at(-1)!, /0 written; 1 failed$/);
    assert.deepEqual(snapshot(dir), before, 'nothing written, the mode kept');
    assert.equal(runProgram(dir, ['anchor', '--dry-run', 'a.txt']).code, 0, '--dry-run writes nothing anyway');
    chmodSync(path.join(dir, 'a.txt.annotations.yaml'), 0o644);
    assert.equal(runProgram(dir, ['anchor', 'a.txt']).code, 0);
    assert.equal(statSync(path.join(dir, 'a.txt.annotations.yaml')).mode & 0o777, 0o644);
  });

  it("as another user (nobody): a file it may not write (root's, 0644) in a folder it may write is refused; its own 0444 file too", function () {
    if (!canRunAsOtherUser()) this.skip(); // needs root and runuser to run as nobody
    chmodSync(dir, 0o777);
    const before = snapshot(dir);
    const r = runProgram(dir, ['anchor', 'a.txt'], { user: 'nobody' });
    assert.equal(r.code, 1, r.err.join('\n'));
    assert.ok(
      r.out.some((l) =>
        /^a\.txt\.annotations\.yaml:1:1: not written: a\.txt\.annotations\.yaml is not writable for you \(permission denied\)/.test(
          l,
        ),
      ),
      r.out.join('\n'),
    );
    assert.deepEqual(snapshot(dir), before);
    spawnSync('chown', ['nobody', path.join(dir, 'a.txt.annotations.yaml')]);
    chmodSync(path.join(dir, 'a.txt.annotations.yaml'), 0o444);
    const own = runProgram(dir, ['anchor', 'a.txt'], { user: 'nobody' });
    assert.equal(own.code, 1);
    assert.ok(
      own.out.some((l) => /is read-only \(mode 0444\)/.test(l)),
      own.out.join('\n'),
    );
  });

  it('as another user (nobody): a folder it may not list is reported (no stack trace), the others are still checked (found by a review)', function () {
    if (!canRunAsOtherUser()) this.skip();
    chmodSync(dir, 0o777);
    mkdirSync(path.join(dir, 'locked'), { mode: 0o700 });
    for (const command of ['check', 'anchor', 'suggest']) {
      const r = runProgram(dir, [command, '.'], { user: 'nobody' });
      assert.equal(r.code, 1, `${command}: ${r.err.join('\n')}`);
      assert.deepEqual(
        r.err,
        ['hashiya: locked: cannot be listed (permission denied); its files were not looked at'],
        command,
      );
      assert.ok(
        r.out.some((l) => l.startsWith('a.txt')),
        `${command}: a.txt still looked at: ${r.out.join('\n')}`,
      );
    }
    chmodSync(path.join(dir, 'locked'), 0o000);
    const root = runProgram(path.join(dir, 'locked'), ['check', '.'], { user: 'nobody' });
    assert.equal(root.code, 1);
    assert.ok(
      root.err.every((l) => !/^\s+at /.test(l)),
      root.err.join('\n'),
    );
  });
});

describe('command line: check on a folder holding only an entity registry (lesser finding)', function () {
  this.timeout(heavyTimeout(700));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-registry-only-'));
    mkdirSync(path.join(dir, '.hashiya'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const registry = () => path.join(dir, '.hashiya', 'entities.yaml');

  it('valid: the summary line names it, exit 0; named itself: the same', async () => {
    writeFileSync(registry(), 'version: 1\nentities:\n  - id: "kerry"\n    name: "جون كيري"\n    kind: "person"\n');
    for (const arg of ['.', '.hashiya/entities.yaml']) {
      const r = await runMain(dir, 'check', arg);
      assert.equal(r.code, 0, arg);
      assert.deepEqual(
        r.out,
        [
          '.hashiya/entities.yaml: 1 entity, valid',
          'checked 0 sidecars: 0 valid, 0 with problems (0 problems); 1 entity registry: 1 valid, 0 with problems (0 problems)',
        ],
        arg,
      );
    }
  });

  it('broken: its problem, then the summary line, exit 1; beside sidecars: one summary for both', async () => {
    writeFileSync(registry(), 'version: 1\nentities: [\n');
    const r = await runMain(dir, 'check', '.');
    assert.equal(r.code, 1);
    assert.match(r.out[0], /^\.hashiya\/entities\.yaml:\d+:\d+: /);
    assert.equal(
      r.out.at(-1),
      'checked 0 sidecars: 0 valid, 0 with problems (0 problems); 1 entity registry: 0 valid, 1 with problems (1 problem)',
    );
    writeFileSync(path.join(dir, 'a.txt'), TEXT);
    writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), smallSidecar('a.txt'));
    const both = await runMain(dir, 'check', '.');
    assert.equal(both.code, 1);
    assert.equal(both.out.filter((l) => l.startsWith('checked ')).length, 1);
    assert.equal(
      both.out.at(-1),
      'checked 1 sidecar: 1 valid, 0 with problems (0 problems); 1 entity registry: 0 valid, 1 with problems (1 problem)',
    );
  });
});
