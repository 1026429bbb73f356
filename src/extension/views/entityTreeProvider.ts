import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { type Annotation, type Label, stanceText } from '../../core/model/annotation';
import { type EntityGroup, type Mention, outlineEntities } from '../../core/entities/entities';
import { type Entity, kindTitle } from '../../core/entities/entityRegistry';
import type { EntityDirectory } from '../files/entityDirectory';
import { plainMessage, plainText } from '../../core/presentation/inertText';
import { shownName } from '../util/notify';
import { hoverMarkdown } from '../../core/presentation/hoverText';
import {
  type LabelDef,
  NEWS_PRESET,
  type ProjectSchema,
  codebookLines,
  labelDef,
  labelTitle,
} from '../../core/model/projectSchema';
import type { SchemaDirectory } from '../files/schemaDirectory';
import { Commands, ENTITIES_VIEW_ID } from '../commandIds';
import { type Article, isArticleDocument } from '../sessions/article';
import type { SessionManager } from '../sessions/sessionManager';
import type { ConflictEntry, ConflictIndex } from '../files/conflictIndex';
import { WorkspaceSources } from './workspaceSources';
import type { WorkspaceScan } from '../files/workspaceScan';
import { traceTime } from '../files/readTrace';
import { type ArticleAnnotations, sourceOfSession } from './articleSources';
import { conflictTreeItem } from './conflictTreeItem';
import {
  activeArticleUri, categoryTitles, claimsAndSpeakers, entitiesAndMentions, sameAnnotations, snippet,
} from './entityTreeText';
import { uiTreeItem } from '../util/uiDirection';

/** A tree node that stands for a recorded conflict (see EntityTreeProvider). */
export interface ConflictNode {
  kind: 'conflict';
  entry: ConflictEntry;
}

/** A node of the Entities tree. */
export type EntityNode =
  | { kind: 'category'; category: Label | 'orphaned'; mentions: Mention[]; groups?: EntityGroup[] }
  | { kind: 'entity'; group: EntityGroup; entity?: Entity; speaker?: boolean }
  | { kind: 'mention'; mention: Mention }
  | { kind: 'problem'; uri: vscode.Uri; message: string }
  /** The recorded merge conflicts shown (the "Conflicts" group), and each of them. */
  | { kind: 'conflicts'; entries: ConflictEntry[] }
  | ConflictNode;

const ENTITY_ICONS: Record<string, string> = {
  person: 'person',
  organisation: 'organization',
  place: 'location',
  group: 'organization',
};
const CATEGORY_ICONS: Record<Label | 'orphaned', string> = {
  actor: 'person',
  date: 'calendar',
  claim: 'quote',
  orphaned: 'warning',
};

/** Where the scope is kept between sessions (workspace state). */
const SCOPE_KEY = 'hashiya.entities.scope';
/** A category opens by itself only up to this many entities or mentions (the rest: when the analyst opens it). */
const EXPANDED_UP_TO = 200;

/**
 * The "Entities" tree: Actors grouped by entity, Dates, Claims and Orphaned, with counts, for
 * the active article or (toggle) every sidecar of the workspace. Clicking a mention reveals it.
 * In the workspace scope the sidecars come from the workspace scan shared with the Articles view
 * (one search; each sidecar read once and kept until it changes, so a change re-reads that sidecar
 * only); open articles are shown as they are now. Large categories open folded, and a mention's
 * hover is made when it is shown.
 */
export class EntityTreeProvider extends Disposable implements vscode.TreeDataProvider<EntityNode> {
  private readonly emitter = new vscode.EventEmitter<EntityNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private scope: 'article' | 'workspace' = 'article';
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private current: vscode.Uri | undefined;
  /** Annotations shown, by article and id (for a claim's speaker and date in tooltips). */
  private shownByArticle = new Map<string, readonly Annotation[]>();
  /** Each article's annotations by id, made when a tooltip first asks (until the next refresh). */
  private idMaps = new Map<string, Map<string, Annotation>>();
  readonly view: vscode.TreeView<EntityNode>;
  /** What the workspace's sidecars hold, kept until they change. */
  private readonly workspace: WorkspaceSources;

  static register(
    context: vscode.ExtensionContext,
    sessions: SessionManager,
    directory: EntityDirectory,
    scan: WorkspaceScan,
    conflicts?: ConflictIndex,
    schemas?: SchemaDirectory,
  ): EntityTreeProvider {
    const provider = new EntityTreeProvider(sessions, directory, scan, conflicts, schemas, context.workspaceState);
    context.subscriptions.push(provider);
    return provider;
  }

  private constructor(
    private readonly sessions: SessionManager,
    private readonly directory: EntityDirectory,
    scan: WorkspaceScan,
    private readonly conflicts?: ConflictIndex,
    private readonly schemas?: SchemaDirectory,
    private readonly state?: vscode.Memento,
  ) {
    super();
    // the scope of the last session in this workspace (who works over the corpus keeps it)
    if (state?.get<unknown>(SCOPE_KEY) === 'workspace') this.scope = 'workspace';
    this.view = vscode.window.createTreeView(ENTITIES_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.workspace = new WorkspaceSources(sessions, scan);
    this._registerAll(
      this.view,
      this.emitter,
      this.workspace,
      this.workspace.onDidChange(() => this.changedSoon()),
      sessions.onDidChangeArticle((article) => this.articleChanged(article)),
      directory.onDidChange(() => this.changedSoon()),
      // sidecars are parsed under the schema: read again under a new one
      ...(schemas ? [schemas.onDidChange(() => {
        this.workspace.forgetAll();
        this.changedSoon();
      })] : []),
      ...(conflicts ? [conflicts.onDidChange(() => this.changedSoon())] : []),
      vscode.window.onDidChangeActiveTextEditor(() => this.followActive()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.followActive()),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.followActive()),
    );
    void vscode.commands.executeCommand('setContext', 'hashiya.entitiesScope', this.scope);
    this.followActive();
    // shown, the tree is a click away from its workspace scope: the sidecars are parsed for it meanwhile
    this._register(this.view.onDidChangeVisibility((e) => e.visible && void this.workspace.prepare()));
    if (this.view.visible) void this.workspace.prepare();
  }

  /** Shows the active article's annotations, or every sidecar of the workspace. */
  setScope(scope: 'article' | 'workspace'): void {
    this.scope = scope;
    void this.state?.update(SCOPE_KEY, scope === 'workspace' ? scope : undefined);
    void vscode.commands.executeCommand('setContext', 'hashiya.entitiesScope', scope);
    // asked for by the analyst: shown at once, not after the wait that gathers a burst of changes
    clearTimeout(this.refreshTimer);
    this.emitter.fire(undefined);
  }

  /** The URI of the article the tree follows (article scope). */
  get currentArticle(): vscode.Uri | undefined {
    return this.current;
  }

  private followActive(): void {
    const uri = activeArticleUri();
    if (!uri || uri.toString() === this.current?.toString()) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document || !isArticleDocument(document)) return;
    this.current = uri;
    void this.sessions.open(document);
    // the workspace scope shows every article whichever is active
    if (this.scope === 'article') this.changedSoon();
  }

  /** Shown again soon, unless the workspace scope shows what the session holds (an article only opened). */
  private articleChanged(article: Article): void {
    if (this.scope === 'workspace' && article.session.state.kind === 'ready') {
      const shown = this.shownByArticle.get(article.uri.toString());
      if (shown && sameAnnotations(shown, article.session.set.annotations)) return;
    }
    this.changedSoon();
  }

  /** Shows the tree again soon, searching the workspace and reading every sidecar afresh (the view's Refresh). */
  refreshSoon(): void {
    this.workspace.refresh();
    this.changedSoon();
  }

  /** Shows the tree again soon (after a burst of changes), from what is kept and what changed. */
  private changedSoon(): void {
    clearTimeout(this.refreshTimer);
    // the workspace's outline takes a while with tens of thousands of mentions: not in the middle
    // of an article being opened (its view waits for the extension host), nor at each keystroke
    this.refreshTimer = setTimeout(() => this.emitter.fire(undefined), this.scope === 'workspace' ? 300 : 80);
  }

  /** How many sidecars the workspace scope has read since the tree was made (tests and benchmarks count them). */
  get sidecarReads(): number {
    return this.workspace.reads;
  }

  /** How many times the workspace scope has read the sidecar of the article at `uri` (tests count them). */
  sidecarReadsOf(articleUri: vscode.Uri): number {
    return this.workspace.readsOf(articleUri);
  }

  /** Every annotation of the workspace's sidecars (open articles: as they are now), with its article. */
  async workspaceMentions(): Promise<Mention[]> {
    const sources = await this.sources('workspace');
    return sources.flatMap((s) => s.annotations.map((annotation) => ({ annotation, article: s.uri.toString() })));
  }

  private async sources(scope = this.scope): Promise<ArticleAnnotations[]> {
    if (scope === 'article') {
      const article = this.current && this.sessions.peek(this.current);
      return article ? [sourceOfSession(article)] : [];
    }
    return this.workspace.sources();
  }

  async getChildren(node?: EntityNode): Promise<EntityNode[]> {
    if (node?.kind === 'category') {
      if (node.groups) return node.groups.map((group) => this.entityNode(group, node.category === 'claim'));
      return node.mentions.map((mention) => ({ kind: 'mention', mention }));
    }
    if (node?.kind === 'entity') return node.group.mentions.map((mention) => ({ kind: 'mention', mention }));
    if (node?.kind === 'conflicts') return node.entries.map((entry) => ({ kind: 'conflict', entry }));
    if (node) return [];
    const start = Date.now();
    const conflicts = this.conflictEntries();
    const sources = await this.sources();
    traceTime(`entities.sources ${this.scope}`, start);
    this.view.description =
      this.scope === 'workspace'
        ? sources.length === 1
          ? vscode.l10n.t('workspace · {0} article', sources.length)
          : vscode.l10n.t('workspace · {0} articles', sources.length)
        : this.current
          ? shownName(this.current)
          : undefined;
    const mentions: Mention[] = [];
    this.shownByArticle = new Map();
    this.idMaps = new Map();
    for (const s of sources) {
      const article = s.uri.toString();
      this.shownByArticle.set(article, s.annotations);
      for (const annotation of s.annotations) mentions.push({ annotation, article });
    }
    const problems: EntityNode[] = sources
      .filter((s) => s.problem)
      .map((s) => ({ kind: 'problem', uri: s.sidecarUri ?? s.uri, message: s.problem! }));
    // recorded merge conflicts come first: they wait for the analyst's decision
    if (conflicts.length > 0) problems.push({ kind: 'conflicts', entries: conflicts });
    if (mentions.length === 0) return problems;
    const schema = this.schema;
    const outline = outlineEntities(mentions, {
      groupKey: (a) => this.directory.groupKey(a),
      registeredName: (a) => this.directory.entityOf(a)?.name,
      entityLabels: schema.labels.filter((l) => l.entity).map((l) => l.id),
    });
    // labels that link to entities first, then those with relations (claims by speaker), then the rest
    const rank = (l: LabelDef) => (l.entity ? 0 : l.relations?.length ? 1 : 2);
    const categories: EntityNode[] = [...schema.labels]
      .sort((a, b) => rank(a) - rank(b))
      .map((def): EntityNode => {
        const mentions = outline.byLabel[def.id] ?? [];
        if (def.entity)
          return { kind: 'category', category: def.id, mentions, groups: outline.entityGroups[def.id] ?? [] };
        if (def.relations?.some((r) => r.name === 'speaker'))
          return {
            kind: 'category',
            category: def.id,
            mentions,
            groups: def.id === 'claim' ? outline.claimsBySpeaker : undefined,
          };
        return { kind: 'category', category: def.id, mentions };
      });
    if (this.directory.problem)
      problems.unshift({ kind: 'problem', uri: this.directory.uri!, message: this.directory.problem });
    if (outline.orphaned.length > 0)
      categories.push({ kind: 'category', category: 'orphaned', mentions: outline.orphaned });
    traceTime(`entities.root ${this.scope}`, start);
    return [...problems, ...categories];
  }

  getTreeItem(node: EntityNode): vscode.TreeItem {
    return uiTreeItem(this.treeItemOf(node));
  }

  /** The annotation `id` of `article` among those shown. */
  private annotationOf(article: string, id: string): Annotation | undefined {
    const list = this.shownByArticle.get(article);
    if (!list) return undefined;
    let ids = this.idMaps.get(article);
    if (!ids) this.idMaps.set(article, (ids = new Map(list.map((a) => [a.id, a]))));
    return ids.get(id);
  }

  /** A mention's hover (its label, relations, entity, note), made when the analyst points at it. */
  resolveTreeItem(item: vscode.TreeItem, node: EntityNode): vscode.TreeItem {
    if (node.kind === 'mention' && item.tooltip === undefined) item.tooltip = this.mentionTooltip(node.mention);
    return item;
  }

  /** The hover of a mention in the tree (inert Markdown). */
  mentionTooltip({ annotation, article }: Mention): vscode.MarkdownString {
    const tooltip = new vscode.MarkdownString(
      hoverMarkdown([annotation], {
        schema: this.schema,
        language: vscode.env.language,
        byId: (id) => this.annotationOf(article, id),
        entityName: (a) => this.directory.displayName(a),
      }),
      false,
    );
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    return tooltip;
  }

  private treeItemOf(node: EntityNode): vscode.TreeItem {
    switch (node.kind) {
      case 'category': {
        const def = labelDef(this.schema, node.category);
        // thousands of rows at once (the workspace scope of a large corpus) only when asked for
        const rows = node.groups?.length ?? node.mentions.length;
        const item = new vscode.TreeItem(this.categoryTitle(node.category), rows > EXPANDED_UP_TO
          ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        // the codebook, where the analyst looks for what a label is for
        if (def?.codebook)
          item.tooltip = codebookLines(def)
            .map((l) => plainText(l, 400))
            .join('\n');
        const n = node.mentions.length;
        const speakers = node.groups?.filter((g) => g.key !== '').length ?? 0;
        item.description =
          node.category === 'claim' && node.groups
            ? claimsAndSpeakers(n, speakers)
            : node.groups
              ? entitiesAndMentions(node.groups.length, n)
              : String(n);
        item.id = `category:${node.category}`;
        item.iconPath = new vscode.ThemeIcon(
          CATEGORY_ICONS[node.category] ?? 'tag',
          node.category === 'orphaned'
            ? new vscode.ThemeColor('editorWarning.foreground')
            : CATEGORY_ICONS[node.category]
              ? new vscode.ThemeColor(`hashiya.${node.category}Border`)
              : undefined,
        );
        item.contextValue = `hashiya.category.${node.category}`;
        return item;
      }
      case 'entity': {
        const item = new vscode.TreeItem(plainText(node.group.name, 60), vscode.TreeItemCollapsibleState.Collapsed);
        const n = node.group.mentions.length;
        const articles = new Set(node.group.mentions.map((m) => m.article)).size;
        const count = node.speaker
          ? n === 1 ? vscode.l10n.t('{0} claim', n) : vscode.l10n.t('{0} claims', n)
          : n === 1 ? vscode.l10n.t('{0} mention', n) : vscode.l10n.t('{0} mentions', n);
        item.description = [
          // English shows the kind as stored, as it always has; other languages its name
          node.entity && (vscode.env.language.startsWith('en') ? node.entity.kind : kindTitle(node.entity.kind)),
          count,
          this.scope === 'workspace' && articles > 1 ? vscode.l10n.t('{0} articles', articles) : '',
        ]
          .filter(Boolean)
          .join(' · ');
        item.id = `${node.speaker ? 'speaker' : 'entity'}:${node.group.key}`;
        item.iconPath = new vscode.ThemeIcon(
          node.speaker
            ? node.group.key === ''
              ? 'question'
              : 'comment-discussion'
            : (ENTITY_ICONS[node.entity?.kind ?? ''] ?? 'symbol-class'),
          new vscode.ThemeColor(node.speaker ? 'hashiya.claimBorder' : 'hashiya.actorBorder'),
        );
        item.contextValue = node.speaker
          ? 'hashiya.speaker'
          : node.entity
            ? 'hashiya.entity.registered'
            : 'hashiya.entity';
        const tooltip = [plainText(node.group.name)];
        if (node.entity) {
          if (node.entity.aliases.length > 0)
            tooltip.push(vscode.l10n.t('Also: {0}', node.entity.aliases.map((a) => plainText(a, 80)).join('، ')));
          if (node.entity.externalId) tooltip.push(plainText(node.entity.externalId));
          if (node.entity.note) tooltip.push(plainText(node.entity.note, 1000));
        } else if (!node.speaker)
          tooltip.push(vscode.l10n.t('Not in the entity registry: link a mention (E) to add it.'));
        item.tooltip = tooltip.join('\n');
        return item;
      }
      case 'mention': {
        const { annotation, article } = node.mention;
        const item = new vscode.TreeItem(snippet(annotation.quote), vscode.TreeItemCollapsibleState.None);
        item.id = `mention:${article}#${annotation.id}`;
        item.description = this.describe(node.mention);
        // in the workspace scope the hover is made when it is shown (resolveTreeItem): thousands of rows go at once
        if (this.scope === 'article') item.tooltip = this.mentionTooltip(node.mention);
        item.iconPath = new vscode.ThemeIcon(
          annotation.anchored === 'orphaned' ? 'warning' : 'circle-filled',
          annotation.anchored === 'orphaned'
            ? new vscode.ThemeColor('editorWarning.foreground')
            : CATEGORY_ICONS[annotation.label]
              ? new vscode.ThemeColor(`hashiya.${annotation.label}Border`)
              : undefined,
        );
        // hashiya.mention.claim / .actor / .date: menus offer a claim's relations on claims only
        item.contextValue =
          annotation.anchored === 'orphaned' ? 'hashiya.orphan' : `hashiya.mention.${annotation.label}`;
        item.command = {
          command: Commands.revealAnnotation,
          title: vscode.l10n.t('Reveal'),
          arguments: [article, annotation.id],
        };
        // screen readers hear the label as stored in English, by its title in other languages
        const said = vscode.env.language.startsWith('en') ? annotation.label
          : labelTitle(this.schema, annotation.label, vscode.env.language);
        item.accessibilityInformation = { label: plainMessage(`${said}: ${annotation.quote}`) };
        return item;
      }
      case 'conflicts': {
        const item = new vscode.TreeItem(vscode.l10n.t('Conflicts'), vscode.TreeItemCollapsibleState.Expanded);
        const n = node.entries.length;
        item.description = vscode.l10n.t('{0} recorded by a merge · take ours, theirs or both', n);
        item.id = 'category:conflicts';
        item.iconPath = new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('errorForeground'));
        item.tooltip = vscode.l10n.t('Recorded merge conflicts: both sides changed the same field, or one removed what the other changed. Right-click one to take ours, theirs or both; the Hashiya view resolves them with H, I and B (J goes to the next).');
        item.contextValue = 'hashiya.conflicts';
        return item;
      }
      case 'conflict':
        return conflictTreeItem(this.scope, node.entry, this.schema);
      case 'problem': {
        const item = new vscode.TreeItem(plainMessage(node.message), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = plainMessage(node.message);
        item.command = { command: Commands.openSidecar, title: vscode.l10n.t('Open Sidecar'), arguments: [node.uri] };
        return item;
      }
    }
  }

  /** The conflicts the tree shows: the article's (or, for the workspace, every sidecar's) and the registry's. */
  private conflictEntries(): ConflictEntry[] {
    if (!this.conflicts) return [];
    if (this.scope === 'workspace') return this.conflicts.all;
    return [...(this.current ? this.conflicts.ofArticle(this.current) : []), ...this.conflicts.ofRegistry];
  }

  private entityNode(group: EntityGroup, speaker: boolean): EntityNode {
    const first = speaker ? undefined : group.mentions[0]?.annotation;
    const entity = group.key.startsWith('id:') && first ? this.directory.entityOf(first) : undefined;
    return { kind: 'entity', group, entity, speaker };
  }

  /** The project schema in use. */
  private get schema(): ProjectSchema {
    return this.schemas?.schema ?? NEWS_PRESET;
  }

  /** A category's title: the preset's plural names, else the schema's title (plural in English). */
  private categoryTitle(category: string): string {
    const language = vscode.env.language;
    const def = labelDef(this.schema, category);
    if (language.startsWith('ar') && def?.title.ar) return def.title.ar;
    const titles = categoryTitles();
    if (
      titles[category] &&
      (!def || def.title.en === NEWS_PRESET.labels.find((l) => l.id === category)?.title.en)
    )
      return titles[category];
    if (!def) return category;
    const t = def.title.en;
    return /(s|x|ch|sh)$/.test(t) ? `${t}es` : /[^aeiou]y$/.test(t) ? `${t.slice(0, -1)}ies` : `${t}s`;
  }

  private describe(mention: Mention): string {
    const parts: string[] = [];
    const uri = vscode.Uri.parse(mention.article);
    if (this.scope === 'workspace') parts.push(shownName(uri));
    const open = this.sessions.peek(uri);
    if (open && mention.annotation.anchored !== 'orphaned' && open.session.set.text === open.document.getText()) {
      const set = open.session.set;
      const line =
        open.document.positionAt(set.index.toUtf16(Math.min(mention.annotation.start, set.index.codePointLength)))
          .line + 1;
      parts.push(vscode.l10n.t('line {0}', line));
    }
    if (mention.annotation.label === 'claim' && mention.annotation.date) {
      const date = this.annotationOf(mention.article, mention.annotation.date);
      if (date && labelDef(this.schema, date.label)?.dateValue) parts.push(plainText(date.value ?? date.quote, 40));
    }
    if (mention.annotation.label === 'claim' && mention.annotation.stance)
      parts.push(plainText(stanceText(mention.annotation.stance), 60));
    if (labelDef(this.schema, mention.annotation.label)?.dateValue && mention.annotation.value)
      parts.push(plainText(mention.annotation.value, 40));
    for (const value of Object.values(mention.annotation.attributes ?? {})) parts.push(plainText(value, 40));
    return parts.join(' · ');
  }

  override dispose(): void {
    clearTimeout(this.refreshTimer);
    super.dispose();
  }
}
