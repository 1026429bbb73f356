// Issue 12's workspace, the core and command-line parts: 1,000 articles of 3–8 kB with 50
// annotations each and a 5,000-entity registry (bench/workspace.ts). Measures the registry read
// (read, parse and validate, index built: what the extension does at start and after each change
// of the file) and `hashiya check` over the folder (the real CLI bundle, dist/cli.js, a fresh
// process each run: wall time). Medians, printed with the targets. Run: npm run bench.
// The views in the real workbench: bench/workspaceView.bench.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadRegistry } from '../src/core/entities/registryLoad';
import { medianMs } from './timing';
import { printTable } from './benchTable';
import { writeWorkspace } from './workspace';

const ROOT = path.resolve(__dirname, '..', '..');

function main(): void {
  const folder = mkdtempSync(path.join(tmpdir(), 'hashiya-bench-workspace-'));
  try {
    const layout = writeWorkspace(folder);
    const registryFile = path.join(folder, layout.registry);
    const registry = medianMs(7, () => {
      const loaded = loadRegistry(readFileSync(registryFile, 'utf8'));
      if (!loaded.ok) throw new Error(loaded.problems[0]?.message);
      return loaded.resolve('e04999');
    });
    const cli = path.join(ROOT, 'bin', 'hashiya.js');
    let summary = '';
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t = process.hrtime.bigint();
      summary = execFileSync(process.execPath, [cli, 'check', '.'], { cwd: folder, encoding: 'utf8' });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const check = [...times].sort((a, b) => a - b)[1]!;
    printTable(`Workspace of ${layout.articles.length} articles (${(layout.textBytes / layout.articles.length / 1000)
      .toFixed(1)} kB on average, 50 annotations each), 5,000 entities`, [
      { what: 'entity registry read (parse, validate, index)', ms: registry.ms, target: 300,
        note: `${registry.result?.name ? 'e04999 resolved' : 'e04999 NOT resolved'}` },
      { what: 'hashiya check . (CLI process, wall)', ms: check, target: 5000, note: `runs ${times.map((t) =>
        t.toFixed(0)).join(', ')} ms` },
    ]);
    console.log(`  ${summary.trim().split('\n').pop()}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
