/**
 * The RTL article view (runs in the webview). Renders the document text as one element per
 * line with `dir="auto"` (each paragraph takes its own direction, Unicode bidi algorithm
 * inside), colours annotations with the CSS Custom Highlight API (no wrapper elements, so
 * Arabic stays joined across highlight edges), and reports selections as UTF-16 offsets of the
 * document text. Document text only ever enters the DOM as text nodes.
 */
import type { Label } from '../core/model/annotation';
import { entityName } from '../core/entities/entities';
import { hoverFields } from '../core/presentation/hoverText';
import { NEWS_PRESET, type ProjectSchema, backgroundOf, codebookLines, labelColour, labelTitle, titleOf } from '../core/model/projectSchema';
import { type LineRange, lineIndexAt as lineIndexOf, relayout, splitLineRanges } from './lineLayout';
import type {
  ConflictAction, HostMessage, SuggestionAction, ViewAnnotation, ViewCommand, ViewMessage, ViewSettings, ViewSuggestion, ViewTextChange,
} from '../shared/protocol';
import type { ConflictSummary } from '../core/merge/conflictRows';

/** What the view remembers across being hidden and shown (VS Code webview state). */
interface ViewState { topOffset16: number }
interface VsCodeApi { postMessage(message: ViewMessage): void; getState(): ViewState | undefined; setState(state: ViewState): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const article = document.getElementById('article') as HTMLElement;
const toolbar = document.getElementById('toolbar') as HTMLElement;
const banner = document.getElementById('banner') as HTMLElement;
const hover = document.getElementById('hover') as HTMLElement;
const noticeBox = document.getElementById('notice') as HTMLElement;
const orphansBox = document.getElementById('orphans') as HTMLDetailsElement;

/** One rendered line of the text (see LineRange). */
interface Line extends LineRange {
  el: HTMLElement;
  node: Text;
}

/** The project schema (labels, keys, colours, codebooks) and the UI language, from the host. */
let schema: ProjectSchema = NEWS_PRESET;
let language = 'en';
/** Physical keys (KeyboardEvent.code) that mark the selection with a label: its letter, and digits 1–9 in schema order. */
let labelKeys: Record<string, Label> = {};
const COMMAND_KEYS: Record<string, ViewCommand> = {
  Delete: 'remove', Backspace: 'remove', KeyL: 'changeLabel', KeyN: 'editNote', KeyE: 'editEntity',
  BracketRight: 'next', BracketLeft: 'previous', KeyS: 'setSpeaker', KeyT: 'setClaimDate', KeyP: 'setStance',
  KeyV: 'editDateValue', KeyO: 'annotateOccurrences', KeyG: 'suggest', KeyU: 'setAttribute', KeyR: 'setRelation',
};
/** A label's title in the UI language. Classes of label ids are `label-<id>`: an id never takes another element's style. */
function labelName(label: Label): string {
  return labelTitle(schema, label, language);
}

/**
 * Takes a new schema: keys, and colours of labels that are not the preset's (constructable style
 * sheet: CSSOM, not an inline style, so the view's CSP stays as it is; colours are validated
 * #rrggbb / #rrggbbaa by the schema, label ids [a-z0-9_-]).
 */
function applySchema(next: ProjectSchema, nextLanguage: string): void {
  schema = next;
  language = nextLanguage;
  labelKeys = {};
  schema.labels.forEach((l, i) => {
    labelKeys[`Key${l.key.toUpperCase()}`] = l.id;
    if (i < 9) labelKeys[`Digit${i + 1}`] = l.id;
  });
  const rules: string[] = [];
  for (const l of schema.labels) {
    const ids = [0, 1, 2].map((d) => `::highlight(hashiya-${l.id}-${d})`).join(', ');
    for (const [kind, selector] of [['light', 'body.vscode-light'], ['dark', 'body.vscode-dark'], ['highContrast', 'body.vscode-high-contrast']] as const) {
      const colour = labelColour(schema, l.id, kind);
      if (!colour) continue;
      rules.push(`${selector} { --${l.id}-bg: ${backgroundOf(colour)}; --${l.id}-border: ${colour}; }`);
    }
    if (labelColour(schema, l.id, 'dark') === undefined) continue;
    rules.push(`${ids} { background-color: var(--${l.id}-bg); }`);
    rules.push(`::highlight(hashiya-${l.id}-1), ::highlight(hashiya-${l.id}-2) { text-decoration: underline 1px dotted var(--${l.id}-border); }`);
    rules.push(`::highlight(hashiya-suggest-${l.id}) { text-decoration: underline 2px dashed var(--${l.id}-border); text-underline-offset: 0.5em; }`);
    rules.push(`.swatch.label-${l.id} { background: var(--${l.id}-bg); box-shadow: inset 0 0 0 1px var(--${l.id}-border); }`);
  }
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rules.join('\n'));
    document.adoptedStyleSheets = [sheet];
  } catch (err) {
    log(`label colours not applied: ${(err as Error).message}`);
  }
}
applySchema(NEWS_PRESET, 'en');
/** What each suggestion rule looks for, in words (src/core/suggest.ts). */
const RULES: Record<string, string> = {
  'ar-day-month': 'a day and a month', 'ar-month-day': 'a month and a day', 'ar-weekday-day': 'a weekday and a day',
  'ar-month-year': 'a month and a year', 'numeric': 'a date in digits', 'ar-numeric-short': 'a day and month in digits',
  'ar-part-weekday': 'a part of a day and a weekday', 'ar-weekday': 'a weekday', 'ar-relative': 'a day relative to publication',
  'ar-month': 'a month', 'chrono-node': 'a date (chrono-node)', 'en-chrono': 'an English date (chrono-node)',
  'known-actor': 'a name already annotated or in the registry', 'title-name': 'a title and a name', 'organisation': 'an organisation',
  'en-title-name': 'an English title and name', 'speaker': 'the speaker of a claim', 'reporting-verb': 'a reporting verb and أن/إن',
  'reporting-verb-quote': 'a reporting verb and a quotation', 'en-reporting-verb': 'an English reporting verb',
};
const MAX_DEPTH = 3;

let text = '';
let lines: Line[] = [];
const lineOf = new WeakMap<Node, Line>();
let annotations: ViewAnnotation[] = [];
/** Suggestions under review (drawn dashed; not in the sidecar until accepted). */
let suggestions: ViewSuggestion[] = [];
let currentSuggestion: string | undefined;
/** Until when (ms) suggestions asked for with G are on their way. */
let awaitingSuggestionsUntil = 0;
/** Keys this view moved to (Tab) that the host has not echoed yet: its echoes must not move the view back. */
let focusEchoes: string[] = [];
let readOnly = false;
let fileName = '';
let problem: string | undefined;
/** True when the problem is in the sidecar (the banner offers to open it). */
let problemInSidecar = false;
/** Commands of the view's keys that change annotations: refused in a read-only view. */
const WRITING_COMMANDS = new Set<ViewCommand>(['remove', 'changeLabel', 'editNote', 'editEntity', 'setSpeaker', 'setClaimDate', 'setStance', 'editDateValue', 'annotateOccurrences', 'suggest', 'setAttribute', 'setRelation']);
let focusTimer: ReturnType<typeof setTimeout> | undefined;
let revealed: { start16: number; end16: number } | undefined;

function post(message: ViewMessage): void {
  vscode.postMessage(message);
}

function log(message: string): void {
  post({ type: 'log', level: 'error', message });
}

// ---- text layout ---------------------------------------------------------------------------

function makeLine(range: LineRange): Line {
  const el = document.createElement('div');
  el.className = 'line';
  el.dir = 'auto';
  const node = document.createTextNode(text.slice(range.start, range.end));
  el.appendChild(node);
  const line: Line = { ...range, el, node };
  lineOf.set(el, line);
  lineOf.set(node, line);
  return line;
}

function renderAll(): void {
  lines = splitLineRanges(text, 0, text.length).map(makeLine);
  const fragment = document.createDocumentFragment();
  for (const line of lines) fragment.appendChild(line.el);
  article.replaceChildren(fragment);
}

/** Index of the line that contains UTF-16 offset `at`. */
function lineIndexAt(at: number): number {
  return lineIndexOf(lines, at);
}

/** Applies text changes (in order) and re-renders only the lines they touched. */
function applyChanges(changes: readonly ViewTextChange[], length16: number): boolean {
  const old = text;
  for (const c of changes) text = text.slice(0, c.start16) + c.text + text.slice(c.end16);
  if (text.length !== length16) return false;
  const { first, last, fresh: ranges, delta } = relayout(lines, old, text);
  const fresh = ranges.map(makeLine);
  const before = lines[last].el.nextSibling;
  for (let i = first; i <= last; i++) lines[i].el.remove();
  const fragment = document.createDocumentFragment();
  for (const line of fresh) fragment.appendChild(line.el);
  article.insertBefore(fragment, before);
  for (let i = last + 1; i < lines.length; i++) {
    lines[i].start += delta;
    lines[i].end += delta;
    lines[i].next += delta;
  }
  lines.splice(first, last - first + 1, ...fresh);
  return true;
}

// ---- offsets <-> DOM -----------------------------------------------------------------------

/** UTF-16 document offset of a DOM point inside the article, or undefined outside it. */
function offsetOfPoint(node: Node, offset: number): number | undefined {
  const line = lineOf.get(node);
  if (line) {
    if (node === line.node) return line.start + Math.min(offset, line.end - line.start);
    return offset === 0 ? line.start : line.end;
  }
  if (node === article) return offset >= lines.length ? text.length : lines[offset].start;
  if (article.contains(node)) {
    const el = node.parentElement?.closest('.line');
    const owner = el ? lineOf.get(el) : undefined;
    if (owner) return owner.start;
  }
  return undefined;
}

/** The DOM point of UTF-16 document offset `at`; inside a line break it goes to the line's end or the next line's start. */
function pointAt(at: number, side: 'start' | 'end'): [Text, number] {
  const i = lineIndexAt(at);
  const line = lines[i];
  if (at <= line.end) return [line.node, Math.max(0, at - line.start)];
  if (side === 'start' && i + 1 < lines.length) return [lines[i + 1].node, 0];
  return [line.node, line.end - line.start];
}

function rangeOf(start16: number, end16: number): Range {
  const range = document.createRange();
  const [sn, so] = pointAt(start16, 'start');
  const [en, eo] = pointAt(end16, 'end');
  range.setStart(sn, so);
  if (en === sn && eo < so) range.setEnd(sn, so);
  else range.setEnd(en, eo);
  return range;
}

function currentSelection(): { anchor16: number; focus16: number } | undefined {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.anchorNode || !selection.focusNode) return undefined;
  const anchor16 = offsetOfPoint(selection.anchorNode, selection.anchorOffset);
  const focus16 = offsetOfPoint(selection.focusNode, selection.focusOffset);
  if (anchor16 === undefined || focus16 === undefined) return undefined;
  return { anchor16, focus16 };
}

// ---- highlights ----------------------------------------------------------------------------

const highlightRegistry = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
const HighlightClass = (globalThis as unknown as { Highlight?: new (...ranges: Range[]) => { priority: number; add(r: Range): void } }).Highlight;

function paintHighlights(): void {
  if (!highlightRegistry || !HighlightClass) {
    log('CSS Custom Highlight API is not available; annotations are not coloured');
    return;
  }
  for (const name of [...highlightRegistry.keys()]) if (name.startsWith('hashiya-') && name !== 'hashiya-focus') highlightRegistry.delete(name);
  const groups = new Map<string, Range[]>();
  const depthOf = new Map<string, { label: Label; depth: number }>();
  // nesting depth per label: how many earlier spans of the same label still cover this start
  const open: Record<Label, number[]> = {};
  const placed = annotations.filter((a) => a.annotation.anchored !== 'orphaned' && a.end16 > a.start16)
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
    list.push(rangeOf(a.start16, a.end16));
  }
  const priority: Record<string, number> = { claim: 0, date: 10, actor: 20 };
  for (const [name, ranges] of groups) {
    const highlight = new HighlightClass(...ranges);
    const { label, depth } = depthOf.get(name)!;
    highlight.priority = (priority[label] ?? 25) + depth;
    highlightRegistry.set(name, highlight);
  }
  paintConflicts();
  paintSuggestions();
}

/** Suggestions: a dashed underline in their label's colour; the current one also shaded. */
function paintSuggestions(): void {
  if (!highlightRegistry || !HighlightClass) return;
  for (const name of [...highlightRegistry.keys()]) if (name.startsWith('hashiya-suggest')) highlightRegistry.delete(name);
  const byLabel = new Map<Label, Range[]>();
  for (const s of suggestions) {
    if (s.end16 <= s.start16 || s.end16 > text.length) continue;
    const range = rangeOf(s.start16, s.end16);
    const list = byLabel.get(s.label);
    if (list) list.push(range);
    else byLabel.set(s.label, [range]);
  }
  paintCurrentSuggestion();
  const priority: Record<Label, number> = { claim: 40, date: 45, actor: 50 };
  for (const [label, ranges] of byLabel) {
    const highlight = new HighlightClass(...ranges);
    highlight.priority = priority[label] ?? 48;
    highlightRegistry.set(`hashiya-suggest-${label}`, highlight);
  }
}

/** Shades the current suggestion (alone: moving through thousands repaints one range). */
function paintCurrentSuggestion(): void {
  if (!highlightRegistry || !HighlightClass) return;
  highlightRegistry.delete('hashiya-suggest-current');
  const s = suggestions.find((x) => x.key === currentSuggestion);
  if (s && s.end16 > s.start16 && s.end16 <= text.length) {
    const current = new HighlightClass(rangeOf(s.start16, s.end16));
    current.priority = 60;
    highlightRegistry.set('hashiya-suggest-current', current);
  }
  renderReview();
}

const reviewBox = el('div', 'review');
reviewBox.setAttribute('role', 'status');
reviewBox.hidden = true;
document.body.appendChild(reviewBox);

/** The review bar: which suggestion the analyst is on and the keys that act on it. */
function renderReview(): void {
  const at = suggestions.findIndex((s) => s.key === currentSuggestion);
  if (suggestions.length === 0 || at < 0) {
    reviewBox.hidden = true;
    document.body.classList.remove('reviewing');
    return;
  }
  const s = suggestions[at];
  const quote = quotedText('review-quote', s.quote.length > 60 ? `${s.quote.slice(0, 59)}…` : s.quote);
  const facts: string[] = [];
  if (s.value) facts.push(`= ${s.value}`);
  if (s.speaker) facts.push(`speaker: ${s.speaker}`);
  const detail = el('span', 'review-detail', facts.join(' · '));
  detail.dir = 'auto';
  const sameLabel = suggestions.filter((x) => x.label === s.label).length;
  reviewBox.replaceChildren(
    el('strong', '', `Suggestion ${at + 1} of ${suggestions.length}: `), el('span', `swatch label-${s.label}`), el('span', 'review-label', ` ${labelName(s.label)} `), quote, detail,
    el('span', 'review-keys', `Enter accept · X reject · Tab next · Shift+Enter accept ${sameLabel} ${s.label}${sameLabel === 1 ? '' : 's'} · Shift+X reject them · Ctrl+Enter accept all · Esc reject all`),
  );
  reviewBox.hidden = false;
  document.body.classList.add('reviewing');
}

function revealSuggestion(): void {
  const s = suggestions.find((x) => x.key === currentSuggestion);
  if (!s || s.end16 > text.length) return;
  const range = rangeOf(s.start16, s.end16);
  const target = range.startContainer.parentElement;
  const rect = range.getBoundingClientRect();
  if (target && (rect.top < toolbar.offsetHeight || rect.bottom > window.innerHeight - reviewBox.offsetHeight)) target.scrollIntoView({ block: 'center' });
}

/** Keys of the suggestion review; true when the key was one of them. */
function reviewKey(e: KeyboardEvent): boolean {
  // Tab pressed right after G, before the suggestions arrive, must not take the focus out of the view
  if (suggestions.length === 0 && e.key === 'Tab' && Date.now() < awaitingSuggestionsUntil) return true;
  if (suggestions.length === 0 || readOnly) return false;
  let action: SuggestionAction | undefined;
  if (e.key === 'Enter' && !e.altKey) action = e.ctrlKey || e.metaKey ? 'acceptAll' : e.shiftKey ? 'acceptLabel' : 'accept';
  else if (e.code === 'KeyX' && !e.ctrlKey && !e.metaKey && !e.altKey) action = e.shiftKey ? 'rejectLabel' : 'reject';
  else if (e.key === 'Tab' && !e.ctrlKey && !e.metaKey && !e.altKey) action = e.shiftKey ? 'previous' : 'next';
  else if (e.key === 'Escape' && hover.hidden) action = 'rejectAll';
  if (!action) return false;
  if (action === 'next' || action === 'previous') {
    // moved here at once (keys pressed quickly must each count), then the host is told where
    const at = suggestions.findIndex((x) => x.key === currentSuggestion);
    currentSuggestion = suggestions[(at + (action === 'next' ? 1 : -1) + suggestions.length) % suggestions.length].key;
    focusEchoes.push(currentSuggestion);
    paintCurrentSuggestion();
    revealSuggestion();
  }
  post({ type: 'suggestion', action, key: action === 'acceptAll' || action === 'rejectAll' ? undefined : currentSuggestion });
  return true;
}

function flash(start16: number, end16: number): void {
  if (!highlightRegistry || !HighlightClass) return;
  const highlight = new HighlightClass(rangeOf(start16, end16));
  highlight.priority = 100;
  highlightRegistry.set('hashiya-focus', highlight);
  clearTimeout(focusTimer);
  focusTimer = setTimeout(() => highlightRegistry.delete('hashiya-focus'), 1600);
}

// ---- toolbar, banner, hover ---------------------------------------------------------------

function el(tag: string, className: string, content?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

function renderToolbar(): void {
  const counts: Record<Label, number> = {};
  let orphaned = 0;
  for (const a of annotations) {
    if (a.annotation.anchored === 'orphaned') orphaned++;
    else counts[a.annotation.label] = (counts[a.annotation.label] ?? 0) + 1;
  }
  const title = el('span', 'file', fileName);
  title.dir = 'auto';
  const buttons = schema.labels.map(({ id: label, key, codebook }) => {
    const button = el('button', `label-button label-${label}`) as HTMLButtonElement;
    button.type = 'button';
    button.dataset.label = label;
    button.title = readOnly ? `Read-only: ${problem ?? 'this article cannot be annotated'}`
      : [`Mark the selection as ${label} (${key.toUpperCase()})`, codebook?.definition ?? ''].filter(Boolean).join('\n');
    const name = el('span', 'name', `${labelName(label)} `);
    name.dir = 'auto';
    button.append(el('span', `swatch label-${label}`), name, el('kbd', '', key.toUpperCase()), el('span', 'count', ` ${counts[label] ?? 0}`));
    button.disabled = readOnly;
    // keep the text selection when the button is pressed
    button.addEventListener('mousedown', (e) => e.preventDefault());
    button.addEventListener('click', () => annotateSelection(label));
    return button;
  });
  const hints = readOnly
    ? el('span', 'hints read-only', 'Read-only · ] [ next/previous')
    : el('span', 'hints', `Select, then ${schema.labels.map((l) => l.key.toUpperCase()).join(', ')} · Del removes · ] [ next/previous · E entity · S speaker · T date · P stance · V value · U attribute · R relation · N note · L label · O all occurrences · G suggest · K codebook`);
  const parts: HTMLElement[] = [title, ...buttons];
  if (orphaned > 0) parts.push(el('span', 'orphaned', `${orphaned} orphaned`));
  // a notice takes the hints' place in the toolbar: it never covers the article's text
  parts.push(noticeBox.hidden ? hints : noticeBox);
  toolbar.replaceChildren(...parts);
  renderOrphans();
  renderConflictBar();
  document.documentElement.style.setProperty('--hashiya-toolbar-height', `${toolbar.offsetHeight}px`);
  if (problem) {
    const parts: Node[] = [el('span', 'banner-message', problem)];
    if (problemInSidecar) {
      const open = el('button', 'banner-open', 'Open Sidecar') as HTMLButtonElement;
      open.type = 'button';
      open.title = 'Open the sidecar (YAML) to fix it';
      open.addEventListener('click', () => runCommand('openSidecar'));
      parts.push(document.createTextNode(' '), open);
    }
    banner.replaceChildren(...parts);
    banner.hidden = false;
  } else {
    banner.hidden = true;
    banner.textContent = '';
  }
}

/** The orphaned annotations, each with a button that re-attaches it to the current selection. */
function renderOrphans(): void {
  const orphans = annotations.filter((a) => a.annotation.anchored === 'orphaned');
  orphansBox.hidden = orphans.length === 0;
  if (orphans.length === 0) {
    orphansBox.replaceChildren();
    return;
  }
  const summary = el('summary', '', `${orphans.length} orphaned ${orphans.length === 1 ? 'annotation' : 'annotations'}: their text is no longer in the article`);
  const list = el('ul', 'orphan-list');
  for (const { annotation } of orphans) {
    const item = el('li', 'orphan');
    const quote = el('span', 'orphan-quote', annotation.quote);
    quote.dir = 'auto';
    const button = el('button', 'orphan-reattach', 'Re-attach to selection') as HTMLButtonElement;
    button.type = 'button';
    button.disabled = readOnly;
    button.title = 'Select the text this annotation belongs to, then press this button';
    button.addEventListener('mousedown', (e) => e.preventDefault());
    button.addEventListener('click', () => {
      const selection = currentSelection();
      if (!selection || selection.anchor16 === selection.focus16) {
        notice('Select the text this annotation belongs to first, then press Re-attach.');
        return;
      }
      post({ type: 'reattach', id: annotation.id, ...selection });
    });
    item.append(el('span', `swatch label-${annotation.label}`), el('span', 'orphan-label', `${labelName(annotation.label)}: `), quote, button);
    if (annotation.conflict) item.insertBefore(el('span', 'orphan-conflict', '⇄ conflict'), button);
    list.append(item);
  }
  const open = orphansBox.open;
  orphansBox.replaceChildren(summary, list);
  orphansBox.open = open;
}

// ---- recorded conflicts ----------------------------------------------------------------------
// A merge that could not decide records their values beside ours (docs/sidecar-format.md,
// "Recorded conflicts"). The view draws such annotations with a wavy underline and a double rule at
// the line's start (shapes, not only a colour), and a bar under the toolbar names the current one:
// H keeps ours, I takes theirs, B keeps both, J / Shift+J go to the next / previous conflict.

/** The publication date's recorded conflict, if any. */
let publishedConflict: ConflictSummary | undefined;
/** The conflict the bar shows: an annotation id, PUBLISHED for the publication date; undefined: none. */
let currentConflict: string | undefined;
/** Where the current conflict was in the list, to stay at that place when it is resolved. */
let currentConflictIndex = 0;
/** The conflict last shown in the text (by J, a click in it, or after a resolution): until then, J shows the bar's own first. */
let revealedConflict: string | undefined;
/** What the host was last told the bar shows. */
let toldConflict: string | undefined;
const PUBLISHED = '#published';
let conflictLines: HTMLElement[] = [];

interface ConflictItem { key: string; summary: ConflictSummary; annotation?: ViewAnnotation }

/** The recorded conflicts in reading order: the publication date first, then by place in the text. */
function conflictItems(): ConflictItem[] {
  const out: ConflictItem[] = publishedConflict ? [{ key: PUBLISHED, summary: publishedConflict }] : [];
  const placed = annotations.filter((a) => a.conflict).sort((a, b) => a.start16 - b.start16 || b.end16 - a.end16);
  for (const a of placed) out.push({ key: a.annotation.id, summary: a.conflict!, annotation: a });
  return out;
}

const conflictBox = el('div', 'conflict-bar');
conflictBox.setAttribute('role', 'status');
conflictBox.setAttribute('aria-live', 'polite');
conflictBox.hidden = true;
banner.after(conflictBox);

/** The rows of a conflict, side by side: "label: "claim" here · "actor" in theirs". */
function conflictRows(summary: ConflictSummary): HTMLElement {
  const list = el('span', 'conflict-rows');
  summary.rows.forEach((row, i) => {
    const part = el('span', 'conflict-row');
    const ours = el('span', 'conflict-ours', row.ours);
    const theirs = el('span', 'conflict-theirs', row.theirs);
    ours.dir = 'auto';
    theirs.dir = 'auto';
    part.append(el('span', 'conflict-field', `${row.field}: `), ours, el('span', 'conflict-side', ' here · '), theirs, el('span', 'conflict-side', ' in theirs'));
    if (i > 0) list.append(el('span', 'conflict-sep', '; '));
    list.append(part);
  });
  return list;
}

/** A conflict's part of a hover: who the other side is, the rows, and the keys. */
function conflictBlock(summary: ConflictSummary, current: boolean): HTMLElement {
  const block = el('div', 'hover-conflict');
  block.append(el('strong', '', `⇄ Recorded conflict with ${summary.side}`), el('div', '', ''));
  block.lastElementChild!.append(conflictRows(summary));
  // alternatives recorded by later merges: taken up one after the other
  (summary.next ?? []).forEach((next, i) => {
    const line = el('div', 'conflict-next', `then (${i + 2} of ${(summary.next?.length ?? 0) + 1}) with ${next.side}: `);
    line.append(conflictRows(next));
    block.append(line);
  });
  block.append(el('div', 'hover-byline', current ? 'H keeps ours, I takes theirs, B keeps both.' : 'Click in it (or step with J) to make it the bar\'s conflict; then H keeps ours, I takes theirs, B keeps both.'));
  return block;
}

/** Draws conflicting annotations (wavy underline, line mark) and keeps the bar's conflict valid. */
function paintConflicts(): void {
  for (const line of conflictLines) line.classList.remove('has-conflict');
  conflictLines = [];
  const ranges: Range[] = [];
  for (const a of annotations) {
    if (!a.conflict || a.annotation.anchored === 'orphaned' || a.end16 <= a.start16 || a.end16 > text.length) continue;
    ranges.push(rangeOf(a.start16, a.end16));
    const line = lines[lineIndexAt(a.start16)];
    if (line) {
      line.el.classList.add('has-conflict');
      conflictLines.push(line.el);
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

/** The conflict bar: which conflict H, I and B act on, ours and theirs, and the keys. */
function renderConflictBar(): void {
  const items = conflictItems();
  if (items.length === 0) {
    conflictBox.hidden = true;
    conflictBox.replaceChildren();
    document.body.classList.remove('conflicts');
    currentConflict = undefined;
    return;
  }
  let at = items.findIndex((c) => c.key === currentConflict);
  const resolved = at < 0 && currentConflict !== undefined;
  // the current one was resolved: the one now at its place (or the last) is current
  if (at < 0) at = Math.min(currentConflictIndex, items.length - 1);
  currentConflict = items[at].key;
  const shown = items[at].annotation;
  if (resolved && shown && shown.annotation.anchored !== 'orphaned' && shown.end16 > shown.start16 && shown.end16 <= text.length && lines.length > 0) {
    reveal(shown.start16, shown.end16, false);
    revealedConflict = currentConflict;
  }
  currentConflictIndex = at;
  const item = items[at];
  const alternatives = (item.summary.next?.length ?? 0) + 1;
  const parts: (HTMLElement | string)[] = [el('strong', '', `⇄ Conflict ${at + 1} of ${items.length}`), ` with ${item.summary.side}${alternatives > 1 ? ` (alternative 1 of ${alternatives})` : ''}: `];
  if (item.annotation) {
    const a = item.annotation.annotation;
    const quote = quotedText('conflict-quote', [...a.quote].length > 60 ? `${[...a.quote].slice(0, 59).join('')}…` : a.quote);
    parts.push(el('span', `swatch label-${a.label}`), ` ${labelName(a.label)} `, quote, a.anchored === 'orphaned' ? ' (orphaned) ' : ' ');
  } else {
    parts.push('Publication date ');
  }
  parts.push(conflictRows(item.summary));
  // alternatives recorded by later merges: each comes up here once the one before it is resolved
  if (item.summary.next?.length) {
    const more = el('span', 'conflict-next', ` · then: `);
    item.summary.next.forEach((next, i) => {
      if (i > 0) more.append(el('span', 'conflict-sep', '; '));
      more.append(`(${i + 2}) ${next.side}: `, conflictRows(next));
    });
    parts.push(more);
  }
  const both = item.key === PUBLISHED ? '' : ' · B keep both';
  parts.push(el('span', 'conflict-keys', readOnly ? 'J next · Shift+J previous (read-only: the sidecar cannot be written)' : `H keep ours · I take theirs${both} · J next · Shift+J previous`));
  conflictBox.replaceChildren(...parts);
  conflictBox.hidden = false;
  document.body.classList.add('conflicts');
  tellConflict();
}

/** Tells the host which conflict the bar shows (the palette's Resolve Conflict acts on it). */
function tellConflict(): void {
  if (currentConflict === toldConflict || currentConflict === undefined) return;
  toldConflict = currentConflict;
  post({ type: 'conflict', action: 'focus', id: currentConflict === PUBLISHED ? undefined : currentConflict });
}

/** Moves the bar to the next (1) or previous (-1) conflict and shows it in the text. */
function stepConflict(direction: 1 | -1): void {
  const items = conflictItems();
  if (items.length === 0) {
    notice('No recorded conflicts in this article.');
    return;
  }
  const at = items.findIndex((c) => c.key === currentConflict);
  // the bar names a conflict in the text not shown there yet (the view just opened): J shows that one first
  const shownFirst = direction === 1 && at >= 0 && items[at].key !== revealedConflict && items[at].annotation !== undefined;
  const next = shownFirst ? items[at] : items[at < 0 ? 0 : (at + direction + items.length) % items.length];
  currentConflict = next.key;
  revealedConflict = next.key;
  currentConflictIndex = items.indexOf(next);
  renderConflictBar();
  const a = next.annotation;
  if (a && a.annotation.anchored !== 'orphaned' && a.end16 > a.start16 && a.end16 <= text.length) reveal(a.start16, a.end16, true);
  else if (a) {
    orphansBox.open = true;
    notice('This annotation is orphaned: its text is no longer in the article (listed above).');
  }
}

/** A selection inside an annotation with a conflict makes that conflict the bar's. */
function followSelection(selection: { anchor16: number; focus16: number }): void {
  const from = Math.min(selection.anchor16, selection.focus16);
  const to = Math.max(selection.anchor16, selection.focus16);
  const under = annotations.filter((a) => a.conflict && a.annotation.anchored !== 'orphaned' && a.start16 <= from && to <= a.end16 && (from < a.end16 || from === to))
    .sort((a, b) => (a.end16 - a.start16) - (b.end16 - b.start16))[0];
  if (!under) return;
  revealedConflict = under.annotation.id;
  if (under.annotation.id === currentConflict) return;
  currentConflict = under.annotation.id;
  renderConflictBar();
}

/** Keys of the conflict bar; true when the key was one of them. */
function conflictKey(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const keys: Record<string, ConflictAction | 'next'> = { KeyH: 'ours', KeyI: 'theirs', KeyB: 'both', KeyJ: 'next' };
  const action = keys[e.code];
  if (!action || (e.shiftKey && action !== 'next')) return false;
  if (action === 'next') {
    stepConflict(e.shiftKey ? -1 : 1);
    return true;
  }
  const items = conflictItems();
  const item = items.find((c) => c.key === currentConflict) ?? items[0];
  if (!item) {
    notice('No recorded conflicts in this article: H, I and B take ours, theirs or both of a conflict a merge recorded.');
    return true;
  }
  if (readOnly) {
    notice(problem ?? 'This article cannot be annotated.');
    return true;
  }
  if (action === 'both' && item.key === PUBLISHED) {
    notice('An article has one publication date: H keeps ours, I takes theirs.');
    return true;
  }
  post({ type: 'conflict', action, id: item.key === PUBLISHED ? undefined : item.key });
  return true;
}

function caretAt(x: number, y: number): [Node, number] | undefined {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (doc.caretPositionFromPoint) {
    const p = doc.caretPositionFromPoint(x, y);
    return p ? [p.offsetNode, p.offset] : undefined;
  }
  const r = doc.caretRangeFromPoint?.(x, y);
  return r ? [r.startContainer, r.startOffset] : undefined;
}

/** The UTF-16 offset of the character under the pointer, or undefined when it is not over text. */
function offsetUnderPointer(x: number, y: number): number | undefined {
  const caret = caretAt(x, y);
  if (!caret || !(caret[0] instanceof Text)) return undefined;
  const [node, offset] = caret;
  const line = lineOf.get(node);
  if (!line) return undefined;
  for (const at of [offset, offset - 1]) {
    if (at < 0 || at >= node.length) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, Math.min(node.length, at + 1));
    for (const rect of range.getClientRects()) {
      if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top && y <= rect.bottom) return line.start + at;
    }
  }
  return undefined;
}

let hoverFrame = 0;
function onPointerMove(e: MouseEvent): void {
  if (hoverFrame) return;
  hoverFrame = requestAnimationFrame(() => {
    hoverFrame = 0;
    showHover(e.clientX, e.clientY);
  });
}

function showHover(x: number, y: number): void {
  const at = offsetUnderPointer(x, y);
  const under = at === undefined ? [] : annotations
    .filter((a) => a.annotation.anchored !== 'orphaned' && a.start16 <= at && at < a.end16)
    .sort((a, b) => (a.end16 - a.start16) - (b.end16 - b.start16));
  const suggested = at === undefined ? [] : suggestions.filter((x) => x.start16 <= at && at < x.end16);
  if (under.length === 0 && suggested.length === 0) {
    hover.hidden = true;
    return;
  }
  const suggestionSections = suggested.map((x) => {
    const section = el('section', `hover-item suggestion label-${x.label}`);
    const head = el('div', 'hover-title');
    head.append(el('span', `swatch label-${x.label}`), el('strong', '', `Suggested ${labelName(x.label).toLowerCase()}`), el('span', 'hover-rule', ` (${RULES[x.rule] ?? x.rule})`));
    const quote = el('blockquote', 'hover-quote', x.quote.length > 400 ? `${x.quote.slice(0, 399)}…` : x.quote);
    quote.dir = 'auto';
    section.append(head, quote);
    if (x.value) section.append(labelled('Value', `\u2066${x.value}\u2069`));
    if (x.speaker) section.append(labelled('Speaker', x.speaker));
    section.append(el('div', 'hover-byline', x.key === currentSuggestion ? 'Enter accepts it, X rejects it.' : 'Not in the sidecar until accepted (Tab to it, then Enter).'));
    return section;
  });
  const sections = under.map((a) => {
    const f = hoverFields(a.annotation, {
      schema, language,
      byId: (id) => annotations.find((x) => x.annotation.id === id)?.annotation,
      entityName: (x) => annotations.find((y) => y.annotation.id === x.id)?.entityName ?? entityName(x),
      guessedFrom: (x) => annotations.find((y) => y.annotation.id === x.id)?.guessedFrom,
    });
    const section = el('section', `hover-item label-${a.annotation.label}`);
    section.dataset.id = a.annotation.id;
    const head = el('div', 'hover-title');
    head.append(el('span', `swatch label-${a.annotation.label}`), el('strong', '', f.title));
    const quote = el('blockquote', 'hover-quote', f.quote);
    quote.dir = 'auto';
    section.append(head, quote);
    if (f.value !== undefined) section.append(labelled('Value', f.value));
    if (f.entity !== undefined) section.append(labelled('Entity', f.entity));
    if (f.speaker !== undefined) section.append(labelled('Speaker', f.speaker));
    if (f.date !== undefined) section.append(labelled('Said on', f.date));
    if (f.stance !== undefined) section.append(labelled('Stance', f.stance));
    for (const [name, value] of f.extra ?? []) section.append(labelled(name, value));
    if (f.note !== undefined) section.append(labelled('Note', f.note));
    if (f.definition !== undefined) section.append(el('div', 'hover-definition', f.definition));
    if (f.byline !== undefined) section.append(el('div', 'hover-byline', f.byline));
    if (f.warning !== undefined) section.append(el('div', 'hover-warning', f.warning));
    if (a.conflict) section.append(conflictBlock(a.conflict, a.annotation.id === currentConflict));
    return section;
  });
  hover.replaceChildren(...sections, ...suggestionSections);
  hover.hidden = false;
  const width = hover.offsetWidth;
  const height = hover.offsetHeight;
  const left = Math.min(Math.max(4, x + 12), window.innerWidth - width - 4);
  const top = y + 18 + height > window.innerHeight ? Math.max(4, y - height - 12) : y + 18;
  hover.style.left = `${left}px`;
  hover.style.top = `${top}px`;
}

// ---- codebook (K) ---------------------------------------------------------------------------

/** The codebook panel: every label's definition, when to use it and when not, examples (K opens and closes it). */
const codebookBox = el('aside', 'codebook');
codebookBox.id = 'codebook';
codebookBox.setAttribute('role', 'dialog');
codebookBox.setAttribute('aria-label', 'Codebook');
codebookBox.hidden = true;
document.body.append(codebookBox);

function toggleCodebook(): void {
  if (!codebookBox.hidden) {
    codebookBox.hidden = true;
    return;
  }
  renderCodebook();
  codebookBox.hidden = false;
}

/** Fills the codebook panel; the label of the annotation at the selection comes first. */
function renderCodebook(): void {
  const selection = currentSelection();
  const at = selection ? Math.min(selection.anchor16, selection.focus16) : -1;
  const here = annotations.find((a) => a.annotation.anchored !== 'orphaned' && a.start16 <= at && at < a.end16)?.annotation.label;
  const labels = [...schema.labels].sort((a, b) => (a.id === here ? -1 : b.id === here ? 1 : 0));
  const head = el('div', 'codebook-head');
  head.append(el('strong', '', schema.preset ? 'Codebook (news preset)' : `Codebook (schema version ${schema.version})`), el('span', 'codebook-keys', ' K or Esc closes'));
  const sections = labels.map((l) => {
    const section = el('section', `codebook-label label-${l.id}`);
    section.dataset.label = l.id;
    const title = el('div', 'codebook-title');
    const name = el('strong', '', labelName(l.id));
    name.dir = 'auto';
    title.append(el('span', `swatch label-${l.id}`), ' ', name, ' ', el('kbd', '', l.key.toUpperCase()));
    section.append(title);
    for (const line of codebookLines(l)) {
      const p = el('p', '', line);
      p.dir = 'auto';
      section.append(p);
    }
    for (const a of l.attributes ?? []) section.append(el('p', 'codebook-attribute', `${titleOf(a.title, a.name, language)}: ${a.values ? a.values.join(' / ') : 'free text'} (U)`));
    if (codebookLines(l).length === 0) section.append(el('p', 'codebook-empty', 'No codebook entry for this label.'));
    return section;
  });
  codebookBox.replaceChildren(head, ...sections);
}

/**
 * Text in quotation marks: the marks stay in the sentence's (left-to-right) order and the text
 * takes its own direction inside them (a <bdi>), so “…” around Arabic does not come out as ”…“
 * (a <q dir=auto> made the marks part of the Arabic run: a first-use finding).
 */
function quotedText(className: string, text: string): HTMLElement {
  const q = el('q', className);
  q.append(el('bdi', '', text));
  return q;
}

/**
 * `text` as DOM nodes: each first-strong isolate (FSI … PDI, as core/presentation/hoverText puts around a
 * name or a quote inside a sentence) becomes a <bdi>, so that the page's text holds no invisible
 * controls there and `dir=auto` looks past the isolated parts.
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

function labelled(name: string, value: string): HTMLElement {
  const row = el('div', 'hover-row');
  const v = el('span', 'hover-value');
  v.append(...bidiNodes(value));
  v.dir = 'auto';
  row.append(el('span', 'hover-key', `${name}: `), v);
  return row;
}

// ---- actions -------------------------------------------------------------------------------

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
/** Shows a short message at the bottom of the view (wherever it is scrolled), then hides it. */
function notice(message: string): void {
  noticeBox.textContent = message;
  noticeBox.hidden = false;
  renderToolbar();
  clearTimeout(noticeTimer);
  // long notices (a count of suggestions with their keys) stay longer: about 15 characters a second
  noticeTimer = setTimeout(() => {
    noticeBox.hidden = true;
    renderToolbar();
  }, Math.max(3000, Math.min(10000, message.length * 65)));
}

function annotateSelection(label: Label): void {
  if (readOnly) {
    notice(problem ?? 'This article cannot be annotated.');
    return;
  }
  const selection = currentSelection();
  if (!selection || selection.anchor16 === selection.focus16) {
    notice(`Select some text first, then press ${schema.labels.map((l) => `${l.key.toUpperCase()} (${labelName(l.id)})`).join(', ')}.`);
    return;
  }
  post({ type: 'annotate', label, ...selection });
}

/** After a span was marked: collapse the selection (if it is still that span) so the new colour shows. */
function afterMarked(start16: number, end16: number): void {
  const current = currentSelection();
  if (!current) return;
  const [from, to] = [Math.min(current.anchor16, current.focus16), Math.max(current.anchor16, current.focus16)];
  if (from <= start16 && to >= end16 && to - from <= end16 - start16 + 64) document.getSelection()?.collapseToEnd();
}

function runCommand(command: ViewCommand): void {
  if (readOnly && WRITING_COMMANDS.has(command)) {
    notice(`Read-only: ${problem ?? 'this article cannot be annotated.'}`);
    return;
  }
  if (command === 'suggest') awaitingSuggestionsUntil = Date.now() + 5000;
  const selection = currentSelection() ?? { anchor16: 0, focus16: 0 };
  post({ type: 'command', command, ...selection });
}

// ---- keyboard selection ----------------------------------------------------------------
// The text is not editable, so Chromium shows no caret and Shift+arrows would not select. The
// view moves the selection itself with Selection.modify (visual left/right, so arrows follow the
// paragraph's direction) and draws its own caret.

const caret = document.createElement('div');
caret.className = 'caret';
caret.hidden = true;
document.body.appendChild(caret);

type Granularity = 'character' | 'word' | 'line' | 'lineboundary' | 'documentboundary';
const NAVIGATION: Record<string, (ctrl: boolean) => [string, Granularity]> = {
  ArrowLeft: (ctrl) => ['left', ctrl ? 'word' : 'character'],
  ArrowRight: (ctrl) => ['right', ctrl ? 'word' : 'character'],
  ArrowUp: () => ['backward', 'line'],
  ArrowDown: () => ['forward', 'line'],
  Home: (ctrl) => ['backward', ctrl ? 'documentboundary' : 'lineboundary'],
  End: (ctrl) => ['forward', ctrl ? 'documentboundary' : 'lineboundary'],
};

function ensureCaret(): Selection | undefined {
  const selection = document.getSelection();
  if (!selection || lines.length === 0) return undefined;
  if (!selection.anchorNode || !article.contains(selection.anchorNode)) {
    const first = lines.find((l) => l.el.getBoundingClientRect().bottom > 0) ?? lines[0];
    selection.collapse(first.node, 0);
  }
  return selection;
}

function navigate(e: KeyboardEvent): boolean {
  const move = NAVIGATION[e.key];
  if (!move || e.altKey || e.metaKey) return false;
  const selection = ensureCaret();
  if (!selection) return false;
  const [direction, granularity] = move(e.ctrlKey);
  (selection as Selection & { modify(alter: string, direction: string, granularity: string): void })
    .modify(e.shiftKey ? 'extend' : 'move', direction, granularity);
  selection.focusNode?.parentElement?.scrollIntoView({ block: 'nearest' });
  return true;
}

function updateCaret(): void {
  const selection = document.getSelection();
  const node = selection?.focusNode;
  if (!selection || !node || !article.contains(node) || document.activeElement !== article) {
    caret.hidden = true;
    return;
  }
  const range = document.createRange();
  range.setStart(node, selection.focusOffset);
  range.collapse(true);
  const rect = range.getClientRects()[0] ?? (node instanceof Text ? node.parentElement : node as Element)?.getBoundingClientRect();
  if (!rect) {
    caret.hidden = true;
    return;
  }
  caret.hidden = false;
  caret.style.left = `${rect.left + window.scrollX}px`;
  caret.style.top = `${rect.top + window.scrollY}px`;
  caret.style.height = `${Math.max(rect.height, 12)}px`;
}

article.addEventListener('focus', () => { ensureCaret(); updateCaret(); });
article.addEventListener('blur', () => { caret.hidden = true; });
window.addEventListener('resize', updateCaret);

window.addEventListener('keydown', (e) => {
  if (e.isComposing) return;
  if (reviewKey(e)) {
    e.preventDefault();
    return;
  }
  if (navigate(e)) {
    e.preventDefault();
    return;
  }
  if (conflictKey(e)) {
    e.preventDefault();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.code === 'KeyK' && !e.shiftKey) {
    e.preventDefault();
    toggleCodebook();
    return;
  }
  const label = labelKeys[e.code];
  if (label) {
    e.preventDefault();
    annotateSelection(label);
    return;
  }
  const command = COMMAND_KEYS[e.code];
  if (command) {
    e.preventDefault();
    runCommand(command);
  } else if (e.key === 'Escape') {
    hover.hidden = true;
    codebookBox.hidden = true;
  }
});

let selectionTimer: ReturnType<typeof setTimeout> | undefined;
document.addEventListener('selectionchange', () => {
  updateCaret();
  if (revealed) {
    const now = currentSelection();
    const same = now && Math.min(now.anchor16, now.focus16) === revealed.start16 && Math.max(now.anchor16, now.focus16) === revealed.end16;
    if (!same) {
      revealed = undefined;
      document.body.classList.remove('revealed');
    }
  }
  clearTimeout(selectionTimer);
  selectionTimer = setTimeout(() => {
    const selection = currentSelection();
    if (selection) post({ type: 'selection', ...selection });
    if (selection) followSelection(selection);
  }, 40);
});

article.addEventListener('mousemove', onPointerMove);

// ---- mouse selection at bidi boundaries ------------------------------------------------------
// Where a left-to-right run (a date, a Latin name) between bidi marks sits in a right-to-left
// paragraph, one point on screen is two places in the text, and Chromium may put a drag's end on
// the mark on the far side of the run: a drag over "\u200E2024-05-01\u200E" then selects only
// the LRM. An end that lands next to a bidi control is taken from the glyph under the pointer.

const BIDI_CONTROL = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;
let dragFrom: { x: number; y: number } | undefined;

article.addEventListener('mousedown', (e) => {
  dragFrom = e.button === 0 && !e.shiftKey && e.detail === 1 ? { x: e.clientX, y: e.clientY } : undefined;
});
window.addEventListener('mouseup', (e) => {
  const from = dragFrom;
  dragFrom = undefined;
  if (!from || Math.abs(e.clientX - from.x) + Math.abs(e.clientY - from.y) < 3) return;
  try {
    fixBidiEnds(from, { x: e.clientX, y: e.clientY });
  } catch (err) {
    log(`selection at a bidi boundary: ${(err as Error).stack ?? String(err)}`);
  }
});

/** True when UTF-16 offset `at` of the text is next to a bidi control. */
function touchesBidiControl(at: number): boolean {
  return BIDI_CONTROL.test(text.charAt(at - 1)) || BIDI_CONTROL.test(text.charAt(at));
}

/**
 * The UTF-16 offset of the character (not a bidi control) whose glyph is under (x, y), looked
 * for on the line of offset `near`, nearest to it first; undefined when no glyph is there.
 */
function glyphUnder(x: number, y: number, near: number): number | undefined {
  const line = lines[lineIndexAt(Math.min(near, text.length))];
  const node = line.node;
  const range = document.createRange();
  const hit = (i: number): boolean => {
    if (i < 0 || i >= node.length) return false;
    const code = node.data.charCodeAt(i);
    if ((code >= 0xdc00 && code <= 0xdfff) || BIDI_CONTROL.test(node.data.charAt(i))) return false;
    range.setStart(node, i);
    range.setEnd(node, Math.min(node.length, i + (code >= 0xd800 && code <= 0xdbff ? 2 : 1)));
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
    }
    return false;
  };
  const local = Math.max(0, Math.min(near, line.end) - line.start);
  for (let d = 0; d <= Math.min(node.length, 4096); d++) {
    if (hit(local + d)) return line.start + local + d;
    if (hit(local - 1 - d)) return line.start + local - 1 - d;
  }
  return undefined;
}

/** After a drag: a selection end next to a bidi control moves to the edge of the glyph under the pointer. */
function fixBidiEnds(down: { x: number; y: number }, up: { x: number; y: number }): void {
  const selection = currentSelection();
  if (!selection || (!touchesBidiControl(selection.anchor16) && !touchesBidiControl(selection.focus16))) return;
  const a = touchesBidiControl(selection.anchor16) ? glyphUnder(down.x, down.y, selection.anchor16) : undefined;
  const f = touchesBidiControl(selection.focus16) ? glyphUnder(up.x, up.y, selection.focus16) : undefined;
  if (a === undefined && f === undefined) return;
  const after = (at: number) => at + (/[\uD800-\uDBFF]/.test(text.charAt(at)) ? 2 : 1);
  let anchor16 = selection.anchor16;
  let focus16 = selection.focus16;
  if (a !== undefined && f !== undefined) {
    // both ends from the glyphs under the pointer, whole, in the order of the text
    [anchor16, focus16] = a <= f ? [a, after(f)] : [after(a), f];
  } else if (a !== undefined) {
    anchor16 = a < focus16 ? a : after(a);
  } else if (f !== undefined) {
    focus16 = f < anchor16 ? f : after(f);
  }
  if (anchor16 === selection.anchor16 && focus16 === selection.focus16) return;
  const [an, ao] = pointAt(anchor16, anchor16 <= focus16 ? 'start' : 'end');
  const [fn, fo] = pointAt(focus16, anchor16 <= focus16 ? 'end' : 'start');
  document.getSelection()?.setBaseAndExtent(an, ao, fn, fo);
}
article.addEventListener('mouseleave', () => { hover.hidden = true; });
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  hover.hidden = true;
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(saveScroll, 150);
}, { passive: true });

/** Remembers the first visible line (as a text offset, robust to font changes) for when the tab is shown again. */
function saveScroll(): void {
  const top = lines.find((l) => l.el.getBoundingClientRect().bottom > toolbar.offsetHeight);
  if (top) vscode.setState({ topOffset16: top.start });
}

function restoreScroll(): void {
  const state = vscode.getState();
  if (!state || !state.topOffset16 || lines.length === 0) return;
  const line = lines[lineIndexAt(Math.min(state.topOffset16, text.length))];
  window.scrollTo(0, line.el.getBoundingClientRect().top + window.scrollY - toolbar.offsetHeight);
}

function applySettings(settings: ViewSettings): void {
  const root = document.documentElement.style;
  if (settings.fontFamily) root.setProperty('--hashiya-font-family', settings.fontFamily);
  else root.removeProperty('--hashiya-font-family');
  root.setProperty('--hashiya-font-size', `${settings.fontSize}px`);
  root.setProperty('--hashiya-line-height', String(settings.lineHeight));
}

function reveal(start16: number, end16: number, select: boolean): void {
  if (lines.length === 0) return;
  const range = rangeOf(start16, end16);
  const target = range.startContainer.parentElement ?? article;
  target.scrollIntoView({ block: 'center' });
  if (select) {
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    article.focus({ preventScroll: true });
    // a revealed span stays selected (so Delete, L, N, E act on it) but keeps its label colour
    revealed = { start16, end16 };
    document.body.classList.add('revealed');
  }
  flash(start16, end16);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'init':
        applySchema(message.labels.schema, message.labels.language);
        fileName = message.fileName;
        readOnly = message.readOnly;
        problem = message.problem?.message;
        problemInSidecar = !!message.problem?.sidecar;
        text = message.text;
        annotations = message.annotations;
        publishedConflict = message.publishedConflict;
        applySettings(message.settings);
        renderAll();
        renderToolbar();
        paintHighlights();
        restoreScroll();
        document.body.dataset.ready = 'true';
        return;
      case 'annotations':
        annotations = message.annotations;
        problem = message.problem?.message;
        problemInSidecar = !!message.problem?.sidecar;
        readOnly = message.readOnly;
        publishedConflict = message.publishedConflict;
        renderToolbar();
        paintHighlights();
        return;
      case 'textEdited':
        if (!applyChanges(message.changes, message.length16)) {
          post({ type: 'needText' });
          return;
        }
        annotations = message.annotations;
        renderToolbar();
        paintHighlights();
        return;
      case 'text':
        text = message.text;
        annotations = message.annotations;
        renderAll();
        renderToolbar();
        paintHighlights();
        return;
      case 'reveal':
        reveal(message.start16, message.end16, message.select);
        return;
      case 'marked':
        afterMarked(message.start16, message.end16);
        return;
      case 'settings':
        applySettings(message.settings);
        return;
      case 'labels':
        applySchema(message.labels.schema, message.labels.language);
        renderToolbar();
        paintHighlights();
        if (!codebookBox.hidden) renderCodebook();
        return;
      case 'notice':
        notice(message.message);
        return;
      case 'conflictStep':
        stepConflict(message.direction);
        return;
      case 'suggestions': {
        awaitingSuggestionsUntil = 0;
        // only the current one changed (Tab, or the host catching up): repaint just that
        const same = message.suggestions.length === suggestions.length
          && message.suggestions.every((x, i) => x.key === suggestions[i].key && x.start16 === suggestions[i].start16 && x.end16 === suggestions[i].end16);
        suggestions = message.suggestions;
        if (focusEchoes.length > 0 && message.current === focusEchoes[0]) {
          // the host caught up with one Tab; keep where later Tabs have taken this view already
          focusEchoes.shift();
          if (focusEchoes.length === 0) currentSuggestion = message.current;
        } else {
          focusEchoes = [];
          currentSuggestion = message.current;
        }
        if (same) paintCurrentSuggestion();
        else paintSuggestions();
        if (message.reveal) revealSuggestion();
        return;
      }
    }
  } catch (err) {
    log(`view failed on ${message.type}: ${(err as Error).stack ?? String(err)}`);
    post({ type: 'needText' });
  }
});

post({ type: 'ready' });
