import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { type ArticleFilter, type ArticleRow, countByStatus, isEmptyFilter, passesFilter } from '../../core/corpus/articleList';
import { emptySummary } from '../../core/corpus/articleSummary';
import { ARTICLE_STATUSES, type ArticleStatus, isArticleStatus } from '../../core/model/articleStatus';
import { type ProjectSchema, labelTitle } from '../../core/model/projectSchema';
import { plainText } from '../../core/presentation/inertText';
import { ARTICLES_VIEW_ID, Commands } from '../commandIds';
import { traceTime } from '../files/readTrace';
import type { WorkspaceScan } from '../files/workspaceScan';
import type { SessionManager } from '../sessions/sessionManager';
import { uiTreeItem } from '../util/uiDirection';

/** An article of the Articles view: its row, and where the article and its sidecar are. */
export interface ArticleEntry {
  row: ArticleRow;
  uri: vscode.Uri;
  sidecarUri?: vscode.Uri;
}

/** A node of the Articles tree: a folder, or an article in it. */
export type ArticleNode =
  | { kind: 'folder'; folder: string; entries: ArticleEntry[] }
  | { kind: 'article'; entry: ArticleEntry };

/** The ThemeIcon and colour of each status (the status is also written in the description and tooltip). */
const STATUS_ICONS: Record<ArticleStatus, [string, string | undefined]> = {
  new: ['circle-large-outline', undefined],
  'in-progress': ['edit', 'charts.blue'],
  done: ['pass', 'charts.green'],
  'needs-review': ['eye', 'charts.yellow'],
  adjudicated: ['verified', 'charts.purple'],
};

/** A status in words, in the UI language. */
export function statusTitle(status: ArticleStatus): string {
  switch (status) {
    case 'new':
      return vscode.l10n.t('New');
    case 'in-progress':
      return vscode.l10n.t('In progress');
    case 'done':
      return vscode.l10n.t('Done');
    case 'needs-review':
      return vscode.l10n.t('Needs review');
    case 'adjudicated':
      return vscode.l10n.t('Adjudicated');
  }
}

/** The ThemeIcon of a status. */
export function statusIcon(status: ArticleStatus): vscode.ThemeIcon {
  const [id, colour] = STATUS_ICONS[status];
  return new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
}

/** Where the filter is kept between sessions (workspace state). */
const FILTER_KEY = 'hashiya.articles.filter';

/** The filter kept in the workspace state, if it is one (anything else: no filter). */
function validFilter(value: unknown): ArticleFilter {
  if (typeof value !== 'object' || value === null) return {};
  const { statuses, annotator } = value as { statuses?: unknown; annotator?: unknown };
  return {
    ...(Array.isArray(statuses) && statuses.every(isArticleStatus) ? { statuses } : {}),
    ...(typeof annotator === 'string' ? { annotator } : {}),
  };
}

/** Folders are shown open while the tree shows at most this many articles. */
const EXPANDED_UP_TO = 200;

/**
 * The "Articles" tree: every article of the workspace by folder, with its counts per label of
 * the project schema, orphaned annotations, annotators and status (docs/articles-view.md);
 * filtered by status and annotator. The articles and their sidecars' summaries come from the
 * workspace scan it shares with the Entities tree and the conflict index ({@link WorkspaceScan}):
 * a line scan per sidecar, no model built, kept until the sidecar changes; after one sidecar
 * changed, only that one is read again, and the workspace is not searched again
 * (bench/articlesView.bench.ts, bench/workspaceView.bench.ts).
 */
export class ArticleTreeProvider extends Disposable implements vscode.TreeDataProvider<ArticleNode> {
  private readonly emitter = new vscode.EventEmitter<ArticleNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<ArticleNode>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private filterValue: ArticleFilter = {};
  /** How many articles the tree shows now (folders open only up to {@link EXPANDED_UP_TO}). */
  private shownCount = 0;
  private listing: Promise<ArticleEntry[]> | undefined;
  private readonly listened = new vscode.EventEmitter<ArticleEntry[]>();
  /** Fires with every listing once the tree has it (tests wait for it). */
  readonly onDidList = this.listened.event;

  static register(context: vscode.ExtensionContext, sessions: SessionManager, scan: WorkspaceScan):
    ArticleTreeProvider {
    const provider = new ArticleTreeProvider(sessions, scan, context.workspaceState);
    context.subscriptions.push(provider);
    return provider;
  }

  private constructor(private readonly sessions: SessionManager, private readonly scan: WorkspaceScan,
    private readonly state: vscode.Memento) {
    super();
    this.view = vscode.window.createTreeView(ARTICLES_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this._registerAll(
      this.view,
      this.emitter,
      this.listened,
      // a sidecar changed, came or went (the scan reads only that one again), an article came or went
      scan.onDidChange(() => this.refreshSoon()),
      // changes while it was hidden were not listed: shown again, it lists anew
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && !this.listing) this.emitter.fire(undefined);
      }),
    );
    // the filter of the last session in this workspace (an analyst filters by their own name)
    this.setFilter(validFilter(state.get<unknown>(FILTER_KEY)));
    // listed from the start, so that the view is ready when it is opened (later listings read
    // only what changed)
    void this.entries().catch(() => undefined);
  }

  /** The filter in use. */
  get filter(): ArticleFilter {
    return this.filterValue;
  }

  /** Shows only the articles `filter` lets through (an empty filter: all). */
  setFilter(filter: ArticleFilter): void {
    this.filterValue = filter;
    void this.state.update(FILTER_KEY, isEmptyFilter(filter) ? undefined : filter);
    void vscode.commands.executeCommand('setContext', 'hashiya.articlesFiltered', !isEmptyFilter(filter));
    this.view.description = this.filterText();
    if (isEmptyFilter(filter)) this.view.message = undefined;
    this.emitter.fire(undefined);
  }

  /**
   * Lists again soon (after a burst of file events); while the view is hidden, only forgets the
   * listing (the next look, or "Open Next Article to Annotate", lists again).
   */
  refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    if (!this.view.visible) {
      this.listing = undefined;
      return;
    }
    this.refreshTimer = setTimeout(() => this.relist(), 80);
  }

  /** Lists again now from what is kept and what changed. */
  private relist(): void {
    clearTimeout(this.refreshTimer);
    this.listing = undefined;
    this.emitter.fire(undefined);
  }

  /** Lists again now, searching the workspace and reading every sidecar afresh (the view's Refresh). */
  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.scan.refresh();
    this.listing = undefined;
    this.emitter.fire(undefined);
  }

  /** How many sidecars the workspace scan (shared with the Entities tree) has read (tests, benchmarks). */
  get sidecarReads(): number {
    return this.scan.reads;
  }

  /** How many times the workspace scan has read the sidecar at `uri` (tests count them). */
  sidecarReadsOf(uri: vscode.Uri): number {
    return this.scan.readsOf(uri);
  }

  /** How many times the workspace was searched for articles (tests count them). */
  get searches(): number {
    return this.scan.searches;
  }

  private get schema(): ProjectSchema {
    return this.sessions.schema;
  }

  /** Every article of the workspace, in the view's order (the current listing; lists when there is none). */
  entries(): Promise<ArticleEntry[]> {
    this.listing ??= this.list().then((entries) => {
      this.listened.fire(entries);
      return entries;
    });
    return this.listing;
  }

  private async list(): Promise<ArticleEntry[]> {
    const start = Date.now();
    const found = await this.scan.articles();
    traceTime('articles.search', start);
    const out: ArticleEntry[] = found.map(({ uri, sidecarUri }) => {
      const { folder, name } = placeOf(uri);
      return { row: { folder, name }, uri, ...(sidecarUri ? { sidecarUri } : {}) };
    });
    const withSidecar = out.filter((e) => e.sidecarUri);
    const scanned = await this.scan.sidecars(withSidecar.map((e) => e.sidecarUri!));
    withSidecar.forEach((entry, i) => Object.assign(entry.row, scanned[i]!.facts));
    for (const entry of out) if (!entry.sidecarUri) Object.assign(entry.row, { summary: emptySummary() });
    traceTime('articles.list', start);
    return out.sort((a, b) => compare(a.row.folder, b.row.folder) || compare(a.row.name, b.row.name));
  }

  async getChildren(node?: ArticleNode): Promise<ArticleNode[]> {
    if (node?.kind === 'folder') return node.entries.map((entry) => ({ kind: 'article', entry }));
    if (node) return [];
    const all = await this.entries();
    const shown = all.filter((e) => passesFilter(e.row, this.filterValue));
    this.describe(all.length, shown.length);
    this.shownCount = shown.length;
    const folders = new Map<string, ArticleEntry[]>();
    for (const entry of shown) folders.set(entry.row.folder, [...(folders.get(entry.row.folder) ?? []), entry]);
    return [...folders].map(([folder, entries]) => ({ kind: 'folder', folder, entries }));
  }

  /** The filter in words for the view's description (undefined: no filter). */
  private filterText(): string | undefined {
    const parts: string[] = [];
    const statuses = this.filterValue.statuses ?? [];
    if (statuses.length > 0) parts.push(statuses.map(statusTitle).join(', '));
    if (this.filterValue.annotator !== undefined) parts.push(plainText(this.filterValue.annotator, 60));
    return parts.length > 0 ? vscode.l10n.t('filtered: {0}', parts.join(' · ')) : undefined;
  }

  /** The view's description (the filter) and message (how many are shown). */
  private describe(total: number, shown: number): void {
    this.view.description = this.filterText();
    this.view.message = isEmptyFilter(this.filterValue) ? undefined
      : shown === 0 ? vscode.l10n.t('No article of {0} passes the filter.', total)
        : vscode.l10n.t('{0} of {1} articles shown.', shown, total);
  }

  getTreeItem(node: ArticleNode): vscode.TreeItem {
    if (node.kind === 'folder') {
      const label = node.folder === '' ? vscode.l10n.t('(workspace folder)') : plainText(node.folder, 120);
      // a large corpus opens folded: its folders' counts at a glance, each article row only when asked for
      const item = new vscode.TreeItem(label, this.shownCount > EXPANDED_UP_TO
        ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = `folder:${node.folder}`;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'articleFolder';
      const counts = countByStatus(node.entries.map((e) => e.row));
      const byStatus = ARTICLE_STATUSES.filter((s) => counts[s]).map((s) => `${statusTitle(s)} ${counts[s]}`);
      const parts = [
        node.entries.length === 1 ? vscode.l10n.t('1 article') : vscode.l10n.t('{0} articles', node.entries.length),
        ...byStatus,
      ];
      item.description = parts.join(' · ');
      item.tooltip = [label, ...parts].join('\n');
      return uiTreeItem(item);
    }
    const { row, uri } = node.entry;
    const item = new vscode.TreeItem(plainText(row.name, 120), vscode.TreeItemCollapsibleState.None);
    item.id = `article:${uri.toString()}`;
    item.contextValue = 'article';
    item.command = { command: Commands.openWithHashiya, title: vscode.l10n.t('Open with Hashiya'), arguments: [uri] };
    if (!row.summary) {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      const problem = plainText(row.problem ?? '', 200);
      item.description = vscode.l10n.t('sidecar cannot be read: {0}', problem);
      item.tooltip = item.description;
      return uiTreeItem(item);
    }
    const s = row.summary;
    item.iconPath = statusIcon(s.status);
    const language = vscode.env.language;
    const counts = this.schema.labels
      .filter((l) => s.counts[l.id])
      .map((l) => `${labelTitle(this.schema, l.id, language)} ${s.counts[l.id]}`);
    // a label the schema lacks (a sidecar of another project) still counts
    for (const [label, n] of Object.entries(s.counts)) {
      if (!this.schema.labels.some((l) => l.id === label)) counts.push(`${plainText(label, 32)} ${n}`);
    }
    const orphaned = s.orphaned > 0 ? [vscode.l10n.t('{0} orphaned', s.orphaned)] : [];
    const conflicts = s.conflicts > 0 ? [vscode.l10n.t('{0} conflicts', s.conflicts)] : [];
    const annotators = s.annotators.map((a) => plainText(a, 40)).join(', ');
    item.description = [statusTitle(s.status), counts.join(', '), ...orphaned, ...conflicts, annotators]
      .filter((p) => p !== '')
      .join(' · ');
    const lines = [
      `${plainText(row.folder === '' ? row.name : `${row.folder}/${row.name}`, 200)}`,
      vscode.l10n.t('Status: {0}', statusTitle(s.status)) +
        (s.statusRecord?.by || s.statusRecord?.at
          ? ` (${[s.statusRecord.by && plainText(s.statusRecord.by, 60), s.statusRecord.at].filter(Boolean).join(', ')})`
          : s.statusRecord ? '' : ` ${vscode.l10n.t('(not set)')}`),
      counts.length > 0 ? counts.join(', ') : vscode.l10n.t('No annotations'),
      ...orphaned,
      ...conflicts,
      ...(annotators ? [vscode.l10n.t('Annotated by {0}', annotators)] : []),
    ];
    item.tooltip = lines.join('\n');
    item.accessibilityInformation = { label: `${plainText(row.name, 120)}, ${item.description}` };
    return uiTreeItem(item);
  }
}

/** Where an article sits in the view: its folder relative to its workspace folder, and its name. */
export function placeOf(uri: vscode.Uri): { folder: string; name: string } {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const root = vscode.workspace.getWorkspaceFolder(uri);
  const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  if (!root) return { folder: uri.path.slice(0, uri.path.lastIndexOf('/')), name };
  const relative = uri.path.slice(root.uri.path.replace(/\/$/, '').length + 1);
  const inner = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
  return { folder: multi ? (inner ? `${root.name}/${inner}` : root.name) : inner, name };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
