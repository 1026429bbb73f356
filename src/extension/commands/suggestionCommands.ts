import * as vscode from 'vscode';
import type { Label } from '../../core/model/annotation';
import type { ViewMessage } from '../../shared/protocol';
import { Commands } from '../commandIds';
import { showInfo } from '../util/notify';
import type { ArticleView } from '../views/articleEditorProvider';
import type { SuggestionScope } from '../views/suggestionController';
import type { CommandContext } from './commandContext';
import { type Command, command, reportFailure } from './commandManager';

/** Suggesting annotations for an article and reviewing them: accept, reject, step through. */
export class SuggestionCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.suggestAnnotations, (uri?: vscode.Uri) => this.suggest(uri)),
      command(Commands.forgetRejectedSuggestions, (uri?: vscode.Uri) => this.forgetRejections(uri)),
      command(Commands.acceptSuggestion, (uri?: vscode.Uri, key?: string) => this.review('accept', uri, { key })),
      command(Commands.rejectSuggestion, (uri?: vscode.Uri, key?: string) => this.review('reject', uri, { key })),
      command(Commands.acceptSuggestionsOfLabel, (uri?: vscode.Uri, label?: Label) =>
        this.review('accept', uri, label ? { label } : undefined),
      ),
      command(Commands.rejectSuggestionsOfLabel, (uri?: vscode.Uri, label?: Label) =>
        this.review('reject', uri, label ? { label } : undefined),
      ),
      command(Commands.acceptAllSuggestions, (uri?: vscode.Uri) => this.review('accept', uri, { all: true })),
      command(Commands.rejectAllSuggestions, (uri?: vscode.Uri) => this.review('reject', uri, { all: true })),
      command(Commands.nextSuggestion, (uri?: vscode.Uri) => this.step(1, uri)),
      command(Commands.previousSuggestion, (uri?: vscode.Uri) => this.step(-1, uri)),
    ];
  }

  /** A review key pressed in the view (accept, reject, all of a label, all, next, previous). */
  async onViewSuggestion(view: ArticleView, message: Extract<ViewMessage, { type: 'suggestion' }>): Promise<void> {
    const suggestions = this.context.suggestions;
    try {
      this.context.editorProvider.activeView = view;
      const uri = view.document.uri;
      if (message.action === 'next' || message.action === 'previous') {
        // the view has moved already and says where it is now
        if (message.key === undefined || !suggestions.focus(uri, message.key)) {
          suggestions.step(uri, message.action === 'next' ? 1 : -1);
        }
        return;
      }
      const current =
        message.key !== undefined ? suggestions.list(uri).find((s) => s.key === message.key) : suggestions.current(uri);
      // the suggestion the analyst saw is gone (accepted or moved away meanwhile): do nothing rather than act on
      // another
      if (message.key !== undefined && !current) return;
      const scope: SuggestionScope =
        message.action === 'acceptAll' || message.action === 'rejectAll'
          ? { all: true }
          : message.action === 'acceptLabel' || message.action === 'rejectLabel'
            ? { label: current?.label ?? 'claim' }
            : { key: current?.key };
      if (message.action.startsWith('accept') && !current && !('all' in scope)) return;
      await this.review(message.action.startsWith('accept') ? 'accept' : 'reject', uri, scope, view);
    } catch (err) {
      reportFailure(err);
    }
  }

  /** Suggests annotations for the article of `uri` (or the focused one) and starts the review. */
  private async suggest(uri?: vscode.Uri): Promise<number> {
    const article = uri ? await this.context.articleOf(uri) : (await this.context.target())?.article;
    if (!article) {
      void showInfo(vscode.l10n.t('Open an article (.txt or .md) to get suggestions for it.'));
      return 0;
    }
    const suggestions = this.context.suggestions;
    // actors annotated anywhere in the workspace are suggested here too (learning from the analyst)
    const n = suggestions.suggestFor(article, await this.workspaceActorNames());
    const counts = this.context.schema.labels
      .map(({ id: label }) => [label, suggestions.list(article.uri).filter((s) => s.label === label).length] as const)
      .filter(([, c]) => c > 0);
    const perLabel = counts
      .map(([l, c]) =>
        c === 1 ? vscode.l10n.t('1 {0}', this.context.word(l)) : vscode.l10n.t('{0} {1}s', c, this.context.word(l)),
      )
      .join(vscode.l10n.t(', '));
    const message =
      n === 0
        ? vscode.l10n.t('No suggestions for this article.')
        : vscode.l10n.t(
            '{0} suggestion(s): {1}. Enter accepts, X rejects, Tab goes to the next; Shift+Enter / Shift+X for all of a label, Ctrl+Enter accepts all, Esc rejects all.',
            n,
            perLabel,
          );
    const view = this.context.editorProvider.viewsOf(article.uri)[0];
    if (view) view.post({ type: 'notice', message });
    else void showInfo(`${message} ${vscode.l10n.t('Open the article with Hashiya to review them there.')}`);
    return n;
  }

  /** Forgets the suggestions rejected in the article of `uri` (or the focused one); returns how many there were. */
  private async forgetRejections(uri?: vscode.Uri): Promise<number> {
    const articleUri = uri ?? (await this.context.target())?.article.uri;
    if (!articleUri) {
      void showInfo(vscode.l10n.t('Open an article (.txt or .md) to get suggestions for it.'));
      return 0;
    }
    const n = await this.context.suggestions.forgetRejections(articleUri);
    void showInfo(n === 0
      ? vscode.l10n.t('No rejected suggestions are remembered for this article.')
      : vscode.l10n.t('{0} rejected suggestion(s) will be suggested again: Suggest Annotations (G).', n));
    return n;
  }

  /** The quotes of every actor annotation of the workspace's sidecars (of labels linked to entities). */
  private async workspaceActorNames(): Promise<string[]> {
    try {
      const mentions = await this.context.tree.workspaceMentions();
      const linked = new Set(this.context.schema.labels.filter((l) => l.entity).map((l) => l.id));
      return [...new Set(mentions.filter((m) => linked.has(m.annotation.label) && m.annotation.anchored !== 'orphaned')
        .map((m) => m.annotation.quote))];
    } catch {
      return []; // a folder that cannot be listed: the article's own names and the registry still count
    }
  }

  /** Accepts or rejects suggestions (`scope` undefined: the current one's label, for the label commands). */
  private async review(
    what: 'accept' | 'reject',
    uri?: vscode.Uri,
    scope?: SuggestionScope,
    view?: ArticleView,
  ): Promise<number> {
    const suggestions = this.context.suggestions;
    const target = uri ? undefined : await this.context.target();
    const articleUri = uri ?? target?.article.uri;
    if (!articleUri) return 0;
    // in the text editor, the suggestion at the cursor is the one meant (else the current one)
    if (target?.editor && (!scope || ('key' in scope && scope.key === undefined))) {
      const set = target.article.session.set;
      const at = set.index.toCodePoint(Math.min(target.focus16, set.text.length));
      const under = suggestions.list(articleUri).find((s) => s.start <= at && at <= s.end);
      if (under) suggestions.focus(articleUri, under.key);
    }
    const chosen = scope ?? { label: suggestions.current(articleUri)?.label ?? 'claim' };
    if (what === 'reject') return suggestions.reject(articleUri, chosen);
    const article = await this.context.articleOf(articleUri);
    if (!article) return 0;
    const added = await suggestions.accept(article, chosen);
    if (view && 'all' in chosen) {
      view.post({ type: 'notice', message: vscode.l10n.t('Accepted: {0} annotation(s) added.', added) });
    }
    return added;
  }

  private async step(direction: 1 | -1, uri?: vscode.Uri): Promise<void> {
    const articleUri = uri ?? (await this.context.target())?.article.uri;
    if (!articleUri) return;
    const s = this.context.suggestions.step(articleUri, direction);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === articleUri.toString());
    const article = this.context.sessions.peek(articleUri);
    if (s && editor && article) {
      const index = article.session.set.index;
      const start = editor.document.positionAt(index.toUtf16(s.start));
      const range = new vscode.Range(start, editor.document.positionAt(index.toUtf16(s.end)));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }
}
