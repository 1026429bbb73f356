// The RTL view in the real workbench, on case B22 (2000 highlights) and on issue 12's 1 MB article
// with 10,000 annotations: time from the command palette to the first paint with every highlight,
// time for one more annotation (key C) to show. Opening is timed three ways: from F1 (the palette
// opened, the title typed, the row clicked: what the user does from the palette), from the
// command's start in the extension host (the palette's part left out), and in a second, fresh
// workbench from a key bound to the command (the user's action without the palette).
// Run: npm run bench (needs code-server and Chromium).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openFile, runCommand, startWorkbench, webviewFrame } from '../test/support/workbench';
import { hostMarks, lineUp, since, viewMarks } from './openTrace';
import { b22 } from './b22';
import { megabyte } from './megabyte';

/** Key C is pressed this many times, on lines apart; the medians are reported. */
const PRESSES = 5;
/** The key the benchmark binds to "Open with Hashiya" (a user keybinding of its workbench). */
const OPEN_KEY = 'ctrl+alt+h';

(async () => {
  process.env.HASHIYA_TRACE_READS = '1';
  await measure('case B22', { ...b22(), name: 'input.txt' }, 2000, true);
  await openByKey('case B22', { ...b22(), name: 'input.txt' }, 2000);
  // issue 12: the 1 MB article with 10,000 annotations (HASHIYA_BENCH_VIEW=b22 skips it)
  if (process.env.HASHIYA_BENCH_VIEW !== 'b22') await measure('1 MB, 10,000 annotations', { ...megabyte(), name: 'article.txt' }, 10000, false);
})().catch((err) => { console.error(err); process.exit(1); });

/** Opens `input` in the view, waits for `expected` highlights, presses key C; with `suggestions`, G and Tab too. */
async function measure(name: string, input: { text: string; sidecar: string; name: string }, expected: number,
  suggestions: boolean): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-bench-'));
  const { text, sidecar } = input;
  fs.writeFileSync(path.join(folder, input.name), text);
  fs.writeFileSync(path.join(folder, `${input.name}.annotations.yaml`), sidecar);
  const wb = await startWorkbench({ workspace: folder, inPlace: true, viewport: { width: 1400, height: 900 } });
  const marks = hostMarks(wb.page);
  try {
    await openFile(wb.page, input.name);
    // the extension host loads the article's session as its text editor opens (the Entities tree
    // follows the active editor) and refreshes the trees: the command is timed once that is done
    await wb.page.waitForTimeout(4000);
    marks.take();
    const start = Date.now();
    await runCommand(wb.page, 'Hashiya: Open with Hashiya');
    const frame = await webviewFrame(wb.page, 'body[data-ready="true"] #article .line', { timeout: 60000 });
    await frame.waitForFunction((expected) => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].reduce((n, h) => n + h.size, 0) >= expected, expected, { timeout: 120000 });
    const firstPaint = Date.now() - start;
    const trace = [...(await viewMarks(frame)), ...marks.take()];
    const invoked = since(start, trace, 'host open.command');
    const painted = since(start, trace, 'view painted');
    const inFrame = await frame.evaluate(async ({ presses, suggestions }) => {
      const lines = document.querySelectorAll('#article .line');
      const count = () => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].reduce((n, h) => n + h.size, 0);
      // key C on several lines, one after another: the median of each timing
      const adds: number[] = [];
      const hosts: number[] = [];
      for (let i = 0; i < presses; i++) {
        const last = lines[lines.length - 2 - 2 * i].firstChild as Text;
        (document.getElementById('article') as HTMLElement).focus();
        getSelection()!.setBaseAndExtent(last, 0, last, 4);
        last.parentElement!.scrollIntoView();
        await new Promise((r) => setTimeout(r, 300));
        const before = count();
        // when the host's answer arrives: the rest is the view's own repaint
        let arrived = 0;
        const onMessage = (e: MessageEvent) => {
          if (!arrived && (e.data as { type?: string })?.type === 'annotations') arrived = performance.now();
        };
        window.addEventListener('message', onMessage);
        const t = performance.now();
        window.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyC', key: 'c' }));
        while (count() === before && performance.now() - t < 10000) await new Promise((r) => requestAnimationFrame(r));
        adds.push(performance.now() - t);
        hosts.push(arrived ? arrived - t : NaN);
        window.removeEventListener('message', onMessage);
        // the speaker prompt that follows a claim, and the write, are left to finish
        await new Promise((r) => setTimeout(r, 1500));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const addMs = median(adds);
      const hostMs = median(hosts);
      const f = performance.now();
      let frames = 0;
      while (performance.now() - f < 1000) { await new Promise((r) => requestAnimationFrame(r)); frames++; }
      const highlights = count();
      if (!suggestions) return { addMs, hostMs, adds, fps: frames, highlights, suggestMs: NaN, suggestions: 0, tabMs: NaN };
      // suggestions: G until they are drawn, then Tab until the review bar shows the next one
      const suggested = () => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights]
        .filter(([name]) => name.startsWith('hashiya-suggest-') && name !== 'hashiya-suggest-current').reduce((n, [, h]) => n + h.size, 0);
      const g = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyG', key: 'g' }));
      while (suggested() === 0 && performance.now() - g < 20000) await new Promise((r) => requestAnimationFrame(r));
      const suggestMs = performance.now() - g;
      const review = () => document.querySelector('.review')?.textContent ?? '';
      const shown = review();
      const tab = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { code: 'Tab', key: 'Tab' }));
      while (review() === shown && performance.now() - tab < 5000) await new Promise((r) => requestAnimationFrame(r));
      const tabMs = performance.now() - tab;
      return { addMs, hostMs, adds, fps: frames, highlights, suggestMs, suggestions: suggested(), tabMs };
    }, { presses: PRESSES, suggestions });
    console.log(`\nview, ${name} in code-server (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n`);
    console.log(`open with Hashiya -> ${String(expected).padStart(5)} highlights painted  ${String(firstPaint).padStart(6)} ms   target < 1000 ms (from F1: includes the command palette)`);
    console.log(`  the command started in the extension host     ${invoked.toFixed(0).padStart(6)} ms   after F1 (the palette's part)`);
    console.log(`  command started -> painted (the view's clock)  ${(painted - invoked).toFixed(0).padStart(6)} ms   target < 1000 ms`);
    console.log(`  opening, ms since F1:\n${lineUp(start, trace).map((l) => `    ${l}`).join('\n')}`);
    console.log(`key C -> new highlight shown (host round trip) ${inFrame.addMs.toFixed(0).padStart(6)} ms   target < 100 ms (median of ${PRESSES}: ${inFrame.adds.map((x) => x.toFixed(0)).join(' ')})`);
    console.log(`  of which until the host's message arrived    ${inFrame.hostMs.toFixed(0).padStart(6)} ms`);
    console.log(`animation frames in the next second            ${String(inFrame.fps).padStart(6)}      (60 = never blocked)`);
    console.log(`highlights drawn                               ${String(inFrame.highlights).padStart(6)}`);
    if (!suggestions) return;
    console.log(`key G -> ${String(inFrame.suggestions).padStart(5)} suggestions drawn dashed       ${inFrame.suggestMs.toFixed(0).padStart(6)} ms   target < 2000 ms`);
    console.log(`Tab -> next suggestion shown                   ${inFrame.tabMs.toFixed(0).padStart(6)} ms   target < 100 ms`);
  } finally {
    await wb.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Opens `input` in a fresh workbench with a key bound to "Open with Hashiya" and times the key
 * press -> every highlight painted (polled, and on the view's own clock), with the trace.
 */
async function openByKey(name: string, input: { text: string; sidecar: string; name: string }, expected: number):
  Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-bench-'));
  fs.writeFileSync(path.join(folder, input.name), input.text);
  fs.writeFileSync(path.join(folder, `${input.name}.annotations.yaml`), input.sidecar);
  const wb = await startWorkbench({ workspace: folder, inPlace: true, viewport: { width: 1400, height: 900 },
    userKeybindings: [{ key: OPEN_KEY, command: 'hashiya.openWithHashiya' }] });
  const marks = hostMarks(wb.page);
  try {
    await openFile(wb.page, input.name);
    // the extension host loads the article's session as its text editor opens (the Entities tree
    // follows the active editor) and refreshes the trees: the command is timed once that is done
    await wb.page.waitForTimeout(4000);
    marks.take();
    const start = Date.now();
    await wb.page.keyboard.press('Control+Alt+KeyH');
    const frame = await webviewFrame(wb.page, 'body[data-ready="true"] #article .line', { timeout: 60000 });
    await frame.waitForFunction((expected) => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.values()].reduce((n, h) => n + h.size, 0) >= expected, expected, { timeout: 120000 });
    const polled = Date.now() - start;
    const trace = [...(await viewMarks(frame)), ...marks.take()];
    console.log(`\nview, ${name} in code-server, opened by a key bound to the command (${os.cpus().length} cores, ` +
      `load ${os.loadavg()[0].toFixed(1)})\n`);
    console.log(`key -> ${String(expected).padStart(5)} highlights painted (polled)     ${String(polled).padStart(6)} ms   target < 1000 ms`);
    console.log(`key -> painted (the view's clock)              ${since(start, trace, 'view painted').toFixed(0).padStart(6)} ms`);
    console.log(`  of which until the command started          ${since(start, trace, 'host open.command').toFixed(0).padStart(6)} ms`);
    console.log(`  opening, ms since the key:\n${lineUp(start, trace).map((l) => `    ${l}`).join('\n')}`);
  } finally {
    await wb.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
