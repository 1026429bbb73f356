// Issue 12 at scale: the real command line (dist/cli.js through bin/hashiya.js, built by
// scripts/build.mjs) on 1 MB of ANERcorp newswire with 10,000 annotations (bench/megabyte.ts):
// `hashiya check`, `hashiya anchor` after one line inserted near the start and in the middle, and
// `hashiya suggest`; medians and peak resident memory. Then the core functions alone, so that the
// sidecar's parse and serialise (src/core/format, timed apart) can be told from the rest.
// Run: npm run bench (or node out/bench/scale.bench.js after scripts/bench.mjs built it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { anchorToText } from '../src/core/anchoring/anchoring';
import { parseSidecar, serializeSidecar } from '../src/core/format/sidecar';
import { suggest } from '../src/core/suggest/suggest';
import { checkSidecarSource } from '../src/core/workspace/check';
import { NEWS_PRESET } from '../src/core/model/projectSchema';
import { megabyte } from './megabyte';
import { medianMs, medianMsAsync } from './timing';

const RUNS = Number(process.env.SCALE_RUNS ?? 3);
const bin = path.resolve(__dirname, '..', '..', 'bin', 'hashiya.js');
if (!existsSync(path.resolve(__dirname, '..', '..', 'dist', 'cli.js'))) {
  console.error('dist/cli.js is missing: run node scripts/build.mjs --no-tests first');
  process.exit(1);
}
const hasTime = existsSync('/usr/bin/time');

const { text, sidecar, annotations } = megabyte();
const dir = mkdtempSync(path.join(tmpdir(), 'hashiya-scale-'));
const article = path.join(dir, 'article.txt');
const sidecarFile = `${article}.annotations.yaml`;
const outFile = path.join(dir, 'out.txt');

/** The text with one line of news inserted before the line break nearest `at` (UTF-16). */
function withLine(at: number): string {
  const nl = text.indexOf('\n', at) + 1;
  return `${text.slice(0, nl)}وقال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة .\n${text.slice(nl)}`;
}

interface Run { ms: number; cpuMs: number; rssMiB: number; code: number | null }

/** One run of the command line with `args`; stdout to a file (suggest prints a line per suggestion). */
function cli(args: string[]): Run {
  const fd = openSync(outFile, 'w');
  const argv = hasTime ? ['-v', process.execPath, bin, ...args] : [bin, ...args];
  const t = process.hrtime.bigint();
  const r = spawnSync(hasTime ? '/usr/bin/time' : process.execPath, argv, {
    cwd: dir, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, HASHIYA_LANG: 'en' }, maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  closeSync(fd);
  const stderr = r.stderr.toString();
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const seconds = (what: string) => Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
  return { ms, cpuMs: 1000 * (seconds('User') + seconds('System')), rssMiB: rss ? Number(rss[1]) / 1024 : NaN, code: r.status };
}

interface Row { name: string; ms: number; cpuMs?: number; rssMiB?: number; target: string; note?: string }
const rows: Row[] = [];

/** Median of RUNS command-line runs, each after `prepare`; peak RSS the largest seen. */
function measureCli(name: string, args: string[], target: string, prepare: () => void = () => {}): void {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    prepare();
    runs.push(cli(args));
  }
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
  const tail = readFileSync(outFile, 'utf8').trimEnd().split('\n').at(-1) ?? '';
  rows.push({
    name, ms: times[Math.floor(times.length / 2)], cpuMs: cpu[Math.floor(cpu.length / 2)], rssMiB: Math.max(...runs.map((r) => r.rssMiB)), target,
    note: `exit ${runs[0].code}; ${tail.slice(0, 110)}`,
  });
}

/** Median wall and CPU time (this process: user + system, GC threads included) of `runs` calls of `f`. */
function core(name: string, runs: number, f: () => unknown, target = ''): unknown {
  const cpu: number[] = [];
  const { ms, result } = medianMs(runs, () => {
    const before = process.cpuUsage();
    const out = f();
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    return out;
  });
  cpu.shift(); // the warm-up call
  rows.push({ name, ms, cpuMs: cpu.sort((a, b) => a - b)[Math.floor(cpu.length / 2)], target });
  return result;
}

const early = withLine(2000);
const middle = withLine(Math.floor(text.length / 2));
const restore = (t: string) => () => {
  writeFileSync(article, t);
  writeFileSync(sidecarFile, sidecar);
};

async function main(): Promise<void> {
  measureCli('hashiya check', ['check', 'article.txt'], '≤ 500 ms', restore(text));
  measureCli('hashiya anchor, one line inserted near the start', ['anchor', 'article.txt'], '≤ 1000 ms', restore(early));
  measureCli('hashiya anchor, one line inserted in the middle', ['anchor', 'article.txt'], '≤ 1000 ms', restore(middle));
  measureCli('hashiya suggest', ['suggest', 'article.txt'], '≤ 2000 ms', restore(text));
  measureCli('node alone (start-up, for reference)', ['--version'], '');

  // the core alone: what the commands do besides reading files, parsing and serialising the sidecar
  const parsed = parseSidecar(sidecar);
  if (!parsed.ok) throw new Error('the megabyte sidecar does not parse');
  const sc = parsed.sidecar;
  core('  sidecar parse (src/core/format, another helper)', 3, () => parseSidecar(sidecar));
  core('  sidecar serialise, keeping comments (src/core/format)', 3, () => serializeSidecar(sc, sidecar));
  core('  anchorToText, text unchanged (check)', 5, () => anchorToText(text, sc));
  rows.push({ name: '  checkSidecarSource (its parse included)', target: '', ms: await medianMsAsync(3, () =>
    checkSidecarSource({
      source: sidecar, article: 'article.txt', schema: NEWS_PRESET, display: (p) => p,
      readArticle: async () => ({ ok: true, text }),
    })) });
  const anchoredEarly = core('  anchorToText, one line inserted near the start', 3, () => anchorToText(early, sc));
  const anchoredMiddle = core('  anchorToText, one line inserted in the middle', 3, () => anchorToText(middle, sc));
  core('  suggest(text)', 3, () => suggest(text, { published: '2026-12-03' }));
  const counts = (r: unknown) => {
    const res = r as ReturnType<typeof anchorToText>;
    if (!res.ok) return 'refused';
    const c: Record<string, number> = {};
    for (const s of res.statuses.values()) c[s] = (c[s] ?? 0) + 1;
    return JSON.stringify(c);
  };
  rows.find((r) => r.name.includes('anchorToText, one line inserted near'))!.note = counts(anchoredEarly);
  rows.find((r) => r.name.includes('anchorToText, one line inserted in the middle'))!.note = counts(anchoredMiddle);
}

main().then(report, (err) => {
  console.error(err);
  process.exitCode = 1;
}).finally(() => rmSync(dir, { recursive: true, force: true }));

function report(): void {
  console.log(`\nissue 12 at scale: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB of ANERcorp, ` +
    `${annotations.length} annotations, command line medians of ${RUNS}, Node ${process.version}\n`);
  const width = Math.max(...rows.map((r) => r.name.length));
  const head = ['wall ms', 'CPU ms', 'peak MiB'].map((h) => h.padStart(8)).join('  ');
  console.log(`${'benchmark'.padEnd(width)}  ${head}  ${'target'.padEnd(9)}  note`);
  const n = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '' : x.toFixed(0)).padStart(8);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${n(r.ms)}  ${n(r.cpuMs)}  ${n(r.rssMiB)}  ${r.target.padEnd(9)}  ${r.note ?? ''}`);
  }
  console.log('(CPU: user + system time, GC threads included; on a busy machine it is closer to the time alone than wall)');
  console.log('memory target: ≤ 300 MB peak resident for each command');
}
