import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSidecar } from '../../../src/core/format/sidecar';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { NodeSidecarStorage } from '../../../src/node/nodeFiles';
import { b22 } from '../../../bench/b22';
import { repoRoot } from '../../support/fixtures';
import { largeSidecar } from '../../support/largeSidecar';
import { heavyTimeout } from '../../support/timeouts';

/** Files a writer made beside the sidecar (Hashiya's temporary and swap files, Hashiya 0.3's temporary files). */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('.hashiya.') || f.endsWith('.tmp') || f.includes('.kept-'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint() / 1000n) / 1000;
function spin(ms: number): void {
  const until = now() + ms;
  while (now() < until) { /* a precise wait */ }
}

/** Kills of a Hashiya session inside its write (issue 8, item 3: at least 25). */
const SESSION_KILLS = 30;

describe('crash safety: a save killed at any moment leaves the old or the new complete sidecar', function () {
  // measured on the shared 2-core machine (load 2 to 5): 10 to 15 s
  this.timeout(heavyTimeout(15_000));

  it('SIGKILLs a process writing 300 kB sidecars in a loop, 25 times at random moments; the next write removes its temporary files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-crash-'));
    try {
      const { sidecar } = b22();
      const versions = [sidecar, sidecar.replace(/quote: "المتحدث باسم البلدية"/g, 'quote: "المتحدث باسم البلدية" ')];
      // the second version differs in every annotation; both parse
      assert.ok(parseSidecar(versions[0]).ok && versions[0] !== versions[1]);
      const file = path.join(dir, 'input.txt.annotations.yaml');
      writeFileSync(file, versions[0]);
      writeFileSync(path.join(dir, 'a.yaml'), versions[0]);
      writeFileSync(path.join(dir, 'b.yaml'), versions[1]);
      const cli = path.join(repoRoot(), 'dist', 'cli.js');
      const child = [
        `const { writeFileAtomic } = require(${JSON.stringify(cli)});`,
        'const fs = require("fs");',
        `const v = [fs.readFileSync(${JSON.stringify(path.join(dir, 'a.yaml'))}, "utf8"), fs.readFileSync(${JSON.stringify(path.join(dir, 'b.yaml'))}, "utf8")];`,
        'process.stdout.write("ready\\n");',
        `for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(file)}, v[i % 2]);`,
      ].join('\n');
      let kills = 0;
      let left = 0;
      for (let round = 0; round < 25; round++) {
        const proc = spawn(process.execPath, ['-e', child], { stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
        await sleep(5 + Math.floor(Math.random() * 60));
        proc.kill('SIGKILL');
        await new Promise((r) => proc.once('exit', r));
        kills++;
        const now = readFileSync(file, 'utf8');
        assert.ok(now === versions[0] || now === versions[1], `round ${round}: the sidecar is neither version (${now.length} chars)`);
        left += leftovers(dir).length;
        // the next run's write cleans up after the killed one
        const spawned = spawnSync(process.execPath, ['-e', `const f = ${JSON.stringify(file)}; require(${JSON.stringify(cli)}).writeFileAtomic(f, require("fs").readFileSync(f, "utf8"))`]);
        assert.equal(spawned.status, 0, String(spawned.stderr));
        assert.deepEqual(leftovers(dir), [], `round ${round}: files left after the next write`);
      }
      assert.equal(kills, 25);
      // most kills land inside a write (a temporary file was left to clean up)
      assert.ok(left >= 5, `only ${left} of 25 kills left a temporary file: the kills missed the write window`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('crash safety: Hashiya sessions killed inside their write, with someone else writing too (issue 8, item 3)', function () {
  // measured on the shared 2-core machine (load about 2): 33 s
  this.timeout(heavyTimeout(45_000));

  it(`${SESSION_KILLS} SIGKILLs at random moments inside the write window; the next run (session load, \`hashiya anchor\`, next write) leaves no temporary or swap file, a complete sidecar, and every change someone else made`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-kill-'));
    try {
      const big = largeSidecar(500);
      const article = path.join(dir, 'article.txt');
      const file = path.join(dir, 'article.txt.annotations.yaml');
      writeFileSync(article, big.text);
      writeFileSync(file, big.source);
      const script = path.join(repoRoot(), 'out', 'test', 'unit', 'node', 'writers.child.js');
      const cli = path.join(repoRoot(), 'dist', 'cli.js');
      const words = [...big.text.matchAll(/\S+/gu)];
      const foreign: string[] = [];
      let lastComplete = big.source;
      const seen = { temp: 0, swap: 0, missing: 0 };
      const nextRuns = { load: 0, anchor: 0, write: 0 };
      for (let round = 0; round < SESSION_KILLS; round++) {
        const proc = spawn(process.execPath, [script, 'loop', file, article], { stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
        // wait for a write to begin (its temporary file appears), then kill it at a random moment in it
        const prefix = '.article.txt.annotations.yaml.hashiya.';
        const until = now() + 20_000;
        while (!readdirSync(dir).some((n) => n.startsWith(prefix) && n.endsWith('.tmp')) && now() < until) await new Promise((r) => setImmediate(r));
        const writeBefore = round % 2 === 0;
        if (writeBefore) {
          // someone else (git, a colleague) replaces the file in the middle of that write
          spin(Math.random() * 3);
          const w = words[(round * 37 + 5) % words.length];
          const start = [...big.text.slice(0, w.index)].length;
          const quote = w[0];
          const id = `foreign${String(round).padStart(3, '0')}`;
          const content = `${lastComplete}  - id: "${id}"\n    label: "actor"\n    start: ${start}\n    end: ${start + [...quote].length}\n    quote: ${JSON.stringify(quote)}\n`;
          const temp = path.join(dir, 'git-checkout.tmp');
          writeFileSync(temp, content);
          renameSync(temp, file);
          foreign.push(id);
        }
        if (round % 3 === 1) {
          // inside the swap itself (the file moved away for about a millisecond): poll for it
          const until2 = now() + 5000;
          while (!readdirSync(dir).some((n) => n.startsWith(prefix) && n.endsWith('.swap')) && now() < until2) { /* poll */ }
        } else {
          spin(Math.random() * 4);
        }
        proc.kill('SIGKILL');
        await new Promise((r) => proc.once('exit', r));
        const names = leftovers(dir);
        if (names.some((n) => n.endsWith('.tmp') && n.includes('.hashiya.'))) seen.temp++;
        if (names.some((n) => n.endsWith('.swap'))) seen.swap++;
        if (!readdirSync(dir).includes('article.txt.annotations.yaml')) seen.missing++;
        // the next run
        const how = (['load', 'anchor', 'write'] as const)[(round + Math.floor(round / 3)) % 3];
        nextRuns[how]++;
        if (how === 'load') {
          const session = new SidecarSession(new NodeSidecarStorage(file), 'article.txt', big.text);
          assert.equal((await session.load()).kind, 'ready', `round ${round}: the sidecar does not load`);
        } else if (how === 'anchor') {
          const result = spawnSync(process.execPath, [cli, 'anchor', article], { encoding: 'utf8' });
          assert.equal(result.status, 0, `round ${round}: ${result.stdout}${result.stderr}`);
        } else {
          const session = new SidecarSession(new NodeSidecarStorage(file), 'article.txt', big.text);
          await session.load();
          await session.update(big.annotations[1].id, { note: `next run ${round}` }, { now: new Date().toISOString() });
        }
        assert.deepEqual(leftovers(dir), [], `round ${round}: files left after the next run (${how})`);
        const final = readFileSync(file, 'utf8');
        const parsed = parseSidecar(final);
        assert.ok(parsed.ok, `round ${round}: the sidecar is not complete`);
        const ids = new Set(parsed.sidecar.annotations.map((a) => a.id));
        for (const a of big.annotations) assert.ok(ids.has(a.id), `round ${round}: ${a.id} lost`);
        for (const id of foreign) assert.ok(ids.has(id), `round ${round}: ${id}, written by someone else, lost`);
        lastComplete = final;
      }
      // the kills landed inside writes: most left a temporary or swap file for the next run
      assert.ok(seen.temp + seen.swap >= SESSION_KILLS / 2, `the kills missed the write window: ${JSON.stringify(seen)}`);
      if (process.env.HASHIYA_RACE_REPORT) process.stdout.write(`      kills: ${JSON.stringify({ seen, nextRuns, foreign: foreign.length })}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
