// hashiya agree's measures on two annotators × 1,000 articles (target: <= 10 s). Run: npm run bench.
// Reading the files is not included (the CLI's reading is that of hashiya check); this is the core:
// pairing, F1, κ, αU and relations per article, the tallies added up and summed up.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Annotation } from '../src/core/model/annotation';
import { NEWS_PRESET } from '../src/core/model/projectSchema';
import { addTally, agreementLabels, emptyTally, summarize, tallyText } from '../src/core/agreement/agreement';
import { repoRoot } from '../test/support/fixtures';
import { medianMs, medianMsAsync } from './timing';

let seed = 11;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

const news = readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'workspace', 'news.txt'), 'utf8');
const points = [...news];
const starts: number[] = [];
for (let i = 0; i < points.length; i++) if (/\p{L}/u.test(points[i]) && (i === 0 || !/\p{L}/u.test(points[i - 1]))) starts.push(i);
const LABELS = ['claim', 'actor', 'date'];

/** One article's two versions: about 60 spans by A; B moves, drops or relabels some, adds others. */
function article(k: number): [Annotation[], Annotation[]] {
  const a: Annotation[] = [];
  const b: Annotation[] = [];
  let id = 0;
  const make = (label: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation =>
    ({ id: `x${k}-${id++}`, label, start, end, quote: '', prefix: '', suffix: '', ...extra });
  for (let w = 0; w + 4 < starts.length && a.length < 60; w += 2 + Math.floor(rnd() * 4)) {
    const label = LABELS[Math.floor(rnd() * 3)];
    const start = starts[w];
    const end = starts[w + 1 + Math.floor(rnd() * 3)] - 1;
    const x = make(label, start, end, label === 'date' ? { value: '2015-12-18' } : {});
    a.push(x);
    const r = rnd();
    if (r < 0.7) b.push(make(label, start, end, { ...x, id: `y${x.id}` }));
    else if (r < 0.85) b.push(make(label, start + 1, end, { id: `y${x.id}` }));
    else if (r < 0.92) b.push(make(LABELS[(LABELS.indexOf(label) + 1) % 3], start, end));
  }
  // claims name the previous actor as their speaker
  for (const side of [a, b]) {
    let actor: Annotation | undefined;
    for (const x of side) {
      if (x.label === 'actor') actor = x;
      else if (x.label === 'claim' && actor) x.speaker = actor.id;
    }
  }
  return [a, b];
}

const corpus = Array.from({ length: 1000 }, (_, k) => article(k));
const length = points.length;

function run(): number {
  const total = emptyTally();
  for (const [a, b] of corpus) {
    const labels = agreementLabels(NEWS_PRESET, a, b);
    const tally = tallyText({ length, annotations: a }, { length, annotations: b }, NEWS_PRESET, labels);
    summarize(tally); // the per-article row
    addTally(total, tally);
  }
  return summarize(total).overlapF1 ?? 0;
}

const { ms, result: f } = medianMs(5, run);
const spans = corpus.reduce((s, [a, b]) => s + a.length + b.length, 0);
console.log(`agreement: 2 annotators × 1,000 articles (${length} code points, ${spans} spans in all): ` +
  `median ${ms.toFixed(0)} ms of 5 runs (target <= 10,000 ms); overlap F1 ${f.toFixed(3)}`);

// The whole command: 2 × 1,000 articles and sidecars written to a temporary folder, `hashiya agree`
// run on them in this process (reading, YAML parsing, the measures, the report).
async function endToEnd(): Promise<void> {
  const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const { emptySidecar, serializeSidecar } = await import('../src/core/format/sidecar');
  const { textSha256 } = await import('../src/core/text/textHash');
  const { agreeCommand } = await import('../src/cli/commands/agree');
  const root = mkdtempSync(path.join(os.tmpdir(), 'hashiya-agree-bench-'));
  try {
    const hash = textSha256(news);
    corpus.forEach(([a, b], k) => {
      for (const [who, annotations] of [['alice', a], ['bob', b]] as const) {
        const dir = path.join(root, who, `folder${k % 10}`);
        mkdirSync(dir, { recursive: true });
        const sidecar = emptySidecar(`article${k}.txt`);
        sidecar.text.sha256 = hash;
        sidecar.text.length = length;
        sidecar.annotations = annotations.map((x) => ({ ...x, quote: points.slice(x.start, x.end).join('') }));
        writeFileSync(path.join(dir, `article${k}.txt`), news);
        writeFileSync(path.join(dir, `article${k}.txt.annotations.yaml`), serializeSidecar(sidecar));
      }
    });
    const before = process.cwd();
    process.chdir(root);
    let ms = 0;
    const runs = Number(process.env.AGREE_RUNS ?? 3);
    try {
      const options = { json: true, csv: false, minF1: [], template: '{fileName}.annotations.yaml' };
      ms = await medianMsAsync(runs, () =>
        agreeCommand(['alice', 'bob'], options, () => undefined, () => undefined),
      );
    } finally {
      process.chdir(before);
    }
    console.log(`hashiya agree --json alice bob (1,000 articles each, read from disk): median ${ms.toFixed(0)} ms ` +
      `of ${runs} runs (target <= 10,000 ms)`);
  } finally {
    // AGREE_KEEP=1 keeps the folders, to time the CLI on them (cd <folder> && hashiya agree alice bob)
    if (process.env.AGREE_KEEP) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}
void endToEnd();
