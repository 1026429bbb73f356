// Sidecar I/O on issue 12's input (bench/megabyte.ts: 1 MB of Arabic newswire, 10,000 annotations):
// parse + validate, serialize (fresh and keeping comments), and a session's full load and save on an
// in-memory file store. Run: npm run bench (or node out/bench/sidecarIo.bench.js after bundling).
// Where the time went before (node --cpu-prof, December 2026): writing built the `yaml` document
// (createNode, syncMap, stringify: ~0.7 s CPU new, ~2 s over the previous text, which was parsed
// into a document first: ~1.5 s); a session's load recomputed the date value of every date without
// one (chrono-node, ~0.15 s for the 3,333 dates here); each action compared 20,000 annotation
// copies by JSON.stringify (history) and hashed the 1 MB text again. Reading was already fast
// (core/format/plainYaml.ts). See docs/sidecar-format.md, "Performance: two paths, one output".
import * as format from '../src/core/format/sidecar';
import { parseSidecar, parseSidecarWithPositions, serializeSidecar, writeSidecar } from '../src/core/format/sidecar';
import { SidecarSession } from '../src/core/session/sidecarSession';
import { MemoryWorkspaceFiles } from '../src/core/workspace/memoryWorkspaceFiles';
import { sidecarStorageOf } from '../src/core/workspace/workspaceFiles';
import { megabyte } from './megabyte';

interface Row { name: string; ms: number; cpu: number; runs: number; target?: string }

/** Wall time and this process's CPU time (user + system, all its threads) of one call, in ms. */
async function once(f: () => unknown): Promise<{ ms: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  await f();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, cpu: (used.user + used.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Medians of wall and CPU time of `runs` calls of `f` (after one call to warm up, unless `cold`).
 * The CPU time says what a call costs when other processes share the two cores (wall time then grows).
 */
async function measure(runs: number, f: () => unknown, cold = false): Promise<{ ms: number; cpu: number }> {
  if (!cold) await f();
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await once(f));
  return { ms: median(all.map((x) => x.ms)), cpu: median(all.map((x) => x.cpu)) };
}

(async () => {
  const { text, sidecar: source } = megabyte();
  const rows: Row[] = [];
  const row = async (name: string, runs: number, f: () => unknown, target?: string, cold = false) =>
    rows.push({ name, runs, target, ...(await measure(runs, f, cold)) });

  const parsed = parseSidecar(source);
  if (!parsed.ok) throw new Error(`the megabyte sidecar does not parse: ${parsed.problems[0]?.message}`);
  await row('parse + validate (parseSidecar)', 7, () => parseSidecar(source), '<= 300 ms');
  await row('parse + validate, positional path (errors: line, column)', 3, () => parseSidecarWithPositions(source));
  const { sidecar } = parsed;
  await row('serialize, new file (serializeSidecar)', 7, () => serializeSidecar(sidecar), '<= 300 ms');
  await row('serialize over the previous text (keeping comments)', 5, () => serializeSidecar(sidecar, source),
    '<= 300 ms');
  const commented = source.replace('annotations:\n', 'annotations:\n  # a comment of the analyst\n');
  await row('serialize over a text with a comment inside (document path)', 3,
    () => writeSidecar(sidecar, commented).source);

  // the session: load (read, parse, validate, anchor) and save (one action: merge check, serialize, CAS write)
  const files = new MemoryWorkspaceFiles({ 'news/article.txt': text, 'news/article.hashiya.yaml': source });
  const storage = sidecarStorageOf(files, 'news/article.hashiya.yaml');
  await row('session: load (read, parse, validate, anchor)', 5, async () => {
    const session = new SidecarSession(storage, 'article.txt', text);
    const state = await session.load();
    if (state.kind !== 'ready') throw new Error(`broken: ${state.problems[0]?.message}`);
  }, '<= 300 ms', true);
  const session = new SidecarSession(storage, 'article.txt', text);
  await session.load();
  const first = session.set.annotations[0];
  let n = 0;
  await row('session: save one change (re-read, serialize, write)', 5, async () => {
    await session.update(first.id, { note: `checked ${n++}` }, { now: '2026-12-03T12:00:00.000Z' });
  }, '<= 300 ms', true);

  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = [];
  for (let i = 0; i < 3; i++) {
    const s = new SidecarSession(storage, 'article.txt', text);
    await s.load();
    kept.push(s);
  }
  global.gc?.();
  const perSession = (process.memoryUsage().heapUsed - before) / kept.length / 1024 / 1024;

  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\nsidecar I/O, bench/megabyte.ts (${source.length} UTF-16 units of sidecar, ` +
    `${sidecar.annotations.length} annotations), Node ${process.version}\n`);
  console.log(`${'benchmark (medians)'.padEnd(width)}  ${'wall ms'.padStart(9)}  ${'CPU ms'.padStart(9)}  runs  target`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${r.ms.toFixed(1).padStart(9)}  ${r.cpu.toFixed(1).padStart(9)}  ` +
      `${String(r.runs).padStart(4)}  ${r.target ?? ''}`);
  }
  console.log(`${'heap per open session (MiB)'.padEnd(width)}  ${perSession.toFixed(1).padStart(9)}  (${kept.length} kept open)`);
  // absent before the plain writer (the same benchmark runs on older commits)
  const plain = (format as { writtenPlain?: (p: format.ParsedSidecar) => boolean }).writtenPlain;
  if (plain) console.log(`written without the yaml document: ${plain(writeSidecar(sidecar, source))}`);
  console.log(`${'peak RSS (MiB)'.padEnd(width)}  ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0).padStart(9)}  <= 300 MiB`);
})().catch((err) => { console.error(err); process.exit(1); });
