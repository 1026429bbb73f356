// Sidecar I/O on issue 12's input (bench/megabyte.ts: 1 MB of Arabic newswire, 10,000 annotations):
// parse + validate, serialize (fresh and keeping comments), and a session's full load and save on an
// in-memory file store. Run: npm run bench (or node out/bench/sidecarIo.bench.js after bundling).
import { parseSidecar, parseSidecarWithPositions, serializeSidecar, writeSidecar } from '../src/core/format/sidecar';
import { SidecarSession } from '../src/core/session/sidecarSession';
import { MemoryWorkspaceFiles } from '../src/core/workspace/memoryWorkspaceFiles';
import { sidecarStorageOf } from '../src/core/workspace/workspaceFiles';
import { megabyte } from './megabyte';
import { medianMs, medianMsAsync } from './timing';

interface Row { name: string; ms: number; runs: number; target?: string }

(async () => {
  const { text, sidecar: source } = megabyte();
  const rows: Row[] = [];
  const row = (name: string, runs: number, ms: number, target?: string) => rows.push({ name, ms, runs, target });

  const parsed = medianMs(7, () => parseSidecar(source)).result;
  if (!parsed.ok) throw new Error(`the megabyte sidecar does not parse: ${parsed.problems[0]?.message}`);
  row('parse + validate (parseSidecar)', 7, medianMs(7, () => parseSidecar(source)).ms, '<= 300 ms');
  row('parse + validate, positional path (errors: line, column)', 3,
    medianMs(3, () => parseSidecarWithPositions(source)).ms);
  const { sidecar } = parsed;
  row('serialize, new file (serializeSidecar)', 7, medianMs(7, () => serializeSidecar(sidecar)).ms, '<= 300 ms');
  row('serialize over the previous text (keeping comments)', 5,
    medianMs(5, () => serializeSidecar(sidecar, source)).ms, '<= 300 ms');
  const commented = source.replace('annotations:\n', 'annotations:\n  # a comment of the analyst\n');
  row('serialize over a previous text with an added comment', 3,
    medianMs(3, () => writeSidecar(sidecar, commented).source).ms);

  // the session: load (read, parse, validate, anchor) and save (one action: merge check, serialize, CAS write)
  const files = new MemoryWorkspaceFiles({ 'news/article.txt': text, 'news/article.hashiya.yaml': source });
  const storage = sidecarStorageOf(files, 'news/article.hashiya.yaml');
  row('session: load (read, parse, validate, anchor)', 5, await medianMsAsync(5, async () => {
    const session = new SidecarSession(storage, 'article.txt', text);
    const state = await session.load();
    if (state.kind !== 'ready') throw new Error(`broken: ${state.problems[0]?.message}`);
  }), '<= 300 ms');
  const session = new SidecarSession(storage, 'article.txt', text);
  await session.load();
  const first = session.set.annotations[0];
  let n = 0;
  row('session: save one change (re-read, serialize, write)', 5, await medianMsAsync(5, async () => {
    await session.update(first.id, { note: `checked ${n++}` }, { now: '2026-12-03T12:00:00.000Z' });
  }), '<= 300 ms');

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
  console.log(`${'benchmark'.padEnd(width)}  ${'median ms'.padStart(9)}  runs  target`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${r.ms.toFixed(1).padStart(9)}  ${String(r.runs).padStart(4)}  ${r.target ?? ''}`);
  }
  console.log(`${'heap per open session (MiB)'.padEnd(width)}  ${perSession.toFixed(1).padStart(9)}  (${kept.length} kept open)`);
  console.log(`${'peak RSS (MiB)'.padEnd(width)}  ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0).padStart(9)}  <= 300 MiB`);
})().catch((err) => { console.error(err); process.exit(1); });
