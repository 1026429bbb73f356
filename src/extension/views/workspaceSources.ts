import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { plainText } from '../../core/presentation/inertText';
import { sidecarPairOf, sidecarSuffix } from '../../core/workspace/scan';
import { basenameOf } from '../../core/workspace/workspaceFiles';
import { uriExists } from '../files/sidecarFiles';
import type { ScannedSidecar, WorkspaceScan } from '../files/workspaceScan';
import type { SessionManager } from '../sessions/sessionManager';
import { shownName } from '../util/notify';
import type { ArticleAnnotations } from './articleSources';

/** At most this many sidecars in the workspace scope. */
const MAX_SIDECARS = 5000;

/** A sidecar of the workspace scope and its article. */
interface ScopeFile {
  sidecarUri: vscode.Uri;
  articleUri: vscode.Uri;
  articleName: string;
  /** The workspace search found the article's file (else a stat tells whether it is missing). */
  found: boolean;
}

/**
 * What every sidecar of the workspace holds, for the Entities tree's workspace scope, from the
 * workspace scan shared with the Articles view ({@link WorkspaceScan}: one search, each sidecar
 * read once and kept until it changes, parsed in full for this tree): open articles are taken as
 * they are now. Whether an article is missing comes from the same search (a stat only for an
 * article the search does not look for).
 */
export class WorkspaceSources extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when a sidecar or an article with a sidecar came, went or changed. */
  readonly onDidChange = this.emitter.event;
  /** The sidecar of each article listed last (by article URI), to tell which article events matter. */
  private listed = new Map<string, vscode.Uri>();

  constructor(private readonly sessions: SessionManager, private readonly scan: WorkspaceScan) {
    super();
    this._register(scan.onDidChange((uri) => {
      if (uri) {
        const key = uri.toString();
        // an article without a sidecar that came or went changes nothing here
        if (!uri.path.endsWith(sidecarSuffix(scan.template)) && !this.listed.has(key)) return;
        // an open article is shown as its session holds it: the tree hears of its changes from the session
        if (sessions.all.some((a) => a.session.state.kind === 'ready' && a.sidecarUri.toString() === key)) return;
      }
      this.emitter.fire();
    }));
  }

  /** How many sidecars the workspace scan has read (tests and benchmarks count them). */
  get reads(): number {
    return this.scan.reads;
  }

  /** How many times the sidecar of the article at `articleUri` was read (tests count them). */
  readsOf(articleUri: vscode.Uri): number {
    const sidecar = this.listed.get(articleUri.toString());
    return sidecar ? this.scan.readsOf(sidecar) : 0;
  }

  /**
   * Has the sidecars of the workspace scope (those of closed articles) parsed in the background
   * (see `WorkspaceScan.prepareAnnotations`).
   */
  prepare(): Promise<void> {
    return this.scan.prepareAnnotations(async () => (await this.sidecarFiles()).flatMap((f) =>
      (this.sessions.peek(f.articleUri) ? [] : [f.sidecarUri])));
  }

  /** Reads every sidecar again at the next look (the schema changed). */
  forgetAll(): void {
    this.scan.forgetAll();
  }

  /** Searches the workspace and reads every sidecar again at the next look (the view's Refresh). */
  refresh(): void {
    this.scan.refresh();
  }

  /**
   * What each sidecar of the workspace holds (sorted by path; sidecars with nothing to show left
   * out): an open article as it is now, any other as the scan kept or read it.
   */
  async sources(): Promise<ArticleAnnotations[]> {
    const files = await this.sidecarFiles();
    this.listed = new Map(files.map((f) => [f.articleUri.toString(), f.sidecarUri]));
    const open = files.map((f) => this.sessions.peek(f.articleUri));
    // the others' sidecars, a few read at once (those kept are not read again)
    const closed = files.filter((_, i) => !isReady(open[i]));
    const scanned = new Map<ScopeFile, ScannedSidecar>();
    const read = await this.scan.sidecars(closed.map((f) => f.sidecarUri), true);
    closed.forEach((f, i) => scanned.set(f, read[i]!));
    const out: ArticleAnnotations[] = [];
    for (const [i, file] of files.entries()) {
      const article = open[i];
      if (article && isReady(article)) {
        out.push({ uri: file.articleUri, annotations: article.session.set.annotations, document: article.document });
        continue;
      }
      const source = await sourceOf(file, scanned.get(file)!, !!article);
      if (source) out.push(source);
    }
    return out;
  }

  /**
   * Every sidecar of the workspace with its article, sorted by path; an open article's sidecar is
   * there as soon as it has annotations, before the watcher tells of it.
   */
  private async sidecarFiles(): Promise<ScopeFile[]> {
    const out: ScopeFile[] = [];
    const known = new Set<string>();
    for (const article of await this.scan.articles()) {
      if (!article.sidecarUri) continue;
      known.add(article.sidecarUri.toString());
      out.push({ sidecarUri: article.sidecarUri, articleUri: article.uri, articleName: article.name,
        found: article.found });
    }
    for (const article of this.sessions.all) {
      if (article.session.set.annotations.length === 0 || known.has(article.sidecarUri.toString())) continue;
      const pair = sidecarPairOf(article.sidecarUri.path, this.scan.template);
      if (!pair || pair.sidecar !== article.sidecarUri.path) continue;
      out.push({ sidecarUri: article.sidecarUri, articleUri: article.uri, articleName: basenameOf(pair.article),
        found: true });
    }
    return out.sort((a, b) => a.sidecarUri.path.localeCompare(b.sidecarUri.path)).slice(0, MAX_SIDECARS);
  }
}

function isReady(article: ReturnType<SessionManager['peek']>): boolean {
  return !!article && article.session.state.kind === 'ready';
}

/**
 * What one closed sidecar shows (undefined: nothing): its annotations, or the problem that keeps
 * them from being read (a missing article, a sidecar that does not parse, or cannot be read).
 */
async function sourceOf(file: ScopeFile, scanned: ScannedSidecar, open: boolean):
  Promise<ArticleAnnotations | undefined> {
  const { sidecarUri, articleUri, articleName } = file;
  if (!open && !file.found && !(await uriExists(articleUri))) {
    return {
      uri: articleUri,
      annotations: [],
      problem: vscode.l10n.t('{0} is missing; its sidecar {1} is kept', plainText(articleName, 120),
        shownName(sidecarUri)),
      sidecarUri,
    };
  }
  const read = scanned.annotations;
  if (!read) return undefined;
  if (read.ok) return { uri: articleUri, annotations: read.annotations };
  return {
    uri: articleUri,
    annotations: [],
    problem: read.line === undefined ? `${shownName(sidecarUri)}: ${read.message}`
      : `${shownName(sidecarUri)}:${read.line}:${read.column}: ${read.message}`,
    sidecarUri,
  };
}
