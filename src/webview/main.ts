/**
 * The RTL article view (runs in the webview): sets up its parts and hands them the host's messages.
 * The parts: ArticleText renders the text (one `dir="auto"` element per line, text nodes only),
 * domOffsets maps DOM positions to UTF-16 offsets of the document text, Highlights colours
 * annotations with the CSS Custom Highlight API, Toolbar / OrphanList / ConflictBar / ReviewBar /
 * CodebookPanel / Hover draw the rest, Keys and Caret take the keyboard. The view's words come from
 * the host (init's `strings`), English where it sends none.
 */
import { NEWS_PRESET, type ProjectSchema } from '../core/model/projectSchema';
import type { HostMessage } from '../shared/protocol';
import { DEFAULT_VIEW_STRINGS } from '../shared/strings';
import * as l10n from '@vscode/l10n';
import { Actions } from './actions';
import { AdjudicationBar } from './adjudicationBar';
import { ArticleText } from './articleText';
import { fixBidiSelections } from './bidiSelection';
import { Caret } from './caret';
import { CodebookPanel } from './codebookPanel';
import { ConflictBar } from './conflictBar';
import { currentSelection } from './domOffsets';
import { Highlights } from './highlights';
import { acquireHost } from './host';
import { Hover } from './hover';
import { Keys } from './keys';
import { Notice } from './notice';
import { OrphanList } from './orphanList';
import { Revealer } from './revealer';
import { ReviewBar } from './reviewBar';
import { ScrollMemory } from './scrollMemory';
import { applyLabelStyles, applySettings } from './styles';
import { Toolbar } from './toolbar';
import { ViewModel } from './viewModel';

// timing marks of opening (User Timing: shown in the webview's DevTools, read by bench/workspaceView.bench.ts)
performance.mark('hashiya:script');
const host = acquireHost();
const byId = (id: string) => document.getElementById(id) as HTMLElement;
const elements = {
  article: byId('article'), toolbar: byId('toolbar'), banner: byId('banner'), hover: byId('hover'),
  notice: byId('notice'), orphans: byId('orphans') as HTMLDetailsElement,
};

const model = new ViewModel();
const view = new ArticleText(elements.article);
const notice = new Notice(elements.notice, () => toolbar.render());
const highlights = new Highlights(model, view, host, () => review.render());
const review = new ReviewBar(model, view, highlights, host, elements);
const revealer = new Revealer(view, highlights);
const orphans = new OrphanList(elements.orphans, model, view, host, notice);
const conflictBar = new ConflictBar(model, view, host, { banner: elements.banner, notice, revealer, orphans });
const actions = new Actions(model, view, host, notice, review);
const adjudication = new AdjudicationBar(model, view, host, { banner: elements.banner, revealer });
const toolbar = new Toolbar(model, elements, { actions, notice, orphans, conflictBar });
const hover = new Hover(elements.hover, model, view, conflictBar);
const codebook = new CodebookPanel(model, view);
const caret = new Caret(view);
const keys = new Keys({ review, caret, conflictBar, codebook, actions, hover, adjudication });
const scroll = new ScrollMemory(view, host, elements.toolbar);

/** Takes a new schema: its label keys and the colours of labels that are not the preset's. */
function applySchema(schema: ProjectSchema, language: string): void {
  model.schema = schema;
  model.language = language;
  document.documentElement.lang = language;
  document.body.dataset.uiDirection = /^(ar|fa|he|ur)\b/i.test(language) ? 'rtl' : 'ltr';
  keys.setSchema(schema);
  applyLabelStyles(schema, host);
}
applySchema(NEWS_PRESET, 'en');

window.addEventListener('keydown', (e) => keys.onKeyDown(e));
fixBidiSelections(view, host);
elements.article.addEventListener('mousemove', (e) => hover.onPointerMove(e));
elements.article.addEventListener('mouseleave', () => hover.hide());
window.addEventListener('scroll', () => {
  hover.hide();
  scroll.scrolled();
}, { passive: true });

/** Follows the selection: the caret, a revealed span, and (once it settles) the host and the conflict bar. */
function followSelection(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  document.addEventListener('selectionchange', () => {
    caret.update();
    revealer.selectionChanged();
    clearTimeout(timer);
    timer = setTimeout(() => {
      const selection = currentSelection(view);
      if (selection) host.post({ type: 'selection', ...selection });
      if (selection) conflictBar.followSelection(selection);
    }, 40);
  });
}
followSelection();

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      performance.mark('hashiya:init');
      // a key sent as undefined keeps its English (a spread alone would blank it)
      model.strings = { ...DEFAULT_VIEW_STRINGS, ...definedOnly(message.strings ?? {}) };
      if (message.l10nBundle) l10n.config({ contents: message.l10nBundle });
      applySchema(message.labels.schema, message.labels.language);
      model.fileName = message.fileName;
      model.readOnly = message.readOnly;
      model.problem = message.problem?.message;
      model.problemInSidecar = !!message.problem?.sidecar;
      model.setAnnotations(message.annotations, message.text);
      model.publishedConflict = message.publishedConflict;
      applySettings(message.settings);
      view.render(message.text, message.settings);
      toolbar.render();
      highlights.paint();
      adjudication.paint();
      scroll.restore();
      document.body.dataset.ready = 'true';
      performance.mark('hashiya:rendered');
      // the frame that shows it: after the next animation frame's paint
      requestAnimationFrame(() => setTimeout(() => performance.mark('hashiya:painted'), 0));
      return;
    case 'annotations': {
      const { gone, fresh } = model.applyDelta(message.delta, view.text);
      model.problem = message.problem?.message;
      model.problemInSidecar = !!message.problem?.sidecar;
      model.readOnly = message.readOnly;
      model.publishedConflict = message.publishedConflict;
      toolbar.render();
      highlights.update(gone, fresh);
      adjudication.paint();
      return;
    }
    case 'textEdited':
      if (!view.applyChanges(message.changes, message.length16)) {
        host.post({ type: 'needText' });
        return;
      }
      model.textChanged(view.text);
      model.applyDelta(message.delta, view.text);
      toolbar.render();
      highlights.paint();
      adjudication.paint();
      return;
    case 'reveal':
      revealer.reveal(message.start16, message.end16, message.select);
      return;
    case 'marked':
      actions.afterMarked(message.start16, message.end16);
      return;
    case 'settings':
      applySettings(message.settings);
      view.settingsChanged(message.settings);
      return;
    case 'labels':
      applySchema(message.labels.schema, message.labels.language);
      toolbar.render();
      highlights.paint();
      if (!codebook.hidden) codebook.render();
      return;
    case 'notice':
      notice.show(message.message);
      return;
    case 'conflictStep':
      conflictBar.step(message.direction);
      return;
    case 'suggestions':
      review.receive(message);
      return;
    case 'adjudication':
      adjudication.receive(message.adjudication, message.reveal);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  try {
    receive(message);
  } catch (err) {
    host.log(`view failed on ${message.type}: ${(err as Error).stack ?? String(err)}`);
    host.post({ type: 'needText' });
  }
});

host.post({ type: 'ready' });

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
