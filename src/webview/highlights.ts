/**
 * Colours in the text with the CSS Custom Highlight API (no wrapper elements, so Arabic stays
 * joined across highlight edges): annotations by label and nesting depth, recorded conflicts,
 * suggestions under review, and the short flash of a revealed span.
 */
import type { Label } from '../core/model/annotation';
import type { ViewAnnotation } from '../shared/protocol';
import type { ArticleText } from './articleText';
import { rangeOf } from './domOffsets';
import type { Host } from './host';
import type { ViewModel } from './viewModel';

const MAX_DEPTH = 3;

interface HighlightObject {
  priority: number;
  size: number;
  add(r: Range): void;
  delete(r: Range): boolean;
}
const highlightRegistry = (CSS as unknown as { highlights?: Map<string, HighlightObject> }).highlights;
const HighlightClass = (globalThis as unknown as {
  Highlight?: new (...ranges: Range[]) => HighlightObject;
}).Highlight;

/** Order of the labels' colours when spans overlap (higher on top); other labels above the preset's. */
const LABEL_PRIORITY: Record<string, number> = { claim: 0, date: 10, actor: 20 };
const SUGGESTION_PRIORITY: Record<string, number> = { claim: 40, date: 45, actor: 50 };

/** A painted span: its range and the highlight it is in. */
interface Painted { range: Range; name: string }

export class Highlights {
  /** Line elements marked as holding a conflict. */
  private conflictLines: HTMLElement[] = [];
  private focusTimer: ReturnType<typeof setTimeout> | undefined;
  /** The painted annotations by id (kept, so that a change repaints only what it touches). */
  private readonly painted = new Map<string, Painted>();
  /** The painted suggestions by key, with the span they were painted at. */
  private readonly paintedSuggestions = new Map<string, Painted & { start16: number; end16: number }>();

  /** `onCurrentSuggestion` runs after the current suggestion was shaded (the review bar follows it). */
  constructor(
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly host: Host,
    private readonly onCurrentSuggestion: () => void,
  ) {}

  /**
   * Puts `ranges` into the highlight `name` (made with `priority` when there is none): a new
   * highlight gets them all at once, which is faster than one by one for thousands.
   */
  private addRanges(name: string, priority: number, ranges: Range[]): void {
    if (ranges.length === 0) return;
    const h = highlightRegistry!.get(name);
    if (h) {
      for (const r of ranges) h.add(r);
      return;
    }
    const fresh = new HighlightClass!(...ranges);
    fresh.priority = priority;
    highlightRegistry!.set(name, fresh);
  }

  /** Paints everything anew: annotations, conflicts, suggestions (after the text was re-rendered, or a new schema). */
  paint(): void {
    if (!highlightRegistry || !HighlightClass) {
      this.host.log('CSS Custom Highlight API is not available; annotations are not coloured');
      return;
    }
    for (const name of [...highlightRegistry.keys()]) {
      if (name.startsWith('hashiya-') && name !== 'hashiya-focus') highlightRegistry.delete(name);
    }
    this.painted.clear();
    this.paintedSuggestions.clear();
    const labels = new Set(this.model.annotations.map((a) => a.annotation.label));
    for (const label of labels) this.placeLabel(label);
    this.paintConflicts();
    this.paintSuggestions();
  }

  /**
   * Repaints what a delta changed (ViewModel.applyDelta): the ranges of the annotations that went
   * are taken out of their highlights, those that came are put in, and the spans of their labels
   * whose nesting depth changed move to the highlight of their new depth. Nothing else is touched.
   */
  update(gone: readonly ViewAnnotation[], fresh: readonly ViewAnnotation[]): void {
    if (!highlightRegistry || !HighlightClass) return;
    const labels = new Set<string>();
    let conflicts = false;
    for (const a of gone) {
      const p = this.painted.get(a.annotation.id);
      if (p) {
        highlightRegistry.get(p.name)?.delete(p.range);
        this.painted.delete(a.annotation.id);
      }
      labels.add(a.annotation.label);
      conflicts ||= !!a.conflict;
    }
    for (const a of fresh) {
      labels.add(a.annotation.label);
      conflicts ||= !!a.conflict;
    }
    for (const label of labels) this.placeLabel(label);
    if (conflicts) this.paintConflicts();
  }

  /**
   * Puts every placed annotation of `label` into the highlight of its nesting depth (how many earlier
   * spans of the label still cover its start), making ranges only for those not painted yet.
   */
  private placeLabel(label: Label): void {
    const open: number[] = [];
    const length = this.view.text.length;
    const added = new Map<string, Range[]>();
    for (const a of this.model.annotations) {
      if (a.annotation.label !== label) continue;
      const id = a.annotation.id;
      if (a.annotation.anchored === 'orphaned' || a.end16 <= a.start16 || a.end16 > length) {
        const p = this.painted.get(id);
        if (p) highlightRegistry!.get(p.name)?.delete(p.range);
        this.painted.delete(id);
        continue;
      }
      for (let i = open.length - 1; i >= 0; i--) if (open[i] <= a.start16) open.splice(i, 1);
      const depth = Math.min(open.length, MAX_DEPTH - 1);
      open.push(a.end16);
      const name = `hashiya-${label}-${depth}`;
      const p = this.painted.get(id);
      if (p && p.name === name) continue;
      if (p) highlightRegistry!.get(p.name)?.delete(p.range);
      const range = p?.range ?? rangeOf(this.view, a.start16, a.end16);
      const list = added.get(name);
      if (list) list.push(range);
      else added.set(name, [range]);
      this.painted.set(id, { range, name });
    }
    for (const [name, ranges] of added) {
      this.addRanges(name, (LABEL_PRIORITY[label] ?? 25) + Number(name.slice(name.lastIndexOf('-') + 1)), ranges);
    }
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const name = `hashiya-${label}-${depth}`;
      if (highlightRegistry!.get(name)?.size === 0) highlightRegistry!.delete(name);
    }
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

  /**
   * Suggestions: a dashed underline in their label's colour; the current one also shaded. Only
   * the suggestions that came, went or moved since the last paint change their highlights.
   */
  paintSuggestions(): void {
    if (!highlightRegistry || !HighlightClass) return;
    const length = this.view.text.length;
    const keep = new Set<string>();
    const added = new Map<string, Range[]>();
    for (const s of this.model.suggestions) {
      if (s.end16 <= s.start16 || s.end16 > length) continue;
      const name = `hashiya-suggest-${s.label}`;
      const p = this.paintedSuggestions.get(s.key);
      keep.add(s.key);
      if (p && p.name === name && p.start16 === s.start16 && p.end16 === s.end16) continue;
      if (p) highlightRegistry.get(p.name)?.delete(p.range);
      const range = rangeOf(this.view, s.start16, s.end16);
      const list = added.get(name);
      if (list) list.push(range);
      else added.set(name, [range]);
      this.paintedSuggestions.set(s.key, { range, name, start16: s.start16, end16: s.end16 });
    }
    for (const [name, ranges] of added) {
      this.addRanges(name, SUGGESTION_PRIORITY[name.slice('hashiya-suggest-'.length)] ?? 48, ranges);
    }
    for (const [key, p] of this.paintedSuggestions) {
      if (keep.has(key)) continue;
      highlightRegistry.get(p.name)?.delete(p.range);
      this.paintedSuggestions.delete(key);
    }
    for (const [name, h] of highlightRegistry) {
      if (name.startsWith('hashiya-suggest-') && name !== 'hashiya-suggest-current' && h.size === 0) {
        highlightRegistry.delete(name);
      }
    }
    this.paintCurrentSuggestion();
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
