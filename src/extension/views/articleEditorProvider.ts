import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import {
  type HostMessage,
  type ViewCommand,
  type ViewMessage,
  type ViewSchema,
  type ViewProblem,
  type ViewAdjudication,
  assertNever,
  isViewMessage,
} from '../../shared/protocol';
import { publishedConflictSummary } from '../../core/merge/conflictRows';
import { ARTICLE_VIEW_TYPE } from '../commandIds';
import { settings } from '../config';
import type { EntityDirectory } from '../files/entityDirectory';
import type { Article } from '../sessions/article';
import type { SessionManager } from '../sessions/sessionManager';
import type { SuggestionController } from './suggestionController';
import { baseName } from '../files/sidecarFiles';
import { showError } from '../util/notify';
import { traceMark, traceTime } from '../files/readTrace';
import { ViewAnnotationFeed } from './viewAnnotations';
import { NEWS_PRESET } from '../../core/model/projectSchema';
import type { SchemaDirectory } from '../files/schemaDirectory';
import { viewStrings } from '../../shared/strings';

/** What the view's keys and buttons ask the extension to do (implemented by the commands). */
export interface ViewActions {
  annotate(view: ArticleView, message: Extract<ViewMessage, { type: 'annotate' }>): Promise<void>;
  command(view: ArticleView, command: ViewCommand): Promise<void>;
  reattach(view: ArticleView, message: Extract<ViewMessage, { type: 'reattach' }>): Promise<void>;
  suggestion(view: ArticleView, message: Extract<ViewMessage, { type: 'suggestion' }>): Promise<void>;
  conflict(view: ArticleView, message: Extract<ViewMessage, { type: 'conflict' }>): Promise<void>;
  adjudicate(view: ArticleView, message: Extract<ViewMessage, { type: 'adjudicate' }>): Promise<void>;
}

/** What the views show besides the article's annotations. */
export interface ViewSources {
  entities: EntityDirectory;
  suggestions: SuggestionController;
  /** The project schema (labels, keys, colours, codebooks); without it the news preset. */
  schemas?: SchemaDirectory;
  /** Articles being adjudicated: what their views show in adjudication mode (docs/adjudication.md). */
  adjudication?: { toView(article: Article): ViewAdjudication | undefined };
}

/** The project schema as the views get it. */
function viewSchema(sources: ViewSources): ViewSchema {
  return { schema: sources.schemas?.schema ?? NEWS_PRESET, language: vscode.env.language };
}

/** One open RTL view of an article. */
export class ArticleView extends Disposable {
  /** The last selection the view reported, UTF-16 anchor and focus (equal when collapsed). */
  selection: { anchor16: number; focus16: number } = { anchor16: 0, focus16: 0 };
  /**
   * The recorded conflict the view's conflict bar shows (what H, I, B and the palette's Resolve
   * Conflict act on): `id` of the annotation, or no id for the publication date; undefined: none.
   */
  currentConflict: { id?: string } | undefined;
  private ready = false;
  /** True while the view was last sent an adjudication. */
  private adjudicating = false;
  /** The key of the suggestion the view was last told is current. */
  private shownSuggestion: string | undefined;
  /** What the view was sent of the annotations (it gets what changed, not all of them again). */
  private readonly feed: ViewAnnotationFeed;
  /** When the view was made (Date.now(): the timing marks of opening an article, when tracing). */
  private readonly made = Date.now();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly document: vscode.TextDocument,
    private readonly sessions: SessionManager,
    private readonly actions: ViewActions,
    private readonly sources: ViewSources,
  ) {
    super();
    this.feed = new ViewAnnotationFeed((a) => this.sources.entities.displayName(a));
  }

  /** Posts a message once the view has said it is ready. */
  post(message: HostMessage): void {
    void this.send(message);
  }

  /** Posts a message once the view has said it is ready; resolves when the workbench has taken it (false: not sent). */
  private send(message: HostMessage): Thenable<boolean> {
    return this.ready ? this.panel.webview.postMessage(message) : Promise.resolve(false);
  }

  async receive(raw: unknown): Promise<void> {
    if (!isViewMessage(raw)) return;
    const message = raw;
    switch (message.type) {
      case 'ready':
      case 'needText':
        traceTime(`open.${message.type}`, this.made);
        traceMark(`open.${message.type}`);
        this.ready = true;
        await this.sendInit();
        traceTime('open.init', this.made);
        return;
      case 'selection':
        this.selection = { anchor16: message.anchor16, focus16: message.focus16 };
        return;
      case 'annotate':
        this.selection = { anchor16: message.anchor16, focus16: message.focus16 };
        await this.actions.annotate(this, message);
        return;
      case 'command':
        this.selection = { anchor16: message.anchor16, focus16: message.focus16 };
        await this.actions.command(this, message.command);
        return;
      case 'reattach':
        this.selection = { anchor16: message.anchor16, focus16: message.focus16 };
        await this.actions.reattach(this, message);
        return;
      case 'suggestion':
        await this.actions.suggestion(this, message);
        return;
      case 'conflict':
        await this.actions.conflict(this, message);
        return;
      case 'adjudicate':
        await this.actions.adjudicate(this, message);
        return;
      case 'log':
        if (message.level === 'error') console.error(`[hashiya view] ${message.message}`);
        return;
      default:
        assertNever(message);
    }
  }

  private async sendInit(): Promise<void> {
    const article = await this.sessions.open(this.document);
    traceMark('open.article');
    const text = this.document.getText();
    const problem = this.sessions.problemOf(this.document.uri);
    const sent = this.send({
      type: 'init',
      fileName: baseName(this.document.uri),
      text,
      annotations: article ? this.feed.full(article.session.set, article.session.published) : this.feed.none(),
      settings: settings(this.document.uri).view,
      problem: problem ? { message: problem } : article ? problemOfArticle(article) : undefined,
      readOnly: !article || article.session.state.kind === 'broken',
      publishedConflict: article ? publishedConflictSummary(article.session.published) : undefined,
      labels: viewSchema(this.sources),
      strings: viewStrings(),
      l10nBundle: vscode.l10n.bundle,
    });
    // the values of dates saved without one are computed once the text is on its way (issue 12)
    if (article) void sent.then(() => article.session.releaseValues());
    if (article) this.sendSuggestions(article, false);
    if (article) this.sendAdjudication(article, true);
  }

  /** Sends the article's adjudication (null: none), revealing the current item when `reveal`. */
  sendAdjudication(article: Article, reveal: boolean): void {
    const adjudication = this.sources.adjudication?.toView(article);
    if (!adjudication && !this.adjudicating) return;
    this.adjudicating = !!adjudication;
    this.post({ type: 'adjudication', adjudication: adjudication ?? null, reveal });
  }

  /**
   * Sends the suggestions under review (drawn dashed); with `reveal`, scrolls to the current one
   * when that changed (typing elsewhere or marking by hand must not pull the view back to it).
   */
  sendSuggestions(article: Article, reveal: boolean): void {
    const review = this.sources.suggestions.toView(article);
    const moved = review.current !== this.shownSuggestion;
    this.shownSuggestion = review.current;
    this.post({ type: 'suggestions', ...review, reveal: reveal && moved });
  }

  /**
   * Sends what changed of the annotations (after an action or reload); `all`: compare every one
   * (what their entity names come from changed), not only those the session says changed.
   * Resolves when the workbench has taken the message.
   */
  refresh(article: Article, options: { all?: boolean } = {}): Thenable<boolean> {
    if (!this.ready) return Promise.resolve(false);
    const sent = this.send({
      type: 'annotations',
      delta: this.feed.delta(article.session.set, article.session.published, options),
      problem: problemOfArticle(article),
      readOnly: article.session.state.kind === 'broken',
      publishedConflict: publishedConflictSummary(article.session.published),
    });
    this.sendAdjudication(article, false);
    return sent;
  }

  /** Sends a change of the text (UTF-16 `changes`, in order) and what it did to the annotations. */
  textEdited(article: Article, changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    if (!this.ready) return;
    this.post({
      type: 'textEdited',
      changes: changes.map((c) => ({ start16: c.rangeOffset, end16: c.rangeOffset + c.rangeLength, text: c.text })),
      length16: article.document.getText().length,
      delta: this.feed.delta(article.session.set, article.session.published),
    });
  }

  /** Shows and selects the UTF-16 span [start16, end16). */
  reveal(start16: number, end16: number): void {
    this.panel.reveal(undefined, false);
    this.post({ type: 'reveal', start16, end16, select: true });
  }

  track(...disposables: vscode.Disposable[]): void {
    this._registerAll(...disposables);
  }
}

/**
 * The banner of a view whose sidecar is broken: the file, line, column and problem, how many
 * annotations are shown (those valid on their own) and that nothing can change until it is fixed.
 */
function problemOfArticle(article: Article): ViewProblem | undefined {
  const state = article.session.state;
  if (state.kind === 'ready') return undefined;
  const first = state.problems[0];
  const more = state.problems.length - 1;
  const held = article.session.set.size;
  const shown =
    state.total !== undefined
      ? state.total === 1
        ? vscode.l10n.t('Showing the {0} of {1} annotation that are valid on their own.', state.shown ?? 0, state.total)
        : vscode.l10n.t(
            'Showing the {0} of {1} annotations that are valid on their own.',
            state.shown ?? 0,
            state.total,
          )
      : held > 0
        ? held === 1
          ? vscode.l10n.t('Showing the {0} annotation as read before the file broke.', held)
          : vscode.l10n.t('Showing the {0} annotations as read before the file broke.', held)
        : vscode.l10n.t('No annotation can be shown: the file cannot be read as a sidecar.');
  const where = `${baseName(article.sidecarUri)}:${first.line}:${first.column}`;
  return {
    sidecar: true,
    message:
      more === 0
        ? vscode.l10n.t(
            '{0}: {1}. {2} Read-only until the sidecar is fixed; Hashiya does not overwrite it.',
            where,
            first.message,
            shown,
          )
        : more === 1
          ? vscode.l10n.t(
              '{0}: {1} (and {2} more problem, see the Problems view). {3} Read-only until the sidecar is fixed; Hashiya does not overwrite it.',
              where,
              first.message,
              more,
              shown,
            )
          : vscode.l10n.t(
              '{0}: {1} (and {2} more problems, see the Problems view). {3} Read-only until the sidecar is fixed; Hashiya does not overwrite it.',
              where,
              first.message,
              more,
              shown,
            ),
  };
}

/**
 * The RTL article view: a custom text editor (priority "option") whose model is the
 * TextDocument itself, so edits, undo and saving stay VS Code's. Annotations come from the
 * {@link SessionManager}; the view only renders and reports selections.
 */
export class ArticleEditorProvider extends Disposable implements vscode.CustomTextEditorProvider {
  private readonly views = new Set<ArticleView>();
  /**
   * The view's script and style sheet, read once and written into each view's page: fetched
   * through the webview's service worker and the workbench instead, they took 0.1–0.3 s of
   * opening an article on a loaded machine (issue 12). Undefined: linked as files instead.
   */
  private readonly inlined: Promise<InlinedBundle | undefined>;
  /** The view that was active last (the target of commands while a view has focus). */
  activeView: ArticleView | undefined;

  static register(
    context: vscode.ExtensionContext,
    sessions: SessionManager,
    actions: ViewActions,
    sources: ViewSources,
  ): ArticleEditorProvider {
    const provider = new ArticleEditorProvider(context.extensionUri, sessions, actions, sources);
    context.subscriptions.push(
      provider,
      vscode.window.registerCustomEditorProvider(ARTICLE_VIEW_TYPE, provider, {
        webviewOptions: { retainContextWhenHidden: false, enableFindWidget: true },
        supportsMultipleEditorsPerDocument: true,
      }),
    );
    return provider;
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: SessionManager,
    private readonly actions: ViewActions,
    private readonly sources: ViewSources,
  ) {
    super();
    this.inlined = readBundle(extensionUri);
    this._registerAll(
      ...(sources.schemas
        ? [
            sources.schemas.onDidChange(() => {
              for (const view of this.views) view.post({ type: 'labels', labels: viewSchema(sources) });
            }),
          ]
        : []),
      sources.entities.onDidChange(() => {
        for (const view of this.views) {
          const article = sessions.peek(view.document.uri);
          if (article) view.refresh(article, { all: true });
        }
      }),
      sources.suggestions.onDidChange((uri) => {
        const article = sessions.peek(uri);
        if (article) for (const view of this.viewsOf(uri)) view.sendSuggestions(article, true);
      }),
      sessions.onDidChangeArticle((article) => {
        for (const view of this.viewsOf(article.uri)) view.refresh(article);
      }),
      sessions.onWillWriteArticle(({ article, waitUntil }) => {
        for (const view of this.viewsOf(article.uri)) waitUntil(view.refresh(article));
      }),
      sessions.onDidEditArticle(({ article, changes }) => {
        for (const view of this.viewsOf(article.uri)) view.textEdited(article, changes);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('hashiya.view')) return;
        for (const view of this.views) view.post({ type: 'settings', settings: settings(view.document.uri).view });
      }),
    );
  }

  /** The open views of an article. */
  viewsOf(uri: vscode.Uri): ArticleView[] {
    return [...this.views].filter((v) => v.document.uri.toString() === uri.toString());
  }

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): Promise<void> {
    const start = Date.now();
    traceMark('open.resolve');
    // the sidecar is read while the workbench makes the view
    void this.sessions.open(document).then(() => traceTime('open.session', start));
    const view = new ArticleView(panel, document, this.sessions, this.actions, this.sources);
    this.views.add(view);
    this.activeView = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    // a tab of its own name beside the article's text editor (VS Code 1.106 and later show a
    // custom editor's title, microsoft/vscode#105299; earlier ones show the file name for both)
    panel.title = vscode.l10n.t('{0} · Hashiya', baseName(document.uri));
    panel.iconPath = vscode.Uri.joinPath(media, 'hashiya.svg');
    let disposed = false;
    view.track(
      panel.webview.onDidReceiveMessage((message) =>
        view.receive(message).catch((err) => {
          void showError(vscode.l10n.t('Hashiya: {0}', (err as Error).message));
        }),
      ),
      panel.onDidChangeViewState(() => {
        if (panel.active) this.activeView = view;
      }),
      panel.onDidDispose(() => {
        disposed = true;
        this.views.delete(view);
        if (this.activeView === view) this.activeView = undefined;
        view.dispose();
      }),
    );
    const inlined = await this.inlined;
    if (disposed) return;
    panel.webview.html = this.html(panel.webview, document, inlined);
    traceMark('open.html');
  }

  private html(webview: vscode.Webview, document: vscode.TextDocument, inlined: InlinedBundle | undefined): string {
    const nonce = makeNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'articleView.css'));
    // the bundle's own script and style, under the same nonce; never the article's text (that comes in a message)
    const styleTag = inlined
      ? `<style nonce="${nonce}">${inlined.style}</style>`
      : `<link rel="stylesheet" href="${style}">`;
    const scriptTag = inlined
      ? `<script nonce="${nonce}">${inlined.script}</script>`
      : `<script nonce="${nonce}" src="${script}"></script>`;
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const title = escapeHtml(baseName(document.uri));
    return `<!DOCTYPE html>
<html lang="und">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styleTag}
<title>${title}</title>
</head>
<body data-vscode-context='{"preventDefaultContextMenuItems": false}'>
<header id="toolbar" class="toolbar" role="toolbar"></header>
<div id="banner" class="banner" role="alert" hidden></div>
<details id="orphans" class="orphans" hidden></details>
<main id="article" class="article" tabindex="0" aria-label="${title}"></main>
<div id="hover" class="hover" role="tooltip" hidden></div>
<div id="notice" class="notice" role="status" aria-live="polite" hidden></div>
${scriptTag}
</body>
</html>`;
  }

  /** Opens `uri` in the RTL view. */
  static open(uri: vscode.Uri): Thenable<unknown> {
    return vscode.commands.executeCommand('vscode.openWith', uri, ARTICLE_VIEW_TYPE);
  }

  override dispose(): void {
    super.dispose();
    for (const v of this.views) v.dispose();
  }
}

/** The view's script (dist/webview.js) and style sheet (media/articleView.css), as text to write into its page. */
interface InlinedBundle {
  script: string;
  style: string;
}

/**
 * Reads the view's script and style sheet from the extension's folder, for {@link InlinedBundle};
 * undefined when either cannot be read, or holds what would end its element early
 * (`</script`, `</style`): the page then links the files.
 */
async function readBundle(extensionUri: vscode.Uri): Promise<InlinedBundle | undefined> {
  try {
    const [script, style] = await Promise.all(
      [['dist', 'webview.js'], ['media', 'articleView.css']].map(async (parts) =>
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...parts))),
      ),
    );
    if (/<\/script/i.test(script!) || /<\/style/i.test(style!)) return undefined;
    return { script: script!, style: style! };
  } catch {
    return undefined;
  }
}

function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
