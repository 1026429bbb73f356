import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { FileValueCache } from '../../core/corpus/fileValueCache';
import { ARTICLE_FILE, type SidecarFacts, articlesOf } from '../../core/corpus/listArticles';
import { emptySummary, summariseSidecar, summaryOfSidecar } from '../../core/corpus/articleSummary';
import { parseSidecar } from '../../core/format/sidecar';
import { sidecarGlob } from '../../core/format/sidecarPath';
import type { Annotation } from '../../core/model/annotation';
import { sidecarSuffix } from '../../core/workspace/scan';
import { basenameOf } from '../../core/workspace/workspaceFiles';
import { settings } from '../config';
import type { SessionManager } from '../sessions/sessionManager';
import { traceRead } from './readTrace';
import { readSidecarShown } from './sidecarFiles';
import { WorkspaceFileSet } from './workspaceFileSet';

/** Sidecars read at once: each is a read (and a stat through `workspace.fs` off the local disk, slow in the web). */
const READS_AT_ONCE = 32;
/** Sidecars parsed at once in the background between two turns of the extension host (about 10 ms each turn). */
const PREPARED_AT_ONCE = 8;
/** At most this many articles and sidecars in the workspace. */
const MAX_FILES = 20_000;

/** An article of the workspace (a file the search found, or the article of a sidecar found). */
export interface ScannedArticle {
  uri: vscode.Uri;
  /** Its base name. */
  name: string;
  /** Its sidecar, when it has one. */
  sidecarUri?: vscode.Uri;
  /**
   * True when the search found the article's own file; false for a sidecar whose article was not
   * found (missing, or of a kind the search does not look for: the caller checks with a stat).
   */
  found: boolean;
}

/** A sidecar's annotations as parsed in full under the project schema, or why they cannot be. */
export type ScannedAnnotations =
  | { ok: true; annotations: Annotation[] }
  /** `line` and `column` (1-based) where the sidecar does not parse; none when the file cannot be read. */
  | { ok: false; message: string; line?: number; column?: number };

/** What one read of a sidecar gave each reader. */
export interface ScannedSidecar {
  /** The Articles view's: its summary, or why it cannot be read. */
  facts: SidecarFacts;
  /** The text holds the word "conflict" (the conflict index reads only those again, carefully). */
  mayConflict: boolean;
  /** The Entities tree's (when asked for): undefined when not parsed, null when there is no file. */
  annotations?: ScannedAnnotations | null;
}

/**
 * The one scan of the workspace's articles and sidecars that the Articles view, the Entities tree
 * (workspace scope) and the conflict index's first look share: the workspace is searched once for
 * articles and sidecars ({@link WorkspaceFileSet}, then followed through file events), and each
 * sidecar is read once ({@link readSidecarShown}: what killed writers left is cleaned up first,
 * its folder at most every 10 s, beside a sidecar that changed or came at each read, as a session's
 * first read cleans up beside its own) and kept, by URI, until the file watcher or a session reports it changed;
 * after one change only that sidecar is read again, by whichever reader looks first, and the
 * others take what it read. A read gives the summary (a line scan, core/corpus/articleSummary.ts)
 * and, once the Entities tree has asked for annotations, the full parse as well, so that a
 * change is read once for both views.
 */
export class WorkspaceScan extends Disposable {
  /** By sidecar URI. */
  private readonly cache = new FileValueCache<ScannedSidecar>();
  private files: WorkspaceFileSet;
  private templateValue: string;
  /** Reads parse in full too (the Entities tree's workspace scope has been shown). */
  private parsing = false;
  /** The articles made from the file set at one version (see {@link articles}). */
  private listed: { files: WorkspaceFileSet; version: number; articles: ScannedArticle[] } | undefined;
  /** Sidecars that changed or came since they were last read: their next read cleans up beside each. */
  private readonly changed = new Set<string>();
  private readonly emitter = this._register(new vscode.EventEmitter<vscode.Uri | undefined>());
  /**
   * Fires with a sidecar or article that came, went or changed (what was kept of it is forgotten),
   * or with undefined when anything may have changed (a folder came or went, the template changed).
   */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly sessions: SessionManager) {
    super();
    this.templateValue = settings().sidecarTemplate;
    this.files = this.fileSet();
    const sidecars = vscode.workspace.createFileSystemWatcher(sidecarGlob(this.templateValue));
    const articles = vscode.workspace.createFileSystemWatcher('**/*.{txt,md,markdown}', false, true, false);
    const sidecarChanged = (uri: vscode.Uri) => {
      this.forget(uri);
      this.emitter.fire(uri);
    };
    const articleCameOrWent = (uri: vscode.Uri) => this.emitter.fire(uri);
    this._registerAll(
      { dispose: () => this.files.dispose() },
      sidecars,
      sidecars.onDidChange(sidecarChanged),
      sidecars.onDidCreate(sidecarChanged),
      sidecars.onDidDelete(sidecarChanged),
      articles,
      articles.onDidCreate(articleCameOrWent),
      articles.onDidDelete(articleCameOrWent),
      // an article's session read, wrote or mended its sidecar: read again, told only if it changed
      sessions.onDidChangeArticle((article) => this.sessionChanged(article.sidecarUri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('hashiya.sidecar.template') || settings().sidecarTemplate === this.templateValue) {
          return;
        }
        this.templateValue = settings().sidecarTemplate;
        this.files.dispose();
        this.files = this.fileSet();
        this.cache.clear();
        this.emitter.fire(undefined);
      }),
    );
  }

  /** The sidecar template the scan pairs articles and sidecars by. */
  get template(): string {
    return this.templateValue;
  }

  /** How many sidecars were read since the scan was made (tests and benchmarks count them). */
  get reads(): number {
    return this.cache.reads;
  }

  /** How many times the sidecar at `uri` was read (tests check that only what changed is read again). */
  readsOf(sidecarUri: vscode.Uri): number {
    return this.cache.readsOf(sidecarUri.toString());
  }

  /** How many times the workspace was searched (tests count them). */
  get searches(): number {
    return this.files.searchCount;
  }

  /** Reads the sidecar at `uri` again at the next look, cleaning up beside it first (it changed or came). */
  private forget(uri: vscode.Uri): void {
    this.cache.forget(uri.toString());
    this.changed.add(uri.toString());
  }

  /** Reads every sidecar again at the next look, and says so (the project schema changed). */
  forgetAll(): void {
    this.cache.clear();
    this.emitter.fire(undefined);
  }

  /** Searches the workspace and reads every sidecar again at the next look (a view's Refresh). */
  refresh(): void {
    this.cache.clear();
    this.files.clear();
  }

  /**
   * Every article of the workspace (every article file the search found, a project's own
   * documents only with a sidecar, and the article of every sidecar even when its file is
   * missing: see `articlesOf`), in no particular order. What is kept of sidecars no longer there
   * is dropped. @throws what the search throws.
   */
  async articles(): Promise<ScannedArticle[]> {
    const template = this.templateValue;
    const files = this.files;
    const version = files.version;
    const uris = await files.uris();
    const kept = this.listed;
    if (kept?.files === files && kept.version === version && files.version === version) return [...kept.articles];
    // one scheme and authority per workspace folder: paths are enough to pair articles and sidecars
    const keyOf = (uri: vscode.Uri) => uri.with({ path: '' }).toString();
    const groups = new Map<string, vscode.Uri[]>();
    for (const uri of uris) {
      const group = groups.get(keyOf(uri));
      if (group) group.push(uri);
      else groups.set(keyOf(uri), [uri]);
    }
    const out: ScannedArticle[] = [];
    const sidecars = new Set<string>();
    for (const group of groups.values()) {
      const base = group[0]!;
      const paths = new Set(group.map((u) => u.path));
      for (const { article, sidecar } of articlesOf([...paths], template).values()) {
        const sidecarUri = sidecar === undefined ? undefined : base.with({ path: sidecar });
        if (sidecarUri) sidecars.add(sidecarUri.toString());
        out.push({
          uri: base.with({ path: article }),
          name: basenameOf(article),
          ...(sidecarUri ? { sidecarUri } : {}),
          found: paths.has(article),
        });
      }
    }
    this.cache.retain(sidecars);
    // the same files give the same articles: kept until a file comes or goes (each view asks after each change)
    if (files.version === version) this.listed = { files, version, articles: out };
    return [...out];
  }

  /**
   * What the sidecar at `uri` holds: kept since its last read, else read now. With
   * `annotations`, parsed in full too (read again if it was kept as a summary only; from then on
   * every read parses, so that the Entities tree does not read again what a view read).
   * Never rejects: a sidecar that cannot be read gives its problem.
   */
  async sidecar(uri: vscode.Uri, annotations = false): Promise<ScannedSidecar> {
    if (annotations) this.parsing = true;
    const key = uri.toString();
    const read = () => this.read(uri);
    const kept = await this.cache.get(key, read);
    if (!annotations || kept.annotations !== undefined) return kept;
    this.cache.forget(key);
    return this.cache.get(key, read);
  }

  /** {@link sidecar} of each of `uris`, in order, a few read at once. */
  async sidecars(uris: readonly vscode.Uri[], annotations = false): Promise<ScannedSidecar[]> {
    const out: ScannedSidecar[] = new Array(uris.length);
    let next = 0;
    const worker = async () => {
      while (next < uris.length) {
        const i = next++;
        out[i] = await this.sidecar(uris[i]!, annotations);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, uris.length) }, worker));
    return out;
  }

  /**
   * A session changed (opened its article, wrote its sidecar, ...): the sidecar is read again at
   * once and the views are told only when what it gives changed, so that opening an article does
   * not have the views list again while its view is being opened. A write landing after this read
   * comes through the file watcher, as any change on disk does.
   */
  private sessionChanged(uri: vscode.Uri): void {
    const key = uri.toString();
    const before = this.cache.peek(key);
    this.forget(uri);
    if (!before) {
      this.emitter.fire(uri);
      return;
    }
    void this.sidecar(uri, before.annotations !== undefined).then((after) => {
      if (!sameScanned(before, after)) this.emitter.fire(uri);
    });
  }

  /**
   * Parses in full, in the background, the sidecars `uris()` gives (the Entities tree is shown:
   * its workspace scope is a click away): once each was read as the Articles view reads it (a read
   * under way is joined, not repeated), those kept as summaries only are read and parsed again a
   * few at a time, yielding to the extension host between them, so that an article being opened
   * meanwhile is not held up. Resolves when done (at once while one is under way).
   */
  prepareAnnotations(uris: () => Promise<vscode.Uri[]>): Promise<void> {
    this.preparing ??= (async () => {
      try {
        const sidecars = await uris();
        await this.sidecars(sidecars);
        for (let i = 0; i < sidecars.length; i += PREPARED_AT_ONCE) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (this.isDisposed) return;
          await Promise.all(sidecars.slice(i, i + PREPARED_AT_ONCE).map((uri) => this.sidecar(uri, true)));
        }
      } catch {
        // the search failed: the tree's own look reports it
      } finally {
        this.preparing = undefined;
      }
    })();
    return this.preparing;
  }

  private preparing: Promise<void> | undefined;

  private async read(uri: vscode.Uri): Promise<ScannedSidecar> {
    const parse = this.parsing;
    let source: string | undefined;
    try {
      traceRead('scan', uri);
      source = await readSidecarShown(uri, { changed: this.changed.delete(uri.toString()) });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const annotations: ScannedAnnotations = { ok: false, message };
      return { facts: { problem: message }, mayConflict: false, ...(parse ? { annotations } : {}) };
    }
    const schema = this.sessions.schema;
    const mayConflict = source?.includes('conflict') ?? false;
    if (!parse) return { facts: factsOf(source, this.sessions), mayConflict };
    if (source === undefined) return { facts: { summary: emptySummary() }, mayConflict, annotations: null };
    const parsed = parseSidecar(source, schema);
    if (parsed.ok) {
      return {
        facts: { summary: summaryOfSidecar(parsed.sidecar) },
        mayConflict,
        annotations: { ok: true, annotations: parsed.sidecar.annotations },
      };
    }
    const first = parsed.problems[0];
    return {
      // what the Articles view shows does not depend on whether the Entities tree asked
      facts: factsOf(source, this.sessions),
      mayConflict,
      annotations: { ok: false, message: first?.message ?? '', line: first?.line ?? 1, column: first?.column ?? 1 },
    };
  }

  /** The workspace's articles and sidecars under the current template. */
  private fileSet(): WorkspaceFileSet {
    const suffix = sidecarSuffix(this.templateValue);
    // one search for articles and sidecars (each search walks the whole workspace)
    const files = new WorkspaceFileSet(`{**/*.txt,**/*.md,**/*.markdown,${sidecarGlob(this.templateValue)}}`,
      (path) => ARTICLE_FILE.test(path) || path.endsWith(suffix), MAX_FILES);
    // a folder deleted or moved in (its files had no events of their own)
    files.onDidChange(() => this.emitter.fire(undefined));
    return files;
  }
}

/** True when two reads of a sidecar gave the same to every reader. */
function sameScanned(a: ScannedSidecar, b: ScannedSidecar): boolean {
  return a.mayConflict === b.mayConflict && JSON.stringify(a.facts) === JSON.stringify(b.facts)
    && JSON.stringify(a.annotations) === JSON.stringify(b.annotations);
}

/** The Articles view's facts of a sidecar's `source` (undefined: none): its summary, or its first problem. */
function factsOf(source: string | undefined, sessions: SessionManager): SidecarFacts {
  const summary = summariseSidecar(source, sessions.schema);
  return summary.ok
    ? { summary: summary.summary }
    : { problem: vscode.l10n.t('line {0}, column {1}: {2}', summary.line, summary.column, summary.message) };
}
