/** Brings a span of the text into view, and selects it when asked (host's reveal, conflicts). */
import type { ArticleText } from './articleText';
import { currentSelection, rangeOf } from './domOffsets';
import type { Highlights } from './highlights';

export class Revealer {
  /** The span revealed and selected last, while the selection is still that span (UTF-16 code units). */
  private revealed: { start16: number; end16: number } | undefined;

  constructor(private readonly view: ArticleText, private readonly highlights: Highlights) {}

  /** Scrolls [start16, end16) to the middle, flashes it, and with `select` selects it. */
  reveal(start16: number, end16: number, select: boolean): void {
    if (this.view.lines.length === 0) return;
    const range = rangeOf(this.view, start16, end16);
    const target = range.startContainer.parentElement ?? this.view.article;
    target.scrollIntoView({ block: 'center' });
    if (select) {
      const selection = document.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      this.view.article.focus({ preventScroll: true });
      // a revealed span stays selected (so Delete, L, N, E act on it) but keeps its label colour
      this.revealed = { start16, end16 };
      document.body.classList.add('revealed');
    }
    this.highlights.flash(start16, end16);
  }

  /** The selection changed: once it is no longer the revealed span, the span shows as selected again. */
  selectionChanged(): void {
    if (!this.revealed) return;
    const now = currentSelection(this.view);
    const same = now && Math.min(now.anchor16, now.focus16) === this.revealed.start16
      && Math.max(now.anchor16, now.focus16) === this.revealed.end16;
    if (!same) {
      this.revealed = undefined;
      document.body.classList.remove('revealed');
    }
  }
}
