// The RTL view's own speed in a real Chromium, on issue 12's input (bench/megabyte.ts: 1.2 MB of
// Arabic newswire, 10,000 annotations). The view's built bundle (dist/webview.js, media/articleView.css)
// runs in a plain page with a stub acquireVsCodeApi and gets the messages the extension posts
// (built by the extension's own functions). Side by side, alternating, each run in a fresh page:
//   floor     a ~20-line page that gets the same messages, draws the lines as paragraphs (content-visibility:
//             auto, the one-line way to open fast) and sets the same CSS highlights: the floor of open and edits;
//   static    the same without content-visibility (everything laid out at once): the floor of jump-scrolling;
//   annotator @recogito/text-annotator 4 (its CSS highlight renderer) on the same text and annotations.
// Prints medians and ratios (the machine is noisy: ratios count). Run: npm run bench, or alone:
// node scripts/bench.mjs --only browserView. HASHIYA_BENCH_ROUNDS (default 5); HASHIYA_BENCH_ANNOTATOR=0 leaves out
// text-annotator (loading 10,000 annotations into it takes about a minute).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { AnnotationSet } from '../src/core/model/annotationSet';
import { NEWS_PRESET } from '../src/core/model/projectSchema';
import type { HostMessage, ViewSuggestion } from '../src/shared/protocol';
import { ViewAnnotationFeed } from '../src/extension/views/viewAnnotations';
import { megabyte } from './megabyte';

const ROUNDS = Number(process.env.HASHIYA_BENCH_ROUNDS ?? 5);
const JUMPS = 40;
const SUGGESTIONS = 5000;
const root = path.resolve(__dirname, '..', '..');

/** The messages the extension posts for the scenario: open, one annotation added, suggestions shown, one accepted. */
function hostMessages(): {
  init: string; add: string; suggestions: string; accept: string;
  /** Free words on screen: the first is the one added in the view; the annotator adds one each round. */
  free: { start16: number; end16: number }[];
  annotations: number; text: string;
} {
  const { text, annotations } = megabyte();
  const set = new AnnotationSet(text, annotations);
  const feed = new ViewAnnotationFeed();
  const init: HostMessage = {
    type: 'init', fileName: 'article.txt', text, annotations: feed.full(set), readOnly: false,
    settings: { fontFamily: '', fontSize: 18, lineHeight: 1.9 }, labels: { schema: NEWS_PRESET, language: 'en' },
  };
  // a word on the third line, between two annotated ones (on screen right after opening)
  const index = set.index;
  const lineStart = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
  const taken = new Set<number>();
  for (const a of annotations) for (let i = index.toUtf16(a.start); i < index.toUtf16(a.end); i++) taken.add(i);
  const words = [...text.slice(lineStart, text.indexOf('\n', lineStart)).matchAll(/\S+/gu)]
    .map((m) => ({ start16: lineStart + m.index!, end16: lineStart + m.index! + m[0].length }))
    .filter((w) => !taken.has(w.start16) && !taken.has(w.end16 - 1));
  const word = words[Math.floor(words.length / 2)];
  set.add('actor', index.toCodePoint(word.start16), index.toCodePoint(word.end16), { author: 'bench', now: '2026-12-03T12:01:00.000Z' });
  const add = feed.update(set);
  // suggestions: words of no annotation, labels in turn, spread over the text
  const all = [...text.matchAll(/\S+/gu)].filter((m) => !taken.has(m.index!));
  const step = Math.floor(all.length / SUGGESTIONS);
  const labels = ['actor', 'claim', 'date'];
  const suggestions: ViewSuggestion[] = [];
  for (let i = 0; i < SUGGESTIONS; i++) {
    const m = all[i * step];
    suggestions.push({ key: `s${i}`, label: labels[i % 3], start16: m.index!, end16: m.index! + m[0].length, quote: m[0], rule: 'bench' });
  }
  const shown: HostMessage = { type: 'suggestions', suggestions, current: 's0', reveal: false };
  const accepted: HostMessage = { type: 'suggestions', suggestions: suggestions.slice(1), current: 's1', reveal: false };
  return {
    init: JSON.stringify(init), add: JSON.stringify(add), suggestions: JSON.stringify(shown), accept: JSON.stringify(accepted),
    free: [word, ...words.filter((w) => w !== word)], annotations: annotations.length, text,
  };
}

/** What every page of the bench has: frame timing, highlight counts, timed posts, long tasks. */
const HARNESS = `
window.__longTasks = [];
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); })
  .observe({ type: 'longtask', buffered: true }); } catch {}
const frame = () => new Promise((r) => requestAnimationFrame(r));
// after the next frame's style, layout and paint
window.__frameEnd = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
window.__ranges = (prefix) => { let n = 0; for (const [name, h] of CSS.highlights) if (name.startsWith(prefix)) n += h.size; return n; };
window.__until = async (cond, ms = 60000) => { const t = performance.now(); while (!cond() && performance.now() - t < ms) await frame(); };
// posts a message as the workbench does (the JSON parsed, then posted to the page) and times it until painted
window.__timedPost = async (json, cond) => {
  const t0 = performance.now();
  window.postMessage(JSON.parse(json), '*');
  await new Promise((r) => setTimeout(r, 0));
  await window.__until(cond);
  await window.__frameEnd();
  return performance.now() - t0;
};
// jumps to places spread over the text (a fixed pseudo-random order), each after a pause; the frame of each jump
window.__jumps = async (n) => {
  const times = [];
  let seed = 12;
  window.__longTasks = [];
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 200));
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const y = (seed / 2147483648) * (document.documentElement.scrollHeight - innerHeight);
    const t0 = performance.now();
    window.scrollTo(0, y);
    await window.__frameEnd();
    times.push(performance.now() - t0);
  }
  await new Promise((r) => setTimeout(r, 300));
  return { times, longest: Math.max(0, ...window.__longTasks) };
};
`;

const ARTICLE_CSS = `
body { margin: 0; font-family: sans-serif; }
.article { box-sizing: border-box; max-width: 46em; margin: 0 auto; padding: 24px 32px 40vh; font-size: 18px; line-height: 1.9; }
.line { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; text-align: start; min-height: 1.9em; }
::highlight(claim) { background-color: rgba(255, 170, 0, 0.3); text-decoration: underline 2px rgba(220, 140, 0, 0.9); text-underline-offset: 0.35em; }
::highlight(actor) { background-color: rgba(60, 140, 255, 0.3); }
::highlight(date) { background-color: rgba(40, 180, 100, 0.3); }
::highlight(suggest) { text-decoration: underline 2px dashed rgba(40, 110, 230, 0.9); }`;

/** The floor of opening lays out only what is on screen (one line of CSS); the scroll floor lays out everything. */
const LAZY_CSS = '.line { content-visibility: auto; contain-intrinsic-block-size: auto 3.8em; }';

/** The floor: static paragraphs, one highlight per label, from the same messages (about 20 lines). */
const FLOOR_SCRIPT = `
const article = document.getElementById('article');
let nodes = [], starts = [];
const point = (at) => { let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= at) lo = mid; else hi = mid - 1; }
  return [nodes[lo], Math.min(at - starts[lo], nodes[lo].length)]; };
const range = (s, e) => { const r = document.createRange(); r.setStart(...point(s)); r.setEnd(...point(e)); return r; };
const spans = new Map();
const paint = () => { const by = {}; for (const a of spans.values()) (by[a.label] ??= []).push(range(a.start16, a.end16));
  for (const [label, rs] of Object.entries(by)) CSS.highlights.set(label, new Highlight(...rs)); };
window.addEventListener('message', ({ data: m }) => {
  if (m.type === 'init') { let at = 0; const lines = m.text.split('\\n'); nodes = []; starts = [];
    article.replaceChildren(...lines.map((l) => { const d = document.createElement('div'); d.className = 'line'; d.dir = 'auto';
      d.textContent = l; nodes.push(d.firstChild ?? d.appendChild(document.createTextNode(''))); starts.push(at); at += l.length + 1; return d; })); }
  const d = m.delta ?? { add: m.annotations ?? [], change: [], remove: [] };
  for (const a of [...d.add, ...d.change]) spans.set(a.annotation.id, { label: a.annotation.label, start16: a.start16, end16: a.end16 });
  for (const id of d.remove) spans.delete(id);
  if (m.type === 'suggestions') CSS.highlights.set('suggest', new Highlight(...m.suggestions.map((s) => range(s.start16, s.end16))));
  else paint();
  document.body.dataset.ready = 'true';
});`;

/** @recogito/text-annotator on the same text (static paragraphs) and annotations. */
const ANNOTATOR_SCRIPT = `
window.__load = (text, spans) => {
  const article = document.getElementById('article');
  const lines = text.split('\\n');
  article.replaceChildren(...lines.map((l) => { const d = document.createElement('div'); d.className = 'line'; d.dir = 'auto'; d.textContent = l; return d; }));
  // its offsets count the container's text, which has no line breaks
  const starts = []; let at = 0; for (const l of lines) { starts.push(at); at += l.length + 1; }
  window.__offset = (o) => { let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= o) lo = mid; else hi = mid - 1; } return o - lo; };
  window.anno = RecogitoJS.createTextAnnotator(article, { renderer: 'CSS_HIGHLIGHTS' });
  const t = performance.now();
  anno.setAnnotations(spans.map((s) => window.__annotation(s)));
  return performance.now() - t;
};
window.__annotation = (s) => ({ id: s.id, bodies: [{ id: s.id + '-b', annotation: s.id, purpose: 'tagging', value: s.label }],
  target: { annotation: s.id, selector: [{ quote: s.quote, start: window.__offset(s.start16), end: window.__offset(s.end16) }] } });
`;

function page(title: string, head: string, body: string): string {
  return `<!DOCTYPE html><html lang="und"><head><meta charset="UTF-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
}

function serve(): Promise<{ url: string; close(): void }> {
  const pages: Record<string, string> = {
    '/view.html': page('view', '<link rel="stylesheet" href="/media/articleView.css">',
      `<script>${HARNESS}
        window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m),
          getState: () => undefined, setState: () => {} });</script>
      <header id="toolbar" class="toolbar" role="toolbar"></header><div id="banner" class="banner" role="alert" hidden></div>
      <details id="orphans" class="orphans" hidden></details><main id="article" class="article" tabindex="0"></main>
      <div id="hover" class="hover" role="tooltip" hidden></div><div id="notice" class="notice" role="status" hidden></div>
      <script src="/dist/webview.js"></script>`),
    '/floor.html': page('floor', `<style>${ARTICLE_CSS}${LAZY_CSS}</style>`,
      `<main id="article" class="article"></main><script>${HARNESS}${FLOOR_SCRIPT}</script>`),
    '/static.html': page('static', `<style>${ARTICLE_CSS}</style>`,
      `<main id="article" class="article"></main><script>${HARNESS}${FLOOR_SCRIPT}</script>`),
    '/annotator.html': page('annotator', `<style>${ARTICLE_CSS}</style>
      <link rel="stylesheet" href="/node_modules/@recogito/text-annotator/dist/text-annotator.css">`,
      `<main id="article" class="article"></main>
      <script>${HARNESS}window.process = { env: { NODE_ENV: 'production' } };</script><script src="/node_modules/@recogito/text-annotator/dist/text-annotator.umd.js"></script><script>${ANNOTATOR_SCRIPT}</script>`),
  };
  const files = new Map<string, Buffer>();
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const html = pages[url];
    if (html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = path.join(root, path.normalize(url));
    if (!file.startsWith(root) || !/^\/(dist|media|node_modules\/@recogito)\//.test(url) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // read once: a rebuild while the bench runs does not change what it measures
    if (!files.has(file)) files.set(file, fs.readFileSync(file));
    res.writeHead(200, { 'content-type': `${types[path.extname(file)] ?? 'application/octet-stream'}; charset=utf-8` });
    res.end(files.get(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close(),
  })));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

/** The functions that took the most time of a CPU profile (self time). */
function printProfile(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[]; timeDeltas?: number[] }): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  console.log('view while jump-scrolling, most self time:');
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${key}`);
}

async function open(browser: Browser, url: string): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  p.on('pageerror', (err) => console.error(`page error in ${url}: ${err.message}`));
  await p.goto(url);
  return p;
}

(async () => {
  const messages = hostMessages();
  const { url, close } = await serve();
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS } = await import(path.join(root, 'scripts', 'codeServer.mjs')) as { CHROMIUM_ARGS: string[] };
  const { chromiumPath } = await import(path.join(root, 'scripts', 'ensureTools.mjs')) as { chromiumPath(): string };
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const n = messages.annotations;
  const r: Record<string, number[]> = {};
  const push = (k: string, v: number) => (r[k] ??= []).push(v);
  let longest = { view: 0, static: 0 };
  type W = {
    __json: string; __ranges(p: string): number; __timedPost(j: string, c: () => boolean): Promise<number>;
    __until(c: () => boolean): Promise<void>; __frameEnd(): Promise<void>; __jumps(n: number): Promise<{ times: number[]; longest: number }>;
    __load(t: string, s: unknown): number; anno: { addAnnotation(a: unknown): void }; __annotation(s: unknown): unknown;
  };
  // text-annotator takes long to load 10,000 annotations: one page, one added annotation each round
  const withAnnotator = process.env.HASHIYA_BENCH_ANNOTATOR !== '0';
  const annotator = await open(browser, `${url}/annotator.html`);
  const spans = (JSON.parse(messages.init) as { annotations: { annotation: { id: string; label: string }; start16: number; end16: number }[] })
    .annotations.map((a) => ({
      id: a.annotation.id, label: a.annotation.label, start16: a.start16, end16: a.end16,
      quote: messages.text.slice(a.start16, a.end16),
    }));
  if (withAnnotator) push('annotator load', await annotator.evaluate(([t, s]) => (window as never as W).__load(t, s), [messages.text, spans] as const));
  const timed = (p: Page, json: string, prefix: string, count: number, exact = false) =>
    p.evaluate(([json, prefix, count, exact]) => {
      const w = window as never as W;
      return w.__timedPost(json, () => document.body.dataset.ready === 'true'
        && (exact ? w.__ranges(prefix) === count : w.__ranges(prefix) >= count));
    }, [json, prefix, count, exact] as const);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ['view', 'floor', 'static', 'annotator'] : ['annotator', 'static', 'floor', 'view'];
      for (const which of order) {
        if (which === 'annotator') {
          if (!withAnnotator) continue;
          const w = messages.free[1 + round];
          const added = { ...w, id: `added${round}`, label: 'actor', quote: messages.text.slice(w.start16, w.end16) };
          push('annotator add one', await annotator.evaluate(async (s) => {
            const w = window as never as W;
            await new Promise((res) => setTimeout(res, 500));
            const before = w.__ranges('');
            const t0 = performance.now();
            w.anno.addAnnotation(w.__annotation(s));
            await new Promise((res) => setTimeout(res, 0));
            await w.__until(() => w.__ranges('') !== before);
            await w.__frameEnd();
            return performance.now() - t0;
          }, added));
          continue;
        }
        const p = await open(browser, `${url}/${which}.html`);
        try {
          const prefix = which === 'view' ? 'hashiya-' : '';
          push(`${which} open`, await timed(p, messages.init, prefix, n));
          await p.waitForTimeout(500);
          if (which === 'static') {
            const jumps = await p.evaluate((k) => (window as never as W).__jumps(k), JUMPS);
            push(`${which} jump p95`, p95(jumps.times));
            push(`${which} jump median`, median(jumps.times));
            longest = { ...longest, static: Math.max(longest.static, jumps.longest) };
            continue;
          }
          push(`${which} add one`, await timed(p, messages.add, prefix, n + 1));
          const suggest = which === 'view' ? 'hashiya-suggest-' : 'suggest';
          push(`${which} suggestions`, await timed(p, messages.suggestions, suggest, SUGGESTIONS));
          // the view also shades the current suggestion (one more range)
          const left = SUGGESTIONS - 1 + (which === 'view' ? 1 : 0);
          push(`${which} accept one suggestion`, await timed(p, messages.accept, suggest, left, true));
          if (which === 'view') {
            // HASHIYA_BENCH_PROFILE=1: where the view's time goes while jump-scrolling (the first round)
            const cdp = process.env.HASHIYA_BENCH_PROFILE && round === 0 ? await p.context().newCDPSession(p) : undefined;
            if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
            const jumps = await p.evaluate((k) => (window as never as W).__jumps(k), JUMPS);
            if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
            push(`${which} jump p95`, p95(jumps.times));
            push(`${which} jump median`, median(jumps.times));
            longest = { ...longest, view: Math.max(longest.view, jumps.longest) };
          }
          if (round === 0 && which === 'view') {
            const shot = path.join(root, 'test-results', 'browser-view-bench.png');
            fs.mkdirSync(path.dirname(shot), { recursive: true });
            await p.evaluate(() => window.scrollTo(0, 0));
            await p.waitForTimeout(300);
            await p.screenshot({ path: shot });
          }
        } finally {
          await p.close();
        }
      }
    }
  } finally {
    await browser.close();
    close();
  }
  const m = (k: string) => (r[k] ? median(r[k]) : NaN);
  // the ratio of each round's pair (run side by side, so under the same load), then their median
  const paired = (a: string, b: string) => (r[a] && r[b] ? median(r[a].map((x, i) => x / r[b][i])) : NaN);
  const row = (name: string, a: string, b: string, refName: string, target: string) =>
    console.log(`${name.padEnd(40)} ${m(a).toFixed(0).padStart(6)} ms  ${refName.padEnd(18)} ${m(b).toFixed(0).padStart(6)} ms  ` +
      `ratio ${(m(a) / m(b)).toFixed(2).padStart(5)}  paired ${paired(a, b).toFixed(2).padStart(5)}  target ${target}`);
  const kb = (s: string) => `${(Buffer.byteLength(s) / 1e6).toFixed(2)} MB`;
  console.log(`\nRTL view in Chromium, ${messages.text.length} UTF-16 units, ${n} annotations, ${SUGGESTIONS} suggestions ` +
    `(${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, medians of ${ROUNDS} alternating fresh pages)`);
  console.log(`messages: open ${kb(messages.init)} (text ${kb(messages.text)}), add one ${kb(messages.add)}, suggestions ${kb(messages.suggestions)}\n`);
  row('open: post -> first paint, highlights', 'view open', 'floor open', 'floor page', '<= 1.2');
  row('  (static paragraphs, all laid out)', 'view open', 'static open', 'static page', '');
  row('add one annotation -> repainted', 'view add one', 'annotator add one', 'text-annotator', '<= 1.0');
  row('  (the floor page, the same message)', 'view add one', 'floor add one', 'floor page', '');
  row('jump-scroll frame p95', 'view jump p95', 'static jump p95', 'static paragraphs', '<= 1.5');
  row('jump-scroll frame median', 'view jump median', 'static jump median', 'static paragraphs', '');
  row(`${SUGGESTIONS} suggestions -> drawn dashed`, 'view suggestions', 'floor suggestions', 'floor page', '<= 1.2');
  row('accept one suggestion -> repainted', 'view accept one suggestion', 'floor accept one suggestion', 'floor page', '');
  console.log(`longest task while jump-scrolling: view ${longest.view.toFixed(0)} ms, static ${longest.static.toFixed(0)} ms`);
  if (withAnnotator) console.log(`text-annotator setAnnotations(${n}): ${m('annotator load').toFixed(0)} ms (once)`);
  console.log(`all runs: ${JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map((x) => Math.round(x))])))}`);
})().catch((err) => { console.error(err); process.exit(1); });
