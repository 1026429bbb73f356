import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSidecar } from '../../src/core/sidecar';
import { b22 } from '../../bench/b22';
import { repoRoot } from '../support/fixtures';

describe('crash safety: a save killed at any moment leaves the old or the new complete sidecar', function () {
  this.timeout(120000);

  it('SIGKILLs a process writing 300 kB sidecars in a loop, 25 times at random moments', async () => {
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
      for (let round = 0; round < 25; round++) {
        const proc = spawn(process.execPath, ['-e', child], { stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
        await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 60)));
        proc.kill('SIGKILL');
        await new Promise((r) => proc.once('exit', r));
        kills++;
        const now = readFileSync(file, 'utf8');
        assert.ok(now === versions[0] || now === versions[1], `round ${round}: the sidecar is neither version (${now.length} chars)`);
      }
      assert.equal(kills, 25);
      const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      assert.ok(leftovers.length <= 25, 'at most one temporary file per killed write');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
