// Re-anchoring under load (cases from an adversarial review). Run: npm run bench.
import type { Annotation } from '../src/core/model/annotation';
import { quoteSelector } from '../src/core/model/annotationSet';
import { anchorToText, reanchor } from '../src/core/anchoring/anchoring';
import { OffsetIndex } from '../src/core/text/offsets';
import { emptySidecar } from '../src/core/format/sidecar';
import { textSha256 } from '../src/core/text/textHash';

let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const WORDS = 'قال وزير الخارجية الروسي سيرغي لافروف إن الاتفاق على عقد لقاء جديد في موسكو ما زال قائما وأضاف أن المحادثات ستستأنف الأسبوع المقبل'.split(' ');
function article(units: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < units) {
    const w = WORDS[Math.floor(rnd() * WORDS.length)] + (rnd() < 0.05 ? String(Math.floor(rnd() * 1e5)) : '');
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}

/** An article of paragraphs (LF line ends) of 20 to 120 words. */
function paragraphs(units: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < units) {
    const p = article(20 * 7 + Math.floor(rnd() * 100 * 7));
    out.push(p);
    n += p.length + 1;
  }
  return out.join('\n');
}

function annotation(index: OffsetIndex, id: string, start: number, end: number): Annotation {
  return { id, label: 'claim', start, end, ...quoteSelector(index, start, end) };
}

function timed(name: string, f: () => string): void {
  const t = Date.now();
  const result = f();
  console.log(`${name.padEnd(78)} ${String(Date.now() - t).padStart(7)} ms  ${result}`);
}

console.log('\nre-anchoring under load (target: a few seconds at most)\n');
timed('one 300,000-code-point quote, one letter changed, in a 5 MB text', () => {
  const old = article(2_600_000);
  const a = annotation(new OffsetIndex(old), 'a', 1000, 301000);
  const cps = [...old];
  cps[150000] = 'Z';
  return reanchor(`X${cps.join('')}`, a).anchored ?? 'exact';
});
timed('a 24-code-point quote that is not there, in 5 MB of one repeated letter', () => {
  const a = annotation(new OffsetIndex('aaaaaaaaaaaaaaaaaaaaaaab here'), 'a', 0, 24);
  return reanchor('a'.repeat(2_600_000), a).anchored ?? 'exact';
});
timed('40,000 annotations in a 1 MB article after one word inserted at the top', () => {
  const old = article(500_000);
  const index = new OffsetIndex(old);
  const cps = [...old];
  const annotations: Annotation[] = [];
  for (let i = 0, at = 0; i < 40000 && at < cps.length; i++) {
    const s = cps.indexOf(' ', at) + 1;
    const e = cps.indexOf(' ', s);
    if (s <= 0 || e < 0) break;
    annotations.push(annotation(index, `a${i}`, s, e));
    at = Math.max(e, Math.floor((i + 1) * cps.length / 40000));
  }
  const sc = emptySidecar('a.txt');
  sc.text.sha256 = textSha256(old);
  sc.annotations = annotations;
  const r = anchorToText(`مقدمة ${old}`, sc);
  if (!r.ok) return 'refused';
  const counts: Record<string, number> = {};
  for (const s of r.statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
  return `${annotations.length} annotations: ${JSON.stringify(counts)}`;
});
/** Median of `runs` timings (ms) of `f`, with its last result. */
function median(name: string, runs: number, f: () => string): void {
  const times: number[] = [];
  let result = '';
  for (let i = 0; i < runs; i++) {
    const t = Date.now();
    result = f();
    times.push(Date.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(78)} ${String(times[Math.floor(runs / 2)]).padStart(7)} ms  median of ${runs} (${times.join(', ')})  ${result}`);
}

{
  // 20,000 one-word annotations, then the file's line ends converted LF -> CR LF (target: 2 s)
  const old = paragraphs(600_000);
  const index = new OffsetIndex(old);
  const cps = [...old];
  const words: [number, number][] = [];
  for (let i = 0; i < cps.length;) {
    if (cps[i] === ' ' || cps[i] === '\n') { i++; continue; }
    let j = i;
    while (j < cps.length && cps[j] !== ' ' && cps[j] !== '\n') j++;
    words.push([i, j]);
    i = j;
  }
  const step = words.length / 20000;
  const annotations = Array.from({ length: 20000 }, (_, i) => {
    const [s, e] = words[Math.floor(i * step)];
    return annotation(index, `a${i}`, s, e);
  });
  const sc = emptySidecar('a.txt');
  sc.text.sha256 = textSha256(old);
  sc.annotations = annotations;
  const crlf = old.replace(/\n/g, '\r\n');
  median(`20,000 one-word annotations in ${Math.round(old.length / 1000)} kB after LF -> CR LF`, 5, () => {
    const r = anchorToText(crlf, sc);
    if (!r.ok) return 'refused';
    const counts: Record<string, number> = {};
    for (const s of r.statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
    return JSON.stringify(counts);
  });
  // the same, with one word inserted at the top too: no exact map, every annotation searched
  median(`the same after LF -> CR LF and a word inserted at the top (searched)`, 5, () => {
    const r = anchorToText(`مقدمة ${crlf}`, sc);
    if (!r.ok) return 'refused';
    const counts: Record<string, number> = {};
    for (const s of r.statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
    return JSON.stringify(counts);
  });
}

timed('300 annotations whose words are gone, in a 5 MB text', () => {
  const old = article(2_600_000);
  const index = new OffsetIndex(old);
  const annotations = Array.from({ length: 300 }, (_, i) => annotation(index, `a${i}`, i * 100, i * 100 + 40));
  const sc = emptySidecar('a.txt');
  sc.text.sha256 = textSha256(old);
  sc.annotations = annotations;
  const r = anchorToText('The quick brown fox jumps over the lazy dog near the river bank today. '.repeat(37000), sc);
  return r.ok ? `${r.orphaned.length} orphaned` : 'refused';
});
