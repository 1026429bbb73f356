import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { Annotation, Label } from '../../core/model/annotation';
import { type ConflictProblem, shownValue, sidecarConflicts } from '../../core/merge/conflict';
import {
  type ConflictSummary,
  annotationConflictSummary,
  entityConflictSummary,
  publishedConflictSummary,
} from '../../core/merge/conflictRows';
import { parseSidecar } from '../../core/format/sidecar';
import { NEWS_PRESET, type ProjectSchema } from '../../core/model/projectSchema';
import { articleNameOfSidecar, sidecarGlob } from '../../core/format/sidecarPath';
import { Commands } from '../commandIds';
import { settings } from '../config';
import type { EntityDirectory } from './entityDirectory';
import type { SessionManager } from '../sessions/sessionManager';
import { toDiagnostic } from '../sessions/sidecarDiagnostics';
import { WorkspaceSidecarStorage } from './sidecarFiles';
import type { WorkspaceScan } from './workspaceScan';

/**
 * Which recorded conflict a command acts on (also the argument scripts, tests, tree items and
 * hover links pass): an annotation's (article URI as a string, annotation id), an article's
 * publication date, or an entity of the workspace registry (its id).
 */
export type ConflictRef = { article: string; id: string } | { article: string; published: true } | { entity: string };

/** A recorded conflict found in the workspace: where it is and what it is. */
export interface ConflictEntry {
  ref: ConflictRef;
  /** The file that records it: a sidecar or the registry. */
  file: vscode.Uri;
  /** The article, for conflicts of a sidecar. */
  article?: vscode.Uri;
  /** Where its `conflict:` key is (1-based line and column) and the one-line description. */
  problem: ConflictProblem;
  /** What it is about as file text (a quote, an entity name); make it inert before showing it. */
  title: string;
  /** The annotation's label; undefined for the publication date and entities. */
  label?: Label;
  /** Orphaned annotations have no place in the text to reveal. */
  orphaned?: boolean;
  /** Start of the annotation (code points), for ordering. */
  start?: number;
  summary: ConflictSummary;
}

/** True when two refs name the same conflict. */
export function sameConflict(a: ConflictRef, b: ConflictRef): boolean {
  if ('entity' in a || 'entity' in b) return 'entity' in a && 'entity' in b && a.entity === b.entity;
  if (a.article !== b.article) return false;
  if ('published' in a || 'published' in b) return 'published' in a && 'published' in b;
  return a.id === b.id;
}

/** The recorded conflicts of a sidecar's source, as entries (none when it does not parse: the session reports that). */
function sidecarEntries(
  source: string | undefined,
  sidecarUri: vscode.Uri,
  articleUri: vscode.Uri,
  schema: ProjectSchema = NEWS_PRESET,
): ConflictEntry[] {
  // a sidecar without the word has no conflict: most files are not parsed twice
  if (!source || !source.includes('conflict')) return [];
  const parsed = parseSidecar(source, schema);
  if (!parsed.ok) return [];
  const byId = new Map<string, Annotation>(parsed.sidecar.annotations.map((a) => [a.id, a]));
  const article = articleUri.toString();
  return sidecarConflicts(source, parsed.sidecar).flatMap((problem): ConflictEntry[] => {
    if (problem.id === undefined) {
      const summary = publishedConflictSummary(parsed.sidecar.published);
      return summary
        ? [
            {
              ref: { article, published: true },
              file: sidecarUri,
              article: articleUri,
              problem,
              title: vscode.l10n.t('publication date'),
              summary,
            },
          ]
        : [];
    }
    const a = byId.get(problem.id);
    const summary = a && annotationConflictSummary(a);
    if (!a || !summary) return [];
    return [
      {
        ref: { article, id: a.id },
        file: sidecarUri,
        article: articleUri,
        problem,
        title: a.quote,
        label: a.label,
        orphaned: a.anchored === 'orphaned',
        start: a.start,
        summary,
      },
    ];
  });
}

/**
 * Every recorded merge conflict of the workspace (docs/sidecar-format.md, "Recorded conflicts"):
 * of the sidecars, read from disk (at start, when a sidecar changes on disk, after every change
 * Hashiya makes to an article) and of the entity registry. Each is an error in the Problems view
 * at the line and column of its `conflict:` key, with quick fixes (take ours / theirs / both).
 */
export class ConflictIndex extends Disposable implements vscode.CodeActionProvider {
  /** Problems of recorded conflicts (the sidecars' parse problems are the session manager's). */
  readonly diagnostics = vscode.languages.createDiagnosticCollection('hashiya-conflicts');
  private readonly bySidecar = new Map<string, ConflictEntry[]>();
  private registryEntries: ConflictEntry[] = [];
  /** Counts reads per sidecar: only the latest read of a file is taken. */
  private readonly reads = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private scanned: Promise<void> = Promise.resolve();
  /** Fires after the conflicts changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly sessions: SessionManager,
    private readonly directory: EntityDirectory,
    private readonly scan: WorkspaceScan,
  ) {
    super();
    this._register(this.diagnostics);
    this._register(this.emitter);
    this._registerAll(
      sessions.onDidChangeArticle((article) => this.refreshSoon(article.sidecarUri, article.uri)),
      directory.onDidChange(() => this.refreshRegistry()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hashiya.sidecar.template')) this.rescan();
      }),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/*.{yaml,yml}' }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
    this.rescan();
    this.refreshRegistry();
  }

  /** Every conflict: the registry's first, then by sidecar path and place in the file. */
  get all(): ConflictEntry[] {
    return [...this.registryEntries, ...[...this.bySidecar.keys()].sort().flatMap((k) => this.bySidecar.get(k)!)];
  }

  /** The conflicts of one article (its sidecar's). */
  ofArticle(uri: vscode.Uri): ConflictEntry[] {
    const key = uri.toString();
    return this.all.filter((e) => e.article?.toString() === key);
  }

  /** The conflicts of the registry. */
  get ofRegistry(): ConflictEntry[] {
    return this.registryEntries;
  }

  /** The entry of `ref`, if it is still recorded. */
  find(ref: ConflictRef): ConflictEntry | undefined {
    return this.all.find((e) => sameConflict(e.ref, ref));
  }

  /** Resolves once the first scan of the workspace is done (tests). */
  whenScanned(): Promise<void> {
    return this.scanned;
  }

  /**
   * Reads a sidecar again now, as its session would (after a change Hashiya made or one on disk),
   * when the workspace scan's read of it holds the word "conflict" or it had conflicts recorded.
   */
  async refresh(sidecarUri: vscode.Uri, articleUri?: vscode.Uri): Promise<void> {
    const key = sidecarUri.toString();
    const read = (this.reads.get(key) ?? 0) + 1;
    this.reads.set(key, read);
    // most sidecars hold no conflict: the scan's read (shared with the views) says so without a careful read
    if (!this.bySidecar.has(key) && !(await this.scan.sidecar(sidecarUri)).mayConflict) return;
    if (this.reads.get(key) !== read) return;
    const article =
      articleUri ?? this.sessions.all.find((a) => a.sidecarUri.toString() === key)?.uri ?? articleOfSidecar(sidecarUri);
    let source: string | undefined;
    try {
      source = await new WorkspaceSidecarStorage(sidecarUri).read();
    } catch {
      source = undefined; // unreadable: the session manager reports it
    }
    if (this.reads.get(key) !== read) return;
    const entries = article ? sidecarEntries(source, sidecarUri, article, this.sessions.schema) : [];
    const before = this.bySidecar.get(key);
    if (entries.length === 0 && !before) return;
    if (entries.length === 0) this.bySidecar.delete(key);
    else this.bySidecar.set(key, entries);
    this.diagnostics.set(sidecarUri, entries.map(toConflictDiagnostic));
    this.changed();
  }

  private refreshSoon(sidecarUri: vscode.Uri, articleUri?: vscode.Uri): void {
    const key = sidecarUri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(sidecarUri, articleUri);
      }, 30),
    );
  }

  private refreshRegistry(): void {
    const uri = this.directory.uri;
    const before = this.registryEntries.length;
    this.registryEntries = !uri
      ? []
      : this.directory.conflicts().flatMap((problem): ConflictEntry[] => {
          const entity = this.directory.entities.find((e) => e.id === problem.id);
          const summary = entity && entityConflictSummary(entity);
          return entity && summary
            ? [{ ref: { entity: entity.id }, file: uri, problem, title: entity.name, summary }]
            : [];
        });
    if (uri) this.diagnostics.set(uri, this.registryEntries.map(toConflictDiagnostic));
    if (before > 0 || this.registryEntries.length > 0) this.changed();
  }

  private hasAny = false;

  /** Tells listeners, and the `hashiya.hasConflicts` context key (menus), that the conflicts changed. */
  private changed(): void {
    const any = this.registryEntries.length > 0 || this.bySidecar.size > 0;
    if (any !== this.hasAny) {
      this.hasAny = any;
      void vscode.commands.executeCommand('setContext', 'hashiya.hasConflicts', any);
    }
    this.emitter.fire();
  }

  /**
   * Looks at every sidecar of the workspace again (at start and when the sidecar template
   * changes): through the workspace scan the views share (one search, each sidecar read once, what
   * killed writers left cleaned up first), then reads carefully, as a session does, only the few
   * whose text holds the word "conflict".
   */
  private rescan(): void {
    this.watcher?.dispose();
    const template = settings().sidecarTemplate;
    this.watcher = vscode.workspace.createFileSystemWatcher(sidecarGlob(template));
    const onFile = (uri: vscode.Uri) => this.refreshSoon(uri);
    this.watcher.onDidChange(onFile);
    this.watcher.onDidCreate(onFile);
    this.watcher.onDidDelete(onFile);
    for (const key of this.bySidecar.keys()) this.diagnostics.delete(vscode.Uri.parse(key));
    this.bySidecar.clear();
    this.scanned = (async () => {
      const articles = (await this.scan.articles().catch(() => [])).filter((a) => a.sidecarUri);
      const scanned = await this.scan.sidecars(articles.map((a) => a.sidecarUri!));
      const marked = articles.filter((_, i) => scanned[i]!.mayConflict);
      // a few at a time: a workspace may hold thousands of sidecars (the others are not read again)
      for (let i = 0; i < marked.length; i += 16) {
        await Promise.all(marked.slice(i, i + 16).map((a) => this.refresh(a.sidecarUri!, a.uri)));
      }
    })();
  }

  /** Quick fixes on a `conflict:` key in a sidecar or the registry: take ours, theirs or both. */
  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const key = document.uri.toString();
    const entries = key === this.directory.uri?.toString() ? this.registryEntries : (this.bySidecar.get(key) ?? []);
    const out: vscode.CodeAction[] = [];
    for (const entry of entries) {
      const diagnostic = toConflictDiagnostic(entry);
      if (!diagnostic.range.intersection(range) && diagnostic.range.start.line !== range.start.line) continue;
      for (const choice of conflictChoicesOf(entry)) {
        const title = CHOICE_TITLES[choice];
        const action = new vscode.CodeAction(vscode.l10n.t('Hashiya: {0}', title), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { command: CHOICE_COMMANDS[choice], title, arguments: [entry.ref] };
        if (choice === 'ours') action.isPreferred = false;
        out.push(action);
      }
    }
    return out;
  }

  override dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.watcher?.dispose();
    super.dispose();
  }
}

/** The command of each choice (also used by hovers and menus). */
export const CHOICE_COMMANDS = {
  ours: Commands.resolveConflictOurs,
  theirs: Commands.resolveConflictTheirs,
  both: Commands.resolveConflictBoth,
} as const;

/** How each choice is called in menus, quick fixes and hovers, in the UI's language (read when shown). */
export const CHOICE_TITLES: { readonly ours: string; readonly theirs: string; readonly both: string } = {
  get ours() {
    return vscode.l10n.t('Take Ours');
  },
  get theirs() {
    return vscode.l10n.t('Take Theirs');
  },
  get both() {
    return vscode.l10n.t('Take Both');
  },
};

/** The choices a conflict offers: the publication date has no "both" (an article has one date). */
function conflictChoicesOf(entry: { ref: ConflictRef }): ('ours' | 'theirs' | 'both')[] {
  return 'published' in entry.ref ? ['ours', 'theirs'] : ['ours', 'theirs', 'both'];
}

/** A conflict as an error in the Problems view, at its `conflict:` key. */
function toConflictDiagnostic(entry: ConflictEntry): vscode.Diagnostic {
  const diagnostic = toDiagnostic(entry.problem);
  const what =
    'entity' in entry.ref
      ? vscode.l10n.t('entity {0}', shownValue(entry.title))
      : 'published' in entry.ref
        ? vscode.l10n.t('publication date')
        : entry.label !== undefined
          ? `${entry.label} ${shownValue(entry.title)}`
          : vscode.l10n.t('annotation {0}', shownValue(entry.title));
  diagnostic.message = vscode.l10n.t(
    '{0}: {1}. Resolve it with "Hashiya: Resolve Conflict: Take Ours / Take Theirs / Take Both" (quick fix), or in the view (H, I, B).',
    what,
    entry.problem.message,
  );
  diagnostic.severity = vscode.DiagnosticSeverity.Error;
  diagnostic.code = 'conflict';
  return diagnostic;
}

/** The article of a sidecar, per the sidecar template (the file may be missing). */
function articleOfSidecar(sidecarUri: vscode.Uri): vscode.Uri | undefined {
  const template = settings(sidecarUri).sidecarTemplate;
  const segments = template.split('/').length;
  const parts = sidecarUri.path.split('/');
  const name = articleNameOfSidecar(parts.slice(-segments).join('/'), template);
  return name ? vscode.Uri.joinPath(sidecarUri, ...Array(segments).fill('..'), name) : undefined;
}

/**
 * A label id as a title ("claim" → "Claim"): conflicts are listed across articles, whatever schema they were made
 * under.
 */
export function capitalised(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}
