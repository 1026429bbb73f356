// A table of benchmark medians with their targets (bench/workspace.bench.ts, bench/workspaceView.bench.ts).
import { cpus, loadavg } from 'node:os';

/** One row of a results table: what, the median, the target (ms; NaN: none, a part of the row above), the runs. */
export interface BenchRow { what: string; ms: number; target: number; note?: string }

/** Prints `rows` as a table with the targets. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n${title} (${cpus().length} cores, load ${loadavg()[0].toFixed(1)})\n`);
  const width = Math.max(...rows.map((r) => r.what.length));
  console.log(`${'measure'.padEnd(width)}  ${'median'.padStart(9)}  ${'target'.padStart(9)}`);
  for (const r of rows) {
    const ok = Number.isNaN(r.target) ? '' : r.ms <= r.target ? 'ok' : 'SLOW';
    const target = Number.isNaN(r.target) ? '' : `<= ${r.target}`;
    console.log(`${r.what.padEnd(width)}  ${`${r.ms.toFixed(0)} ms`.padStart(9)}  ${target.padStart(9)}  ` +
      `${ok}${r.note ? `  ${r.note}` : ''}`);
  }
}
