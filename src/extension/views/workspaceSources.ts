import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { FileValueCache } from '../../core/corpus/fileValueCache';
import type { ProjectSchema } from '../../core/model/projectSchema';
import { sidecarGlob } from '../../core/format/sidecarPath';
import { sidecarPairOf, sidecarSuffix } from '../../core/workspace/scan';
import { basenameOf } from '../../core/workspace/workspaceFiles';
import { settings } from '../config';
import type { SidecarFile } from '../files/sidecarFiles';
import { WorkspaceFileSet } from '../files/workspaceFileSet';
import type { SessionManager } from '../sessions/sessionManager';
import { type ArticleAnnotations, articleSource } from './articleSources';

/** Sidecars of the workspace read at once when the tree lists them all. */
const SIDECARS_AT_ONCE = 16;
/** At most this many sidecars in the workspace scope. */
const MAX_SIDECARS = 5000;

/**
 * What every sidecar of the workspace holds, for the Entities tree's workspace scope: each
 * closed article's annotations (or the problem that keeps them from being read) are kept until
 * the file watcher reports its sidecar or article changed, so that after one change only that
 * sidecar is read again; open articles are taken as they are now. The sidecars are searched for
 * once and then followed through file events ({@link WorkspaceFileSet}).
 */
export class WorkspaceSources extends Disposable {
  /** By article URI. */
  private readonly cache = new FileValueCache<ArticleAnnotations | undefined>();
  private files: WorkspaceFileSet;
  private template: string;
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when a sidecar or an article came, went or changed (what is kept of it was forgotten). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly sessions: SessionManager) {
    super();
    this.template = settings().sidecarTemplate;
    this.files = this.fileSet();
    const sidecars = vscode.workspace.createFileSystemWatcher(sidecarGlob(this.template));
    const articles = vscode.workspace.createFileSystemWatcher('**/*.{txt,md,markdown}', false, true, false);
    const sidecarChanged = (uri: vscode.Uri) => {
      const pair = sidecarPairOf(uri.path, this.template);
      if (pair) this.cache.forget(uri.with({ path: pair.article }).toString());
      this.emitter.fire();
    };
    // an article came or went: its sidecar's entry says whether it is missing
    const articleChanged = (uri: vscode.Uri) => {
      if (!this.cache.has(uri.toString())) return;
      this.cache.forget(uri.toString());
      this.emitter.fire();
    };
    this._registerAll(
      { dispose: () => this.files.dispose() },
      sidecars,
      sidecars.onDidChange(sidecarChanged),
      sidecars.onDidCreate(sidecarChanged),
      sidecars.onDidDelete(sidecarChanged),
      articles,
      articles.onDidCreate(articleChanged),
      articles.onDidDelete(articleChanged),
      // an article's session wrote its sidecar, or was closed with changes: read it again
      sessions.onDidChangeArticle((article) => this.cache.forget(article.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('hashiya.sidecar.template') || settings().sidecarTemplate === this.template) return;
        this.template = settings().sidecarTemplate;
        this.files.dispose();
        this.files = this.fileSet();
        this.refresh();
        this.emitter.fire();
      }),
    );
  }

  /** How many sidecars were read since this was made (tests and benchmarks count them). */
  get reads(): number {
    return this.cache.reads;
  }

  /** How many times the sidecar of the article at `uri` was read (tests count them). */
  readsOf(articleUri: vscode.Uri): number {
    return this.cache.readsOf(articleUri.toString());
  }

  /** Reads every sidecar again at the next look (the schema changed). */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Searches the workspace and reads every sidecar again at the next look (the view's Refresh). */
  refresh(): void {
    this.cache.clear();
    this.files.clear();
  }

  /**
   * What each sidecar of the workspace holds (sorted by path; sidecars with nothing to show left
   * out), parsed under `schema`: an open article as it is now, any other as kept or read.
   */
  async sources(schema: ProjectSchema): Promise<ArticleAnnotations[]> {
    const files = await this.sidecarFiles();
    const read: (ArticleAnnotations | undefined)[] = new Array(files.length);
    // a few at a time: each is a stat and a read, slow on a remote file system (the web)
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        const source = () => articleSource(file, this.sessions, schema);
        read[i] = this.sessions.peek(file.articleUri) ? await source()
          : await this.cache.get(file.articleUri.toString(), source);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SIDECARS_AT_ONCE, files.length) }, worker));
    this.cache.retain(new Set(files.map((f) => f.articleUri.toString())));
    return read.filter((s): s is ArticleAnnotations => s !== undefined);
  }

  /** The workspace's sidecars under the current template. */
  private fileSet(): WorkspaceFileSet {
    const suffix = sidecarSuffix(this.template);
    const files = new WorkspaceFileSet(sidecarGlob(this.template), (path) => path.endsWith(suffix), MAX_SIDECARS);
    // a folder deleted or moved in (its files had no events of their own)
    files.onDidChange(() => this.emitter.fire());
    return files;
  }

  /**
   * Every sidecar of the workspace with its article, sorted by path (as `workspaceSidecars`); an
   * open article's sidecar is there as soon as it has annotations, before the watcher tells of it.
   */
  private async sidecarFiles(): Promise<SidecarFile[]> {
    const out: SidecarFile[] = [];
    const found = await this.files.uris();
    const known = new Set(found.map((u) => u.toString()));
    for (const article of this.sessions.all) {
      if (article.session.set.annotations.length === 0 || known.has(article.sidecarUri.toString())) continue;
      found.push(article.sidecarUri);
    }
    for (const sidecarUri of found.sort((a, b) => a.path.localeCompare(b.path))) {
      const pair = sidecarPairOf(sidecarUri.path, this.template);
      if (!pair || pair.sidecar !== sidecarUri.path) continue;
      const articleUri = sidecarUri.with({ path: pair.article });
      out.push({ sidecarUri, articleName: basenameOf(pair.article), articleUri });
    }
    return out;
  }
}
