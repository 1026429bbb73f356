import * as vscode from 'vscode';
import { type Annotation, type Label, type Relation, RELATIONS, STANCES } from '../../core/model/annotation';
import { nearest } from '../../core/entities/entities';
import { NEWS_PRESET, type ProjectSchema, labelDef, labelTitle } from '../../core/model/projectSchema';
import { aLabel } from '../../core/model/relations';
import type { SchemaDirectory } from '../files/schemaDirectory';
import { plainText } from '../../core/presentation/inertText';
import { DATE_VALUE } from '../../core/model/annotationSet';
import { normalizeSelection } from '../../core/text/offsets';
import { BrokenSidecarError, assertSameText } from '../../core/session/sidecarSession';
import type { ViewCommand, ViewMessage } from '../../shared/protocol';
import { ArticleEditorProvider, type ArticleView } from '../views/articleEditorProvider';
import { ARTICLE_VIEW_TYPE, Commands } from '../commandIds';
import { settings } from '../config';
import type { EntityKind } from '../../core/entities/entityRegistry';
import { LabelCommands } from './labelCommands';
import { EntityCommands, type EntityRef, type MentionRef } from './entityCommands';
import { runQuickPick } from '../util/quickInput';
import { showError, showInfo, showStatus, showWarning, shownName } from '../util/notify';
import type { EntityDirectory } from '../files/entityDirectory';
import type { SuggestionController, SuggestionScope } from '../views/suggestionController';
import type { EntityNode, EntityTreeProvider } from '../views/entityTreeProvider';
import type { ConflictArg, ConflictCommands } from './conflictCommands';
import type { GitMergingCommand } from '../files/gitMerging';
import { type Article, type SessionManager, isArticleDocument } from '../sessions/sessionManager';

/** Where a command acts: an article and a selection (UTF-16 anchor/focus) in the view or an editor. */
interface Target {
  article: Article;
  anchor16: number;
  focus16: number;
  view?: ArticleView;
  editor?: vscode.TextEditor;
}

/**
 * What commands that act on one annotation accept as first argument: a tree node (context menu)
 * or `{ article, id }` (an article URI string and an annotation id, for scripts and tests).
 */
export type AnnotationRef = EntityNode | { article: string; id: string };

/** Registers every command, and carries out what the view's keys and buttons ask for. */
export class CommandHandlers {
  editorProvider!: ArticleEditorProvider;
  tree!: EntityTreeProvider;
  conflicts!: ConflictCommands;
  gitMerging!: GitMergingCommand;

  readonly entityCommands: EntityCommands;
  readonly labelCommands: LabelCommands;

  constructor(private readonly sessions: SessionManager, private readonly entities: EntityDirectory, private readonly suggestions: SuggestionController,
    private readonly schemas?: SchemaDirectory) {
    this.entityCommands = new EntityCommands(sessions, entities, () => this.tree, {
      pickAnnotation: (node, purpose, only) => this.pickAnnotation(node as AnnotationRef | undefined, purpose, only),
      articleOf: (uri) => this.sessions.peek(uri) ? Promise.resolve(this.sessions.peek(uri)) : this.openDocument(uri),
      provenance: (article) => this.provenance(article),
    });
    const handlers = this;
    this.labelCommands = new LabelCommands({
      pickAnnotation: (node, purpose) => this.pickAnnotation(node as AnnotationRef | undefined, purpose),
      provenance: (article) => this.provenance(article),
      get schema() { return handlers.schema; },
    });
  }

  register(context: vscode.ExtensionContext): void {
    const add = (id: string, handler: (...args: any[]) => unknown) =>
      context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (err) {
          this.fail(err);
          return undefined;
        }
      }));
    add(Commands.openWithHashiya, (uri?: vscode.Uri) => this.openWithHashiya(uri));
    add(Commands.openInTextEditor, (uri?: vscode.Uri) => this.openInTextEditor(uri));
    add(Commands.annotate, async (label?: string) => {
      // a label id (scripts, tests, keybindings with args) marks at once
      if (typeof label === 'string') return this.annotate(label);
      const pick = await vscode.window.showQuickPick(this.schema.labels.map((def) => ({
        label: plainText(labelTitle(this.schema, def.id, vscode.env.language), 60), description: `${def.id} · key ${def.key.toUpperCase()}`,
        detail: def.codebook?.definition ? plainText(def.codebook.definition, 160) : undefined, value: def.id,
      })), { placeHolder: 'Mark the selection as…', matchOnDescription: true });
      return pick ? this.annotate(pick.value) : undefined;
    });
    add(Commands.annotateClaim, () => this.annotate('claim'));
    add(Commands.annotateActor, () => this.annotate('actor'));
    add(Commands.annotateDate, () => this.annotate('date'));
    add(Commands.removeAnnotation, (node?: AnnotationRef) => this.removeAnnotation(node));
    add(Commands.changeLabel, (node?: AnnotationRef, label?: Label) => this.changeLabel(node, label));
    add(Commands.editNote, (node?: AnnotationRef, note?: string) => this.editNote(node, note));
    add(Commands.editEntity, (node?: AnnotationRef, entity?: string | { name: string; kind: EntityKind }) => this.entityCommands.link(node, entity));
    add(Commands.renameEntity, (ref?: EntityRef, name?: string) => this.entityCommands.rename(ref, name));
    add(Commands.editEntityDetails, (ref?: EntityRef, patch?: Parameters<EntityCommands['edit']>[1]) => this.entityCommands.edit(ref, patch));
    add(Commands.mergeEntities, (from?: EntityRef, into?: EntityRef) => this.entityCommands.merge(from, into));
    add(Commands.splitEntity, (ref?: EntityRef, mentions?: MentionRef[], name?: string) => this.entityCommands.split(ref, mentions, name));
    add(Commands.annotateOccurrences, (node?: AnnotationRef, scope?: 'article' | 'workspace', pick?: 'all') => this.entityCommands.annotateOccurrences(node, scope, pick));
    add(Commands.suggestAnnotations, (uri?: vscode.Uri) => this.suggest(uri));
    add(Commands.acceptSuggestion, (uri?: vscode.Uri, key?: string) => this.review('accept', uri, { key }));
    add(Commands.rejectSuggestion, (uri?: vscode.Uri, key?: string) => this.review('reject', uri, { key }));
    add(Commands.acceptSuggestionsOfLabel, (uri?: vscode.Uri, label?: Label) => this.review('accept', uri, label ? { label } : undefined));
    add(Commands.rejectSuggestionsOfLabel, (uri?: vscode.Uri, label?: Label) => this.review('reject', uri, label ? { label } : undefined));
    add(Commands.acceptAllSuggestions, (uri?: vscode.Uri) => this.review('accept', uri, { all: true }));
    add(Commands.rejectAllSuggestions, (uri?: vscode.Uri) => this.review('reject', uri, { all: true }));
    add(Commands.nextSuggestion, (uri?: vscode.Uri) => this.stepSuggestion(1, uri));
    add(Commands.previousSuggestion, (uri?: vscode.Uri) => this.stepSuggestion(-1, uri));
    add(Commands.nextAnnotation, () => this.step('next'));
    add(Commands.previousAnnotation, () => this.step('previous'));
    add(Commands.revealAnnotation, (article: string, id: string) => this.reveal(vscode.Uri.parse(article), id));
    add(Commands.reattachAnnotation, (node?: AnnotationRef) => this.reattach(node));
    add(Commands.setPublicationDate, (date?: string) => this.setPublicationDate(date));
    add(Commands.editDateValue, (node?: AnnotationRef, value?: string) => this.editDateValue(node, value));
    add(Commands.setSpeaker, (node?: AnnotationRef, id?: string) => this.setRelation('speaker', node, id));
    add(Commands.setClaimDate, (node?: AnnotationRef, id?: string) => this.setRelation('date', node, id));
    add(Commands.setStance, (node?: AnnotationRef, stance?: string) => this.setStance(node, stance));
    add(Commands.setAttribute, (node?: AnnotationRef, name?: string, value?: string) => this.labelCommands.setAttribute(node, name, value));
    add(Commands.setRelation, (node?: AnnotationRef, name?: string, id?: string) => this.labelCommands.setRelation(node, name, id));
    add(Commands.showCodebook, () => this.labelCommands.showCodebook());
    add(Commands.markReviewed, (node?: AnnotationRef) => this.labelCommands.markReviewed(node));
    add(Commands.undoAnnotation, () => this.history('undo'));
    add(Commands.redoAnnotation, () => this.history('redo'));
    add(Commands.openSidecar, (uri?: vscode.Uri) => this.openSidecar(uri));
    add(Commands.showWorkspaceEntities, () => this.tree.setScope('workspace'));
    add(Commands.showArticleEntities, () => this.tree.setScope('article'));
    add(Commands.refreshEntities, () => this.tree.refreshSoon());
    add(Commands.resolveConflictOurs, (arg?: ConflictArg) => this.conflicts.resolve('ours', arg));
    add(Commands.resolveConflictTheirs, (arg?: ConflictArg) => this.conflicts.resolve('theirs', arg));
    add(Commands.resolveConflictBoth, (arg?: ConflictArg) => this.conflicts.resolve('both', arg));
    add(Commands.nextConflict, () => this.conflicts.step(1));
    add(Commands.previousConflict, () => this.conflicts.step(-1));
    add(Commands.setUpGitMerging, (folder?: vscode.Uri) => this.gitMerging.run(folder instanceof vscode.Uri ? folder : undefined));
  }

  /** The project schema in use (the news preset without `.hashiya/schema.yaml`). */
  get schema(): ProjectSchema { return this.schemas?.schema ?? NEWS_PRESET; }

  /** A label's title in the UI language. */
  title(label: string): string { return labelTitle(this.schema, label, vscode.env.language); }

  private fail(err: unknown): void {
    const message = err instanceof BrokenSidecarError ? err.message : (err as Error)?.message ?? String(err);
    void showError(`Hashiya: ${message}`);
  }

  /** A label key pressed in the view. */
  async onViewAnnotate(view: ArticleView, message: Extract<ViewMessage, { type: 'annotate' }>): Promise<void> {
    try {
      await this.annotate(message.label, view, { anchor16: message.anchor16, focus16: message.focus16 });
    } catch (err) {
      this.fail(err);
    }
  }

  /** The "Re-attach to selection" button of an orphan in the view. */
  async onViewReattach(view: ArticleView, message: Extract<ViewMessage, { type: 'reattach' }>): Promise<void> {
    try {
      await this.reattach({ article: view.document.uri.toString(), id: message.id }, { anchor16: message.anchor16, focus16: message.focus16 }, view);
    } catch (err) {
      this.fail(err);
    }
  }

  /** A review key pressed in the view (accept, reject, all of a label, all, next, previous). */
  async onViewSuggestion(view: ArticleView, message: Extract<ViewMessage, { type: 'suggestion' }>): Promise<void> {
    try {
      this.editorProvider.activeView = view;
      const uri = view.document.uri;
      if (message.action === 'next' || message.action === 'previous') {
        // the view has moved already and says where it is now
        if (message.key === undefined || !this.suggestions.focus(uri, message.key)) this.suggestions.step(uri, message.action === 'next' ? 1 : -1);
        return;
      }
      const current = message.key !== undefined ? this.suggestions.list(uri).find((s) => s.key === message.key) : this.suggestions.current(uri);
      // the suggestion the analyst saw is gone (accepted or moved away meanwhile): do nothing rather than act on another
      if (message.key !== undefined && !current) return;
      const scope: SuggestionScope = message.action === 'acceptAll' || message.action === 'rejectAll' ? { all: true }
        : message.action === 'acceptLabel' || message.action === 'rejectLabel' ? { label: current?.label ?? 'claim' } : { key: current?.key };
      if (message.action.startsWith('accept') && !current && !('all' in scope)) return;
      await this.review(message.action.startsWith('accept') ? 'accept' : 'reject', uri, scope, view);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Suggests annotations for the article of `uri` (or the focused one) and starts the review. */
  private async suggest(uri?: vscode.Uri): Promise<number> {
    const article = uri ? await this.articleFor(uri) : (await this.target())?.article;
    if (!article) {
      void showInfo('Open an article (.txt or .md) to get suggestions for it.');
      return 0;
    }
    const target = { article };
    const n = this.suggestions.suggestFor(target.article);
    const counts = this.schema.labels.map(({ id: label }) => [label, this.suggestions.list(target.article.uri).filter((s) => s.label === label).length] as const).filter(([, c]) => c > 0);
    const message = n === 0 ? 'No suggestions for this article.'
      : `${n} suggestion(s): ${counts.map(([l, c]) => `${c} ${l}${c === 1 ? '' : 's'}`).join(', ')}. Enter accepts, X rejects, Tab goes to the next; Shift+Enter / Shift+X for all of a label, Ctrl+Enter accepts all, Esc rejects all.`;
    const view = this.editorProvider.viewsOf(target.article.uri)[0];
    if (view) view.post({ type: 'notice', message });
    else void showInfo(`${message} Open the article with Hashiya to review them there.`);
    return n;
  }

  private async articleFor(uri: vscode.Uri): Promise<Article | undefined> {
    return this.sessions.peek(uri) ?? this.openDocument(uri);
  }

  /** The article of `uri`, opening its document when it is not loaded. */
  articleOf(uri: vscode.Uri): Promise<Article | undefined> {
    return this.articleFor(uri);
  }

  /** Accepts or rejects suggestions (`scope` undefined: the current one's label, for the label commands). */
  private async review(what: 'accept' | 'reject', uri?: vscode.Uri, scope?: SuggestionScope, view?: ArticleView): Promise<number> {
    const target = uri ? undefined : await this.target();
    const articleUri = uri ?? target?.article.uri;
    if (!articleUri) return 0;
    // in the text editor, the suggestion at the cursor is the one meant (else the current one)
    if (target?.editor && (!scope || ('key' in scope && scope.key === undefined))) {
      const at = target.article.session.set.index.toCodePoint(Math.min(target.focus16, target.article.session.set.text.length));
      const under = this.suggestions.list(articleUri).find((s) => s.start <= at && at <= s.end);
      if (under) this.suggestions.focus(articleUri, under.key);
    }
    const chosen = scope ?? { label: this.suggestions.current(articleUri)?.label ?? 'claim' };
    if (what === 'reject') return this.suggestions.reject(articleUri, chosen);
    const article = await this.articleFor(articleUri);
    if (!article) return 0;
    const added = await this.suggestions.accept(article, chosen);
    if (view && 'all' in chosen) view.post({ type: 'notice', message: `Accepted: ${added} annotation(s) added.` });
    return added;
  }

  private async stepSuggestion(direction: 1 | -1, uri?: vscode.Uri): Promise<void> {
    const articleUri = uri ?? (await this.target())?.article.uri;
    if (!articleUri) return;
    const s = this.suggestions.step(articleUri, direction);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === articleUri.toString());
    const article = this.sessions.peek(articleUri);
    if (s && editor && article) {
      const index = article.session.set.index;
      const range = new vscode.Range(editor.document.positionAt(index.toUtf16(s.start)), editor.document.positionAt(index.toUtf16(s.end)));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  /** Handles a command key pressed in the view. */
  async onViewCommand(view: ArticleView, command: ViewCommand): Promise<void> {
    const ids: Record<ViewCommand, string> = {
      remove: Commands.removeAnnotation, changeLabel: Commands.changeLabel, editNote: Commands.editNote,
      editEntity: Commands.editEntity, next: Commands.nextAnnotation, previous: Commands.previousAnnotation,
      openText: Commands.openInTextEditor, openSidecar: Commands.openSidecar,
      setSpeaker: Commands.setSpeaker, setClaimDate: Commands.setClaimDate, setStance: Commands.setStance,
      editDateValue: Commands.editDateValue, annotateOccurrences: Commands.annotateOccurrences, suggest: Commands.suggestAnnotations,
      setAttribute: Commands.setAttribute, setRelation: Commands.setRelation,
    };
    this.editorProvider.activeView = view;
    await vscode.commands.executeCommand(ids[command]);
  }

  /** The article and selection of the focused Hashiya view or text editor. */
  private async target(preferView?: ArticleView, selection?: { anchor16: number; focus16: number }): Promise<Target | undefined> {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const viewActive = tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === ARTICLE_VIEW_TYPE;
    const view = preferView ?? (viewActive ? this.editorProvider.activeView : undefined);
    if (view) {
      // read the selection before awaiting: later selection messages must not change this action
      const { anchor16, focus16 } = selection ?? view.selection;
      const article = await this.sessions.open(view.document);
      if (!article) throw new Error(this.sessions.problemOf(view.document.uri) ?? `${shownName(view.document.uri)} cannot be annotated`);
      return { article, anchor16, focus16, view };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    if (!isArticleDocument(editor.document)) {
      throw new Error('Hashiya annotates .txt and .md articles (or the Plain Text, Markdown and News Article languages)');
    }
    const article = await this.sessions.open(editor.document);
    if (!article) throw new Error(this.sessions.problemOf(editor.document.uri) ?? `${shownName(editor.document.uri)} cannot be annotated`);
    return {
      article,
      anchor16: editor.document.offsetAt(editor.selection.anchor),
      focus16: editor.document.offsetAt(editor.selection.active),
      editor,
    };
  }

  private async openWithHashiya(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri ?? activeCustomUri();
    if (!target) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Articles: ['txt', 'md'] }, openLabel: 'Open with Hashiya' });
      if (!picked?.[0]) return;
      await ArticleEditorProvider.open(picked[0]);
      return;
    }
    await ArticleEditorProvider.open(target);
  }

  private async openInTextEditor(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? this.editorProvider.activeView?.document.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) return;
    await vscode.commands.executeCommand('vscode.openWith', target, 'default', vscode.ViewColumn.Beside);
  }

  /** Marks the current selection with `label`; returns the new annotation. */
  async annotate(label: Label, view?: ArticleView, selection?: { anchor16: number; focus16: number }): Promise<Annotation | undefined> {
    const target = await this.target(view, selection);
    if (!target) {
      void showInfo('Open an article (.txt or .md), select some text, then mark it as claim, actor or date.');
      return undefined;
    }
    const text = target.article.session.set.text;
    if (text !== target.article.document.getText()) throw new Error('the article changed while annotating; try again');
    const span = normalizeSelection(text, clamp(target.anchor16, text.length), clamp(target.focus16, text.length),
      { trimWhitespace: settings(target.article.uri).trimWhitespace });
    if (!span) {
      this.tell(target, 'Select the words to annotate first.');
      return undefined;
    }
    const index = target.article.session.set.index;
    const start = index.toCodePoint(span.start);
    const end = index.toCodePoint(span.end);
    const { author } = settings(target.article.uri);
    // the check and the addition run as one session operation, so a repeated key cannot add twice
    const result = await target.article.session.mutate((set) => {
      assertSameText(set, text);
      const same = set.annotations.find((a) => a.label === label && a.start === start && a.end === end && a.anchored !== 'orphaned');
      return same ? { same } : { added: set.add(label, start, end, { author, now: new Date().toISOString() }) };
    }, `mark ${label}`);
    if ('same' in result && result.same) {
      this.tell(target, `Already marked as ${label}.`);
      return result.same;
    }
    target.view?.post({ type: 'marked', start16: span.start, end16: span.end });
    const added = result.added!;
    // keyboard-first attribution: after marking a claim in the view, pick its speaker among the actors nearby
    if (label === 'claim' && target.view && settings(target.article.uri).askForSpeaker
      && target.article.session.set.annotations.some((a) => a.label === 'actor' && a.anchored !== 'orphaned')) {
      void this.setRelation('speaker', undefined, undefined, { article: target.article, annotation: added }).catch((err) => this.fail(err));
    }
    return added;
  }

  private tell(target: Target, message: string, quiet = false): void {
    if (target.view) target.view.post({ type: 'notice', message });
    else if (quiet) showStatus(`Hashiya: ${message}`, 3000);
    else void showInfo(message);
  }

  /** The annotation a command acts on: a tree node's, or one at the selection (asking when several). */
  async pickAnnotation(node: AnnotationRef | undefined, purpose: string, onlyLabels?: Label | readonly Label[]): Promise<{ article: Article; annotation: Annotation } | undefined> {
    const allowed = onlyLabels === undefined ? undefined : typeof onlyLabels === 'string' ? [onlyLabels] : onlyLabels;
    const only = allowed?.join(' or ');
    // a tree entity stands for its first mention (annotate all occurrences of an entity)
    const first = node && 'kind' in node && node.kind === 'entity' ? node.group.mentions[0] : undefined;
    const ref = node && ('kind' in node ? (node.kind === 'mention' ? { article: node.mention.article, id: node.mention.annotation.id }
      : first ? { article: first.article, id: first.annotation.id } : undefined) : node);
    if (ref && typeof ref.article === 'string' && typeof ref.id === 'string') {
      const uri = vscode.Uri.parse(ref.article);
      const article = this.sessions.peek(uri) ?? await this.openDocument(uri);
      const annotation = article?.session.set.get(ref.id);
      if (!article || !annotation) throw new Error('that annotation is no longer there');
      if (allowed && !allowed.includes(annotation.label)) throw new Error(`only ${allowed.map((l) => `${l}s`).join(' or ')} can be given that; "${plainText(annotation.quote, 40)}" is ${aLabel(annotation.label)}`);
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
    if (candidates.length === 0 && start === end && start > 0) candidates = set.at(start - 1).filter((a) => a.end === start);
    if (allowed) candidates = candidates.filter((a) => allowed.includes(a.label));
    if (candidates.length === 0) {
      this.tell(target, `No ${only ?? 'annotation'} here to ${purpose}. Put the cursor on ${allowed ? allowed.map(aLabel).join(' or ') : 'an annotated span'}.`);
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

  private async openDocument(uri: vscode.Uri): Promise<Article | undefined> {
    const document = await vscode.workspace.openTextDocument(uri);
    return this.sessions.open(document);
  }

  private async removeAnnotation(node?: AnnotationRef): Promise<void> {
    const picked = await this.pickAnnotation(node, 'remove');
    if (!picked) return;
    await picked.article.session.remove(picked.annotation.id, this.provenance(picked.article));
  }

  private async changeLabel(node?: AnnotationRef, label?: Label): Promise<void> {
    const picked = await this.pickAnnotation(node, 'relabel');
    if (!picked) return;
    const schema = picked.article.session.schema;
    if (label && labelDef(schema, label)) {
      await picked.article.session.update(picked.annotation.id, { label }, this.provenance(picked.article));
      return;
    }
    const choice = await vscode.window.showQuickPick(
      schema.labels.filter((l) => l.id !== picked.annotation.label).map((l) => ({ label: plainText(labelTitle(schema, l.id, vscode.env.language), 60), description: l.id, value: l.id })),
      { placeHolder: `Change "${plainText(picked.annotation.quote, 40)}" from ${picked.annotation.label} to…` },
    );
    if (!choice) return;
    await picked.article.session.update(picked.annotation.id, { label: choice.value }, this.provenance(picked.article));
  }

  private async editNote(node?: AnnotationRef, value?: string): Promise<void> {
    const picked = await this.pickAnnotation(node, 'annotate with a note');
    if (!picked) return;
    const note = typeof value === 'string' ? value : await vscode.window.showInputBox({
      title: `Note on "${plainText(picked.annotation.quote, 40)}"`,
      value: picked.annotation.note ?? '',
      prompt: 'An empty note removes it.',
    });
    if (note === undefined) return;
    await picked.article.session.update(picked.annotation.id, { note }, this.provenance(picked.article));
  }

  private async step(direction: 'next' | 'previous'): Promise<void> {
    const target = await this.target();
    if (!target) return;
    const set = target.article.session.set;
    const start = set.index.toCodePoint(clamp(Math.min(target.anchor16, target.focus16), set.text.length));
    const collapsed = target.anchor16 === target.focus16;
    // from a bare cursor, "next" includes a span that starts right there
    const found = direction === 'next' ? set.next(collapsed ? start - 1 : start) : set.previous(start);
    if (!found) {
      this.tell(target, 'This article has no annotations yet.');
      return;
    }
    this.show(target.article, found, target.view, target.editor);
  }

  private show(article: Article, annotation: Annotation, view?: ArticleView, editor?: vscode.TextEditor): void {
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
    let editor = view ? undefined : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
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
      void showWarning(`This ${annotation.label} is orphaned: "${plainText(annotation.quote, 60)}" is no longer in ${shownName(uri)}.`);
      return;
    }
    // a new view reveals once it has loaded
    if (view) setTimeout(() => this.show(article, annotation, view), 0);
    else this.show(article, annotation, undefined, editor);
  }

  /** Sets the publication date relative dates are resolved against (YYYY-MM-DD). */
  private async setPublicationDate(date?: string): Promise<void> {
    const target = await this.target();
    if (!target) {
      void showInfo('Open an article first: its publication date is stored in its sidecar.');
      return;
    }
    const session = target.article.session;
    const current = session.published;
    const chosen = date ?? await vscode.window.showInputBox({
      title: `Publication date of ${shownName(target.article.uri)}`,
      prompt: current?.guessed ? `Now a guess from the file's date (${current.date}). Dates such as "yesterday" or "on Tuesday" are resolved against it.` : 'Dates such as "yesterday" or "on Tuesday" are resolved against it.',
      value: current?.date ?? new Date().toISOString().slice(0, 10),
      placeHolder: 'YYYY-MM-DD',
      validateInput: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && !Number.isNaN(Date.parse(v.trim())) ? undefined : 'A date in the form YYYY-MM-DD'),
    });
    if (chosen === undefined) return;
    await session.setPublished(chosen.trim());
    this.tell(target, `Publication date set to ${chosen.trim()}; date values recomputed.`, true);
  }

  /** Sets (or, with an empty value, resets to the computed one) the value of a date annotation. */
  private async editDateValue(node?: AnnotationRef, value?: string): Promise<void> {
    const picked = await this.pickAnnotation(node, 'give a date value to');
    if (!picked) return;
    if (!labelDef(picked.article.session.schema, picked.annotation.label)?.dateValue) {
      throw new Error(`only ${picked.article.session.schema.labels.filter((l) => l.dateValue).map((l) => l.id).join(' or ') || 'date'} annotations have values`);
    }
    const chosen = typeof value === 'string' ? value : await vscode.window.showInputBox({
      title: `Value of "${plainText(picked.annotation.quote, 40)}"`,
      prompt: 'ISO 8601 / TIMEX3: 2015-12-18, XXXX-12-18, 2015-12, 2015-12-15TEV, 2002/2006. Empty: computed again from the text.',
      value: picked.annotation.value ?? '',
      validateInput: (v) => (v.trim() === '' || DATE_VALUE.test(v.trim()) ? undefined : 'Not a date value such as 2015-12-18 or XXXX-12-18'),
    });
    if (chosen === undefined) return;
    await picked.article.session.update(picked.annotation.id, { value: chosen }, this.provenance(picked.article));
  }

  /**
   * Sets a claim's speaker (an actor) or date (a date annotation) of the same article. `id` (for
   * scripts and tests) is the target annotation's id, '' to remove; without it a quick pick
   * offers the article's annotations of that label, nearest to the claim first.
   */
  private async setRelation(relation: Relation, node?: AnnotationRef, id?: string, claim?: { article: Article; annotation: Annotation }): Promise<void> {
    // the labels that have this relation in the project schema (claims in the news preset)
    const holders = this.schema.labels.filter((l) => l.relations?.some((r) => r.name === relation)).map((l) => l.id);
    const picked = claim ?? await this.pickAnnotation(node, relation === 'speaker' ? 'give a speaker to' : 'give a date to', holders.length > 0 ? holders : 'claim');
    if (!picked) return;
    const schema = picked.article.session.schema;
    const targets = labelDef(schema, picked.annotation.label)?.relations?.find((r) => r.name === relation)?.targets ?? [RELATIONS[relation]];
    let chosen = id;
    if (typeof chosen !== 'string') {
      const set = picked.article.session.set;
      const candidates = targets.flatMap((target) => nearest(set.annotations, picked.annotation, target, set.text));
      if (candidates.length === 0) {
        void showInfo(relation === 'speaker'
          ? 'This article has no actors yet: mark the speaker as an actor (A), then set the speaker (S).'
          : 'This article has no dates yet: mark the date (D), then set the date of the claim (T).');
        return;
      }
      const document = picked.article.document;
      const items: (vscode.QuickPickItem & { id: string })[] = candidates.map((a) => {
        const line = document.positionAt(set.index.toUtf16(a.start)).line + 1;
        const name = labelDef(schema, a.label)?.entity ? this.entities.displayName(a) : a.quote;
        const place = a.start < picked.annotation.end && a.end > picked.annotation.start ? 'in the claim'
          : `${a.end <= picked.annotation.start ? 'before' : 'after'} the claim · line ${line}`;
        return {
          id: a.id,
          label: plainText(name, 60),
          description: [a.id === picked.annotation[relation] ? 'current' : '', name !== a.quote ? `\u201C${plainText(a.quote, 40)}\u201D` : '', a.value ? plainText(a.value, 40) : '', place].filter(Boolean).join(' · '),
        };
      });
      const current = picked.annotation[relation];
      if (current !== undefined) items.push({ id: '', label: relation === 'speaker' ? 'No speaker' : 'No date', description: 'remove the relation' });
      const pick = await vscode.window.showQuickPick(items, {
        title: `${relation === 'speaker' ? 'Speaker' : 'Date'} of the claim "${plainText(picked.annotation.quote, 50)}"`,
        placeHolder: relation === 'speaker' ? 'Who makes this claim? Nearest actors first (Enter takes the first, Esc leaves it unset)' : 'When was it said? Nearest dates first',
        matchOnDescription: true,
      });
      if (!pick) return;
      chosen = pick.id;
    }
    await picked.article.session.update(picked.annotation.id, { [relation]: chosen }, this.provenance(picked.article));
  }

  /** Sets (or with '' removes) a claim's stance; without `value` offers the common ones or typed text. */
  private async setStance(node?: AnnotationRef, value?: string): Promise<void> {
    const stanceLabels = this.schema.labels.filter((l) => l.stance).map((l) => l.id);
    const picked = await this.pickAnnotation(node, 'give a stance to', stanceLabels.length > 0 ? stanceLabels : 'claim');
    if (!picked) return;
    let chosen = value;
    if (typeof chosen !== 'string') {
      // the stance as stored is shown inert (it may come from a hand-edited sidecar); `value` keeps it as it is
      const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
      quickPick.title = `Stance of the speaker in "${plainText(picked.annotation.quote, 50)}"`;
      quickPick.placeholder = 'Pick one or type your own ("No stance" removes it)';
      const current = picked.annotation.stance;
      const base: (vscode.QuickPickItem & { value: string })[] = STANCES.map((stance) => ({ label: stance, value: stance, description: stance === current ? 'current' : undefined }));
      if (current && !(STANCES as readonly string[]).includes(current)) base.unshift({ label: plainText(current, 80), value: current, description: 'current' });
      if (current) base.push({ label: 'No stance', description: 'remove it', value: '' });
      const update = () => {
        const typed = quickPick.value.trim();
        quickPick.items = typed && !base.some((b) => b.value === typed) ? [{ label: plainText(typed, 80), value: typed, description: 'your own' }, ...base] : base;
        const active = quickPick.items.find((i) => i.value === (typed || current));
        if (active) quickPick.activeItems = [active];
      };
      chosen = await runQuickPick(quickPick, update, (item) => (item ? item.value : quickPick.value.trim()));
      if (chosen === undefined) return;
    }
    await picked.article.session.update(picked.annotation.id, { stance: chosen }, this.provenance(picked.article));
  }

  /** Undoes or redoes the last annotation action of the focused article (view or editor). */
  private async history(which: 'undo' | 'redo'): Promise<void> {
    const target = await this.target();
    if (!target) return;
    const session = target.article.session;
    const done = which === 'undo' ? await session.undo() : await session.redo();
    if (done) this.tell(target, `${which === 'undo' ? 'Undone' : 'Redone'}: ${done}.`, true);
    else this.tell(target, `Nothing to ${which} among the annotations of ${shownName(target.article.uri)}.`);
  }

  /**
   * Re-attaches an annotation (typically an orphan) to the current selection of its article, in
   * the Hashiya view or a text editor. Without an argument it asks which orphan to re-attach.
   */
  async reattach(node?: AnnotationRef, selection?: { anchor16: number; focus16: number }, view?: ArticleView): Promise<void> {
    const target = await this.target(view, selection);
    if (!target) {
      void showInfo('Open the article, select the text the annotation belongs to, then re-attach it.');
      return;
    }
    const set = target.article.session.set;
    let id: string | undefined;
    const ref = node && ('kind' in node ? (node.kind === 'mention' ? { article: node.mention.article, id: node.mention.annotation.id } : undefined) : node);
    if (ref) {
      if (ref.article !== target.article.uri.toString()) throw new Error('select the text in the annotation\'s own article first');
      id = ref.id;
    } else {
      const orphans = set.annotations.filter((a) => a.anchored === 'orphaned');
      if (orphans.length === 0) {
        this.tell(target, 'This article has no orphaned annotations.');
        return;
      }
      const pick = await vscode.window.showQuickPick(orphans.map((a) => ({ label: `${plainText(this.title(a.label), 40)}: ${plainText(a.quote, 80)}`, annotation: a })),
        { placeHolder: 'Re-attach which orphaned annotation to the selection?' });
      id = pick?.annotation.id;
    }
    if (!id) return;
    const text = set.text;
    const span = normalizeSelection(text, clamp(target.anchor16, text.length), clamp(target.focus16, text.length), { trimWhitespace: settings(target.article.uri).trimWhitespace });
    if (!span) {
      this.tell(target, 'Select the text the annotation belongs to first.');
      return;
    }
    await target.article.session.reattach(id, set.index.toCodePoint(span.start), set.index.toCodePoint(span.end), this.provenance(target.article));
    target.view?.post({ type: 'marked', start16: span.start, end16: span.end });
  }

  private async openSidecar(uri?: vscode.Uri): Promise<void> {
    let sidecar: vscode.Uri | undefined;
    if (uri && /\.ya?ml$/i.test(uri.path)) sidecar = uri;
    else {
      const articleUri = uri ?? this.editorProvider.activeView?.document.uri ?? vscode.window.activeTextEditor?.document.uri;
      const document = articleUri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === articleUri.toString());
      const article = document && await this.sessions.open(document);
      sidecar = article?.sidecarUri;
    }
    if (!sidecar) {
      void showInfo('Open an article first: its sidecar is written when you make the first annotation.');
      return;
    }
    try {
      await vscode.workspace.fs.stat(sidecar);
    } catch {
      void showInfo(`${shownName(sidecar)} does not exist yet: it is written when you make the first annotation.`);
      return;
    }
    await vscode.window.showTextDocument(sidecar, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  private provenance(article: Article) {
    return { author: settings(article.uri).author, now: new Date().toISOString() };
  }
}

function clamp(n: number, max: number): number {
  return Math.min(Math.max(0, n), max);
}

function activeCustomUri(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab?.input instanceof vscode.TabInputCustom || tab?.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}
