/**
 * DOM positions <-> UTF-16 offsets of the document text, through the article's lines: a point of
 * a selection, a range to highlight, the character under the pointer.
 */
import type { ArticleText } from './articleText';

/** A selection as UTF-16 offsets of the document text (anchor where it began, focus where it ends). */
export interface OffsetSelection { anchor16: number; focus16: number }

/** UTF-16 document offset of a DOM point inside the article, or undefined outside it. */
export function offsetOfPoint(view: ArticleText, node: Node, offset: number): number | undefined {
  const line = view.lineOf.get(node);
  if (line) {
    if (node === line.node) return line.start + Math.min(offset, line.end - line.start);
    return offset === 0 ? line.start : line.end;
  }
  // between blocks (the article's children) or between the lines of a block
  const parent = node === view.article || node.parentNode === view.article ? node : undefined;
  if (parent) {
    const child = parent.childNodes[offset];
    const el = child instanceof Element ? (parent === view.article ? child.firstElementChild : child) : null;
    const at = el ? view.lineOf.get(el) : undefined;
    if (at) return at.start;
    const last = parent === view.article ? parent.lastChild?.lastChild : parent.lastChild;
    const end = last ? view.lineOf.get(last) : undefined;
    return end && parent !== view.article ? end.end : view.text.length;
  }
  if (view.article.contains(node)) {
    const el = node.parentElement?.closest('.line');
    const owner = el ? view.lineOf.get(el) : undefined;
    if (owner) return owner.start;
  }
  return undefined;
}

/**
 * The DOM point of UTF-16 document offset `at`; inside a line break it goes to the line's end or
 * the next line's start.
 */
export function pointAt(view: ArticleText, at: number, side: 'start' | 'end'): [Text, number] {
  const lines = view.lines;
  const i = view.lineIndexAt(at);
  const line = lines[i];
  if (at <= line.end) return [line.node, Math.max(0, at - line.start)];
  if (side === 'start' && i + 1 < lines.length) return [lines[i + 1].node, 0];
  return [line.node, line.end - line.start];
}

/** The DOM range of [start16, end16). */
export function rangeOf(view: ArticleText, start16: number, end16: number): Range {
  const range = document.createRange();
  const [sn, so] = pointAt(view, start16, 'start');
  const [en, eo] = pointAt(view, end16, 'end');
  range.setStart(sn, so);
  if (en === sn && eo < so) range.setEnd(sn, so);
  else range.setEnd(en, eo);
  return range;
}

/** The document's selection as offsets, or undefined when it is not in the article. */
export function currentSelection(view: ArticleText): OffsetSelection | undefined {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.anchorNode || !selection.focusNode) return undefined;
  const anchor16 = offsetOfPoint(view, selection.anchorNode, selection.anchorOffset);
  const focus16 = offsetOfPoint(view, selection.focusNode, selection.focusOffset);
  if (anchor16 === undefined || focus16 === undefined) return undefined;
  return { anchor16, focus16 };
}

function caretAt(x: number, y: number): [Node, number] | undefined {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (doc.caretPositionFromPoint) {
    const p = doc.caretPositionFromPoint(x, y);
    return p ? [p.offsetNode, p.offset] : undefined;
  }
  const r = doc.caretRangeFromPoint?.(x, y);
  return r ? [r.startContainer, r.startOffset] : undefined;
}

/** The UTF-16 offset of the character under the pointer, or undefined when it is not over text. */
export function offsetUnderPointer(view: ArticleText, x: number, y: number): number | undefined {
  const caret = caretAt(x, y);
  if (!caret || !(caret[0] instanceof Text)) return undefined;
  const [node, offset] = caret;
  const line = view.lineOf.get(node);
  if (!line) return undefined;
  for (const at of [offset, offset - 1]) {
    if (at < 0 || at >= node.length) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, Math.min(node.length, at + 1));
    for (const rect of range.getClientRects()) {
      if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top && y <= rect.bottom) return line.start + at;
    }
  }
  return undefined;
}
