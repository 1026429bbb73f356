import * as vscode from 'vscode';
import { LineCounter, isMap, isSeq, parseDocument } from 'yaml';
import { type Annotation, conflictAlternatives, isOrphaned } from '../../core/model/annotation';
import { type AnnotationSet, replaceAnnotations } from '../../core/model/annotationSet';
import { type ConflictChoice, resolveAnnotationConflict } from '../../core/merge/conflict';
import { annotationConflictSummary, conflictFieldList } from '../../core/merge/conflictRows';
import { plainMessage, plainText } from '../../core/presentation/inertText';
import { showInfo, showStatus } from '../util/notify';
import type { ViewMessage } from '../../shared/protocol';
import { ARTICLE_VIEW_TYPE, Commands } from '../commandIds';
import type { ArticleView } from '../views/articleEditorProvider';
import type { ConflictNode } from '../views/entityTreeProvider';
import {
  type ConflictEntry,
  type ConflictIndex,
  type ConflictRef,
  capitalised,
  sameConflict,
} from '../files/conflictIndex';
import { type Article, isArticleDocument } from '../sessions/article';
import type { SessionManager } from '../sessions/sessionManager';
import { baseName } from '../files/sidecarFiles';
import { type CommandContext, labelWord } from './commandContext';
import type { ProjectSchema } from '../../core/model/projectSchema';
import { type Command, command } from './commandManager';
import { uiItem, uiLine } from '../util/uiDirection';

/**
 * What the conflict commands accept as first argument: a ref, a tree node, or nothing (ask or take the one in front).
 */
export type ConflictArg = ConflictRef | ConflictNode | undefined;

function refOf(arg: unknown): ConflictRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (a.kind === 'conflict' && a.entry && typeof a.entry === 'object') return (a.entry as ConflictEntry).ref;
  if (typeof a.entity === 'string') return { entity: a.entity };
  if (typeof a.article !== 'string') return undefined;
  if (a.published === true) return { article: a.article, published: true };
  return typeof a.id === 'string' ? { article: a.article, id: a.id } : undefined;
}

/**
 * Resolving recorded merge conflicts (docs/sidecar-format.md, "Recorded conflicts"): the palette
 * commands Resolve Conflict: Take Ours / Take Theirs / Take Both and Go to Next / Previous
 * Conflict, the view's keys (H, I, B, J), the tree's context menu, quick fixes and hover links.
 * Annotations are resolved through the article's session (one undo step, written atomically),
 * the publication date too, entities through the registry.
 */
export class ConflictCommands {
  constructor(
    private readonly context: CommandContext,
    readonly index: ConflictIndex,
  ) {}

  private get sessions(): SessionManager {
    return this.context.sessions;
  }

  get commands(): Command[] {
    return [
      command(Commands.resolveConflictOurs, (arg?: ConflictArg) => this.resolve('ours', arg)),
      command(Commands.resolveConflictTheirs, (arg?: ConflictArg) => this.resolve('theirs', arg)),
      command(Commands.resolveConflictBoth, (arg?: ConflictArg) => this.resolve('both', arg)),
      command(Commands.nextConflict, () => this.step(1)),
      command(Commands.previousConflict, () => this.step(-1)),
    ];
  }

  /**
   * Takes ours, theirs or both in the conflict `arg` names; without one, in the conflict in front
   * (the view's conflict bar, the annotation at the cursor, the conflict the cursor is in in a
   * sidecar or the registry), else asks. Returns true when something was resolved.
   */
  async resolve(choice: ConflictChoice, arg?: ConflictArg): Promise<boolean> {
    const ref = refOf(arg) ?? (await this.conflictInFront(choice));
    if (!ref) return false;
    return this.resolveRef(ref, choice);
  }

  /** Resolves `ref`; false when it has no recorded conflict any more (resolved meanwhile: nothing is done). */
  async resolveRef(ref: ConflictRef, choice: ConflictChoice, view?: ArticleView): Promise<boolean> {
    if ('published' in ref && choice === 'both')
      throw new Error(vscode.l10n.t('an article has one publication date: take ours or theirs'));
    if ('entity' in ref) {
      const done = await this.context.entities.resolveConflict(ref.entity, choice);
      if (done) {
        const name = plainText(this.index.find(ref)?.title ?? ref.entity, 40);
        this.say(
          choice === 'ours'
            ? vscode.l10n.t('Took ours in the conflict of entity {0}.', name)
            : choice === 'theirs'
              ? vscode.l10n.t('Took theirs in the conflict of entity {0}.', name)
              : vscode.l10n.t('Took both in the conflict of entity {0}.', name),
          view,
        );
      }
      return done;
    }
    const uri = vscode.Uri.parse(ref.article);
    const article = await this.context.articleOf(uri);
    if (!article) throw new Error(vscode.l10n.t('{0} cannot be opened to resolve its conflict', baseName(uri)));
    let done: boolean;
    let took: string;
    if ('published' in ref) {
      done = await article.session.resolvePublishedConflict(choice);
      took =
        choice === 'ours'
          ? vscode.l10n.t('Took ours for the publication date.')
          : vscode.l10n.t('Took theirs for the publication date.');
    } else {
      const result = await article.session.mutate(
        (set) => {
          const a = set.get(ref.id);
          if (!a?.conflict) return undefined;
          const resolved = resolveAnnotationConflict(set.annotations, ref.id, choice, {
            text: set.text,
            now: new Date().toISOString(),
          });
          replaceAnnotations(set, resolved.annotations);
          return { annotation: a, resolved };
        },
        choice === 'ours'
          ? vscode.l10n.t('take ours in a conflict')
          : choice === 'theirs'
            ? vscode.l10n.t('take theirs in a conflict')
            : vscode.l10n.t('take both in a conflict'),
      );
      done = !!result;
      // a removal takes the annotation's later alternatives along: say so (undo brings them back)
      const dropped = result?.resolved.removed ? conflictAlternatives(result.annotation.conflict).length - 1 : 0;
      const removed =
        dropped > 1
          ? vscode.l10n.t(
              ' (removed, with the {0} other alternatives later merges recorded on it; undo brings them back)',
              dropped,
            )
          : dropped === 1
            ? vscode.l10n.t(' (removed, with the 1 other alternative later merges recorded on it; undo brings it back)')
            : vscode.l10n.t(' (removed)');
      const how = result?.resolved.removed
        ? removed
        : result?.resolved.added
          ? vscode.l10n.t(' (a copy with theirs added)')
          : '';
      const next = result?.resolved.kept?.conflict
        ? vscode.l10n.t('; its next alternative (recorded by a later merge) is up now')
        : '';
      const label = result ? this.context.word(result.annotation.label) : '';
      const quote = result ? plainText(result.annotation.quote, 40) : '';
      took = !result
        ? ''
        : choice === 'ours'
          ? vscode.l10n.t('Took ours for {0} {1}{2}{3}.', label, quote, how, next)
          : choice === 'theirs'
            ? vscode.l10n.t('Took theirs for {0} {1}{2}{3}.', label, quote, how, next)
            : vscode.l10n.t('Took both for {0} {1}{2}{3}.', label, quote, how, next);
    }
    if (done) {
      const left = this.leftIn(article);
      // git marks a sidecar merged with recorded conflicts (driver exit 1) as unmerged until it is added
      const settled = vscode.l10n.t(
        'No conflicts left in this article. If git is in the middle of a merge, mark the sidecar resolved: git add {0}',
        plainText(baseName(article.sidecarUri), 80),
      );
      this.say(
        `${took} ${
          left === 0
            ? settled
            : left === 1
              ? vscode.l10n.t('1 conflict left.')
              : vscode.l10n.t('{0} conflicts left.', left)
        }`,
        view,
        article,
        left === 0,
      );
    } else {
      // a hover or a list still showing a conflict resolved since (a second click): nothing is done, and that is said
      this.say(vscode.l10n.t('That conflict is already resolved: nothing was changed.'), view, article);
    }
    return done;
  }

  /** Conflicts still recorded in an article (in memory). */
  private leftIn(article: Article): number {
    return (
      article.session.set.annotations.filter((a) => a.conflict).length + (article.session.published?.conflict ? 1 : 0)
    );
  }

  /**
   * Says `message` in the view in front, else in the status bar, or (`lasting`: a next step to read in full) as a
   * notification.
   */
  private say(message: string, view?: ArticleView, article?: Article, lasting = false): void {
    const target = view ?? (article ? this.context.editorProvider.viewsOf(article.uri)[0] : undefined);
    if (target && (view || this.viewInFront())) target.post({ type: 'notice', message });
    else if (lasting) void showInfo(message);
    else showStatus(vscode.l10n.t('Hashiya: {0}', message), 5000);
  }

  private viewInFront(): ArticleView | undefined {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const active = tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === ARTICLE_VIEW_TYPE;
    return active ? this.context.editorProvider.activeView : undefined;
  }

  /** The conflict a command without argument means; asks when it cannot tell. */
  private async conflictInFront(choice?: ConflictChoice): Promise<ConflictRef | undefined> {
    const view = this.viewInFront();
    if (view) {
      const article = this.sessions.peek(view.document.uri);
      const uri = view.document.uri.toString();
      const id = view.currentConflict?.id;
      const still =
        view.currentConflict &&
        article &&
        (id === undefined ? !!article.session.published?.conflict : !!article.session.set.get(id)?.conflict);
      if (still) return id === undefined ? { article: uri, published: true } : { article: uri, id };
      if (article) return this.pickIn(this.entriesOfArticle(article), choice);
    }
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const document = editor.document;
      const inFile = this.index.all.filter((e) => e.file.toString() === document.uri.toString());
      if (inFile.length > 0) {
        // in a sidecar or the registry: the conflict of the annotation or entity the cursor is in
        const inside = entryAtLine(document.getText(), inFile, editor.selection.active.line + 1);
        return inside ? inside.ref : this.pickIn(inFile, choice);
      }
      if (isArticleDocument(document)) {
        const article = await this.sessions.open(document);
        if (article) {
          const set = article.session.set;
          const from = set.index.toCodePoint(document.offsetAt(editor.selection.start));
          const to = set.index.toCodePoint(document.offsetAt(editor.selection.end));
          const here = (from === to ? set.at(from) : set.overlapping(from, to)).filter((a) => a.conflict);
          if (here.length === 1) return { article: article.uri.toString(), id: here[0].id };
          const entries = this.entriesOfArticle(article);
          return this.pickIn(
            here.length > 1 ? entries.filter((e) => here.some((a) => 'id' in e.ref && a.id === e.ref.id)) : entries,
            choice,
          );
        }
      }
    }
    return this.pickIn(this.index.all, choice);
  }

  /** The conflicts of an article as entries (in memory: also when its sidecar is not written yet). */
  private entriesOfArticle(article: Article): ConflictEntry[] {
    const fromIndex = this.index.ofArticle(article.uri);
    const ids = new Set(article.session.set.annotations.filter((a) => a.conflict).map((a) => a.id));
    return fromIndex.filter((e) => !('id' in e.ref) || ids.has(e.ref.id));
  }

  private async pickIn(
    entries: ConflictEntry[],
    choice?: ConflictChoice,
    active?: ConflictEntry,
  ): Promise<ConflictRef | undefined> {
    const usable = choice === 'both' ? entries.filter((e) => !('published' in e.ref)) : entries;
    if (usable.length === 0) {
      void showInfo(
        entries.length > 0
          ? vscode.l10n.t('The publication date can only be taken from one side: take ours or theirs.')
          : vscode.l10n.t(
              'No recorded conflicts here. Conflicts recorded by a merge are listed under "Conflicts" in the Entities tree and in the Problems view.',
            ),
      );
      return undefined;
    }
    const items = usable.map((entry) => uiItem({ ...conflictPickItem(entry, this.context.schema), entry }));
    const picker = vscode.window.createQuickPick<(typeof items)[number]>();
    picker.items = items;
    picker.title = uiLine(
      choice === 'ours'
        ? vscode.l10n.t('Resolve Conflict: Take Ours')
        : choice === 'theirs'
          ? vscode.l10n.t('Resolve Conflict: Take Theirs')
          : choice === 'both'
            ? vscode.l10n.t('Resolve Conflict: Take Both')
            : vscode.l10n.t('Recorded conflicts'),
    );
    picker.placeholder = uiLine(vscode.l10n.t('Which recorded conflict?'));
    picker.matchOnDescription = true;
    const current = active && items.find((i) => sameConflict(i.entry.ref, active.ref));
    if (current) picker.activeItems = [current];
    const picked = await new Promise<(typeof items)[number] | undefined>((resolve) => {
      picker.onDidAccept(() => {
        resolve(picker.selectedItems[0]);
        picker.hide();
      });
      picker.onDidHide(() => resolve(undefined));
      picker.show();
    }).finally(() => picker.dispose());
    return picked?.entry.ref;
  }

  /**
   * Goes to the next (1) or previous (-1) recorded conflict: in the view, its conflict bar moves;
   * in an article's text editor, the next conflicting annotation is selected; in a sidecar or the
   * registry, the next `conflict:` key. Where there are none, the next conflict of the workspace.
   */
  async step(direction: 1 | -1): Promise<void> {
    const view = this.viewInFront();
    if (view) {
      const article = this.sessions.peek(view.document.uri);
      if (article && this.leftIn(article) > 0) {
        view.post({ type: 'conflictStep', direction });
        return;
      }
    }
    const editor = vscode.window.activeTextEditor;
    if (!view && editor) {
      const document = editor.document;
      const inFile = this.index.all.filter((e) => e.file.toString() === document.uri.toString());
      if (inFile.length > 0) {
        const line = editor.selection.active.line + 1;
        const next =
          direction === 1
            ? (inFile.find((e) => e.problem.line > line) ?? inFile[0])
            : ([...inFile].reverse().find((e) => e.problem.line < line) ?? inFile.at(-1)!);
        await this.openAt(next);
        return;
      }
      const article = isArticleDocument(document) ? await this.sessions.open(document) : undefined;
      const placed = article ? article.session.set.annotations.filter((a) => a.conflict && !isOrphaned(a)) : [];
      if (article && placed.length > 0) {
        const set = article.session.set;
        const at = set.index.toCodePoint(document.offsetAt(editor.selection.start));
        const next =
          direction === 1
            ? (placed.find((a) => a.start > at) ?? placed[0])
            : ([...placed].reverse().find((a) => a.start < at) ?? placed.at(-1)!);
        selectIn(editor, set, next);
        const status = conflictStatus(next, placed.indexOf(next), placed.length, this.context.schema);
        showStatus(vscode.l10n.t('Hashiya: {0}', status), 8000);
        return;
      }
    }
    // nothing in front: the workspace's conflicts, article by article
    const here = view?.document.uri.toString() ?? editor?.document.uri.toString();
    const elsewhere = this.index.all.filter((e) => e.article?.toString() !== here && e.file.toString() !== here);
    if (elsewhere.length === 0) {
      void showInfo(vscode.l10n.t('No recorded conflicts in this workspace.'));
      return;
    }
    await this.openAt(direction === 1 ? elsewhere[0] : elsewhere.at(-1)!);
  }

  /** Shows a conflict where it can be acted on: an annotation in its article, else its `conflict:` key in its file. */
  private async openAt(entry: ConflictEntry): Promise<void> {
    if (entry.article && 'id' in entry.ref && !entry.orphaned) {
      await this.context.reveal(entry.article, entry.ref.id);
      return;
    }
    const position = new vscode.Position(entry.problem.line - 1, Math.max(0, entry.problem.column - 1));
    await vscode.window.showTextDocument(entry.file, {
      selection: new vscode.Range(position, position),
      preview: false,
    });
  }

  /** A conflict key pressed in the view (H, I, B), or the view telling which conflict its bar shows. */
  async onViewConflict(view: ArticleView, message: Extract<ViewMessage, { type: 'conflict' }>): Promise<void> {
    const uri = view.document.uri.toString();
    if (message.action === 'focus') {
      view.currentConflict = { id: message.id };
      return;
    }
    this.context.editorProvider.activeView = view;
    const ref: ConflictRef =
      message.id === undefined ? { article: uri, published: true } : { article: uri, id: message.id };
    try {
      // the conflict the analyst saw is already resolved (a key pressed twice): nothing happens
      await this.resolveRef(ref, message.action, view);
    } catch (err) {
      view.post({ type: 'notice', message: (err as Error).message });
    }
  }
}

/**
 * The entry whose annotation (or entity, or publication date) block of a sidecar or the registry
 * holds 1-based `line`, if any.
 */
function entryAtLine(source: string, entries: readonly ConflictEntry[], line: number): ConflictEntry | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { lineCounter: lines });
  const items = (key: string) => {
    const seq = doc.get(key, true);
    return isSeq(seq) ? seq.items : [];
  };
  const spans = (node: unknown): [number, number] | undefined => {
    const range = (node as { range?: number[] } | null)?.range;
    return range ? [lines.linePos(range[0]).line, lines.linePos(Math.max(range[0], range[1] - 1)).line] : undefined;
  };
  for (const entry of entries) {
    let node: unknown;
    if ('entity' in entry.ref) {
      const id = entry.ref.entity;
      node = items('entities').find((n) => isMap(n) && n.get('id') === id);
    } else if ('published' in entry.ref) node = doc.get('published', true);
    else {
      const id = entry.ref.id;
      node = items('annotations').find((n) => isMap(n) && n.get('id') === id);
    }
    const span = spans(node);
    if (span && span[0] <= line && line <= span[1]) return entry;
  }
  return undefined;
}

function selectIn(editor: vscode.TextEditor, set: AnnotationSet, a: Annotation): void {
  const range = new vscode.Range(
    editor.document.positionAt(set.index.toUtf16(a.start)),
    editor.document.positionAt(set.index.toUtf16(a.end)),
  );
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function conflictStatus(a: Annotation, at: number, of: number, schema: ProjectSchema): string {
  const summary = annotationConflictSummary(a);
  return vscode.l10n.t(
    'conflict {0} of {1}: {2} {3}, {4} (Resolve Conflict: Take Ours / Theirs / Both)',
    at + 1,
    of,
    labelWord(schema, a.label),
    plainText(a.quote, 30),
    summary ? plainMessage(conflictFieldList(summary)) : '',
  );
}

/** A quick-pick row for a conflict: what it is about, which fields, where. */
function conflictPickItem(entry: ConflictEntry, schema: ProjectSchema): vscode.QuickPickItem {
  const label = entry.label ?? 'claim';
  const what =
    'entity' in entry.ref
      ? vscode.l10n.t('Entity')
      : 'published' in entry.ref
        ? vscode.l10n.t('Publication date')
        : labelWord(schema, label, capitalised(label));
  return {
    label: 'published' in entry.ref ? what : vscode.l10n.t('{0}: {1}', what, plainText(entry.title, 40)),
    description: [
      plainMessage(conflictFieldList(entry.summary)),
      entry.summary.with ? vscode.l10n.t('with {0}', plainMessage(entry.summary.with)) : '',
      baseName(entry.article ?? entry.file),
    ]
      .filter(Boolean)
      .join(' · '),
    detail: plainMessage(entry.problem.message),
  };
}
