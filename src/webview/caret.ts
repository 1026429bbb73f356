/**
 * Keyboard selection. The text is not editable, so Chromium shows no caret and Shift+arrows would
 * not select. The view moves the selection itself with Selection.modify (visual left/right, so
 * arrows follow the paragraph's direction) and draws its own caret.
 */
import type { ArticleText } from './articleText';

type Granularity = 'character' | 'word' | 'line' | 'lineboundary' | 'documentboundary';
const NAVIGATION: Record<string, (ctrl: boolean) => [string, Granularity]> = {
  ArrowLeft: (ctrl) => ['left', ctrl ? 'word' : 'character'],
  ArrowRight: (ctrl) => ['right', ctrl ? 'word' : 'character'],
  ArrowUp: () => ['backward', 'line'],
  ArrowDown: () => ['forward', 'line'],
  Home: (ctrl) => ['backward', ctrl ? 'documentboundary' : 'lineboundary'],
  End: (ctrl) => ['forward', ctrl ? 'documentboundary' : 'lineboundary'],
};

export class Caret {
  private readonly el = document.createElement('div');

  constructor(private readonly view: ArticleText) {
    this.el.className = 'caret';
    this.el.hidden = true;
    document.body.appendChild(this.el);
    view.article.addEventListener('focus', () => { this.ensure(); this.update(); });
    view.article.addEventListener('blur', () => { this.el.hidden = true; });
    window.addEventListener('resize', () => this.update());
  }

  /** The selection, put at the start of the first visible line when it is not in the article. */
  private ensure(): Selection | undefined {
    const { article, lines } = this.view;
    const selection = document.getSelection();
    if (!selection || lines.length === 0) return undefined;
    if (!selection.anchorNode || !article.contains(selection.anchorNode)) {
      const first = this.view.firstLineBelow(0) ?? lines[0];
      selection.collapse(first.node, 0);
    }
    return selection;
  }

  /** Arrow, Home and End keys (Shift extends, Ctrl by words / the whole text); true when the key was one of them. */
  navigate(e: KeyboardEvent): boolean {
    const move = NAVIGATION[e.key];
    if (!move || e.altKey || e.metaKey) return false;
    const selection = this.ensure();
    if (!selection) return false;
    const [direction, granularity] = move(e.ctrlKey);
    (selection as Selection & { modify(alter: string, direction: string, granularity: string): void })
      .modify(e.shiftKey ? 'extend' : 'move', direction, granularity);
    selection.focusNode?.parentElement?.scrollIntoView({ block: 'nearest' });
    return true;
  }

  /** Draws the caret at the selection's focus while the article has the focus. */
  update(): void {
    const caret = this.el;
    const selection = document.getSelection();
    const node = selection?.focusNode;
    if (!selection || !node || !this.view.article.contains(node) || document.activeElement !== this.view.article) {
      caret.hidden = true;
      return;
    }
    const range = document.createRange();
    range.setStart(node, selection.focusOffset);
    range.collapse(true);
    const rect = range.getClientRects()[0]
      ?? (node instanceof Text ? node.parentElement : node as Element)?.getBoundingClientRect();
    if (!rect) {
      caret.hidden = true;
      return;
    }
    caret.hidden = false;
    caret.style.left = `${rect.left + window.scrollX}px`;
    caret.style.top = `${rect.top + window.scrollY}px`;
    caret.style.height = `${Math.max(rect.height, 12)}px`;
  }
}
