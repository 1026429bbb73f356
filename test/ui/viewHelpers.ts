// Helpers for driving the Hashiya article view (a webview frame) in UI tests.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openFile, runCommand, webviewFrame } from '../support/workbench';
import { parseSidecar, type Sidecar } from '../../src/core/format/sidecar';

/** A rectangle in page coordinates. */
export interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Page coordinates of the client rects of the nth occurrence of `needle` in the view's text. */
export async function rectsOf(frame: Frame, needle: string, nth = 0): Promise<Rect[]> {
  const rects = await frame.evaluate(
    ({ needle, nth }) => {
      let seen = 0;
      for (const line of document.querySelectorAll('#article .line')) {
        const node = line.firstChild as Text;
        let at = node.data.indexOf(needle);
        while (at >= 0) {
          if (seen++ === nth) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + needle.length);
            return [...range.getClientRects()].map((r) => ({
              left: r.left,
              right: r.right,
              top: r.top,
              bottom: r.bottom,
            }));
          }
          at = node.data.indexOf(needle, at + 1);
        }
      }
      return [];
    },
    { needle, nth },
  );
  const box = await (await frame.frameElement()).boundingBox();
  assert.ok(box && rects.length > 0, `"${needle}" not found in the view`);
  return rects.map((r) => ({
    left: r.left + box.x,
    right: r.right + box.x,
    top: r.top + box.y,
    bottom: r.bottom + box.y,
  }));
}

/** Drags the mouse across `needle` from right to left or left to right, on its first line box. */
export async function dragAcross(
  page: Page,
  frame: Frame,
  needle: string,
  direction: 'rtl' | 'ltr',
  nth = 0,
): Promise<void> {
  const [r] = await rectsOf(frame, needle, nth);
  const y = (r.top + r.bottom) / 2;
  const [from, to] = direction === 'rtl' ? [r.right - 1, r.left + 1] : [r.left + 1, r.right - 1];
  await page.mouse.move(from, y);
  await page.mouse.down();
  await page.mouse.move((from + to) / 2, y, { steps: 4 });
  await page.mouse.move(to, y, { steps: 4 });
  await page.mouse.up();
}

/** Moves the mouse to the middle of the first line box of `needle`. */
export async function hoverOver(page: Page, frame: Frame, needle: string, nth = 0): Promise<void> {
  const [r] = await rectsOf(frame, needle, nth);
  await page.mouse.move((r.left + r.right) / 2, (r.top + r.bottom) / 2);
}

/**
 * Gives the view keyboard focus and selects the nth occurrence of `needle` (characters `from`..`to`
 * of it when given), anchor at its end when `backwards`, as a keyboard user would have it.
 */
export async function selectInView(
  frame: Frame,
  needle: string,
  options: { nth?: number; backwards?: boolean; from?: number; to?: number; collapsed?: boolean } = {},
): Promise<void> {
  await frame.locator('#toolbar .file').click();
  const found = await frame.evaluate(
    ({ needle, o }) => {
      let seen = 0;
      for (const line of document.querySelectorAll('#article .line')) {
        const node = line.firstChild as Text;
        let at = node.data.indexOf(needle);
        while (at >= 0) {
          if (seen++ === (o.nth ?? 0)) {
            const start = at + (o.from ?? 0);
            const end = o.collapsed ? start : at + (o.to ?? needle.length);
            (document.getElementById('article') as HTMLElement).focus();
            if (o.backwards) getSelection()!.setBaseAndExtent(node, end, node, start);
            else getSelection()!.setBaseAndExtent(node, start, node, end);
            return true;
          }
          at = node.data.indexOf(needle, at + 1);
        }
      }
      return false;
    },
    { needle, o: options },
  );
  assert.ok(found, `"${needle}" not found in the view`);
}

/** The parsed sidecar of an article in `folder`, or undefined when missing or invalid. */
export function sidecarOf(folder: string, name: string): Sidecar | undefined {
  const file = path.join(folder, `${name}.annotations.yaml`);
  if (!fs.existsSync(file)) return undefined;
  const parsed = parseSidecar(fs.readFileSync(file, 'utf8'));
  return parsed.ok ? parsed.sidecar : undefined;
}

/**
 * Opens a workspace file with "Hashiya: Open with Hashiya" and returns the frame of its view once
 * the view has rendered (matched by the file name in the view's toolbar, not just any view).
 */
export async function openInView(page: Page, file: string, timeout = 30000): Promise<Frame> {
  await openFile(page, file);
  await runCommand(page, 'Hashiya: Open with Hashiya');
  const name = file.split('/').pop();
  return webviewFrame(
    page,
    async (f) =>
      (await f.locator('#toolbar .file').textContent({ timeout: 500 })) === name &&
      (await f.evaluate(() => document.body.dataset.ready === 'true')),
    { timeout },
  );
}
