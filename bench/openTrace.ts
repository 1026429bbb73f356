// The steps of opening an article in Hashiya's view, lined up on one clock (ms since 1970, same
// machine): the extension host's marks ("hashiya:mark <what> <ms>", src/extension/files/readTrace.ts,
// logged with HASHIYA_TRACE_READS set and forwarded to the page's console), the webview frames'
// navigation starts and the view's User Timing marks (src/webview/main.ts). For benchmarks only.
import type { Frame, Page } from 'playwright-core';

/** One step: its name and when it happened (ms since 1970). */
export interface Mark { what: string; at: number }

/** Collects the extension host's marks from `page`'s console; `take()` returns and forgets them. */
export function hostMarks(page: Page): { take(): Mark[] } {
  let marks: Mark[] = [];
  page.on('console', (m) => {
    const found = /hashiya:mark (\S+) (\d+)/.exec(m.text());
    if (found) marks.push({ what: `host ${found[1]}`, at: Number(found[2]) });
  });
  return { take: () => { const out = marks; marks = []; return out; } };
}

/**
 * The view's marks once it has painted with its highlights: the webview host frame made (VS Code's
 * iframe), the view's document started, its script loaded and run, the init message taken,
 * rendered, and painted (the frame after). Waits up to `timeout` ms for the paint.
 */
export async function viewMarks(frame: Frame, timeout = 60_000): Promise<Mark[]> {
  await frame.waitForFunction(() => performance.getEntriesByName('hashiya:painted').length > 0, undefined, { timeout });
  const marks: Mark[] = [];
  const outer = frame.parentFrame();
  if (outer) {
    const origin = await outer.evaluate(() => performance.timeOrigin);
    marks.push({ what: 'view webview host frame made', at: origin });
  }
  const inner = await frame.evaluate(() => {
    const origin = performance.timeOrigin;
    const out: Array<{ what: string; at: number }> = [{ what: 'view document started', at: origin }];
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) out.push({ what: 'view document received', at: origin + nav.responseEnd });
    for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (r.name.includes('webview.js')) out.push({ what: 'view webview.js loaded', at: origin + r.responseEnd });
    }
    for (const m of performance.getEntriesByType('mark')) {
      if (m.name.startsWith('hashiya:')) out.push({ what: `view ${m.name.slice(8)}`, at: origin + m.startTime });
    }
    return out;
  });
  return [...marks, ...inner];
}

/** `marks` after `start`, in time order, as "what +ms" lines (ms since `start`). */
export function lineUp(start: number, marks: readonly Mark[]): string[] {
  return [...marks].filter((m) => m.at >= start - 5).sort((a, b) => a.at - b.at)
    .map((m) => `${String(Math.round(m.at - start)).padStart(6)} ms  ${m.what}`);
}

/** The time of the first mark named `what` after `start`, in ms since `start` (NaN: none). */
export function since(start: number, marks: readonly Mark[], what: string): number {
  const found = marks.filter((m) => m.what === what && m.at >= start - 5).sort((a, b) => a.at - b.at)[0];
  return found ? found.at - start : NaN;
}
