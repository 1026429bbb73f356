import * as vscode from 'vscode';
import type { AnchorStatus } from '../core/annotation';
import type { TextChange } from '../core/annotationSet';
import { OffsetIndex } from '../core/offsets';
import { type SidecarProblem, locateInSidecar, parseSidecar, writeSidecar } from '../core/sidecar';
import { SidecarSession } from '../core/sidecarSession';
import { settings } from './config';
import { decodeArticle } from '../core/textDecoding';
import { WorkspaceSidecarStorage, baseName, sidecarUriOf, uriExists } from './sidecarFiles';
import { plainMessage } from '../core/inertText';
import { showError, showInfo, showWarning, shownName } from './notify';

/** An article with its annotation session. */
export interface Article {
  readonly uri: vscode.Uri;
  readonly sidecarUri: vscode.Uri;
  readonly session: SidecarSession;
  readonly document: vscode.TextDocument;
}

/** An edit of an article, as the views need it: UTF-16 changes applied in order. */
export interface ArticleEdit {
  article: Article;
  changes: readonly vscode.TextDocumentContentChangeEvent[];
  /** The same changes in code points, or undefined when the whole text was replaced. */
  codePointChanges?: readonly TextChange[];
}

const ARTICLE_LANGUAGES = new Set(['plaintext', 'markdown', 'news-article']);
const WRITE_DELAY_MS = 400;

/** True for documents Hashiya annotates: .txt/.md files or the plaintext/markdown/news-article languages, on a writable file system. */
export function isArticleDocument(document: vscode.TextDocument): boolean {
  if (document.uri.scheme === 'untitled' || document.uri.scheme === 'output') return false;
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) !== true) return false;
  if (/\.annotations\.ya?ml$/i.test(document.uri.path)) return false;
  return ARTICLE_LANGUAGES.has(document.languageId) || /\.(txt|md|markdown)$/i.test(document.uri.path);
}

/**
 * Owns one {@link SidecarSession} per open article: loads it, moves annotations with every
 * edit of the document, writes the sidecar shortly after edits and on save, watches sidecars
 * on disk, and reports broken sidecars as diagnostics.
 */
export class SessionManager implements vscode.Disposable {
  private readonly articles = new Map<string, Promise<Article | undefined>>();
  private readonly loaded = new Map<string, Article>();
  private readonly writeTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<Article>();
  private readonly edited = new vscode.EventEmitter<ArticleEdit>();
  private readonly unsupported = new Map<string, string>();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('hashiya');
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly reportedProblems = new Map<string, string>();

  /** Fires after an article's annotations changed (action, edit or reload). */
  readonly onDidChangeArticle = this.changed.event;
  /** Fires after an article's text was edited and its annotations moved. */
  readonly onDidEditArticle = this.edited.event;

  constructor() {
    this.disposables.push(
      this.changed, this.edited, this.diagnostics,
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.flushSoon(d.uri, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onDocumentClosed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hashiya.sidecar.template')) this.resetWatcher();
      }),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) void this.onArticleRenamed(oldUri, newUri);
      }),
    );
    this.resetWatcher();
  }

  /** Every loaded article. */
  get all(): Article[] { return [...this.loaded.values()]; }

  /** The loaded article of `uri`, if any (no loading). */
  peek(uri: vscode.Uri): Article | undefined { return this.loaded.get(uri.toString()); }

  /** Why Hashiya cannot annotate `uri` (for example not UTF-8), if it cannot. */
  problemOf(uri: vscode.Uri): string | undefined { return this.unsupported.get(uri.toString()); }

  /** The article for `document`, loading its sidecar on first use; undefined when it is not an article. */
  open(document: vscode.TextDocument): Promise<Article | undefined> {
    if (!isArticleDocument(document)) return Promise.resolve(undefined);
    const key = document.uri.toString();
    let article = this.articles.get(key);
    if (!article) {
      article = this.load(document);
      this.articles.set(key, article);
      article.then((a) => { if (!a) this.articles.delete(key); }, () => this.articles.delete(key));
    }
    return article;
  }

  private async load(document: vscode.TextDocument): Promise<Article | undefined> {
    const key = document.uri.toString();
    if (!document.isDirty && document.uri.scheme !== 'untitled') {
      try {
        const decoded = decodeArticle(await vscode.workspace.fs.readFile(document.uri));
        if (!decoded.ok) {
          this.unsupported.set(key, `${shownName(document.uri)} is ${decoded.message}. Hashiya annotates UTF-8 text only, so that offsets are exact; convert the file to UTF-8 text first.`);
          return undefined;
        }
        if (decoded.text !== document.getText()) {
          const sameButLineEnds = decoded.text.replace(/\r\n?/g, '\n') === document.getText().replace(/\r\n?/g, '\n');
          this.unsupported.set(key, sameButLineEnds
            ? `${shownName(document.uri)} mixes line endings (CR LF, LF or lone CR), and VS Code evens them out when it opens a file, so offsets would not match the file on disk. Choose one with "Change End of Line Sequence" (status bar), save, and reopen it to annotate it.`
            : `${shownName(document.uri)} is shown with an encoding other than UTF-8 (files.encoding). Reopen it with "Reopen with Encoding" as UTF-8 to annotate it.`);
          return undefined;
        }
      } catch {
        // not readable as a file (virtual document): use the document's text
      }
    }
    this.unsupported.delete(key);
    const template = settings(document.uri).sidecarTemplate;
    const sidecarUri = sidecarUriOf(document.uri, template);
    const session = new SidecarSession(new WorkspaceSidecarStorage(sidecarUri), baseName(document.uri), document.getText());
    // relative dates need a publication date: until the analyst sets one, the file's date, as a guess
    try {
      const stat = await vscode.workspace.fs.stat(document.uri);
      session.defaultPublished = { date: new Date(stat.mtime).toISOString().slice(0, 10), guessed: true };
    } catch {
      session.defaultPublished = { date: new Date().toISOString().slice(0, 10), guessed: true };
    }
    const article: Article = { uri: document.uri, sidecarUri, session, document };
    session.onChange((change) => {
      this.updateDiagnostics(article);
      this.changed.fire(article);
      if (change.reanchored) this.reportReanchored(article, change.reanchored);
      if (change.conflicts.length > 0) {
        void showWarning(
          `Hashiya merged changes made to ${shownName(sidecarUri)} on disk. ${change.conflicts.length} annotation(s) were changed differently here and there; yours were kept: ${change.conflicts.join(', ')}.`,
          'Open Sidecar',
        ).then((choice) => { if (choice) void vscode.window.showTextDocument(sidecarUri); });
      }
    });
    this.loaded.set(key, article);
    try {
      await session.load();
    } catch (err) {
      void showError(`Hashiya could not read ${shownName(sidecarUri)}: ${(err as Error).message}`);
    }
    this.updateDiagnostics(article);
    this.changed.fire(article);
    if (session.hasPendingWrite && !document.isDirty) this.flushSoon(document.uri, 0);
    return article;
  }

  /** Tells the analyst that an article changed since its annotations were saved, and how they were found again. */
  private reportReanchored(article: Article, counts: Record<AnchorStatus, number>): void {
    const changed = counts.moved + counts.fuzzy + counts.orphaned;
    if (changed === 0) return;
    const parts = (['exact', 'moved', 'fuzzy', 'orphaned'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    const message = `${shownName(article.uri)} changed since its annotations were saved. Found again: ${parts.join(', ')}.`
      + (counts.orphaned > 0 ? ' Orphaned annotations are listed in the Entities tree and the view; re-attach them to a selection.' : '');
    const show = counts.orphaned > 0 ? showWarning : showInfo;
    void show(message, 'Show Entities').then((choice) => {
      if (choice) void vscode.commands.executeCommand('hashiya.entities.focus');
    });
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
      session.applyTextChanges(codePointChanges, newText);
    }
    this.edited.fire({ article, changes: e.contentChanges, codePointChanges });
    this.flushSoon(e.document.uri, WRITE_DELAY_MS);
  }

  private flushSoon(uri: vscode.Uri, delay: number): void {
    const key = uri.toString();
    const article = this.loaded.get(key);
    if (!article) return;
    clearTimeout(this.writeTimers.get(key));
    this.writeTimers.set(key, setTimeout(() => {
      this.writeTimers.delete(key);
      article.session.flush().catch((err) => {
        void showError(`Hashiya could not write ${shownName(article.sidecarUri)}: ${(err as Error).message}`);
      });
    }, delay));
  }

  /** Writes every unwritten change now (tests and deactivation). */
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
    void article.session.flush().catch(() => undefined);
    this.loaded.delete(key);
    this.articles.delete(key);
    this.changed.fire(article);
  }

  /**
   * An article renamed or moved in VS Code: its sidecar follows it (unless a sidecar already
   * exists at the new place, which is never overwritten) and records the new file name.
   */
  private async onArticleRenamed(oldUri: vscode.Uri, newUri: vscode.Uri): Promise<void> {
    const template = settings(oldUri).sidecarTemplate;
    const oldSidecar = sidecarUriOf(oldUri, template);
    const newSidecar = sidecarUriOf(newUri, settings(newUri).sidecarTemplate);
    try {
      const stat = await vscode.workspace.fs.stat(newUri);
      if (stat.type & vscode.FileType.Directory) return;
      await vscode.workspace.fs.stat(oldSidecar);
    } catch {
      return;
    }
    const key = oldUri.toString();
    const stale = this.loaded.get(key);
    if (stale) await stale.session.flush().catch(() => undefined);
    this.loaded.delete(key);
    this.articles.delete(key);
    if (await uriExists(newSidecar)) {
      void showWarning(`Hashiya did not move ${shownName(oldSidecar)}: ${shownName(newSidecar)} already exists beside ${shownName(newUri)}.`);
      return;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(newSidecar, '..'));
    await vscode.workspace.fs.rename(oldSidecar, newSidecar, { overwrite: false });
    const storage = new WorkspaceSidecarStorage(newSidecar);
    const source = await storage.read();
    const parsed = source === undefined ? undefined : parseSidecar(source);
    if (parsed?.ok && parsed.sidecar.text.file !== baseName(newUri)) {
      parsed.sidecar.text.file = baseName(newUri);
      await storage.write(writeSidecar(parsed.sidecar, parsed.parsed).source);
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
      for (const article of this.loaded.values()) {
        if (article.sidecarUri.toString() === uri.toString()) void article.session.reloadFromDisk();
      }
    };
    this.watcher.onDidChange(onSidecar);
    this.watcher.onDidCreate(onSidecar);
    this.watcher.onDidDelete(onSidecar);
  }

  private updateDiagnostics(article: Article): void {
    const state = article.session.state;
    if (state.kind === 'ready') {
      this.reportedProblems.delete(article.sidecarUri.toString());
      void this.relationWarnings(article);
      return;
    }
    this.diagnostics.set(article.sidecarUri, state.problems.map(toDiagnostic));
    const first = state.problems[0];
    const summary = `${shownName(article.sidecarUri)}:${first.line}:${first.column}: ${first.message}`;
    if (this.reportedProblems.get(article.sidecarUri.toString()) === summary) return;
    this.reportedProblems.set(article.sidecarUri.toString(), summary);
    void showError(
      `Hashiya: the sidecar ${summary}. Annotations of ${shownName(article.uri)} are read-only until it is fixed; the file is not overwritten.`,
      'Open Sidecar',
    ).then((choice) => {
      if (choice) void vscode.window.showTextDocument(article.sidecarUri, { selection: toDiagnostic(first).range });
    });
  }

  /**
   * Relations that do not hold (a hand edit, a merge of two versions) as warnings on the sidecar,
   * at the relation's line and column; they are kept as they are.
   */
  private async relationWarnings(article: Article): Promise<void> {
    const dangling = article.session.set.danglingRelations();
    if (dangling.length === 0) {
      this.diagnostics.delete(article.sidecarUri);
      return;
    }
    let source = '';
    try {
      source = (await new WorkspaceSidecarStorage(article.sidecarUri).read()) ?? '';
    } catch {
      // unreadable: reported at line 1
    }
    // the sidecar may have broken meanwhile: its errors are not to be replaced by warnings
    if (article.session.state.kind !== 'ready') return;
    const ids = source ? parseSidecar(source) : undefined;
    const order = ids?.ok ? ids.sidecar.annotations.map((a) => a.id) : [];
    this.diagnostics.set(article.sidecarUri, dangling.map((d) => {
      const at = order.indexOf(d.claim.id);
      const where = locateInSidecar(source, at >= 0 ? ['annotations', at, d.relation] : [], d.problem);
      const diagnostic = toDiagnostic(where);
      diagnostic.severity = vscode.DiagnosticSeverity.Warning;
      diagnostic.message = plainMessage(`${d.problem} (kept as it is; set it again with "Set Speaker / Date of Claim")`);
      return diagnostic;
    }));
  }

  dispose(): void {
    for (const timer of this.writeTimers.values()) clearTimeout(timer);
    for (const article of this.loaded.values()) void article.session.flush().catch(() => undefined);
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** A sidecar problem (1-based line and column) as a VS Code diagnostic. */
export function toDiagnostic(problem: SidecarProblem): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
  let end = new vscode.Position(Math.max(0, problem.endLine - 1), Math.max(0, problem.endColumn - 1));
  if (!end.isAfter(start)) end = start.translate(0, 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), plainMessage(problem.message), vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'hashiya';
  return diagnostic;
}

/**
 * VS Code's content changes (UTF-16, applied one after another) as code-point changes of the
 * same order. Changes arrive sorted from last to first in the document, so each can be converted
 * with the index of the text before the event; other orders are converted step by step.
 */
export function toCodePointChanges(oldText: string, changes: readonly vscode.TextDocumentContentChangeEvent[]): TextChange[] {
  const descending = changes.every((c, i) => i === 0 || c.rangeOffset + c.rangeLength <= changes[i - 1].rangeOffset);
  let text = oldText;
  let index = new OffsetIndex(text);
  return changes.map((c) => {
    if (!descending && index.text !== text) index = new OffsetIndex(text);
    const out = { start: index.toCodePoint(c.rangeOffset), end: index.toCodePoint(c.rangeOffset + c.rangeLength), text: c.text };
    if (!descending) text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
    return out;
  });
}
