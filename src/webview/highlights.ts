/**
 * Colours in the text with the CSS Custom Highlight API (no wrapper elements, so Arabic stays
 * joined across highlight edges): annotations by label and nesting depth, recorded conflicts,
 * suggestions under review, and the short flash of a revealed span.
 */
import type { Label } from '../core/model/annotation';
import type { ArticleText } from './articleText';
import { rangeOf } from './domOffsets';
import type { Host } from './host';
import type { ViewModel } from './viewModel';

const MAX_DEPTH = 3;

const highlightRegistry = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
const HighlightClass = (globalThis as unknown as {
  Highlight?: new (...ranges: Range[]) => { priority: number; add(r: Range): void };
}).Highlight;

export class Highlights {
  /** Line elements marked as holding a conflict. */
  private conflictLines: HTMLElement[] = [];
  private focusTimer: ReturnType<typeof setTimeout> | undefined;

  /** `onCurrentSuggestion` runs after the current suggestion was shaded (the review bar follows it). */
  constructor(
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly host: Host,
    private readonly onCurrentSuggestion: () => void,
  ) {}

  /** Paints everything: annotations, conflicts, suggestions. */
  paint(): void {
    if (!highlightRegistry || !HighlightClass) {
      this.host.log('CSS Custom Highlight API is not available; annotations are not coloured');
      return;
    }
    for (const name of [...highlightRegistry.keys()]) {
      if (name.startsWith('hashiya-') && name !== 'hashiya-focus') highlightRegistry.delete(name);
    }
    const groups = new Map<string, Range[]>();
    const depthOf = new Map<string, { label: Label; depth: number }>();
    // nesting depth per label: how many earlier spans of the same label still cover this start
    const open: Record<Label, number[]> = {};
    const placed = this.model.annotations.filter((a) => a.annotation.anchored !== 'orphaned' && a.end16 > a.start16)
      .sort((a, b) => a.start16 - b.start16 || b.end16 - a.end16);
    for (const a of placed) {
      const label = a.annotation.label;
      open[label] = (open[label] ?? []).filter((end) => end > a.start16);
      const depth = Math.min(open[label].length, MAX_DEPTH - 1);
      open[label].push(a.end16);
      const name = `hashiya-${label}-${depth}`;
      depthOf.set(name, { label, depth });
      let list = groups.get(name);
      if (!list) groups.set(name, list = []);
      list.push(rangeOf(this.view, a.start16, a.end16));
    }
    const priority: Record<string, number> = { claim: 0, date: 10, actor: 20 };
    for (const [name, ranges] of groups) {
      const highlight = new HighlightClass(...ranges);
      const { label, depth } = depthOf.get(name)!;
      highlight.priority = (priority[label] ?? 25) + depth;
      highlightRegistry.set(name, highlight);
    }
    this.paintConflicts();
    this.paintSuggestions();
  }

  /**
   * Recorded conflicts: a wavy underline and a double rule at the line's start (shapes, not only
   * a colour).
   */
  private paintConflicts(): void {
    const { annotations } = this.model;
    for (const line of this.conflictLines) line.classList.remove('has-conflict');
    this.conflictLines = [];
    const ranges: Range[] = [];
    for (const a of annotations) {
      const placed = a.annotation.anchored !== 'orphaned' && a.end16 > a.start16 && a.end16 <= this.view.text.length;
      if (!a.conflict || !placed) continue;
      ranges.push(rangeOf(this.view, a.start16, a.end16));
      const line = this.view.lines[this.view.lineIndexAt(a.start16)];
      if (line) {
        line.el.classList.add('has-conflict');
        this.conflictLines.push(line.el);
      }
    }
    if (!highlightRegistry || !HighlightClass) return;
    highlightRegistry.delete('hashiya-conflict');
    if (ranges.length > 0) {
      const highlight = new HighlightClass(...ranges);
      highlight.priority = 90;
      highlightRegistry.set('hashiya-conflict', highlight);
    }
  }

  /** Suggestions: a dashed underline in their label's colour; the current one also shaded. */
  paintSuggestions(): void {
    if (!highlightRegistry || !HighlightClass) return;
    for (const name of [...highlightRegistry.keys()]) {
      if (name.startsWith('hashiya-suggest')) highlightRegistry.delete(name);
    }
    const byLabel = new Map<Label, Range[]>();
    for (const s of this.model.suggestions) {
      if (s.end16 <= s.start16 || s.end16 > this.view.text.length) continue;
      const range = rangeOf(this.view, s.start16, s.end16);
      const list = byLabel.get(s.label);
      if (list) list.push(range);
      else byLabel.set(s.label, [range]);
    }
    this.paintCurrentSuggestion();
    const priority: Record<Label, number> = { claim: 40, date: 45, actor: 50 };
    for (const [label, ranges] of byLabel) {
      const highlight = new HighlightClass(...ranges);
      highlight.priority = priority[label] ?? 48;
      highlightRegistry.set(`hashiya-suggest-${label}`, highlight);
    }
  }

  /** Shades the current suggestion (alone: moving through thousands repaints one range). */
  paintCurrentSuggestion(): void {
    if (!highlightRegistry || !HighlightClass) return;
    highlightRegistry.delete('hashiya-suggest-current');
    const s = this.model.suggestions.find((x) => x.key === this.model.currentSuggestion);
    if (s && s.end16 > s.start16 && s.end16 <= this.view.text.length) {
      const current = new HighlightClass(rangeOf(this.view, s.start16, s.end16));
      current.priority = 60;
      highlightRegistry.set('hashiya-suggest-current', current);
    }
    this.onCurrentSuggestion();
  }

  /** Flashes [start16, end16) for a moment (a revealed span). */
  flash(start16: number, end16: number): void {
    if (!highlightRegistry || !HighlightClass) return;
    const highlight = new HighlightClass(rangeOf(this.view, start16, end16));
    highlight.priority = 100;
    highlightRegistry.set('hashiya-focus', highlight);
    clearTimeout(this.focusTimer);
    this.focusTimer = setTimeout(() => highlightRegistry.delete('hashiya-focus'), 1600);
  }
}
