import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { annotatorsOf, nextToAnnotate } from '../../core/corpus/articleList';
import { ARTICLE_STATUSES, type ArticleStatus, isArticleStatus } from '../../core/model/articleStatus';
import { plainText } from '../../core/presentation/inertText';
import { isArticleDocument } from '../sessions/article';
import { showInfo, showStatus, shownName } from '../util/notify';
import { showQuickPick } from '../util/uiDirection';
import { ArticleEditorProvider } from '../views/articleEditorProvider';
import {
  type ArticleNode, type ArticleTreeProvider, placeOf, statusIcon, statusTitle,
} from '../views/articleTreeProvider';
import type { CommandContext } from './commandContext';
import { type Command, command } from './commandManager';

/** The Articles view's commands: set an article's status, filter the list, open the next article to annotate. */
export class ArticleListCommands {
  constructor(
    private readonly context: CommandContext,
    private readonly tree: ArticleTreeProvider,
  ) {}

  get commands(): Command[] {
    return [
      command(Commands.setArticleStatus, (target?: ArticleNode | vscode.Uri, status?: ArticleStatus) =>
        this.setStatus(target, status)),
      command(Commands.filterArticlesByStatus, (statuses?: ArticleStatus[]) => this.filterByStatus(statuses)),
      command(Commands.filterArticlesByAnnotator, (annotator?: string) => this.filterByAnnotator(annotator)),
      command(Commands.clearArticleFilters, () => this.tree.setFilter({})),
      command(Commands.openNextArticle, () => this.openNext()),
      command(Commands.refreshArticles, () => this.tree.refresh()),
    ];
  }

  /** The article a command acts on: the tree item or URI given, else the focused Hashiya view or article editor. */
  private activeArticle(target?: ArticleNode | vscode.Uri): vscode.Uri | undefined {
    if (target instanceof vscode.Uri) return target;
    if (target?.kind === 'article') return target.entry.uri;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (tab?.input instanceof vscode.TabInputCustom && this.context.editorProvider.activeView) {
      return this.context.editorProvider.activeView.document.uri;
    }
    const editor = vscode.window.activeTextEditor;
    return editor && isArticleDocument(editor.document) ? editor.document.uri : undefined;
  }

  /** Sets the status of an article (quick pick of the five), written to its sidecar through its session. */
  private async setStatus(target?: ArticleNode | vscode.Uri, status?: ArticleStatus): Promise<void> {
    const uri = this.activeArticle(target);
    if (!uri) {
      void showInfo(vscode.l10n.t('Open an article, or pick one in the Articles view, to set its status.'));
      return;
    }
    const article = await this.context.articleOf(uri);
    if (!article) {
      throw new Error(this.context.sessions.problemOf(uri) ?? vscode.l10n.t('{0} cannot be annotated', shownName(uri)));
    }
    const session = article.session;
    const current = session.status?.value ?? (session.set.size > 0 ? 'in-progress' : 'new');
    let chosen = status;
    if (chosen === undefined) {
      const picked = await showQuickPick(
        ARTICLE_STATUSES.map((value) => ({
          label: `$(${statusIcon(value).id}) ${statusTitle(value)}`,
          description: value === current ? vscode.l10n.t('current') : undefined,
          value,
        })),
        { title: vscode.l10n.t('Status of {0}', shownName(uri)), placeHolder: vscode.l10n.t('Where is this article in the work?') },
      );
      chosen = picked?.value;
    }
    if (chosen === undefined) return;
    if (!isArticleStatus(chosen)) throw new RangeError(vscode.l10n.t('"{0}" is not an article status', String(chosen)));
    const { author, now } = this.context.provenance(article);
    await session.setStatus({ value: chosen, ...(author ? { by: author } : {}), at: now });
    this.tree.refreshSoon();
    showStatus(vscode.l10n.t('Hashiya: {0} is now {1}.', shownName(uri), statusTitle(chosen)), 3000);
  }

  /** Shows only articles of the picked statuses (none picked: all). */
  private async filterByStatus(statuses?: ArticleStatus[]): Promise<void> {
    let chosen = statuses;
    if (chosen === undefined) {
      const shown = new Set(this.tree.filter.statuses ?? []);
      const picked = await showQuickPick(
        ARTICLE_STATUSES.map((value) => ({
          label: `$(${statusIcon(value).id}) ${statusTitle(value)}`,
          picked: shown.has(value),
          value,
        })),
        { title: vscode.l10n.t('Show articles whose status is…'), canPickMany: true },
      );
      if (!picked) return;
      chosen = picked.map((p) => p.value);
    }
    if (chosen.some((s) => !isArticleStatus(s))) throw new RangeError(vscode.l10n.t('not an article status'));
    this.tree.setFilter({ ...this.tree.filter, statuses: chosen });
  }

  /** Shows only articles the picked annotator made annotations in or set the status of. */
  private async filterByAnnotator(annotator?: string): Promise<void> {
    let chosen = annotator;
    if (chosen === undefined) {
      const annotators = annotatorsOf((await this.tree.entries()).map((e) => e.row));
      if (annotators.length === 0) {
        void showInfo(vscode.l10n.t('No article has annotations by anyone yet.'));
        return;
      }
      const picked = await showQuickPick(
        annotators.map((name) => ({ label: plainText(name, 80), name })),
        { title: vscode.l10n.t('Show articles annotated by…') },
      );
      chosen = picked?.name;
    }
    if (chosen === undefined) return;
    this.tree.setFilter({ ...this.tree.filter, annotator: chosen });
  }

  /**
   * Opens, in Hashiya's view, the next article after the current one (by folder and name) whose
   * status is new or in progress, wrapping around; says so when none is left.
   */
  private async openNext(): Promise<void> {
    const entries = await this.tree.entries();
    const current = this.activeArticle();
    const next = nextToAnnotate(entries.map((e) => e.row), current && placeOf(current));
    const entry = next && entries.find((e) => e.row === next);
    if (!entry) {
      void showInfo(current
        ? vscode.l10n.t('No other article is new or in progress: every article is done, needs review or is adjudicated.')
        : vscode.l10n.t('No article is new or in progress: every article is done, needs review or is adjudicated.'));
      return;
    }
    await ArticleEditorProvider.open(entry.uri);
  }
}
