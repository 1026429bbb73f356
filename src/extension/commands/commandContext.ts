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
import { labelWord, labelWords } from '../util/labelWords';
import { showQuickPick } from '../util/uiDirection';

export { labelWord, labelWords };

/** Where a command acts: an article and a selection (UTF-16 anchor/focus) in the view or an editor. */
export interface Target {
  article: Article;
  anchor16: number;
  focus16: number;
  view?: ArticleView;
  editor?: vscode.TextEditor;
}

/** A selection in the view, UTF-16 anchor and focus. */
export interface ViewSelection {
  anchor16: number;
  focus16: number;
}

/**
 * What commands that act on one annotation accept as first argument: a tree node (context menu)
 * or `{ article, id }` (an article URI string and an annotation id, for scripts and tests).
 */
export type AnnotationRef = EntityNode | { article: string; id: string };

/** An annotation a command acts on, with its article. */
export interface PickedAnnotation {
  article: Article;
  annotation: Annotation;
}

/**
 * What a command does to the annotation {@link CommandContext.pickAnnotation} finds for it: each
 * has its own sentences (see {@link purposeTexts}), so that every language can say them whole.
 * `speaker`, `date` and `stance` are asked for with the labels that have them.
 */
export type Purpose =
  | 'remove'
  | 'relabel'
  | 'note'
  | 'dateValue'
  | 'speaker'
  | 'date'
  | 'stance'
  | 'entity'
  | 'attribute'
  | 'relation'
  | 'reviewed'
  | 'occurrences';


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
  get schema(): ProjectSchema {
    return this.schemas?.schema ?? NEWS_PRESET;
  }

  /** A label's title in the UI language. */
  title(label: string): string {
    return labelTitle(this.schema, label, vscode.env.language);
  }

  /** A label in a sentence: see {@link labelWord}. */
  word(label: string, english: string = label): string {
    return labelWord(this.schema, label, english);
  }

  /** Who acts and when, for the annotations a command changes. */
  provenance(article: Article): Provenance {
    const author = settings(article.uri).author;
    if (!author) askForAuthor();
    return { author, now: new Date().toISOString() };
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
          this.sessions.problemOf(view.document.uri) ??
            vscode.l10n.t('{0} cannot be annotated', shownName(view.document.uri)),
        );
      }
      return { article, anchor16, focus16, view };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    if (!isArticleDocument(editor.document)) {
      throw new Error(
        vscode.l10n.t(
          'Hashiya annotates .txt and .md articles (or the Plain Text, Markdown and News Article languages)',
        ),
      );
    }
    const article = await this.sessions.open(editor.document);
    if (!article) {
      throw new Error(
        this.sessions.problemOf(editor.document.uri) ??
          vscode.l10n.t('{0} cannot be annotated', shownName(editor.document.uri)),
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
    else if (quiet) showStatus(vscode.l10n.t('Hashiya: {0}', message), 3000);
    else void showInfo(message);
  }

  /** The annotation a command acts on: a tree node's, or one at the selection (asking when several). */
  async pickAnnotation(
    node: AnnotationRef | undefined,
    purpose: Purpose,
    onlyLabels?: Label | readonly Label[],
  ): Promise<PickedAnnotation | undefined> {
    const allowed = onlyLabels === undefined ? undefined : typeof onlyLabels === 'string' ? [onlyLabels] : onlyLabels;
    const texts = purposeTexts(purpose);
    // a tree entity stands for its first mention (annotate all occurrences of an entity)
    const first = node && 'kind' in node && node.kind === 'entity' ? node.group.mentions[0] : undefined;
    const ref =
      node &&
      ('kind' in node
        ? node.kind === 'mention'
          ? { article: node.mention.article, id: node.mention.annotation.id }
          : first
            ? { article: first.article, id: first.annotation.id }
            : undefined
        : node);
    if (ref && typeof ref.article === 'string' && typeof ref.id === 'string') {
      const uri = vscode.Uri.parse(ref.article);
      const article = this.sessions.peek(uri) ?? (await this.openDocument(uri));
      const annotation = article?.session.set.get(ref.id);
      if (!article || !annotation) throw new Error(vscode.l10n.t('that annotation is no longer there'));
      if (allowed && !allowed.includes(annotation.label)) {
        throw new Error(
          vscode.l10n.t(
            'only {0} can be given that; "{1}" is {2}',
            labelWords(this.schema, allowed, (l) => `${l}s`),
            plainText(annotation.quote, 40),
            this.word(annotation.label, aLabel(annotation.label)),
          ),
        );
      }
      return { article, annotation };
    }
    const target = await this.target();
    if (!target) {
      void showInfo(texts.open);
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
      const none = allowed && texts.noneOf ? texts.noneOf(labelWords(this.schema, allowed, (l) => l)) : texts.none;
      const put = allowed
        ? vscode.l10n.t('Put the cursor on {0}.', labelWords(this.schema, allowed, aLabel))
        : vscode.l10n.t('Put the cursor on an annotated span.');
      this.tell(target, `${none} ${put}`);
      return undefined;
    }
    if (candidates.length === 1) return { article: target.article, annotation: candidates[0] };
    const pick = await showQuickPick(
      candidates.map((annotation) => ({
        label: `${plainText(this.title(annotation.label), 40)}: ${plainText(annotation.quote, 80)}`,
        description: annotation.entity === undefined ? undefined : plainText(annotation.entity, 80),
        annotation,
      })),
      { placeHolder: texts.which },
    );
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
    const article = document && (await this.sessions.open(document));
    const annotation = article?.session.set.get(id);
    if (!article || !annotation) return;
    if (annotation.anchored === 'orphaned') {
      void showWarning(
        vscode.l10n.t(
          'This {0} is orphaned: "{1}" is no longer in {2}.',
          this.word(annotation.label),
          plainText(annotation.quote, 60),
          shownName(uri),
        ),
      );
      return;
    }
    // a new view reveals once it has loaded
    if (view) setTimeout(() => this.show(article, annotation, view), 0);
    else this.show(article, annotation, undefined, editor);
  }
}

/**
 * The sentences of a {@link Purpose}: `open` (no article in front), `which` (several annotations
 * at the cursor), `none` (none there) or `noneOf` (none of the labels `{0}` there).
 */
function purposeTexts(purpose: Purpose): {
  open: string;
  which: string;
  none: string;
  noneOf?: (only: string) => string;
} {
  switch (purpose) {
    case 'remove':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to remove it.'),
        which: vscode.l10n.t('Which annotation do you want to remove?'),
        none: vscode.l10n.t('No annotation here to remove.'),
      };
    case 'relabel':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to relabel it.'),
        which: vscode.l10n.t('Which annotation do you want to relabel?'),
        none: vscode.l10n.t('No annotation here to relabel.'),
      };
    case 'note':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to annotate with a note it.'),
        which: vscode.l10n.t('Which annotation do you want to annotate with a note?'),
        none: vscode.l10n.t('No annotation here to annotate with a note.'),
      };
    case 'dateValue':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to give a date value to it.'),
        which: vscode.l10n.t('Which annotation do you want to give a date value to?'),
        none: vscode.l10n.t('No annotation here to give a date value to.'),
      };
    case 'speaker':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to give a speaker to it.'),
        which: vscode.l10n.t('Which annotation do you want to give a speaker to?'),
        none: vscode.l10n.t('No annotation here to give a speaker to.'),
        noneOf: (only) => vscode.l10n.t('No {0} here to give a speaker to.', only),
      };
    case 'date':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to give a date to it.'),
        which: vscode.l10n.t('Which annotation do you want to give a date to?'),
        none: vscode.l10n.t('No annotation here to give a date to.'),
        noneOf: (only) => vscode.l10n.t('No {0} here to give a date to.', only),
      };
    case 'stance':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to give a stance to it.'),
        which: vscode.l10n.t('Which annotation do you want to give a stance to?'),
        none: vscode.l10n.t('No annotation here to give a stance to.'),
        noneOf: (only) => vscode.l10n.t('No {0} here to give a stance to.', only),
      };
    case 'entity':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to link to an entity it.'),
        which: vscode.l10n.t('Which annotation do you want to link to an entity?'),
        none: vscode.l10n.t('No annotation here to link to an entity.'),
      };
    case 'attribute':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to give an attribute to it.'),
        which: vscode.l10n.t('Which annotation do you want to give an attribute to?'),
        none: vscode.l10n.t('No annotation here to give an attribute to.'),
      };
    case 'relation':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to relate it.'),
        which: vscode.l10n.t('Which annotation do you want to relate?'),
        none: vscode.l10n.t('No annotation here to relate.'),
      };
    case 'reviewed':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to mark as reviewed it.'),
        which: vscode.l10n.t('Which annotation do you want to mark as reviewed?'),
        none: vscode.l10n.t('No annotation here to mark as reviewed.'),
      };
    case 'occurrences':
      return {
        open: vscode.l10n.t('Open an article and put the cursor on an annotation to find the occurrences of it.'),
        which: vscode.l10n.t('Which annotation do you want to find the occurrences of?'),
        none: vscode.l10n.t('No annotation here to find the occurrences of.'),
      };
  }
}

/** `n` within 0 and `max`. */
export function clamp(n: number, max: number): number {
  return Math.min(Math.max(0, n), max);
}

let askedForAuthor = false;

/**
 * Says once per window that annotations carry no author (no `hashiya.author`, and no login name
 * to default to: the web), and offers the setting: who annotated what is what agreement and
 * adjudication read.
 */
function askForAuthor(): void {
  if (askedForAuthor) return;
  askedForAuthor = true;
  const open = vscode.l10n.t('Open Settings');
  void showInfo(
    vscode.l10n.t('Hashiya records no author with your annotations: set hashiya.author to your name or initials.'),
    open,
  ).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'hashiya.author');
  });
}
