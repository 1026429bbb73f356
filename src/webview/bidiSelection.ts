/**
 * Mouse selection at bidi boundaries. Where a left-to-right run (a date, a Latin name) between bidi
 * marks sits in a right-to-left paragraph, one point on screen is two places in the text, and
 * Chromium may put a drag's end on the mark on the far side of the run: a drag over
 * "\u200E2024-05-01\u200E" then selects only the LRM. An end that lands next to a bidi control is
 * taken from the glyph under the pointer.
 */
import type { ArticleText } from './articleText';
import { currentSelection, pointAt } from './domOffsets';
import type { Host } from './host';

const BIDI_CONTROL = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;

interface Point { x: number; y: number }

/** Listens to drags in the article and corrects their ends after the mouse is released. */
export function fixBidiSelections(view: ArticleText, host: Host): void {
  let dragFrom: Point | undefined;
  view.article.addEventListener('mousedown', (e) => {
    dragFrom = e.button === 0 && !e.shiftKey && e.detail === 1 ? { x: e.clientX, y: e.clientY } : undefined;
  });
  window.addEventListener('mouseup', (e) => {
    const from = dragFrom;
    dragFrom = undefined;
    if (!from || Math.abs(e.clientX - from.x) + Math.abs(e.clientY - from.y) < 3) return;
    try {
      fixBidiEnds(view, from, { x: e.clientX, y: e.clientY });
    } catch (err) {
      host.log(`selection at a bidi boundary: ${(err as Error).stack ?? String(err)}`);
    }
  });
}

/** True when UTF-16 offset `at` of the text is next to a bidi control. */
function touchesBidiControl(text: string, at: number): boolean {
  return BIDI_CONTROL.test(text.charAt(at - 1)) || BIDI_CONTROL.test(text.charAt(at));
}

/**
 * The UTF-16 offset of the character (not a bidi control) whose glyph is under (x, y), looked
 * for on the line of offset `near`, nearest to it first; undefined when no glyph is there.
 */
function glyphUnder(view: ArticleText, x: number, y: number, near: number): number | undefined {
  const line = view.lines[view.lineIndexAt(Math.min(near, view.text.length))];
  const node = line.node;
  const range = document.createRange();
  const hit = (i: number): boolean => {
    if (i < 0 || i >= node.length) return false;
    const code = node.data.charCodeAt(i);
    if ((code >= 0xdc00 && code <= 0xdfff) || BIDI_CONTROL.test(node.data.charAt(i))) return false;
    range.setStart(node, i);
    range.setEnd(node, Math.min(node.length, i + (code >= 0xd800 && code <= 0xdbff ? 2 : 1)));
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
    }
    return false;
  };
  const local = Math.max(0, Math.min(near, line.end) - line.start);
  for (let d = 0; d <= Math.min(node.length, 4096); d++) {
    if (hit(local + d)) return line.start + local + d;
    if (hit(local - 1 - d)) return line.start + local - 1 - d;
  }
  return undefined;
}

/** After a drag: a selection end next to a bidi control moves to the edge of the glyph under the pointer. */
function fixBidiEnds(view: ArticleText, down: Point, up: Point): void {
  const text = view.text;
  const selection = currentSelection(view);
  if (!selection) return;
  const anchorTouches = touchesBidiControl(text, selection.anchor16);
  const focusTouches = touchesBidiControl(text, selection.focus16);
  if (!anchorTouches && !focusTouches) return;
  const a = anchorTouches ? glyphUnder(view, down.x, down.y, selection.anchor16) : undefined;
  const f = focusTouches ? glyphUnder(view, up.x, up.y, selection.focus16) : undefined;
  if (a === undefined && f === undefined) return;
  const after = (at: number) => at + (/[\uD800-\uDBFF]/.test(text.charAt(at)) ? 2 : 1);
  let anchor16 = selection.anchor16;
  let focus16 = selection.focus16;
  if (a !== undefined && f !== undefined) {
    // both ends from the glyphs under the pointer, whole, in the order of the text
    [anchor16, focus16] = a <= f ? [a, after(f)] : [after(a), f];
  } else if (a !== undefined) {
    anchor16 = a < focus16 ? a : after(a);
  } else if (f !== undefined) {
    focus16 = f < anchor16 ? f : after(f);
  }
  if (anchor16 === selection.anchor16 && focus16 === selection.focus16) return;
  const [an, ao] = pointAt(view, anchor16, anchor16 <= focus16 ? 'start' : 'end');
  const [fn, fo] = pointAt(view, focus16, anchor16 <= focus16 ? 'end' : 'start');
  document.getSelection()?.setBaseAndExtent(an, ao, fn, fo);
}
