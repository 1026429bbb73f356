/**
 * The hover over the text: every annotation and suggestion under the pointer, innermost first, with
 * its fields (from core/presentation/hoverText) and its recorded conflict.
 */
import { entityName } from '../core/entities/entities';
import { hoverFields } from '../core/presentation/hoverText';
import { format } from '../shared/strings';
import type { ArticleText } from './articleText';
import { type ConflictBar, conflictBlock } from './conflictBar';
import { offsetUnderPointer } from './domOffsets';
import { el } from './elements';
import type { ViewModel } from './viewModel';

/**
 * `text` as DOM nodes: each first-strong isolate (FSI … PDI, as core/presentation/hoverText puts
 * around a name or a quote inside a sentence) becomes a <bdi>, so that the page's text holds no
 * invisible controls there and `dir=auto` looks past the isolated parts.
 */
function bidiNodes(text: string): Node[] {
  const out: Node[] = [];
  let plain = '';
  let at = 0;
  const chars = [...text];
  while (at < chars.length) {
    const c = chars[at];
    // first-strong isolates become elements; a left-to-right value (LRI … PDI) stays as it is
    if (c !== '\u2068') {
      plain += c;
      at++;
      continue;
    }
    // the matching PDI (isolates nest)
    let depth = 0;
    let end = at;
    for (; end < chars.length; end++) {
      if (chars[end] === '\u2066' || chars[end] === '\u2067' || chars[end] === '\u2068') depth++;
      else if (chars[end] === '\u2069' && --depth === 0) break;
    }
    if (plain) out.push(document.createTextNode(plain));
    plain = '';
    const bdi = el('bdi', '', chars.slice(at + 1, end).join(''));
    bdi.dir = 'auto';
    out.push(bdi);
    at = end + 1;
  }
  if (plain) out.push(document.createTextNode(plain));
  return out;
}

export class Hover {
  private frame = 0;

  constructor(
    readonly box: HTMLElement,
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly conflictBar: ConflictBar,
  ) {}

  hide(): void {
    this.box.hidden = true;
  }

  /** Follows the pointer, at most once a frame. */
  onPointerMove(e: MouseEvent): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.show(e.clientX, e.clientY);
    });
  }

  private show(x: number, y: number): void {
    const { model, box } = this;
    const { annotations, suggestions, strings: s } = model;
    const at = offsetUnderPointer(this.view, x, y);
    const under = at === undefined ? [] : annotations
      .filter((a) => a.annotation.anchored !== 'orphaned' && a.start16 <= at && at < a.end16)
      .sort((a, b) => (a.end16 - a.start16) - (b.end16 - b.start16));
    const suggested = at === undefined ? [] : suggestions.filter((x) => x.start16 <= at && at < x.end16);
    if (under.length === 0 && suggested.length === 0) {
      box.hidden = true;
      return;
    }
    const suggestionSections = suggested.map((x) => {
      const section = el('section', `hover-item suggestion label-${x.label}`);
      const head = el('div', 'hover-title');
      head.append(el('span', `swatch label-${x.label}`),
        el('strong', '', format(s.suggested, model.labelName(x.label).toLowerCase())),
        el('span', 'hover-rule', format(s.suggestedBy, s.rules[x.rule] ?? x.rule)));
      const quote = el('blockquote', 'hover-quote', x.quote.length > 400 ? `${x.quote.slice(0, 399)}…` : x.quote);
      quote.dir = 'auto';
      section.append(head, quote);
      if (x.value) section.append(this.labelled(s.value, `\u2066${x.value}\u2069`));
      if (x.speaker) section.append(this.labelled(s.speaker, x.speaker));
      const byline = x.key === model.currentSuggestion ? s.suggestionCurrent : s.suggestionOther;
      section.append(el('div', 'hover-byline', byline));
      return section;
    });
    const sections = under.map((a) => {
      const f = hoverFields(a.annotation, {
        schema: model.schema, language: model.language,
        byId: (id) => model.annotation(id)?.annotation,
        entityName: (x) => model.annotation(x.id)?.entityName ?? entityName(x),
        guessedFrom: (x) => model.annotation(x.id)?.guessedFrom,
      });
      const section = el('section', `hover-item label-${a.annotation.label}`);
      section.dataset.id = a.annotation.id;
      const head = el('div', 'hover-title');
      head.append(el('span', `swatch label-${a.annotation.label}`), el('strong', '', f.title));
      const quote = el('blockquote', 'hover-quote', f.quote);
      quote.dir = 'auto';
      section.append(head, quote);
      if (f.value !== undefined) section.append(this.labelled(s.value, f.value));
      if (f.entity !== undefined) section.append(this.labelled(s.entity, f.entity));
      if (f.speaker !== undefined) section.append(this.labelled(s.speaker, f.speaker));
      if (f.date !== undefined) section.append(this.labelled(s.saidOn, f.date));
      if (f.stance !== undefined) section.append(this.labelled(s.stance, f.stance));
      for (const [name, value] of f.extra ?? []) section.append(this.labelled(name, value));
      if (f.note !== undefined) section.append(this.labelled(s.note, f.note));
      if (f.definition !== undefined) section.append(el('div', 'hover-definition', f.definition));
      if (f.byline !== undefined) section.append(el('div', 'hover-byline', f.byline));
      if (f.warning !== undefined) section.append(el('div', 'hover-warning', f.warning));
      if (a.conflict) section.append(conflictBlock(a.conflict, a.annotation.id === this.conflictBar.current, s));
      return section;
    });
    box.replaceChildren(...sections, ...suggestionSections);
    box.hidden = false;
    const width = box.offsetWidth;
    const height = box.offsetHeight;
    const left = Math.min(Math.max(4, x + 12), window.innerWidth - width - 4);
    const top = y + 18 + height > window.innerHeight ? Math.max(4, y - height - 12) : y + 18;
    box.style.left = `${left}px`;
    box.style.top = `${top}px`;
  }

  private labelled(name: string, value: string): HTMLElement {
    const row = el('div', 'hover-row');
    const v = el('span', 'hover-value');
    v.append(...bidiNodes(value));
    v.dir = 'auto';
    row.append(el('span', 'hover-key', format(this.model.strings.fieldName, name)), v);
    return row;
  }
}
