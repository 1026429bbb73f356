/**
 * Recorded conflicts. A merge that could not decide records their values beside ours
 * (docs/sidecar-format.md, "Recorded conflicts"). A bar under the toolbar names the current one:
 * H keeps ours, I takes theirs, B keeps both, J / Shift+J go to the next / previous conflict.
 * (The text's marks of conflicts are drawn by Highlights.)
 */
import type { ConflictSummary } from '../core/merge/conflictRows';
import type { ConflictAction, ViewAnnotation } from '../shared/protocol';
import { type ViewStrings, format } from '../shared/strings';
import type { ArticleText } from './articleText';
import type { OffsetSelection } from './domOffsets';
import { el, quotedText } from './elements';
import type { Host } from './host';
import type { Notice } from './notice';
import type { OrphanList } from './orphanList';
import type { Revealer } from './revealer';
import type { ViewModel } from './viewModel';

const PUBLISHED = '#published';

interface ConflictItem { key: string; summary: ConflictSummary; annotation?: ViewAnnotation }

/** The rows of a conflict, side by side: "label: "claim" here · "actor" in theirs". */
export function conflictRows(summary: ConflictSummary, s: ViewStrings): HTMLElement {
  const list = el('span', 'conflict-rows');
  summary.rows.forEach((row, i) => {
    const part = el('span', 'conflict-row');
    const ours = el('span', 'conflict-ours', row.ours);
    const theirs = el('span', 'conflict-theirs', row.theirs);
    ours.dir = 'auto';
    theirs.dir = 'auto';
    part.append(el('span', 'conflict-field', format(s.fieldName, row.field)), ours,
      el('span', 'conflict-side', s.conflictHere), theirs, el('span', 'conflict-side', s.conflictInTheirs));
    if (i > 0) list.append(el('span', 'conflict-sep', '; '));
    list.append(part);
  });
  return list;
}

/** A conflict's part of a hover: who the other side is, the rows, and the keys (`current`: it is the bar's). */
export function conflictBlock(summary: ConflictSummary, current: boolean, s: ViewStrings): HTMLElement {
  const block = el('div', 'hover-conflict');
  block.append(el('strong', '', format(s.conflictWith, summary.side)), el('div', '', ''));
  block.lastElementChild!.append(conflictRows(summary, s));
  // alternatives recorded by later merges: taken up one after the other
  (summary.next ?? []).forEach((next, i) => {
    const count = (summary.next?.length ?? 0) + 1;
    const line = el('div', 'conflict-next', format(s.conflictThenWith, i + 2, count, next.side));
    line.append(conflictRows(next, s));
    block.append(line);
  });
  block.append(el('div', 'hover-byline', current ? s.conflictHoverKeys : s.conflictHoverKeysOther));
  return block;
}

export class ConflictBar {
  /** The conflict the bar shows: an annotation id, PUBLISHED for the publication date; undefined: none. */
  current: string | undefined;
  /** Where the current conflict was in the list, to stay at that place when it is resolved. */
  private currentIndex = 0;
  /**
   * The conflict last shown in the text (by J, a click in it, or after a resolution): until then,
   * J shows the bar's own first.
   */
  private revealed: string | undefined;
  /** What the host was last told the bar shows. */
  private told: string | undefined;
  private readonly box = el('div', 'conflict-bar');

  /** The bar goes right after `banner`. */
  constructor(
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly host: Host,
    private readonly parts: { banner: HTMLElement; notice: Notice; revealer: Revealer; orphans: OrphanList },
  ) {
    this.box.setAttribute('role', 'status');
    this.box.setAttribute('aria-live', 'polite');
    this.box.hidden = true;
    parts.banner.after(this.box);
  }

  /** The recorded conflicts in reading order: the publication date first, then by place in the text. */
  private items(): ConflictItem[] {
    const { publishedConflict, annotations } = this.model;
    const out: ConflictItem[] = publishedConflict ? [{ key: PUBLISHED, summary: publishedConflict }] : [];
    const placed = annotations.filter((a) => a.conflict).sort((a, b) => a.start16 - b.start16 || b.end16 - a.end16);
    for (const a of placed) out.push({ key: a.annotation.id, summary: a.conflict!, annotation: a });
    return out;
  }

  /** The conflict bar: which conflict H, I and B act on, ours and theirs, and the keys. */
  render(): void {
    const { strings: s, readOnly } = this.model;
    const items = this.items();
    if (items.length === 0) {
      this.box.hidden = true;
      this.box.replaceChildren();
      document.body.classList.remove('conflicts');
      this.current = undefined;
      return;
    }
    let at = items.findIndex((c) => c.key === this.current);
    const resolved = at < 0 && this.current !== undefined;
    // the current one was resolved: the one now at its place (or the last) is current
    if (at < 0) at = Math.min(this.currentIndex, items.length - 1);
    this.current = items[at].key;
    const shown = items[at].annotation;
    if (resolved && shown && shown.annotation.anchored !== 'orphaned' && shown.end16 > shown.start16
      && shown.end16 <= this.view.text.length && this.view.lines.length > 0) {
      this.parts.revealer.reveal(shown.start16, shown.end16, false);
      this.revealed = this.current;
    }
    this.currentIndex = at;
    const item = items[at];
    const alternatives = (item.summary.next?.length ?? 0) + 1;
    const side = alternatives > 1 ? format(s.conflictSideAlternatives, item.summary.side, alternatives)
      : format(s.conflictSide, item.summary.side);
    const parts: (HTMLElement | string)[] = [el('strong', '', format(s.conflictPosition, at + 1, items.length)), side];
    if (item.annotation) {
      const a = item.annotation.annotation;
      const chars = [...a.quote];
      const quote = quotedText('conflict-quote', chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : a.quote);
      parts.push(el('span', `swatch label-${a.label}`), ` ${this.model.labelName(a.label)} `, quote,
        a.anchored === 'orphaned' ? s.conflictOrphaned : ' ');
    } else {
      parts.push(s.conflictPublicationDate);
    }
    parts.push(conflictRows(item.summary, s));
    // alternatives recorded by later merges: each comes up here once the one before it is resolved
    if (item.summary.next?.length) {
      const more = el('span', 'conflict-next', s.conflictThen);
      item.summary.next.forEach((next, i) => {
        if (i > 0) more.append(el('span', 'conflict-sep', '; '));
        more.append(format(s.conflictThenItem, i + 2, next.side), conflictRows(next, s));
      });
      parts.push(more);
    }
    const keys = readOnly ? s.conflictKeysReadOnly : item.key === PUBLISHED ? s.conflictKeysPublished : s.conflictKeys;
    parts.push(el('span', 'conflict-keys', keys));
    this.box.replaceChildren(...parts);
    this.box.hidden = false;
    document.body.classList.add('conflicts');
    this.tell();
  }

  /** Tells the host which conflict the bar shows (the palette's Resolve Conflict acts on it). */
  private tell(): void {
    if (this.current === this.told || this.current === undefined) return;
    this.told = this.current;
    this.host.post({ type: 'conflict', action: 'focus', id: this.current === PUBLISHED ? undefined : this.current });
  }

  /** Moves the bar to the next (1) or previous (-1) conflict and shows it in the text. */
  step(direction: 1 | -1): void {
    const items = this.items();
    if (items.length === 0) {
      this.parts.notice.show(this.model.strings.noConflicts);
      return;
    }
    const at = items.findIndex((c) => c.key === this.current);
    // the bar names a conflict in the text not shown there yet (the view just opened): J shows that one first
    const shownFirst = direction === 1 && at >= 0 && items[at].key !== this.revealed
      && items[at].annotation !== undefined;
    const next = shownFirst ? items[at] : items[at < 0 ? 0 : (at + direction + items.length) % items.length];
    this.current = next.key;
    this.revealed = next.key;
    this.currentIndex = items.indexOf(next);
    this.render();
    const a = next.annotation;
    if (a && a.annotation.anchored !== 'orphaned' && a.end16 > a.start16 && a.end16 <= this.view.text.length) {
      this.parts.revealer.reveal(a.start16, a.end16, true);
    } else if (a) {
      this.parts.orphans.open();
      this.parts.notice.show(this.model.strings.conflictIsOrphaned);
    }
  }

  /** A selection inside an annotation with a conflict makes that conflict the bar's. */
  followSelection(selection: OffsetSelection): void {
    const from = Math.min(selection.anchor16, selection.focus16);
    const to = Math.max(selection.anchor16, selection.focus16);
    const under = this.model.annotations
      .filter((a) => a.conflict && a.annotation.anchored !== 'orphaned' && a.start16 <= from && to <= a.end16
        && (from < a.end16 || from === to))
      .sort((a, b) => (a.end16 - a.start16) - (b.end16 - b.start16))[0];
    if (!under) return;
    this.revealed = under.annotation.id;
    if (under.annotation.id === this.current) return;
    this.current = under.annotation.id;
    this.render();
  }

  /** Keys of the conflict bar; true when the key was one of them. */
  key(e: KeyboardEvent): boolean {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    const keys: Record<string, ConflictAction | 'next'> = { KeyH: 'ours', KeyI: 'theirs', KeyB: 'both', KeyJ: 'next' };
    const action = keys[e.code];
    if (!action || (e.shiftKey && action !== 'next')) return false;
    if (action === 'next') {
      this.step(e.shiftKey ? -1 : 1);
      return true;
    }
    const s = this.model.strings;
    const notice = this.parts.notice;
    const items = this.items();
    const item = items.find((c) => c.key === this.current) ?? items[0];
    if (!item) {
      notice.show(s.noConflictsToResolve);
      return true;
    }
    if (this.model.readOnly) {
      notice.show(this.model.problem ?? s.cannotAnnotate);
      return true;
    }
    if (action === 'both' && item.key === PUBLISHED) {
      notice.show(s.onePublicationDate);
      return true;
    }
    this.host.post({ type: 'conflict', action, id: item.key === PUBLISHED ? undefined : item.key });
    return true;
  }
}
