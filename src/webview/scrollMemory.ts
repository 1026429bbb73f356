/**
 * Where the analyst was in the article, kept across the tab being hidden and shown: the first
 * visible line as a text offset (UTF-16 code units), robust to font changes. The line is found by
 * binary search (ArticleText.firstLineBelow), a few boxes measured rather than every line.
 */
import type { ArticleText } from './articleText';
import type { Host } from './host';

export class ScrollMemory {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `toolbar` covers the top of the article. */
  constructor(private readonly view: ArticleText, private readonly host: Host, private readonly toolbar: HTMLElement) {}

  /** The view scrolled: remembers where once scrolling pauses. */
  scrolled(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), 150);
  }

  private save(): void {
    const top = this.view.firstLineBelow(this.toolbar.getBoundingClientRect().bottom);
    if (top) this.host.setState({ topOffset16: top.start });
  }

  /** Scrolls back to where the view was when it was last shown. */
  restore(): void {
    const { lines, text } = this.view;
    const state = this.host.getState();
    if (!state || !state.topOffset16 || lines.length === 0) return;
    const line = lines[this.view.lineIndexAt(Math.min(state.topOffset16, text.length))];
    window.scrollTo(0, line.el.getBoundingClientRect().top + window.scrollY - this.toolbar.offsetHeight);
  }
}
