/**
 * The toolbar (file name, a button per label with its key and count, hints or the current notice)
 * and what hangs under it: the banner of a read-only view, the orphaned annotations, the conflict bar.
 */
import type { Label } from '../core/model/annotation';
import { format } from '../shared/strings';
import type { Actions } from './actions';
import type { ConflictBar } from './conflictBar';
import { el } from './elements';
import type { Notice } from './notice';
import type { OrphanList } from './orphanList';
import type { ViewModel } from './viewModel';

export class Toolbar {
  constructor(
    private readonly model: ViewModel,
    private readonly elements: { toolbar: HTMLElement; banner: HTMLElement },
    private readonly parts: { actions: Actions; notice: Notice; orphans: OrphanList; conflictBar: ConflictBar },
  ) {
    // its height, for what sticks under it, once laid out: reading offsetHeight here would lay out
    // the whole article before its first frame
    new ResizeObserver(([entry]) => {
      const height = entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight;
      document.documentElement.style.setProperty('--hashiya-toolbar-height', `${height}px`);
    }).observe(elements.toolbar);
  }

  /** Renders the toolbar, the orphans, the conflict bar and the banner from the model. */
  render(): void {
    const { model, parts } = this;
    const { strings: s, schema, readOnly, problem } = model;
    const { toolbar, banner } = this.elements;
    const counts: Record<Label, number> = {};
    let orphaned = 0;
    for (const a of model.annotations) {
      if (a.annotation.anchored === 'orphaned') orphaned++;
      else counts[a.annotation.label] = (counts[a.annotation.label] ?? 0) + 1;
    }
    const title = el('span', 'file', model.fileName);
    title.dir = 'auto';
    const buttons = schema.labels.map(({ id: label, key, codebook }) => {
      const button = el('button', `label-button label-${label}`) as HTMLButtonElement;
      button.type = 'button';
      button.dataset.label = label;
      button.title = readOnly ? format(s.readOnlyTitle, problem ?? s.readOnlyDefaultTitle)
        // English names the label by its id, as it always has; other languages by its title
        : [format(s.markTitle, model.language.startsWith('en') ? label : model.labelName(label), key.toUpperCase()),
          codebook?.definition ?? ''].filter(Boolean).join('\n');
      const name = el('span', 'name', `${model.labelName(label)} `);
      name.dir = 'auto';
      button.append(el('span', `swatch label-${label}`), name, el('kbd', '', key.toUpperCase()),
        el('span', 'count', ` ${counts[label] ?? 0}`));
      button.disabled = readOnly;
      // keep the text selection when the button is pressed
      button.addEventListener('mousedown', (e) => e.preventDefault());
      button.addEventListener('click', () => parts.actions.annotateSelection(label));
      return button;
    });
    const hints = readOnly
      ? el('span', 'hints read-only', s.hintsReadOnly)
      : el('span', 'hints', format(s.hints, schema.labels.map((l) => l.key.toUpperCase()).join(s.listSeparator)));
    const items: HTMLElement[] = [title, ...buttons];
    if (orphaned > 0) items.push(el('span', 'orphaned', format(s.orphanedCount, orphaned)));
    // a notice takes the hints' place in the toolbar: it never covers the article's text
    items.push(parts.notice.box.hidden ? hints : parts.notice.box);
    toolbar.replaceChildren(...items);
    parts.orphans.render();
    parts.conflictBar.render();
    if (problem) {
      const message: Node[] = [el('span', 'banner-message', problem)];
      if (model.problemInSidecar) {
        const open = el('button', 'banner-open', s.openSidecar) as HTMLButtonElement;
        open.type = 'button';
        open.title = s.openSidecarTitle;
        open.addEventListener('click', () => parts.actions.runCommand('openSidecar'));
        message.push(document.createTextNode(' '), open);
      }
      banner.replaceChildren(...message);
      banner.hidden = false;
    } else {
      banner.hidden = true;
      banner.textContent = '';
    }
  }
}
