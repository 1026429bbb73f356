/**
 * The orphaned annotations (their text is no longer in the article), each with a button that
 * re-attaches it to the selection.
 */
import { format } from '../shared/strings';
import type { ArticleText } from './articleText';
import { currentSelection } from './domOffsets';
import { el } from './elements';
import type { Host } from './host';
import type { Notice } from './notice';
import type { ViewModel } from './viewModel';

export class OrphanList {
  constructor(
    private readonly box: HTMLDetailsElement,
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly host: Host,
    private readonly notice: Notice,
  ) {}

  /** Unfolds the list. */
  open(): void {
    this.box.open = true;
  }

  render(): void {
    const { strings: s, readOnly } = this.model;
    const orphans = this.model.annotations.filter((a) => a.annotation.anchored === 'orphaned');
    this.box.hidden = orphans.length === 0;
    if (orphans.length === 0) {
      this.box.replaceChildren();
      return;
    }
    const summary = el('summary', '', format(orphans.length === 1 ? s.orphansOne : s.orphansMany, orphans.length));
    const list = el('ul', 'orphan-list');
    for (const { annotation } of orphans) {
      const item = el('li', 'orphan');
      const quote = el('span', 'orphan-quote', annotation.quote);
      quote.dir = 'auto';
      const button = el('button', 'orphan-reattach', s.reattach) as HTMLButtonElement;
      button.type = 'button';
      button.disabled = readOnly;
      button.title = s.reattachTitle;
      button.addEventListener('mousedown', (e) => e.preventDefault());
      button.addEventListener('click', () => {
        const selection = currentSelection(this.view);
        if (!selection || selection.anchor16 === selection.focus16) {
          this.notice.show(this.model.strings.reattachNeedsSelection);
          return;
        }
        this.host.post({ type: 'reattach', id: annotation.id, ...selection });
      });
      item.append(el('span', `swatch label-${annotation.label}`),
        el('span', 'orphan-label', format(s.fieldName, this.model.labelName(annotation.label))), quote, button);
      if (annotation.conflict) item.insertBefore(el('span', 'orphan-conflict', s.orphanConflict), button);
      list.append(item);
    }
    const open = this.box.open;
    this.box.replaceChildren(summary, list);
    this.box.open = open;
  }
}
