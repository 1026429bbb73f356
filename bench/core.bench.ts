// Core benchmarks on case B22 (216k UTF-16 units, 2000 annotations). Run: npm run bench.
import { AnnotationSet } from '../src/core/model/annotationSet';
import { OffsetIndex, normalizeSelection } from '../src/core/text/offsets';
import { parseSidecar, serializeSidecar } from '../src/core/format/sidecar';
import { SidecarSession } from '../src/core/session/sidecarSession';
import { b22 } from './b22';

interface Row { name: string; ms: number; per: string; target?: string }
const rows: Row[] = [];

async function measure(name: string, runs: number, fn: () => unknown | Promise<unknown>, target?: string): Promise<void> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  rows.push({ name, ms: times[Math.floor(times.length / 2)], per: `median of ${runs}`, target });
}

(async () => {
  const { text, sidecar } = b22();
  const index = new OffsetIndex(text);
  await measure('OffsetIndex of the whole text', 20, () => new OffsetIndex(text));
  await measure('2000 code point -> UTF-16 conversions', 50, () => { for (let i = 0; i < 2000; i++) index.toUtf16((i * 97) % index.codePointLength); });
  await measure('1000 selections normalised (graphemes, trim)', 10, () => { for (let i = 0; i < 1000; i++) normalizeSelection(text, (i * 211) % text.length, (i * 211 + 40) % text.length); });
  await measure('parse + validate the 2000-annotation sidecar', 5, () => parseSidecar(sidecar), '< 1000 ms');
  const parsed = parseSidecar(sidecar);
  if (!parsed.ok) throw new Error('B22 sidecar invalid');
  await measure('serialize it again (keeping comments)', 5, () => serializeSidecar(parsed.sidecar, sidecar), '< 1000 ms');
  let disk = sidecar;
  const storage = { read: async () => disk, write: async (c: string) => { disk = c; } };
  await measure('open: load and anchor 2000 annotations', 5, async () => {
    const s = new SidecarSession(storage, 'input.txt', text);
    await s.load();
  }, '< 1000 ms');
  const session = new SidecarSession(storage, 'input.txt', text);
  await session.load();
  const lastLine = text.lastIndexOf('\n', text.length - 2) + 1;
  await measure('add one annotation on the last line and write', 5, async () => {
    const a = await session.add('claim', index.toCodePoint(lastLine + 3), index.toCodePoint(lastLine + 10), { now: new Date().toISOString() });
    await session.remove(a.id);
  }, '< 500 ms (two writes)');
  const set = new AnnotationSet(text, parsed.sidecar.annotations);
  let typed = text;
  await measure('one keystroke at the top: move 2000 annotations', 20, () => {
    typed = `x${typed}`;
    set.applyChanges([{ start: 0, end: 0, text: 'x' }], typed);
  }, '< 50 ms');
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const sessions = [];
  for (let i = 0; i < 5; i++) {
    const s = new SidecarSession(storage, 'input.txt', text);
    await s.load();
    sessions.push(s);
  }
  global.gc?.();
  const perSession = (process.memoryUsage().heapUsed - before) / 5 / 1024 / 1024;

  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\ncore, case B22 (${text.length} UTF-16 units, ${parsed.sidecar.annotations.length} annotations), Node ${process.version}\n`);
  console.log(`${'benchmark'.padEnd(width)}  ${'ms'.padStart(9)}  target`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.ms.toFixed(2).padStart(9)}  ${r.target ?? ''}`);
  console.log(`${'heap per open B22 session (MiB)'.padEnd(width)}  ${perSession.toFixed(1).padStart(9)}  (${sessions.length} kept open)`);
})().catch((err) => { console.error(err); process.exit(1); });
