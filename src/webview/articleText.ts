/**
 * The article's text and its rendering: one element per line with `dir="auto"` (each paragraph
 * takes its own direction, Unicode bidi algorithm inside), the text only ever as text nodes.
 * Offsets are UTF-16 code units of the document text.
 */
import { type LineRange, lineIndexAt, relayout, splitLineRanges } from './lineLayout';
import type { ViewTextChange } from '../shared/protocol';

/** One rendered line of the text (see LineRange). */
export interface Line extends LineRange {
  el: HTMLElement;
  node: Text;
}

export class ArticleText {
  text = '';
  lines: Line[] = [];
  /** The line of a line's element or text node. */
  readonly lineOf = new WeakMap<Node, Line>();

  constructor(readonly article: HTMLElement) {}

  /** Renders `text` from scratch. */
  render(text: string): void {
    this.text = text;
    this.lines = splitLineRanges(text, 0, text.length).map((r) => this.makeLine(r));
    const fragment = document.createDocumentFragment();
    for (const line of this.lines) fragment.appendChild(line.el);
    this.article.replaceChildren(fragment);
  }

  /** Index of the line that contains UTF-16 offset `at`. */
  lineIndexAt(at: number): number {
    return lineIndexAt(this.lines, at);
  }

  /**
   * Applies text changes (in order) and re-renders only the lines they touched; false when the
   * result is not `length16` long (the view is out of step with the host).
   */
  applyChanges(changes: readonly ViewTextChange[], length16: number): boolean {
    const old = this.text;
    for (const c of changes) this.text = this.text.slice(0, c.start16) + c.text + this.text.slice(c.end16);
    if (this.text.length !== length16) return false;
    const lines = this.lines;
    const { first, last, fresh: ranges, delta } = relayout(lines, old, this.text);
    const fresh = ranges.map((r) => this.makeLine(r));
    const before = lines[last].el.nextSibling;
    for (let i = first; i <= last; i++) lines[i].el.remove();
    const fragment = document.createDocumentFragment();
    for (const line of fresh) fragment.appendChild(line.el);
    this.article.insertBefore(fragment, before);
    for (let i = last + 1; i < lines.length; i++) {
      lines[i].start += delta;
      lines[i].end += delta;
      lines[i].next += delta;
    }
    lines.splice(first, last - first + 1, ...fresh);
    return true;
  }

  private makeLine(range: LineRange): Line {
    const el = document.createElement('div');
    el.className = 'line';
    el.dir = 'auto';
    const node = document.createTextNode(this.text.slice(range.start, range.end));
    el.appendChild(node);
    const line: Line = { ...range, el, node };
    this.lineOf.set(el, line);
    this.lineOf.set(node, line);
    return line;
  }
}
