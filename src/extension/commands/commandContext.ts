import * as vscode from 'vscode';
import type { Annotation, Label } from '../../core/model/annotation';
import type { Provenance } from '../../core/model/annotationSet';
import { NEWS_PRESET, type ProjectSchema, labelTitle } from '../../core/model/projectSchema';
import { aLabel } from '../../core/model/relations';
import { plainText } from '../../core/presentation/inertText';
import { ARTICLE_VIEW_TYPE } from '../commandIds';
import { settings } from '../config';
import type { EntityDirectory } from '../files/entityDirectory';
import type { SchemaDirectory } from '../files/schemaDirectory';
import type { Article } from '../sessions/article';
import { isArticleDocument } from '../sessions/article';
import type { SessionManager } from '../sessions/sessionManager';
import { showInfo, showStatus, showWarning, shownName } from '../util/notify';
import { ArticleEditorProvider, type ArticleView } from '../views/articleEditorProvider';
import type { EntityNode, EntityTreeProvider } from '../views/entityTreeProvider';
import type { SuggestionController } from '../views/suggestionController';

/** Where a command acts: an article and a selection (UTF-16 anchor/focus) in the view or an editor. */
export interface Target {
  article: Article;
  anchor16: number;
  focus16: number;
  view?: ArticleView;
  editor?: vscode.TextEditor;
}

/** A selection in the view, UTF-16 anchor and focus. */
export interface ViewSelection { anchor16: number; focus16: number }

/**
 * What commands that act on one annotation accept as first argument: a tree node (context menu)
 * or `{ article, id }` (an article URI string and an annotation id, for scripts and tests).
 */
export type AnnotationRef = EntityNode | { article: string; id: string };

/** An annotation a command acts on, with its article. */
export interface PickedAnnotation { article: Article; annotation: Annotation }

/**
 * What every command group shares: the running services, and finding what a command acts on
 * (the focused article and selection, an annotation), saying the outcome, revealing annotations.
 */
export class CommandContext {
  /** Set once the view's provider is registered (it needs the commands' view actions first). */
  editorProvider!: ArticleEditorProvider;
  tree!: EntityTreeProvider;

  constructor(
    readonly sessions: SessionManager,
    readonly entities: EntityDirectory,
    readonly suggestions: SuggestionController,
    private readonly schemas?: SchemaDirectory,
  ) {}

  /** The project schema in use (the news preset without `.hashiya/schema.yaml`). */
  get schema(): ProjectSchema { return this.schemas?.schema ?? NEWS_PRESET; }

  /** A label's title in the UI language. */
  title(label: string): string { return labelTitle(this.schema, label, vscode.env.language); }

  /** Who acts and when, for the annotations a command changes. */
  provenance(article: Article): Provenance {
    return { author: settings(article.uri).author, now: new Date().toISOString() };
  }

  /** The article of `uri`, opening its document (not an editor) when it is not loaded. */
  async articleOf(uri: vscode.Uri): Promise<Article | undefined> {
    return this.sessions.peek(uri) ?? this.openDocument(uri);
  }

  private async openDocument(uri: vscode.Uri): Promise<Article | undefined> {
    const document = await vscode.workspace.openTextDocument(uri);
    return this.sessions.open(document);
  }

  /** The article and selection of the focused Hashiya view or text editor. */
  async target(preferView?: ArticleView, selection?: ViewSelection): Promise<Target | undefined> {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const viewActive = tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === ARTICLE_VIEW_TYPE;
    const view = preferView ?? (viewActive ? this.editorProvider.activeView : undefined);
    if (view) {
      // read the selection before awaiting: later selection messages must not change this action
      const { anchor16, focus16 } = selection ?? view.selection;
      const article = await this.sessions.open(view.document);
      if (!article) {
        throw new Error(
          this.sessions.problemOf(view.document.uri) ?? `${shownName(view.document.uri)} cannot be annotated`,
        );
      }
      return { article, anchor16, focus16, view };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    if (!isArticleDocument(editor.document)) {
      throw new Error(
        'Hashiya annotates .txt and .md articles (or the Plain Text, Markdown and News Article languages)',
      );
    }
    const article = await this.sessions.open(editor.document);
    if (!article) {
      throw new Error(
        this.sessions.problemOf(editor.document.uri) ?? `${shownName(editor.document.uri)} cannot be annotated`,
      );
    }
    return {
      article,
      anchor16: editor.document.offsetAt(editor.selection.anchor),
      focus16: editor.document.offsetAt(editor.selection.active),
      editor,
    };
  }

  /** Says `message` in the view of `target`, else as a notification (`quiet`: in the status bar). */
  tell(target: Target, message: string, quiet = false): void {
    if (target.view) target.view.post({ type: 'notice', message });
    else if (quiet) showStatus(`Hashiya: ${message}`, 3000);
    else void showInfo(message);
  }

  /** The annotation a command acts on: a tree node's, or one at the selection (asking when several). */
  async pickAnnotation(node: AnnotationRef | undefined, purpose: string,
    onlyLabels?: Label | readonly Label[]): Promise<PickedAnnotation | undefined> {
    const allowed = onlyLabels === undefined ? undefined : typeof onlyLabels === 'string' ? [onlyLabels] : onlyLabels;
    const only = allowed?.join(' or ');
    // a tree entity stands for its first mention (annotate all occurrences of an entity)
    const first = node && 'kind' in node && node.kind === 'entity' ? node.group.mentions[0] : undefined;
    const ref = node && ('kind' in node
      ? (node.kind === 'mention' ? { article: node.mention.article, id: node.mention.annotation.id }
        : first ? { article: first.article, id: first.annotation.id } : undefined)
      : node);
    if (ref && typeof ref.article === 'string' && typeof ref.id === 'string') {
      const uri = vscode.Uri.parse(ref.article);
      const article = this.sessions.peek(uri) ?? await this.openDocument(uri);
      const annotation = article?.session.set.get(ref.id);
      if (!article || !annotation) throw new Error('that annotation is no longer there');
      if (allowed && !allowed.includes(annotation.label)) {
        throw new Error(`only ${allowed.map((l) => `${l}s`).join(' or ')} can be given that; `
          + `"${plainText(annotation.quote, 40)}" is ${aLabel(annotation.label)}`);
      }
      return { article, annotation };
    }
    const target = await this.target();
    if (!target) {
      void showInfo(`Open an article and put the cursor on an annotation to ${purpose} it.`);
      return undefined;
    }
    const set = target.article.session.set;
    const text = set.text;
    const a16 = clamp(target.anchor16, text.length);
    const f16 = clamp(target.focus16, text.length);
    const start = set.index.toCodePoint(Math.min(a16, f16));
    const end = set.index.toCodePoint(Math.max(a16, f16));
    // a bare cursor right after a span (where it is left after marking) also names that span
    let candidates = start === end ? set.at(start) : set.overlapping(start, end);
    if (candidates.length === 0 && start === end && start > 0)
      candidates = set.at(start - 1).filter((a) => a.end === start);
    if (allowed) candidates = candidates.filter((a) => allowed.includes(a.label));
    if (candidates.length === 0) {
      this.tell(target, `No ${only ?? 'annotation'} here to ${purpose}. `
        + `Put the cursor on ${allowed ? allowed.map(aLabel).join(' or ') : 'an annotated span'}.`);
      return undefined;
    }
    if (candidates.length === 1) return { article: target.article, annotation: candidates[0] };
    const pick = await vscode.window.showQuickPick(candidates.map((annotation) => ({
      label: `${plainText(this.title(annotation.label), 40)}: ${plainText(annotation.quote, 80)}`,
      description: annotation.entity === undefined ? undefined : plainText(annotation.entity, 80),
      annotation,
    })), { placeHolder: `Which annotation do you want to ${purpose}?` });
    return pick && { article: target.article, annotation: pick.annotation };
  }

  /** Selects and reveals `annotation` in `view`, else in `editor`. */
  show(article: Article, annotation: Annotation, view?: ArticleView, editor?: vscode.TextEditor): void {
    const index = article.session.set.index;
    const start16 = index.toUtf16(Math.min(annotation.start, index.codePointLength));
    const end16 = index.toUtf16(Math.min(annotation.end, index.codePointLength));
    if (view) {
      view.reveal(start16, end16);
      view.selection = { anchor16: start16, focus16: end16 };
      return;
    }
    if (editor) {
      const range = new vscode.Range(editor.document.positionAt(start16), editor.document.positionAt(end16));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  /** Reveals an annotation: in an open view of its article, else a visible editor, else a new view. */
  async reveal(uri: vscode.Uri, id: string): Promise<void> {
    let view = this.editorProvider.viewsOf(uri)[0];
    let editor = view
      ? undefined
      : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    if (!view && !editor) {
      await ArticleEditorProvider.open(uri);
      view = this.editorProvider.viewsOf(uri)[0];
    }
    if (editor) editor = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    const document = view?.document ?? editor?.document;
    const article = document && await this.sessions.open(document);
    const annotation = article?.session.set.get(id);
    if (!article || !annotation) return;
    if (annotation.anchored === 'orphaned') {
      void showWarning(`This ${annotation.label} is orphaned: "${plainText(annotation.quote, 60)}" `
        + `is no longer in ${shownName(uri)}.`);
      return;
    }
    // a new view reveals once it has loaded
    if (view) setTimeout(() => this.show(article, annotation, view), 0);
    else this.show(article, annotation, undefined, editor);
  }
}

/** `n` within 0 and `max`. */
export function clamp(n: number, max: number): number {
  return Math.min(Math.max(0, n), max);
}
