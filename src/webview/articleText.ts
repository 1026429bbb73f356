/**
 * The article's text and its rendering: one element per line with `dir="auto"` (each paragraph
 * takes its own direction, Unicode bidi algorithm inside), the text only ever as text nodes.
 * Offsets are UTF-16 code units of the document text.
 *
 * Lines are grouped in blocks (`.block`, up to {@link BLOCK_LINES} lines or about {@link BLOCK_UNITS}
 * code units) that carry `content-visibility: auto`: a block off screen is not laid out, and a
 * few hundred blocks are cheap to check on a jump where thousands of lines were not (issue 12).
 * Until a block has been on screen its height is an estimate from its lines' lengths, scaled by
 * what the blocks seen so far measured (their height after layout, from a ResizeObserver: nothing
 * forces a layout to get it); once seen, the browser keeps its real height (`auto`).
 */
import { type LineRange, lineIndexAt, relayout, splitLineRanges } from './lineLayout';
import type { ViewSettings, ViewTextChange } from '../shared/protocol';

/** One rendered line of the text (see LineRange). */
export interface Line extends LineRange {
  el: HTMLElement;
  node: Text;
}

/** Most lines in a block. */
export const BLOCK_LINES = 32;
/** About the most UTF-16 code units in a block (a longer line makes a block of its own). */
export const BLOCK_UNITS = 6000;

/** What the estimate of a block's height knows of it. */
interface BlockInfo {
  /** Its lines' lengths, UTF-16 code units. */
  lengths: number[];
  /** Its height when it was last measured on screen, CSS pixels (0: never). */
  measured: number;
  /** The estimate it was given, CSS pixels. */
  estimate: number;
}

export class ArticleText {
  text = '';
  lines: Line[] = [];
  /** The line of a line's element or text node. */
  readonly lineOf = new WeakMap<Node, Line>();
  private readonly blockInfo = new WeakMap<Element, BlockInfo>();
  /** Font size (px) and line height (multiple) of the text, from the settings. */
  private font = { size: 18, lineHeight: 1.9 };
  /** Measured height / estimated height of the blocks seen so far (sums). */
  private seen = { measured: 0, estimated: 0 };
  /** The scale the estimates of blocks not seen yet were last given. */
  private appliedScale = 1;
  private readonly sizes: ResizeObserver | undefined;
  private reestimateFrame = 0;

  constructor(readonly article: HTMLElement) {
    this.sizes = typeof ResizeObserver === 'function'
      ? new ResizeObserver((entries) => this.measured(entries))
      : undefined;
  }

  /** Renders `text` from scratch (with the font of `settings`, for the first estimates of blocks' heights). */
  render(text: string, settings?: ViewSettings): void {
    if (settings) this.font = { size: settings.fontSize, lineHeight: settings.lineHeight };
    this.text = text;
    this.seen = { measured: 0, estimated: 0 };
    this.appliedScale = 1;
    this.sizes?.disconnect();
    this.lines = splitLineRanges(text, 0, text.length).map((r) => this.makeLine(r));
    const fragment = document.createDocumentFragment();
    for (const block of this.makeBlocks(this.lines)) fragment.appendChild(block);
    this.article.replaceChildren(fragment);
  }

  /** The text's font changed: blocks not seen yet get new estimates. */
  settingsChanged(settings: ViewSettings): void {
    this.font = { size: settings.fontSize, lineHeight: settings.lineHeight };
    this.seen = { measured: 0, estimated: 0 };
    this.appliedScale = 0;
    this.reestimateSoon();
  }

  /** Index of the line that contains UTF-16 offset `at`. */
  lineIndexAt(at: number): number {
    return lineIndexAt(this.lines, at);
  }

  /** The blocks of lines, in order (the article's children). */
  get blocks(): HTMLCollection {
    return this.article.children;
  }

  /**
   * The first line whose bottom is below `y` (viewport pixels), found by binary search over the
   * blocks, then over the lines of one block: a few boxes are measured, not every line.
   */
  firstLineBelow(y: number): Line | undefined {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid].getBoundingClientRect().bottom > y) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= blocks.length) return undefined;
    const lines = blocks[lo].children;
    let a = 0;
    let b = lines.length - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (lines[mid].getBoundingClientRect().bottom > y) b = mid;
      else a = mid + 1;
    }
    return lines[a] ? this.lineOf.get(lines[a]) : undefined;
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
    // the fresh lines go where the first old one was, in its block
    const block = lines[first].el.parentElement!;
    const fragment = document.createDocumentFragment();
    for (const line of fresh) fragment.appendChild(line.el);
    block.insertBefore(fragment, lines[first].el);
    const touched = new Set<Element>([block]);
    for (let i = first; i <= last; i++) {
      const parent = lines[i].el.parentElement;
      if (parent) touched.add(parent);
      lines[i].el.remove();
    }
    for (const b of touched) {
      if (b.childElementCount === 0) {
        this.sizes?.unobserve(b);
        b.remove();
      } else {
        this.describe(b);
      }
    }
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

  /** The lines grouped in blocks, each with an estimated height. */
  private makeBlocks(lines: readonly Line[]): HTMLElement[] {
    const out: HTMLElement[] = [];
    let block: HTMLElement | undefined;
    let units = 0;
    for (const line of lines) {
      const length = line.end - line.start;
      if (!block || block.childElementCount >= BLOCK_LINES || (units + length > BLOCK_UNITS && units > 0)) {
        block = document.createElement('div');
        block.className = 'block';
        out.push(block);
        units = 0;
      }
      block.appendChild(line.el);
      units += length;
    }
    for (const b of out) this.describe(b);
    return out;
  }

  /** Records a block's lines and gives it an estimated height; watches its real one. */
  private describe(block: Element): void {
    const lengths: number[] = [];
    for (const child of block.children) {
      const line = this.lineOf.get(child);
      if (line) lengths.push(line.end - line.start);
    }
    const old = this.blockInfo.get(block);
    const info: BlockInfo = { lengths, measured: old?.measured ?? 0, estimate: 0 };
    this.blockInfo.set(block, info);
    this.estimate(block as HTMLElement, info);
    this.sizes?.observe(block);
  }

  /**
   * A block's estimated height: each line takes at least one row, a row holding about as many code
   * units as fit the article's measure (46em, see articleView.css) at an average Arabic letter
   * width, scaled by what the blocks seen so far measured against their estimates.
   */
  private estimate(block: HTMLElement, info: BlockInfo): void {
    const row = this.font.size * this.font.lineHeight;
    const perRow = Math.max(20, (46 * this.font.size - 64) / (0.42 * this.font.size));
    let rows = 0;
    for (const n of info.lengths) rows += Math.max(1, Math.ceil(n / perRow));
    const scale = this.scale();
    const raw = rows * row;
    info.estimate = raw;
    const px = Math.max(row, Math.round(raw * scale));
    block.style.setProperty('contain-intrinsic-block-size', `auto ${px}px`);
  }

  /** Measured height / estimated height of the blocks seen so far (1 before any). */
  private scale(): number {
    return this.seen.estimated > 0 ? this.seen.measured / this.seen.estimated : 1;
  }

  /** Blocks laid out on screen report their heights: they calibrate the estimates of the others. */
  private measured(entries: ResizeObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const info = this.blockInfo.get(entry.target);
      const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height;
      // a block not laid out reports its estimate: only other heights are measurements
      const px = parseFloat((entry.target as HTMLElement).style.getPropertyValue('contain-intrinsic-block-size')
        .replace('auto', ''));
      if (!info || height === 0 || Math.abs(height - px) < 0.5 || info.measured === height) continue;
      if (info.measured === 0) {
        this.seen.measured += height;
        this.seen.estimated += info.estimate;
        changed = true;
      }
      info.measured = height;
    }
    // new estimates move the page under the reader: only when they would change by more than 3%
    if (changed && Math.abs(this.scale() / this.appliedScale - 1) > 0.03) this.reestimateSoon();
  }

  /** Gives the blocks never seen new estimates, once a frame at most. */
  private reestimateSoon(): void {
    if (this.reestimateFrame) return;
    this.reestimateFrame = requestAnimationFrame(() => {
      this.reestimateFrame = 0;
      this.appliedScale = this.scale();
      for (const block of this.blocks) {
        const info = this.blockInfo.get(block);
        if (info && info.measured === 0) this.estimate(block as HTMLElement, info);
      }
    });
  }
}
