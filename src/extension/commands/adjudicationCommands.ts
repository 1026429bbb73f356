import * as vscode from 'vscode';
import { pickAnnotatorFolders } from '../util/folderPicker';
import {
  type Alignment,
  type AnnotatorVersion,
  type Decision,
  type DifferenceKind,
  alignAnnotators,
  decide,
  annotatorNames,
  goldOfItem,
  openItems,
  prefillUnanimous,
} from '../../core/adjudication/adjudication';
import { parseSidecar } from '../../core/format/sidecar';
import { checkSidecarTemplate } from '../../core/format/sidecarPath';
import type { Annotation } from '../../core/model/annotation';
import { type AnnotationSet, replaceAnnotations } from '../../core/model/annotationSet';
import { relationEntries, setRelation } from '../../core/model/relations';
import { plainText } from '../../core/presentation/inertText';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { textSha256 } from '../../core/text/textHash';
import type { ViewAdjudication, ViewAdjudicationItem, ViewMessage } from '../../shared/protocol';
import { Commands } from '../commandIds';
import { settings } from '../config';
import { baseName, sidecarUriOf } from '../files/sidecarFiles';
import type { Article } from '../sessions/article';
import { showInfo, showWarning } from '../util/notify';
import type { ArticleView } from '../views/articleEditorProvider';
import { ArticleEditorProvider } from '../views/articleEditorProvider';
import type { CommandContext } from './commandContext';
import { type Command, command } from './commandManager';

/** An article under adjudication: its annotators' aligned versions and where the adjudicator is. */
interface AdjudicationState {
  alignment: Alignment;
  /** Index (in the alignment) of the current item. */
  current: number | undefined;
  /** Items decided as "neither" (nothing of them goes to gold). */
  neither: Set<number>;
  /** True when the gold is a sidecar of its own (`hashiya.adjudication.goldTemplate`), not the article's. */
  ownGold: boolean;
}

/** What "Adjudicate Article…" found, for tests and scripts. */
export interface AdjudicationSummary {
  names: string[];
  /** Items in all, unanimous ones, and those to decide. */
  items: number;
  unanimous: number;
  open: number;
  /** Folders skipped, with why. */
  skipped: { folder: string; reason: string }[];
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Adjudication (docs/adjudication.md): "Adjudicate Article…" finds the versions of the article in
 * the annotators' folders (`hashiya.adjudication.annotatorFolders`, or picked), aligns them
 * (core/adjudication), prefills the gold (the article's own sidecar) with the unanimous
 * annotations and shows the rest in the article view; the keys and the palette commands take an
 * annotator's version, both, neither, or edit, each written to the gold through the article's
 * session.
 */
export class AdjudicationCommands {
  private readonly states = new Map<string, AdjudicationState>();

  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.adjudicateArticle, (uri?: unknown, folders?: unknown) =>
        this.adjudicate(
          uri instanceof vscode.Uri ? uri : undefined,
          Array.isArray(folders) ? folders.filter((f): f is vscode.Uri => f instanceof vscode.Uri) : undefined,
        ),
      ),
      command(Commands.adjudicationNext, () => this.step(1)),
      command(Commands.adjudicationPrevious, () => this.step(-1)),
      command(Commands.adjudicationTakeA, () => this.act({ take: [0] })),
      command(Commands.adjudicationTakeB, () => this.act({ take: [1] })),
      command(Commands.adjudicationTakeAnnotator, (k?: unknown) => this.takeAnnotator(k)),
      command(Commands.adjudicationTakeBoth, () => this.act('both')),
      command(Commands.adjudicationTakeNeither, () => this.act({ take: [] })),
      command(Commands.adjudicationEdit, () => this.edit()),
      command(Commands.endAdjudication, () => this.end()),
    ];
  }

  /** What the article's views show in adjudication mode; undefined when it is not adjudicated. */
  toView(article: Article): ViewAdjudication | undefined {
    const state = this.states.get(article.uri.toString());
    if (!state) return undefined;
    const { alignment } = state;
    const index = article.session.set.index;
    const letters = alignment.names.map((_, k) => LETTERS[k] ?? String(k + 1));
    const byId = alignment.names.map((_, k) => {
      const m = new Map<string, Annotation>();
      for (const item of alignment.items) {
        const v = item.versions[k];
        if (v) m.set(v.id, v);
      }
      return m;
    });
    const gold = article.session.set.annotations;
    const length = article.session.set.text.length;
    const to16 = (cp: number) => Math.min(length, index.toUtf16(cp));
    const items = openItems(alignment).map((item): ViewAdjudicationItem => ({
      index: item.index,
      status: item.status === 'some' ? 'some' : 'disagreement',
      decided: state.neither.has(item.index) || goldOfItem(item, gold, true, state.alignment.names).length > 0,
      kinds: item.kinds.map((kind) => kindWord(kind, item.versions.flatMap((v, k) => (v ? [letters[k]] : [])))),
      letters: item.versions.flatMap((v, k) => (v ? [letters[k]] : [])).join(''),
      start16: to16(item.start),
      end16: to16(item.end),
      versions: item.versions.map((v, k) =>
        v
          ? {
              label: v.label,
              start16: to16(v.start),
              end16: to16(v.end),
              quote: plainText(v.quote, 80),
              detail: this.detail(v, byId[k]),
            }
          : null,
      ),
    }));
    return {
      names: alignment.names.map((n) => plainText(n, 40)),
      letters,
      items,
      current: state.current,
      gold: baseName(article.sidecarUri),
    };
  }

  /** What a version says besides its span and label, in words: entity, relations, stance, value, attributes. */
  private detail(v: Annotation, byId: ReadonlyMap<string, Annotation>): string {
    const parts: string[] = [this.context.title(v.label)];
    if (v.entity !== undefined) {
      parts.push(vscode.l10n.t('entity {0}', plainText(this.context.entities.displayName(v) ?? v.entity, 40)));
    }
    for (const r of relationEntries(v)) {
      const target = byId.get(r.target);
      parts.push(`${r.name} «${plainText(target?.quote ?? r.target, 40)}»`);
    }
    if (v.stance !== undefined) parts.push(vscode.l10n.t('stance {0}', plainText(v.stance, 40)));
    if (v.value !== undefined) parts.push(vscode.l10n.t('value {0}', plainText(v.value, 40)));
    for (const [name, value] of Object.entries(v.attributes ?? {})) parts.push(`${name}=${plainText(value, 40)}`);
    return parts.join(' · ');
  }

  /**
   * Starts adjudicating the article `uri` (default: the one in front) with the versions in
   * `folders` (default: the setting, else picked): opens it in the view in adjudication mode.
   */
  async adjudicate(uri?: vscode.Uri, folders?: vscode.Uri[]): Promise<AdjudicationSummary | undefined> {
    const articleUri = uri ?? this.uriInFront();
    if (!articleUri) {
      void showWarning(vscode.l10n.t('Open an article to adjudicate first.'));
      return undefined;
    }
    const picked = folders?.length ? folders : await this.annotatorFolders(articleUri);
    if (!picked || picked.length === 0) return undefined;
    const document = await vscode.workspace.openTextDocument(articleUri);
    const text = document.getText();
    const hash = textSha256(text);
    const schema = this.context.schema;
    const versions: AnnotatorVersion[] = [];
    const skipped: { folder: string; reason: string }[] = [];
    // two folders of one name (/home/alice/corpus, /home/bob/corpus) get their parents' names too
    const names = annotatorNames(picked.map((folder) => folder.path));
    for (const [k, folder] of picked.entries()) {
      const name = names[k];
      const found = await readVersion(folder, articleUri, hash, schema);
      if (typeof found === 'string') skipped.push({ folder: name, reason: found });
      else versions.push({ name, annotations: found });
    }
    if (skipped.length > 0) {
      void showWarning(
        vscode.l10n.t(
          'Hashiya: left out of the adjudication: {0}',
          skipped.map((s) => `${plainText(s.folder, 40)} (${s.reason})`).join(vscode.l10n.t(', ')),
        ),
      );
    }
    if (versions.length < 2) {
      void showWarning(vscode.l10n.t(
        'Hashiya: adjudication needs the versions of at least two annotators; found {0}. Pick one folder per annotator, or set hashiya.adjudication.annotatorFolders.',
        versions.length));
      return undefined;
    }
    const alignment = alignAnnotators(versions);
    const goldTemplate = vscode.workspace.getConfiguration('hashiya', articleUri)
      .get<string>('adjudication.goldTemplate', '').trim();
    const templateProblem = goldTemplate ? checkSidecarTemplate(goldTemplate) : undefined;
    if (templateProblem) {
      throw new Error(vscode.l10n.t('the setting hashiya.adjudication.goldTemplate cannot be used: {0}', templateProblem));
    }
    // the gold: the article's own sidecar, or the place the setting gives (the session then works on that file)
    const article = goldTemplate
      ? await this.context.sessions.useSidecar(document, sidecarUriOf(articleUri, goldTemplate))
      : await this.context.articleOf(articleUri);
    if (!article) throw new Error(vscode.l10n.t('{0} cannot be annotated', baseName(articleUri)));
    const state: AdjudicationState = { alignment, current: undefined, neither: new Set(), ownGold: !!goldTemplate };
    this.states.set(articleUri.toString(), state);
    void vscode.commands.executeCommand('setContext', 'hashiya.adjudicating', true);
    await article.session.mutate(
      (set) => replaceAnnotations(set, prefillUnanimous(alignment, set.annotations)),
      vscode.l10n.t('prefill gold with the unanimous annotations'),
    );
    // annotations the gold had before: one on an item's span is replaced by the decision (its id kept)
    const before = article.session.set.annotations.filter((a) => !a.adjudication).length;
    state.current = this.nextOpen(article, state, -1, 1);
    await ArticleEditorProvider.open(articleUri);
    this.refresh(article, true);
    const open = openItems(alignment).length;
    const unanimous = alignment.items.length - open;
    void showInfo(
      vscode.l10n.t(
        'Adjudicating {0}: {1} annotators ({2}); {3} unanimous annotations in gold, {4} items to decide. Gold: {5}.',
        baseName(articleUri),
        versions.length,
        versions.map((v, k) => `${LETTERS[k]} ${plainText(v.name, 40)}`).join(vscode.l10n.t(', ')),
        unanimous,
        open,
        baseName(article.sidecarUri),
      ) +
        (before > 0
          ? vscode.l10n.t(
            ' The gold has {0} other annotations: deciding an item replaces the one on its span (its id kept); the rest stay.',
            before)
          : ''),
    );
    return { names: alignment.names, items: alignment.items.length, unanimous, open, skipped };
  }

  /** The view's adjudication keys and buttons. */
  async onViewAdjudicate(view: ArticleView, message: Extract<ViewMessage, { type: 'adjudicate' }>): Promise<void> {
    this.context.editorProvider.activeView = view;
    const uri = view.document.uri;
    switch (message.action) {
      case 'take':
        await this.act({ take: [message.annotator ?? 0] }, uri);
        return;
      case 'both':
        await this.act('both', uri);
        return;
      case 'neither':
        await this.act({ take: [] }, uri);
        return;
      case 'edit':
        await this.edit(uri);
        return;
      case 'next':
        await this.step(1, uri);
        return;
      case 'previous':
        await this.step(-1, uri);
        return;
    }
  }

  /** The article in front: the active Hashiya view's, the active editor's, or the one being adjudicated. */
  private uriInFront(): vscode.Uri | undefined {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (tab?.input instanceof vscode.TabInputCustom) return tab.input.uri;
    if (tab?.input instanceof vscode.TabInputText) return tab.input.uri;
    const view = this.context.editorProvider.activeView;
    if (view) return view.document.uri;
    return vscode.window.activeTextEditor?.document.uri;
  }

  /** The adjudication in front (see {@link uriInFront}), else the only one in progress. */
  private async inFront(uri?: vscode.Uri): Promise<{ article: Article; state: AdjudicationState } | undefined> {
    let key = (uri ?? this.uriInFront())?.toString();
    if (key === undefined || !this.states.has(key)) key = this.states.size === 1 ? [...this.states.keys()][0] : key;
    const state = key === undefined ? undefined : this.states.get(key);
    if (!state || key === undefined) {
      void showInfo(vscode.l10n.t('No article is being adjudicated here: run "Adjudicate Article…" first.'));
      return undefined;
    }
    const article = await this.context.articleOf(vscode.Uri.parse(key));
    return article ? { article, state } : undefined;
  }

  /** The annotators' folders of the setting (relative to the article's workspace folder), else picked. */
  private async annotatorFolders(articleUri: vscode.Uri): Promise<vscode.Uri[] | undefined> {
    const root = vscode.workspace.getWorkspaceFolder(articleUri)?.uri;
    const configured = vscode.workspace
      .getConfiguration('hashiya', articleUri)
      .get<string[]>('adjudication.annotatorFolders', [])
      .filter((p) => typeof p === 'string' && p.trim() !== '')
      .map((p) =>
        /^([a-zA-Z]:)?[\\/]/.test(p) || !root ? vscode.Uri.file(p) : vscode.Uri.joinPath(root, p),
      );
    if (configured.length > 0) return configured;
    // the folders can also be set once: hashiya.adjudication.annotatorFolders
    return pickAnnotatorFolders({
      root,
      openLabel: vscode.l10n.t('Adjudicate These Annotators'),
      title: vscode.l10n.t('Folders of the annotators: one each, with a copy of this article'),
    });
  }

  /** Takes the versions of annotator `k` (asks which when not given). */
  private async takeAnnotator(k: unknown): Promise<void> {
    let index = typeof k === 'number' && Number.isInteger(k) ? k : undefined;
    if (index === undefined) {
      const found = await this.inFront();
      if (!found) return;
      const item = found.state.current === undefined ? undefined : found.state.alignment.items[found.state.current];
      const picks = found.state.alignment.names.flatMap((name, j) => {
        const v = item?.versions[j];
        return v ? [{ label: `${LETTERS[j]} ${plainText(name, 40)}`, detail: plainText(v.quote, 80), j }] : [];
      });
      const pick = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Take the version of') });
      if (!pick) return;
      index = pick.j;
    }
    await this.act({ take: [index] });
  }

  /** Decides the current item: `both` takes every annotator's version (one per distinct version). */
  private async act(decision: Decision | 'both', uri?: vscode.Uri): Promise<boolean> {
    const found = await this.inFront(uri);
    if (!found) return false;
    const { article, state } = found;
    if (state.current === undefined) {
      void showInfo(vscode.l10n.t('Nothing left to decide in this adjudication.'));
      return false;
    }
    const item = state.alignment.items[state.current];
    const d: Decision =
      decision === 'both' ? { take: item.versions.flatMap((v, k) => (v ? [k] : [])) } : decision;
    const missing = d.take.find((k) => !item.versions[k]);
    if (missing !== undefined) {
      void showInfo(
        vscode.l10n.t('{0} has no version of this item.', `${LETTERS[missing] ?? missing + 1} (${plainText(state.alignment.names[missing] ?? '?', 40)})`),
      );
      return false;
    }
    await article.session.mutate((set) => {
      applyChange(set, decide(state.alignment, set.annotations, item.index, d));
    }, vscode.l10n.t('adjudicate'));
    if (d.take.length === 0) state.neither.add(item.index);
    else state.neither.delete(item.index);
    state.current = this.nextOpen(article, state, item.index, 1) ?? item.index;
    this.refresh(article, true);
    return true;
  }

  /**
   * Edit: the current item's gold annotation (the first annotator's version taken when it has
   * none yet), recorded as edited and selected in the view, where the usual keys change it.
   */
  private async edit(uri?: vscode.Uri): Promise<void> {
    const found = await this.inFront(uri);
    const current = found?.state.current;
    if (!found || current === undefined) return;
    const { article, state } = found;
    const item = state.alignment.items[current];
    const existing = goldOfItem(item, article.session.set.annotations, true, state.alignment.names)[0];
    const from = existing?.adjudication?.from[0];
    const firstVersion = item.versions.findIndex((v) => v !== undefined);
    const k = Math.max(0, from !== undefined ? state.alignment.names.indexOf(from) : firstVersion);
    await article.session.mutate((set) => {
      applyChange(set, decide(state.alignment, set.annotations, item.index, { take: [k], edited: true }));
    }, vscode.l10n.t('adjudicate'));
    state.neither.delete(item.index);
    const gold = goldOfItem(item, article.session.set.annotations, true, state.alignment.names)[0];
    this.refresh(article, false);
    if (!gold) return;
    const index = article.session.set.index;
    for (const view of this.context.editorProvider.viewsOf(article.uri)) {
      view.reveal(index.toUtf16(gold.start), index.toUtf16(gold.end));
      view.selection = { anchor16: index.toUtf16(gold.start), focus16: index.toUtf16(gold.end) };
    }
  }

  /** Moves to the next (1) or previous (-1) item to decide, decided ones included when all are. */
  private async step(direction: 1 | -1, uri?: vscode.Uri): Promise<void> {
    const found = await this.inFront(uri);
    if (!found) return;
    const { article, state } = found;
    const items = openItems(state.alignment);
    if (items.length === 0) return;
    const at = items.findIndex((i) => i.index === state.current);
    const next = items[(at < 0 ? 0 : at + direction + items.length) % items.length];
    state.current = next.index;
    this.refresh(article, true);
  }

  /** Ends the adjudication in front: the view leaves adjudication mode; the gold stays as written. */
  private async end(): Promise<void> {
    const found = await this.inFront();
    if (!found) return;
    this.states.delete(found.article.uri.toString());
    void vscode.commands.executeCommand('setContext', 'hashiya.adjudicating', this.states.size > 0);
    // the article goes back to its own sidecar
    if (found.state.ownGold) await this.context.sessions.useSidecar(found.article.document, undefined);
    for (const view of this.context.editorProvider.viewsOf(found.article.uri)) {
      view.post({ type: 'adjudication', adjudication: null, reveal: false });
    }
  }

  /** The next undecided item after `from` in `direction` (wrapping), or undefined when all are decided. */
  private nextOpen(article: Article, state: AdjudicationState, from: number, direction: 1 | -1): number | undefined {
    const items = openItems(state.alignment);
    const gold = article.session.set.annotations;
    const open = (i: number) => !state.neither.has(i)
      && goldOfItem(state.alignment.items[i], gold, true, state.alignment.names).length === 0;
    const n = items.length;
    const at = items.findIndex((i) => i.index === from);
    for (let step = 1; step <= n; step++) {
      const item = items[((at < 0 ? (direction === 1 ? -1 : 0) : at) + direction * step + n * 2) % n];
      if (open(item.index)) return item.index;
    }
    return undefined;
  }

  private refresh(article: Article, reveal: boolean): void {
    for (const view of this.context.editorProvider.viewsOf(article.uri)) view.sendAdjudication(article, reveal);
  }
}

/** A difference in words ("only A" for the annotators who have it). */
function kindWord(kind: DifferenceKind, letters: string[]): string {
  switch (kind) {
    case 'missing':
      return vscode.l10n.t('only {0}', letters.join(''));
    case 'boundary':
      return vscode.l10n.t('boundary differs');
    case 'label':
      return vscode.l10n.t('label differs');
    case 'entity':
      return vscode.l10n.t('entity differs');
    case 'speaker':
      return vscode.l10n.t('speaker differs');
    case 'date':
      return vscode.l10n.t('date differs');
    case 'relations':
      return vscode.l10n.t('relations differ');
    case 'attributes':
      return vscode.l10n.t('attributes differ');
    case 'stance':
      return vscode.l10n.t('stance differs');
    case 'value':
      return vscode.l10n.t('value differs');
  }
}

/**
 * One annotator's annotations of the article: its copy at the article's path relative to the
 * workspace folder under `folder` (else at a shorter trailing part of that path, down to the file
 * name); a string saying why not when the copy is missing, its text differs (SHA-256) or its
 * sidecar cannot be read.
 */
async function readVersion(
  folder: vscode.Uri,
  articleUri: vscode.Uri,
  hash: string,
  schema: import('../../core/model/projectSchema').ProjectSchema,
): Promise<Annotation[] | string> {
  const root = vscode.workspace.getWorkspaceFolder(articleUri)?.uri.path.replace(/\/$/, '');
  const relative = root && articleUri.path.startsWith(`${root}/`) ? articleUri.path.slice(root.length + 1)
    : baseName(articleUri);
  const parts = relative.split('/');
  let copy: vscode.Uri | undefined;
  let bytes: Uint8Array | undefined;
  for (let i = 0; i < parts.length && !bytes; i++) {
    copy = vscode.Uri.joinPath(folder, ...parts.slice(i));
    bytes = await Promise.resolve(vscode.workspace.fs.readFile(copy)).catch(() => undefined);
  }
  if (!bytes || !copy) return vscode.l10n.t('no copy of {0}', plainText(relative, 80));
  const text = decodeUtf8(bytes);
  if (!text.ok) return vscode.l10n.t('the article is {0}', text.message);
  if (textSha256(text.text) !== hash) return vscode.l10n.t('its text differs from this article (text hash)');
  const sidecarUri = sidecarUriOf(copy, settings(copy).sidecarTemplate);
  const sidecarBytes = await Promise.resolve(vscode.workspace.fs.readFile(sidecarUri)).catch(() => undefined);
  if (!sidecarBytes) return vscode.l10n.t('no sidecar');
  const source = decodeUtf8(sidecarBytes);
  if (!source.ok) return vscode.l10n.t('the sidecar is {0}', source.message);
  const parsed = parseSidecar(source.text, schema);
  if (!parsed.ok) {
    const p = parsed.problems[0];
    return vscode.l10n.t('its sidecar does not parse ({0}:{1}:{2}: {3})', baseName(sidecarUri), p.line, p.column,
      plainText(p.message, 120));
  }
  if (parsed.sidecar.text.sha256 !== undefined && parsed.sidecar.text.sha256 !== hash) {
    return vscode.l10n.t('its sidecar was made for another text (run hashiya anchor there)');
  }
  return parsed.sidecar.annotations;
}

/** Applies a gold change to the session's set: removals, additions, relations re-pointed. */
function applyChange(set: AnnotationSet, change: ReturnType<typeof decide>): void {
  for (const id of change.remove) set.remove(id);
  for (const a of change.add) set.restore(a);
  for (const r of change.relink) {
    const a = set.get(r.id);
    if (!a) continue;
    const copy: Annotation = { ...a };
    setRelation(copy, r.name, r.target);
    set.restore(copy);
  }
}
