// The git merge driver's work on two 5,000-annotation sidecars (target: <= 200 ms). Run: npm run bench.
// Git itself (the driver process, git cat-file, git merge-file) is not included: see the report.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Annotation } from '../src/core/model/annotation';
import { AnnotationSet } from '../src/core/model/annotationSet';
import { anchorToText } from '../src/core/anchoring/anchoring';
import { mapOntoText, mergeSidecars } from '../src/core/merge/merge';
import { type Sidecar, emptySidecar, parseSidecar, serializeSidecar, writeSidecar } from '../src/core/format/sidecar';
import { textSha256 } from '../src/core/text/textHash';
import { adoptItems } from '../src/core/format/yamlFile';
import { repoRoot } from '../test/support/fixtures';
import { medianMs } from './timing';

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const NOW = { now: '2026-11-29T12:00:00.000Z' };

/** news.txt twenty times over (about 90,000 code points, 240 paragraphs) with 5,000 one- to three-word annotations. */
function baseOf(): { text: string; annotations: Annotation[] } {
  const news = readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'workspace', 'news.txt'), 'utf8');
  const text = Array.from({ length: 40 }, (_, i) => `القسم ${i + 1}\n\n${news}`).join('\n\n');
  const set = new AnnotationSet(text);
  const points = [...text];
  const starts: number[] = [];
  for (let i = 0; i < points.length; i++) if (/\p{L}/u.test(points[i]) && (i === 0 || !/[\p{L}\p{M}]/u.test(points[i - 1]))) starts.push(i);
  for (let k = 0; k < starts.length && set.size < 5000; k += 2) {
    let end = starts[k];
    while (end < points.length && /[\p{L}\p{M}]/u.test(points[end])) end++;
    const words = 1 + Math.floor(rnd() * 3);
    if (words > 1 && starts[k + words - 1] !== undefined && !points.slice(end, starts[k + words - 1]).includes('\n')) {
      end = starts[k + words - 1];
      while (end < points.length && /[\p{L}\p{M}]/u.test(points[end])) end++;
    }
    set.add((['claim', 'actor', 'date'] as const)[k % 3], starts[k], end, NOW);
  }
  return { text, annotations: set.annotations };
}

function sidecarOf(text: string, annotations: Annotation[]): Sidecar {
  const s = emptySidecar('news.txt');
  s.text.length = [...text].length;
  s.text.sha256 = textSha256(text);
  s.annotations = annotations;
  return s;
}

function changeSome(annotations: Annotation[], every: number, offset: number, change: (a: Annotation) => Annotation): Annotation[] {
  return annotations.map((a, i) => (i % every === offset ? change(a) : a));
}

/** The median of `runs` calls of `f`, in ms (bench/timing.ts). */
const median = (runs: number, f: () => unknown): number => medianMs(runs, f).ms;

const { text, annotations } = baseOf();
// ours: notes on every 15th, relabels on every 50th, 150 removed, 200 added (no text change)
let oursList = changeSome(annotations, 15, 0, (a) => ({ ...a, note: 'our note', modified: '2026-12-01T00:00:00.000Z' }));
oursList = changeSome(oursList, 50, 7, (a) => ({ ...a, label: a.label === 'claim' ? 'actor' : 'claim' }));
oursList = oursList.filter((_, i) => i % 33 !== 5);
const extra = new AnnotationSet(text, oursList);
for (let i = 0; i < 200; i++) {
  const at = Math.floor(rnd() * (extra.index.codePointLength - 10));
  try { extra.add('date', at, at + 3, NOW); } catch { /* a span between CR and LF */ }
}
oursList = extra.annotations;
// theirs: the text corrected (a sentence added to 60 paragraphs, tashkeel, LF -> CR LF), notes on every 15th (offset 7), 200 added
let theirsText = text;
let n = 0;
theirsText = theirsText.replace(/\n\nوقال/g, (m) => (n++ % 2 === 0 ? `\n\nتحديث: أضيفت هذه الجملة. ${m.slice(2)}` : m));
theirsText = theirsText.replace(/كيري/g, 'كِيرِي').replace(/\n/g, '\r\n');
let theirsList = mapOntoText(changeSome(annotations, 15, 7, (a) => ({ ...a, note: 'their note' })), text, theirsText);
const theirsSet = new AnnotationSet(theirsText, theirsList);
for (let i = 0; i < 200; i++) {
  const at = Math.floor(rnd() * (theirsSet.index.codePointLength - 10));
  try { theirsSet.add('actor', at, at + 3, NOW); } catch { /* a span between CR and LF */ }
}
theirsList = theirsSet.annotations;

const sources = {
  base: serializeSidecar(sidecarOf(text, annotations)),
  ours: serializeSidecar(sidecarOf(text, oursList)),
  theirs: serializeSidecar(sidecarOf(theirsText, theirsList)),
  theirsSameText: serializeSidecar(sidecarOf(text, changeSome(annotations, 15, 7, (a) => ({ ...a, note: 'their note' })))),
};

/** What `hashiya merge` does between reading the files and writing the result. */
function driver(theirsSource: string, texts: { base?: string; ours?: string; theirs?: string; merged?: string }): number {
  const [b, o, t] = [parseSidecar(sources.base), parseSidecar(sources.ours), parseSidecar(theirsSource)];
  if (!b.ok || !o.ok || !t.ok) throw new Error('invalid bench sidecar');
  // each version whose text is known must fit it (quotes and recorded conflicts' positions at their offsets)
  for (const [side, known] of [[b, texts.base], [o, texts.ours], [t, texts.theirs]] as const) {
    if (known !== undefined && !anchorToText(known, side.sidecar).ok) throw new Error('a version does not fit its text');
  }
  const result = mergeSidecars({
    base: { sidecar: b.sidecar, text: texts.base }, ours: { sidecar: o.sidecar, text: texts.ours }, theirs: { sidecar: t.sidecar, text: texts.theirs }, merged: texts.merged,
  });
  adoptItems(o.parsed.document, t.parsed.document, 'annotations', new Set(result.sidecar.annotations.map((a) => a.id)));
  const content = writeSidecar(result.sidecar, o.parsed).source;
  if (!parseSidecar(content).ok) throw new Error('invalid merge');
  return result.sidecar.annotations.length;
}

const parsed = { base: parseSidecar(sources.base), ours: parseSidecar(sources.ours), theirs: parseSidecar(sources.theirs), same: parseSidecar(sources.theirsSameText) };
if (!parsed.base.ok || !parsed.ours.ok || !parsed.theirs.ok || !parsed.same.ok) throw new Error('invalid bench sidecar');
const [pb, po, pt, ps] = [parsed.base.sidecar, parsed.ours.sidecar, parsed.theirs.sidecar, parsed.same.sidecar];

const rows: [string, number][] = [
  ['merge in memory, same article (mergeSidecars)', median(9, () => mergeSidecars({ base: { sidecar: pb, text }, ours: { sidecar: po, text }, theirs: { sidecar: ps, text }, merged: text }))],
  ['merge in memory, theirs corrected the article (diff + placing 2 x 5,000)', median(9, () => mergeSidecars({ base: { sidecar: pb, text }, ours: { sidecar: po, text }, theirs: { sidecar: pt, text: theirsText }, merged: theirsText }))],
  ['driver work, same article: parse 3 + merge + write (comments kept) + check', median(9, () => driver(sources.theirsSameText, { base: text, ours: text, theirs: text, merged: text }))],
  ['driver work, article corrected: parse 3 + merge + write + check', median(9, () => driver(sources.theirs, { base: text, ours: text, theirs: theirsText, merged: theirsText }))],
];
const po3 = parseSidecar(sources.ours);
if (!po3.ok) throw new Error('invalid bench sidecar');
rows.push(['  of which: parse + validate one 5,000-annotation sidecar (yaml)', median(5, () => parseSidecar(sources.ours))]);
rows.push(['  of which: write one (comments kept)', median(5, () => writeSidecar(po3.sidecar, sources.ours))]);
rows.push(['  of which: check that one fits its text (anchorToText, text unchanged)', median(5, () => anchorToText(text, po3.sidecar))]);
console.log(`\ngit merge driver, two sidecars of ${po.annotations.length} and ${pt.annotations.length} annotations on a ${[...text].length}-code-point article, Node ${process.version}\n`);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${'benchmark (median of 9)'.padEnd(width)}  ${'ms'.padStart(9)}  target`);
for (const [name, ms] of rows) console.log(`${name.padEnd(width)}  ${ms.toFixed(1).padStart(9)}  ${name.startsWith('merge in memory') ? '<= 200 ms' : ''}`);
