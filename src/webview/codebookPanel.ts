/** The codebook panel: every label's definition, when to use it and when not, examples (K opens and closes it). */
import { codebookLines, titleOf } from '../core/model/projectSchema';
import { format } from '../shared/strings';
import type { ArticleText } from './articleText';
import { currentSelection } from './domOffsets';
import { el } from './elements';
import type { ViewModel } from './viewModel';

export class CodebookPanel {
  private readonly box = el('aside', 'codebook');

  constructor(private readonly model: ViewModel, private readonly view: ArticleText) {
    this.box.id = 'codebook';
    this.box.setAttribute('role', 'dialog');
    this.box.setAttribute('aria-label', model.strings.codebook);
    this.box.hidden = true;
    document.body.append(this.box);
  }

  get hidden(): boolean {
    return this.box.hidden;
  }

  hide(): void {
    this.box.hidden = true;
  }

  toggle(): void {
    if (!this.box.hidden) {
      this.box.hidden = true;
      return;
    }
    this.render();
    this.box.hidden = false;
  }

  /** Fills the panel; the label of the annotation at the selection comes first. */
  render(): void {
    const { schema, language, strings: s } = this.model;
    const selection = currentSelection(this.view);
    const at = selection ? Math.min(selection.anchor16, selection.focus16) : -1;
    const here = this.model.annotations
      .find((a) => a.annotation.anchored !== 'orphaned' && a.start16 <= at && at < a.end16)?.annotation.label;
    const labels = [...schema.labels].sort((a, b) => (a.id === here ? -1 : b.id === here ? 1 : 0));
    const head = el('div', 'codebook-head');
    head.append(el('strong', '', schema.preset ? s.codebookPreset : format(s.codebookVersion, schema.version)),
      el('span', 'codebook-keys', s.codebookKeys));
    const sections = labels.map((l) => {
      const section = el('section', `codebook-label label-${l.id}`);
      section.dataset.label = l.id;
      const title = el('div', 'codebook-title');
      const name = el('strong', '', this.model.labelName(l.id));
      name.dir = 'auto';
      title.append(el('span', `swatch label-${l.id}`), ' ', name, ' ', el('kbd', '', l.key.toUpperCase()));
      section.append(title);
      for (const line of codebookLines(l)) {
        const p = el('p', '', line);
        p.dir = 'auto';
        section.append(p);
      }
      for (const a of l.attributes ?? []) {
        const values = a.values ? a.values.join(' / ') : s.freeText;
        const line = format(s.codebookAttribute, titleOf(a.title, a.name, language), values);
        section.append(el('p', 'codebook-attribute', line));
      }
      if (codebookLines(l).length === 0) section.append(el('p', 'codebook-empty', s.codebookEmpty));
      return section;
    });
    this.box.setAttribute('aria-label', s.codebook);
    this.box.replaceChildren(head, ...sections);
  }
}
