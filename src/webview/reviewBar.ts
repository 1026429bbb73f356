/**
 * The review of suggestions: the bar that names the current suggestion and its keys, the keys
 * themselves (Enter, X, Tab, Esc), and the host's list of suggestions as it arrives.
 */
import type { HostMessage, SuggestionAction } from '../shared/protocol';
import { format } from '../shared/strings';
import type { ArticleText } from './articleText';
import { rangeOf } from './domOffsets';
import { el, quotedText } from './elements';
import type { Highlights } from './highlights';
import type { Host } from './host';
import type { ViewModel } from './viewModel';

export class ReviewBar {
  readonly box = el('div', 'review');
  /** Until when (ms) suggestions asked for with G are on their way. */
  private awaitingUntil = 0;
  /** Keys this view moved to (Tab) that the host has not echoed yet: its echoes must not move the view back. */
  private focusEchoes: string[] = [];

  /** `toolbar` and `hover` are the elements the bar works around (reveal below one, Esc for the other). */
  constructor(
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly highlights: Highlights,
    private readonly host: Host,
    private readonly elements: { toolbar: HTMLElement; hover: HTMLElement },
  ) {
    this.box.setAttribute('role', 'status');
    this.box.hidden = true;
    document.body.appendChild(this.box);
  }

  /** Suggestions were asked for (G): a Tab before they arrive stays in the view. */
  awaitSuggestions(): void {
    this.awaitingUntil = Date.now() + 5000;
  }

  /** Which suggestion the analyst is on and the keys that act on it. */
  render(): void {
    const { suggestions, strings: s } = this.model;
    const at = suggestions.findIndex((x) => x.key === this.model.currentSuggestion);
    if (suggestions.length === 0 || at < 0) {
      this.box.hidden = true;
      document.body.classList.remove('reviewing');
      return;
    }
    const x = suggestions[at];
    const quote = quotedText('review-quote', x.quote.length > 60 ? `${x.quote.slice(0, 59)}…` : x.quote);
    const facts: string[] = [];
    if (x.value) {
      facts.push(x.guessedFrom ? format(s.reviewValueGuessed, x.value, x.guessedFrom) : format(s.reviewValue, x.value));
    }
    if (x.speaker) facts.push(format(s.reviewSpeaker, x.speaker));
    const detail = el('span', 'review-detail', facts.join(' · '));
    detail.dir = 'auto';
    const sameLabel = suggestions.filter((y) => y.label === x.label).length;
    this.box.replaceChildren(
      el('strong', '', format(s.reviewPosition, at + 1, suggestions.length)), el('span', `swatch label-${x.label}`),
      el('span', 'review-label', ` ${this.model.labelName(x.label)} `), quote, detail,
      // English names the label by its id ("accept 3 claims"); other languages by its title
      el('span', 'review-keys', format(sameLabel === 1 ? s.reviewKeysOne : s.reviewKeysMany, sameLabel,
        this.model.language.startsWith('en') ? x.label : this.model.labelName(x.label))),
    );
    this.box.hidden = false;
    document.body.classList.add('reviewing');
  }

  /** Scrolls the current suggestion into view when the toolbar or the bar hides it. */
  reveal(): void {
    const s = this.model.suggestions.find((x) => x.key === this.model.currentSuggestion);
    if (!s || s.end16 > this.view.text.length) return;
    const range = rangeOf(this.view, s.start16, s.end16);
    const target = range.startContainer.parentElement;
    const rect = range.getBoundingClientRect();
    const hidden = rect.top < this.elements.toolbar.offsetHeight
      || rect.bottom > window.innerHeight - this.box.offsetHeight;
    if (target && hidden) target.scrollIntoView({ block: 'center' });
  }

  /** Keys of the suggestion review; true when the key was one of them. */
  key(e: KeyboardEvent): boolean {
    const model = this.model;
    const suggestions = model.suggestions;
    // Tab pressed right after G, before the suggestions arrive, must not take the focus out of the view
    if (suggestions.length === 0 && e.key === 'Tab' && Date.now() < this.awaitingUntil) return true;
    if (suggestions.length === 0 || model.readOnly) return false;
    let action: SuggestionAction | undefined;
    if (e.key === 'Enter' && !e.altKey) {
      action = e.ctrlKey || e.metaKey ? 'acceptAll' : e.shiftKey ? 'acceptLabel' : 'accept';
    }
    else if (e.code === 'KeyX' && !e.ctrlKey && !e.metaKey && !e.altKey) action = e.shiftKey ? 'rejectLabel' : 'reject';
    else if (e.key === 'Tab' && !e.ctrlKey && !e.metaKey && !e.altKey) action = e.shiftKey ? 'previous' : 'next';
    else if (e.key === 'Escape' && this.elements.hover.hidden) action = 'rejectAll';
    if (!action) return false;
    if (action === 'next' || action === 'previous') {
      // moved here at once (keys pressed quickly must each count), then the host is told where
      const at = suggestions.findIndex((x) => x.key === model.currentSuggestion);
      const step = action === 'next' ? 1 : -1;
      model.currentSuggestion = suggestions[(at + step + suggestions.length) % suggestions.length].key;
      this.focusEchoes.push(model.currentSuggestion);
      this.highlights.paintCurrentSuggestion();
      this.reveal();
    }
    const key = action === 'acceptAll' || action === 'rejectAll' ? undefined : model.currentSuggestion;
    this.host.post({ type: 'suggestion', action, key });
    return true;
  }

  /** Takes the host's suggestions and its current one, and repaints what changed. */
  receive(message: Extract<HostMessage, { type: 'suggestions' }>): void {
    const model = this.model;
    const old = model.suggestions;
    this.awaitingUntil = 0;
    // only the current one changed (Tab, or the host catching up): repaint just that
    const same = message.suggestions.length === old.length
      && message.suggestions.every((x, i) => x.key === old[i].key && x.start16 === old[i].start16
        && x.end16 === old[i].end16);
    model.suggestions = message.suggestions;
    if (this.focusEchoes.length > 0 && message.current === this.focusEchoes[0]) {
      // the host caught up with one Tab; keep where later Tabs have taken this view already
      this.focusEchoes.shift();
      if (this.focusEchoes.length === 0) model.currentSuggestion = message.current;
    } else {
      this.focusEchoes = [];
      model.currentSuggestion = message.current;
    }
    if (same) this.highlights.paintCurrentSuggestion();
    else this.highlights.paintSuggestions();
    if (message.reveal) this.reveal();
  }
}
