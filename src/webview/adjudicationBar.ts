/**
 * Adjudication mode (docs/adjudication.md): the items the annotators did not all agree on, drawn
 * over the gold's annotations with shapes, not only colours (spans of some annotators only: a
 * dashed underline; disagreements: a wavy one; the current item: a double underline and a shade),
 * a badge with the annotators' letters at each open item's start, and a bar under the toolbar
 * naming the current item, what differs and each annotator's version, with buttons. Keys: A / B /
 * 1–9 take an annotator's version, + both, X neither, E edit, N / P next / previous. The host
 * decides and writes the gold; the view only draws and asks.
 */
import type { AdjudicationAction, ViewAdjudication, ViewAdjudicationItem } from '../shared/protocol';
import { format } from '../shared/strings';
import type { ArticleText } from './articleText';
import { rangeOf } from './domOffsets';
import { el, quotedText } from './elements';
import type { Host } from './host';
import type { Revealer } from './revealer';
import type { ViewModel } from './viewModel';

const highlightRegistry = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
const HighlightClass = (globalThis as unknown as {
  Highlight?: new (...ranges: Range[]) => { priority: number };
}).Highlight;

const NAMES = ['hashiya-adj-some', 'hashiya-adj-disagree', 'hashiya-adj-current'];

export class AdjudicationBar {
  private adjudication: ViewAdjudication | null = null;
  private readonly box = el('div', 'adjudication-bar');
  private readonly badges = el('div', 'adjudication-badges');
  private badgeFrame = 0;

  constructor(
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly host: Host,
    private readonly parts: { banner: HTMLElement; revealer: Revealer },
  ) {
    this.box.setAttribute('role', 'status');
    this.box.setAttribute('aria-live', 'polite');
    this.box.hidden = true;
    this.badges.setAttribute('aria-hidden', 'true');
    parts.banner.after(this.box);
    document.body.append(this.badges);
    window.addEventListener('resize', () => this.placeBadgesSoon());
    window.addEventListener('scroll', () => this.placeBadgesSoon(), { passive: true });
  }

  /** True while the view is in adjudication mode. */
  get active(): boolean {
    return this.adjudication !== null;
  }

  /** Takes the host's adjudication (null: leave the mode); with `reveal`, shows the current item. */
  receive(adjudication: ViewAdjudication | null, reveal: boolean): void {
    this.adjudication = adjudication;
    document.body.classList.toggle('adjudicating', adjudication !== null);
    this.render();
    this.paint();
    const item = this.currentItem();
    if (reveal && item && item.end16 > item.start16 && item.end16 <= this.view.text.length) {
      this.parts.revealer.reveal(item.start16, item.end16, false);
    }
  }

  private currentItem(): ViewAdjudicationItem | undefined {
    const a = this.adjudication;
    return a?.items.find((i) => i.index === a.current);
  }

  /** The bar: the current item's place, what differs, each annotator's version, the buttons and keys. */
  render(): void {
    const a = this.adjudication;
    if (!a) {
      this.box.hidden = true;
      this.box.replaceChildren();
      return;
    }
    const s = this.model.strings;
    const decided = a.items.filter((i) => i.decided).length;
    const at = a.items.findIndex((i) => i.index === a.current);
    const item = a.items[at];
    const parts: (HTMLElement | string)[] = [];
    const head = el('div', 'adjudication-head');
    head.append(
      el('strong', '', item ? format(s.adjudicationPosition, at + 1, a.items.length) : s.adjudicationDone),
      el('span', 'adjudication-progress', format(s.adjudicationProgress, decided, a.items.length, a.gold)),
    );
    if (item) {
      head.append(el('span', `adjudication-kinds adj-${item.status}`, item.kinds.join(s.listSeparator)));
      if (item.decided) head.append(el('span', 'adjudication-decided', `✓ ${s.adjudicationDecided}`));
    }
    parts.push(head);
    if (item) {
      const versions = el('div', 'adjudication-versions');
      item.versions.forEach((v, k) => {
        const row = el('div', 'adjudication-version');
        const letter = el('span', 'adjudication-letter', a.letters[k]);
        letter.title = a.names[k];
        row.append(letter);
        if (v) {
          const chars = [...v.quote];
          row.append(el('span', `swatch label-${v.label}`),
            quotedText('adjudication-quote', chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : v.quote));
          const detail = el('span', 'adjudication-detail', v.detail);
          detail.dir = 'auto';
          row.append(' ', detail);
        } else {
          row.append(el('span', 'adjudication-detail', format(s.adjudicationNone, a.letters[k])));
        }
        versions.append(row);
      });
      parts.push(versions);
      const buttons = el('div', 'adjudication-buttons');
      item.versions.forEach((v, k) => {
        if (v) buttons.append(this.button(format(s.adjudicationTake, a.letters[k]), 'take', k));
      });
      buttons.append(this.button(s.adjudicationBoth, 'both'), this.button(s.adjudicationNeither, 'neither'),
        this.button(s.adjudicationEdit, 'edit'), this.button(s.adjudicationPrevious, 'previous'),
        this.button(s.adjudicationNext, 'next'), el('span', 'adjudication-keys', s.adjudicationKeys));
      parts.push(buttons);
    }
    this.box.replaceChildren(...parts);
    this.box.hidden = false;
  }

  private button(title: string, action: AdjudicationAction, annotator?: number): HTMLElement {
    const b = el('button', 'label-button adjudication-button', title) as HTMLButtonElement;
    b.type = 'button';
    b.dataset.action = action;
    if (annotator !== undefined) b.dataset.annotator = String(annotator);
    b.addEventListener('click', () => this.ask(action, annotator));
    return b;
  }

  private ask(action: AdjudicationAction, annotator?: number): void {
    this.host.post({ type: 'adjudicate', action, ...(annotator !== undefined ? { annotator } : {}) });
  }

  /** Draws the open items (and the current one) in the text, and their badges. */
  paint(): void {
    if (!highlightRegistry || !HighlightClass) return;
    for (const name of NAMES) highlightRegistry.delete(name);
    const a = this.adjudication;
    if (a) {
      const length = this.view.text.length;
      const groups = new Map<string, Range[]>(NAMES.map((n) => [n, []]));
      for (const item of a.items) {
        const current = item.index === a.current;
        if (item.decided && !current) continue;
        for (const v of item.versions) {
          if (!v || v.end16 <= v.start16 || v.end16 > length) continue;
          const range = rangeOf(this.view, v.start16, v.end16);
          groups.get(item.status === 'some' ? NAMES[0] : NAMES[1])!.push(range);
          if (current) groups.get(NAMES[2])!.push(rangeOf(this.view, v.start16, v.end16));
        }
      }
      NAMES.forEach((name, i) => {
        const ranges = groups.get(name)!;
        if (ranges.length === 0) return;
        const highlight = new HighlightClass(...ranges);
        highlight.priority = 70 + i;
        highlightRegistry.set(name, highlight);
      });
    }
    this.placeBadges();
  }

  private placeBadgesSoon(): void {
    if (!this.adjudication || this.badgeFrame) return;
    this.badgeFrame = requestAnimationFrame(() => {
      this.badgeFrame = 0;
      this.placeBadges();
    });
  }

  /**
   * A badge with the letters of the annotators who have a version, above the start of each open
   * item (the right end of its first line in right-to-left text), for the lines on screen.
   */
  private placeBadges(): void {
    const a = this.adjudication;
    this.badges.replaceChildren();
    if (!a) return;
    const length = this.view.text.length;
    const s = this.model.strings;
    for (const item of a.items) {
      if ((item.decided && item.index !== a.current) || item.end16 <= item.start16 || item.end16 > length) continue;
      // the first character's box: a range's own first rect may be a line box or an edge elsewhere
      const code = this.view.text.charCodeAt(item.start16);
      const one = item.start16 + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
      const first = rangeOf(this.view, item.start16, Math.min(one, item.end16)).getBoundingClientRect();
      if (first.width === 0 || first.bottom < 0 || first.top > window.innerHeight) continue;
      const line = this.view.lines[this.view.lineIndexAt(item.start16)]?.el;
      const rtl = line ? isRtl(line) : false;
      const badge = el('span', `adjudication-badge adj-${item.status}${item.index === a.current ? ' current' : ''}`,
        item.letters);
      badge.title = format(s.adjudicationBadgeTitle, item.kinds.join(s.listSeparator), item.letters);
      badge.style.top = `${first.top + window.scrollY - 9}px`;
      if (rtl) badge.style.left = `${first.right + window.scrollX - 4}px`;
      else badge.style.left = `${first.left + window.scrollX - 4}px`;
      if (rtl) badge.classList.add('rtl');
      this.badges.append(badge);
    }
  }

  /** Keys of adjudication mode; true when the key was one of them. */
  key(e: KeyboardEvent): boolean {
    if (!this.adjudication || e.ctrlKey || e.metaKey || e.altKey) return false;
    const digit = /^Digit([1-9])$/.exec(e.code);
    let action: AdjudicationAction | undefined;
    let annotator: number | undefined;
    if (digit && !e.shiftKey) [action, annotator] = ['take', Number(digit[1]) - 1];
    else if (e.code === 'KeyA' && !e.shiftKey) [action, annotator] = ['take', 0];
    else if (e.code === 'KeyB' && !e.shiftKey) [action, annotator] = ['take', 1];
    else if (e.code === 'Equal' || e.code === 'NumpadAdd') action = 'both';
    else if ((e.code === 'KeyX' || e.code === 'Minus') && !e.shiftKey) action = 'neither';
    else if (e.code === 'KeyE' && !e.shiftKey) action = 'edit';
    else if (e.code === 'KeyN') action = e.shiftKey ? 'previous' : 'next';
    else if (e.code === 'KeyP' && !e.shiftKey) action = 'previous';
    if (!action) return false;
    this.ask(action, annotator);
    return true;
  }
}

/** True when `line` (dir="auto") resolved to right-to-left: `:dir(rtl)`, else its computed direction. */
function isRtl(line: HTMLElement): boolean {
  try {
    return line.matches(':dir(rtl)');
  } catch {
    return getComputedStyle(line).direction === 'rtl';
  }
}
