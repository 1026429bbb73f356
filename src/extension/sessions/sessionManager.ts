// Over 500 lines: the life of every open article's session (load, edits, timed writes, close, rename, the
// watcher) in one place; the handover of unwritten changes and the diagnostics already live beside it.
import * as vscode from 'vscode';
import type { TextChange } from '../../core/model/annotationSet';
import { parseSidecar, writeSidecar } from '../../core/format/sidecar';
import { NEWS_PRESET, type ProjectSchema } from '../../core/model/projectSchema';
import { plainText } from '../../core/presentation/inertText';
import { SidecarSession } from '../../core/session/sidecarSession';
import { settings } from '../config';
import type { KeptAnnotations, KeptAnnotationsStore } from '../files/keptAnnotations';
import type { SchemaDirectory } from '../files/schemaDirectory';
import { WorkspaceSidecarStorage, baseName, onKeptLeftovers, sidecarUriOf, uriExists } from '../files/sidecarFiles';
import { traceMark } from '../files/readTrace';
import { Disposable } from '../util/dispose';
import { showError, showInfo, showStatus, showWarning, shownName } from '../util/notify';
import {
  type Article, type ArticleEdit, fileModifiedTime, isArticleDocument, reportReanchored, toCodePointChanges,
  unsupportedReason,
} from './article';
import { type Ask, ArticleHandover, type KeptEvent } from './articleHandover';
import { SidecarDiagnostics } from './sidecarDiagnostics';

const WRITE_DELAY_MS = 400;
/** How long a sidecar re-anchored after it changed on disk waits for the article to be reloaded too (a checkout). */
const REANCHORED_WRITE_DELAY_MS = 2000;

/**
 * Owns one {@link SidecarSession} per open article: loads it, moves annotations with every
 * edit of the document, writes the sidecar shortly after edits and on save, watches sidecars
 * on disk, and reports broken sidecars as diagnostics.
 */
/** An action changed an article's annotations and its sidecar is about to be written (see `onWillWriteArticle`). */
export interface ArticleWillWrite {
  article: Article;
  /** The write waits (a little, see `SidecarSession.beforeWrite`) until `thenable` settles. */
  waitUntil(thenable: Thenable<unknown>): void;
}

export class SessionManager extends Disposable {
  private readonly articles = new Map<string, Promise<Article | undefined>>();
  private readonly loaded = new Map<string, Article>();
  private readonly writeTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Sidecars used instead of the template's (see {@link useSidecar}), by article URI. */
  private readonly sidecarOverrides = new Map<string, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<Article>();
  private readonly willWrite = new vscode.EventEmitter<ArticleWillWrite>();
  private readonly edited = new vscode.EventEmitter<ArticleEdit>();
  private readonly unsupported = new Map<string, string>();
  private watcher: vscode.FileSystemWatcher | undefined;
  /**
   * Articles closed while their sidecar could not be written: their sessions, kept with what is unwritten, by article
   * URI.
   */
  private readonly held = new Map<string, Article>();
  private shuttingDown: Promise<void> | undefined;
  /** Articles about to be renamed (onWillRenameFiles), by old URI. */
  private readonly renaming = new Set<string>();
  /** Sessions of renamed articles whose document closed before the rename was reported. */
  private readonly renamed = new Map<string, Article>();
  /** Former article names by sidecar URI, for articles renamed here (see SidecarSession.formerNames). */
  private readonly formerNames = new Map<string, Set<string>>();
  /** How the analyst is asked (a warning with buttons). */
  ask: Ask = (message, ...items) => showWarning(message, ...items);
  private readonly sidecarDiagnostics = new SidecarDiagnostics();
  /** Kept leftovers already reported (paths), so each is said once whoever found it. */
  private readonly keptReported = new Set<string>();
  private readonly handover: ArticleHandover;
  /** Fires when annotations could not be written as their session was thrown away, and were kept. */
  readonly onDidKeepAnnotations: vscode.Event<KeptEvent>;

  /** Fires after an article's annotations changed (action, edit or reload). */
  readonly onDidChangeArticle = this.changed.event;
  /**
   * Fires when an action changed an article's annotations, before its sidecar is written: the
   * views show the change at once (issue 12), and the write waits (a little) for what they pass to
   * `waitUntil` (their messages taken by the workbench). {@link onDidChangeArticle} follows once it
   * is written (or could not be); the rest of the extension (diagnostics, trees, decorations) waits for that.
   */
  readonly onWillWriteArticle = this.willWrite.event;
  /** Fires after an article's text was edited and its annotations moved. */
  readonly onDidEditArticle = this.edited.event;

  /**
   * Says (once per file) that a killed save left someone else's change beside a sidecar, kept
   * under a visible name (`<sidecar>.kept-<time>.yaml`, see `cleanLeftovers`), and offers to open
   * it beside the sidecar. Every reader that cleans up leftovers reports here, through
   * `onKeptLeftovers`: whichever reader got there first (the article's session, the Entities
   * tree, the diagnostics, the conflict index, the registry and schema folders).
   */
  private reportKept(files: readonly string[]): void {
    for (const file of files) {
      if (this.keptReported.has(file)) continue;
      this.keptReported.add(file);
      const sidecarUri = vscode.Uri.file(file.replace(/\.kept-[^\\/]*\.yaml$/, ''));
      void this.ask(
        vscode.l10n.t('Hashiya found {0} beside {1}: a save that was killed had moved it aside, and it holds changes that are not in the sidecar. It is kept for you to compare and merge by hand.',
          plainText(file.split(/[\\/]/).pop() ?? file, 120), shownName(sidecarUri)),
        vscode.l10n.t('Open Both'),
      ).then((choice) => {
        if (choice) void vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file), sidecarUri);
      });
    }
  }

  /**
   * @param store where annotations that cannot be written are kept when their session is
   *   thrown away (the extension's storage); without it they are kept in memory only.
   */
  constructor(
    store?: KeptAnnotationsStore,
    private readonly schemas?: SchemaDirectory,
  ) {
    super();
    // tests put their own `ask` in place: it is looked up when asking
    this.handover = new ArticleHandover(store, this.loaded, this.held, (message, ...items) =>
      this.ask(message, ...items),
    );
    this.onDidKeepAnnotations = this.handover.onDidKeep;
    this._register(onKeptLeftovers((files) => this.reportKept(files)));
    if (schemas) {
      // a changed schema applies at once: every session reads its sidecar again under it
      this._register(
        schemas.onDidChange((schema) => {
          for (const article of [...this.loaded.values(), ...this.held.values()])
            void article.session.useSchema(schema);
        }),
      );
    }
    this._registerAll(
      this.changed,
      this.willWrite,
      this.edited,
      this.sidecarDiagnostics,
      this.handover,
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.flushSoon(d.uri, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onDocumentClosed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hashiya.sidecar.template')) this.resetWatcher();
      }),
      vscode.window.tabGroups.onDidChangeTabs((e) => this.onTabsClosed(e.closed)),
      vscode.workspace.onWillRenameFiles((e) => {
        // the renamed article's document closes before the rename is reported: that close is the rename's
        for (const { oldUri } of e.files) this.renaming.add(oldUri.toString());
        setTimeout(() => {
          for (const { oldUri } of e.files) this.renaming.delete(oldUri.toString());
        }, 60_000);
      }),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) void this.onArticleRenamed(oldUri, newUri);
      }),
    );
    this.resetWatcher();
  }

  /**
   * Makes `sidecarUri` the sidecar of `document`'s article (an adjudication's gold sidecar,
   * docs/adjudication.md), or with undefined the template's again: a session on another sidecar is
   * written out and closed first, and the article loaded again on the new one.
   */
  async useSidecar(document: vscode.TextDocument, sidecarUri: vscode.Uri | undefined): Promise<Article | undefined> {
    const key = document.uri.toString();
    if (sidecarUri) this.sidecarOverrides.set(key, sidecarUri);
    else this.sidecarOverrides.delete(key);
    const wanted = sidecarUri ?? sidecarUriOf(document.uri, settings(document.uri).sidecarTemplate);
    const current = await this.articles.get(key);
    if (current && current.sidecarUri.toString() !== wanted.toString()) {
      await current.session.flush();
      clearTimeout(this.writeTimers.get(key));
      this.writeTimers.delete(key);
      this.loaded.delete(key);
      this.articles.delete(key);
    }
    return this.open(document);
  }

  /** Every loaded article. */
  get all(): Article[] {
    return [...this.loaded.values()];
  }

  /** The project schema sidecars are read under (the news preset without `.hashiya/schema.yaml`). */
  get schema(): ProjectSchema {
    return this.schemas?.schema ?? NEWS_PRESET;
  }

  /** The loaded article of `uri`, if any (no loading). */
  peek(uri: vscode.Uri): Article | undefined {
    return this.loaded.get(uri.toString());
  }

  /** Why Hashiya cannot annotate `uri` (for example not UTF-8), if it cannot. */
  problemOf(uri: vscode.Uri): string | undefined {
    return this.unsupported.get(uri.toString());
  }

  /** The article for `document`, loading its sidecar on first use; undefined when it is not an article. */
  open(document: vscode.TextDocument): Promise<Article | undefined> {
    if (!isArticleDocument(document)) return Promise.resolve(undefined);
    const key = document.uri.toString();
    let article = this.articles.get(key);
    if (!article) {
      const held = this.held.get(key);
      article = held ? this.adopt(held, document) : this.load(document);
      this.articles.set(key, article);
      article.then(
        (a) => {
          if (!a) this.articles.delete(key);
        },
        () => this.articles.delete(key),
      );
    }
    return article;
  }

  private async load(document: vscode.TextDocument): Promise<Article | undefined> {
    const key = document.uri.toString();
    traceMark('open.load');
    // the file's date (a guessed publication date, below) is asked for meanwhile: one wait, not two
    const modified = fileModifiedTime(document.uri);
    const problem = await unsupportedReason(document);
    if (problem) {
      this.unsupported.set(key, problem);
      return undefined;
    }
    this.unsupported.delete(key);
    const template = settings(document.uri).sidecarTemplate;
    const sidecarUri = this.sidecarOverrides.get(key) ?? sidecarUriOf(document.uri, template);
    const storage = new WorkspaceSidecarStorage(sidecarUri);
    traceMark('open.checked');
    await this.schemas?.ready;
    const session = new SidecarSession(storage, baseName(document.uri), document.getText(), this.schemas?.schema);
    for (const name of this.formerNames.get(sidecarUri.toString()) ?? []) session.formerNames.add(name);
    // relative dates need a publication date: until the analyst sets one, the file's date, as a guess
    session.defaultPublished = { date: new Date(await modified).toISOString().slice(0, 10), guessed: true };
    traceMark('open.dated');
    const article: Article = { uri: document.uri, sidecarUri, session, document };
    let opened = false;
    // what the views were sent of an action not yet written: the write waits for it (see SidecarSession.beforeWrite)
    let shown: Promise<unknown> = Promise.resolve();
    session.beforeWrite = () => shown;
    session.onChange((change) => {
      if (change.unwritten) {
        const waits: Thenable<unknown>[] = [];
        this.willWrite.fire({ article, waitUntil: (thenable) => waits.push(thenable) });
        shown = Promise.all(waits);
        return;
      }
      this.sidecarDiagnostics.update(article);
      this.changed.fire(article);
      if (change.reanchored && !opened) reportReanchored(article, change.reanchored);
      else if (change.reanchored) {
        // a sidecar written for another text while the article is open: git checked out both,
        // and the editor reloads the article in a moment; the sidecar then fits it as it is
        // (SidecarSession.takeDiskForText). Only if it still does not, say so and write.
        const counts = change.reanchored;
        setTimeout(() => {
          if (!session.hasPendingWrite || this.loaded.get(key) !== article) return;
          reportReanchored(article, counts);
          this.flushSoon(article.uri, 0);
        }, REANCHORED_WRITE_DELAY_MS);
      }
      if (change.concurrent && change.conflicts.length === 0 && session.state.kind === 'ready') {
        showStatus(
          vscode.l10n.t('Hashiya: {0} was changed on disk while it was being saved; that change was merged in and saved too.',
            shownName(sidecarUri)),
          8000,
        );
      }
      // a sidecar mended or merged on disk while changes here wait: write them now
      if (
        change.reason === 'load' &&
        !change.concurrent &&
        !(change.reanchored && opened) &&
        session.state.kind === 'ready' &&
        session.hasPendingWrite
      )
        this.flushSoon(article.uri, 0);
      if (change.conflicts.length > 0) {
        void showWarning(
          vscode.l10n.t('Hashiya merged changes made to {0} on disk. {1} annotation(s) were changed differently here and there: yours are kept and theirs are recorded beside them as conflicts to resolve (Take Ours / Theirs / Both): {2}.',
            shownName(sidecarUri), change.conflicts.length,
            change.conflicts.map((id) => plainText(id, 40)).join(vscode.l10n.t(', '))),
          vscode.l10n.t('Open Sidecar'),
        ).then((choice) => {
          if (choice) void vscode.window.showTextDocument(sidecarUri);
        });
      }
    });
    this.loaded.set(key, article);
    traceMark('open.sessionLoad');
    try {
      // the values of dates saved without one are computed once a view has the text (ArticleView.sendInit)
      await session.load({ deferValues: true });
      traceMark('open.sessionLoaded');
      opened = true;
    } catch (err) {
      void showError(vscode.l10n.t('Hashiya could not read {0}: {1}', shownName(sidecarUri), (err as Error).message));
    }
    this.sidecarDiagnostics.update(article);
    this.changed.fire(article);
    if (session.hasPendingWrite && !document.isDirty) this.flushSoon(document.uri, 0);
    void this.handover.offerKept(article);
    return article;
  }

  /**
   * A held session (its article was closed while its sidecar could not be written) given back
   * to the reopened document: what was unwritten is there again, and written as soon as it can be.
   */
  private async adopt(article: Article, document: vscode.TextDocument): Promise<Article> {
    const key = document.uri.toString();
    this.held.delete(key);
    (article as { document: vscode.TextDocument }).document = document;
    if (article.session.set.text !== document.getText()) article.session.replaceText(document.getText());
    this.loaded.set(key, article);
    await article.session.reloadFromDisk();
    this.sidecarDiagnostics.update(article);
    this.changed.fire(article);
    this.flushSoon(document.uri, 0);
    return article;
  }

  /** Annotations kept for `article`'s sidecar (oldest first). */
  keptFor(article: Article): Promise<KeptAnnotations[]> {
    return this.handover.keptFor(article);
  }

  /** Merges kept annotations into the article's sidecar; see {@link ArticleHandover.mergeKept}. */
  mergeKept(article: Article, kept: KeptAnnotations): Promise<boolean> {
    return this.handover.mergeKept(article, kept);
  }

  /** Tries again to write a closed article's held session; see {@link ArticleHandover.retryHeld}. */
  retryHeld(uri: vscode.Uri): Promise<boolean> {
    return this.handover.retryHeld(uri);
  }

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    const article = this.loaded.get(e.document.uri.toString());
    if (!article || e.contentChanges.length === 0) return;
    const session = article.session;
    const oldText = session.set.text;
    const newText = e.document.getText();
    const expected = e.contentChanges.reduce((n, c) => n + c.text.length - c.rangeLength, oldText.length);
    let codePointChanges: TextChange[] | undefined;
    if (expected !== newText.length) {
      session.replaceText(newText);
    } else {
      codePointChanges = toCodePointChanges(oldText, e.contentChanges);
      // not typed: the file reloaded from disk (a git pull, another program) leaves the document
      // saved; changes inside annotations are then marked for review, as hashiya anchor does
      const fromDisk = !e.document.isDirty && e.reason === undefined && e.document.uri.scheme === 'file';
      session.applyTextChanges(codePointChanges, newText, { review: fromDisk });
    }
    this.edited.fire({ article, changes: e.contentChanges, codePointChanges });
    this.flushSoon(e.document.uri, WRITE_DELAY_MS);
  }

  private flushSoon(uri: vscode.Uri, delay: number): void {
    const key = uri.toString();
    const article = this.loaded.get(key) ?? this.held.get(key);
    if (!article || this.shuttingDown) return;
    clearTimeout(this.writeTimers.get(key));
    this.writeTimers.set(
      key,
      setTimeout(() => {
        this.writeTimers.delete(key);
        article.session.flush().then(
          async () => {
            if (article.session.hasPendingWrite) return;
            // written: what was kept for it is not needed any more
            const wasHeld = this.held.get(key) === article;
            if (wasHeld) this.held.delete(key);
            const hadKept = this.handover.hasKept(article.session);
            await this.handover.dropKept(article.session);
            if (wasHeld || hadKept)
              void showInfo(
                vscode.l10n.t('Hashiya saved the annotations of {0} that it had kept.', shownName(article.uri)));
          },
          (err) => {
            void showError(vscode.l10n.t('Hashiya could not write {0}: {1}', shownName(article.sidecarUri),
              (err as Error).message));
          },
        );
      }, delay),
    );
  }

  /**
   * Writes every article's unwritten changes before VS Code closes (deactivation); what cannot
   * be written is kept in the store and offered back at the next start. Runs once.
   */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      for (const timer of this.writeTimers.values()) clearTimeout(timer);
      this.writeTimers.clear();
      const articles = [...this.loaded.values(), ...this.held.values()];
      await Promise.all(articles.map((a) => this.handover.settle(a, 'shutdown').catch(() => false)));
    })();
    return this.shuttingDown;
  }

  /** Writes every unwritten change now (tests). */
  async flushAll(): Promise<void> {
    for (const [key, timer] of this.writeTimers) {
      clearTimeout(timer);
      this.writeTimers.delete(key);
    }
    await Promise.all(this.all.map((a) => a.session.flush()));
  }

  private onDocumentClosed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const article = this.loaded.get(key);
    if (!article) return;
    clearTimeout(this.writeTimers.get(key));
    this.writeTimers.delete(key);
    this.loaded.delete(key);
    this.articles.delete(key);
    this.changed.fire(article);
    if (this.renaming.has(key)) {
      // closed for a rename: the rename hands the session over (to its new name)
      this.renamed.set(key, article);
      setTimeout(() => {
        if (this.renamed.get(key) === article) {
          this.renamed.delete(key);
          void this.handover.settle(article, 'close');
        }
      }, 60_000);
      return;
    }
    void this.handover.settle(article, 'close');
  }

  /**
   * Tabs closed: an article shown in no tab any more is written now, and the analyst is told at
   * once if it cannot be (VS Code keeps the document, and the session, a while longer).
   */
  private onTabsClosed(closed: readonly vscode.Tab[]): void {
    const open = new Set<string>();
    for (const group of vscode.window.tabGroups.all)
      for (const tab of group.tabs) {
        const uri = tabUri(tab);
        if (uri) open.add(uri.toString());
      }
    for (const tab of closed) {
      const uri = tabUri(tab);
      const article = uri && !open.has(uri.toString()) ? this.loaded.get(uri.toString()) : undefined;
      if (!article || this.renaming.has(uri!.toString())) continue;
      clearTimeout(this.writeTimers.get(uri!.toString()));
      this.writeTimers.delete(uri!.toString());
      void this.handover.settle(article, 'tab');
    }
  }

  /**
   * An article renamed or moved in VS Code: its sidecar follows it (unless a sidecar already
   * exists at the new place, which is never overwritten) and records the new file name.
   */
  private async onArticleRenamed(oldUri: vscode.Uri, newUri: vscode.Uri): Promise<void> {
    const template = settings(oldUri).sidecarTemplate;
    const oldSidecar = sidecarUriOf(oldUri, template);
    const newSidecar = sidecarUriOf(newUri, settings(newUri).sidecarTemplate);
    // the old session is taken out at once (its document closes meanwhile: not a close of its own)
    const key = oldUri.toString();
    this.renaming.delete(key);
    const stale = this.loaded.get(key) ?? this.renamed.get(key) ?? this.held.get(key);
    if (stale) {
      this.loaded.delete(key);
      this.articles.delete(key);
      this.renamed.delete(key);
      if (this.held.get(key) === stale) this.held.delete(key);
    }
    let isFile = false;
    try {
      isFile = !((await vscode.workspace.fs.stat(newUri)).type & vscode.FileType.Directory);
    } catch {
      // gone again
    }
    if (!isFile) {
      if (stale) void this.handover.settle(stale, 'close');
      return;
    }
    // the old session writes what it has not written, or keeps it for the new place
    if (stale) await this.handover.settle(stale, 'rename', { uri: newUri, sidecarUri: newSidecar });
    if (!(await uriExists(oldSidecar))) return;
    if (await uriExists(newSidecar)) {
      void showWarning(vscode.l10n.t('Hashiya did not move {0}: {1} already exists beside {2}.',
        shownName(oldSidecar), shownName(newSidecar), shownName(newUri)));
      return;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(newSidecar, '..'));
    await vscode.workspace.fs.rename(oldSidecar, newSidecar, { overwrite: false });
    const storage = new WorkspaceSidecarStorage(newSidecar);
    // the new name goes in; a change made on disk meanwhile is read again, never overwritten
    // renamed here, so a sidecar still naming the old article (it could not be rewritten while
    // broken) stays this article's; its next write records the new name
    const former = new Set([...(this.formerNames.get(oldSidecar.toString()) ?? []), baseName(oldUri)]);
    this.formerNames.set(newSidecar.toString(), former);
    for (const article of [...this.loaded.values(), ...this.held.values()]) {
      if (article.sidecarUri.toString() === newSidecar.toString())
        for (const name of former) article.session.formerNames.add(name);
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      const source = await storage.read();
      const parsed = source === undefined ? undefined : parseSidecar(source, this.schemas?.schema);
      if (!parsed?.ok || parsed.sidecar.text.file === baseName(newUri)) break;
      parsed.sidecar.text.file = baseName(newUri);
      if ((await storage.write(writeSidecar(parsed.sidecar, parsed.parsed).source, source)).written) break;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === newUri.toString());
    if (document) await this.open(document);
  }

  private resetWatcher(): void {
    this.watcher?.dispose();
    const template = settings().sidecarTemplate;
    const last = template.split('/').pop() ?? template;
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/${last.split('{fileName}').join('*')}`);
    const onSidecar = (uri: vscode.Uri) => {
      for (const article of [...this.loaded.values(), ...this.held.values()]) {
        if (article.sidecarUri.toString() === uri.toString()) void article.session.reloadFromDisk();
      }
    };
    this.watcher.onDidChange(onSidecar);
    this.watcher.onDidCreate(onSidecar);
    this.watcher.onDidDelete(onSidecar);
  }

  override dispose(): void {
    // deactivate() waits for this; disposing without it still writes or keeps what is pending
    void this.shutdown();
    this.watcher?.dispose();
    super.dispose();
  }
}

/** The file a tab shows (text editor or custom editor such as the Hashiya view), if any. */
function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

