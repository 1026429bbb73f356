import * as vscode from 'vscode';
import type { SidecarSession } from '../../core/session/sidecarSession';
import { plainText } from '../../core/presentation/inertText';
import type { KeptAnnotations, KeptAnnotationsStore } from '../files/keptAnnotations';
import { uriExists } from '../files/sidecarFiles';
import { Disposable } from '../util/dispose';
import { showError, showInfo, shownName } from '../util/notify';
import type { Article } from './article';

/** Annotations that could not be written when their session was thrown away, and where they were kept. */
export interface KeptEvent {
  articleUri: vscode.Uri;
  sidecarUri: vscode.Uri;
  /**
   * The kept sidecar in the extension's storage; undefined when even that could not be written (kept in memory only).
   */
  file: vscode.Uri | undefined;
  /** Why they could not be written. */
  reason: string;
}

/** Shows a warning with buttons and resolves to the chosen one; tests put their own in its place. */
export type Ask = (message: string, ...items: string[]) => Thenable<string | undefined>;

/**
 * What happens to a session whose article the analyst left (tab closed, document closed,
 * renamed, VS Code shutting down) when it cannot write its sidecar: its unwritten annotations are
 * kept in the store (the extension's storage), the analyst is told once, and they are offered
 * back when the article is opened again. The session manager's maps of loaded and held articles
 * are shared with it.
 */
export class ArticleHandover extends Disposable {
  /** The kept file made for a session that has not written since. */
  private readonly keptFiles = new Map<SidecarSession, vscode.Uri>();
  /** A session's hand-over in progress (close, rename, shutdown), so that two never overlap. */
  private readonly settling = new Map<SidecarSession, Promise<boolean>>();
  /** Sessions whose unwritten annotations the analyst was told about (once, until they are written). */
  private readonly told = new Set<SidecarSession>();
  /** Kept files being offered right now (asked once at a time). */
  private readonly offering = new Set<string>();
  private readonly keptEmitter = this._register(new vscode.EventEmitter<KeptEvent>());
  /** Fires when annotations could not be written as their session was thrown away, and were kept. */
  readonly onDidKeep = this.keptEmitter.event;

  /**
   * @param store where annotations are kept; without it they are kept in memory only.
   * @param loaded the articles loaded now, by article URI.
   * @param held articles closed while their sidecar could not be written, by article URI.
   * @param ask how the analyst is asked.
   */
  constructor(
    private readonly store: KeptAnnotationsStore | undefined,
    private readonly loaded: ReadonlyMap<string, Article>,
    private readonly held: Map<string, Article>,
    private readonly ask: Ask,
  ) {
    super();
  }

  /** True when a kept file was made for `session` and it has not written since. */
  hasKept(session: SidecarSession): boolean {
    return this.keptFiles.has(session);
  }

  /** Offers back annotations kept for this article's sidecar by an earlier session (merge, open, discard). */
  async offerKept(article: Article): Promise<void> {
    const own = new Set([...this.keptFiles.values()].map((f) => f.toString()));
    for (const kept of (await this.store?.find(article.sidecarUri)) ?? []) {
      const id = kept.file.toString();
      if (own.has(id) || this.offering.has(id)) continue;
      this.offering.add(id);
      try {
        await this.offerOne(article, kept);
      } finally {
        this.offering.delete(id);
      }
    }
  }

  private async offerOne(article: Article, kept: KeptAnnotations): Promise<void> {
    const when = kept.savedAt.slice(0, 16).replace('T', ' ');
    const merge = vscode.l10n.t('Merge');
    const open = vscode.l10n.t('Open');
    const discard = vscode.l10n.t('Discard');
    const choice = await this.ask(
      vscode.l10n.t(
        'Hashiya kept annotations of {0} that could not be saved on {1} ({2}), in {3}. Merge them into {4}?',
        shownName(article.uri),
        when,
        plainText(kept.reason),
        plainText(kept.file.fsPath),
        shownName(article.sidecarUri),
      ),
      merge,
      open,
      discard,
    );
    if (choice === merge) await this.mergeKept(article, kept);
    else if (choice === open) void vscode.window.showTextDocument(kept.file);
    else if (choice === discard) await this.store?.remove(kept.file);
  }

  /** Annotations kept for `article`'s sidecar (oldest first). */
  async keptFor(article: Article): Promise<KeptAnnotations[]> {
    return (await this.store?.find(article.sidecarUri)) ?? [];
  }

  /**
   * Merges kept annotations into the article's sidecar by id and field (see
   * `SidecarSession.restorePending`) and removes them from the store once written.
   * @returns false (and says why) when they could not be merged; they stay kept. True also when
   *   the kept set is gone already: the session that kept it wrote it once the sidecar was mended
   *   (or the analyst discarded it elsewhere), so there is nothing left to merge.
   */
  async mergeKept(article: Article, kept: KeptAnnotations): Promise<boolean> {
    try {
      let source: string;
      try {
        source = await this.store!.read(kept);
      } catch (err) {
        if (!(await uriExists(kept.file))) return true;
        throw err;
      }
      await article.session.restorePending(source, kept.base);
      await this.store!.remove(kept.file);
      void showInfo(vscode.l10n.t('Hashiya merged the kept annotations into {0}.', shownName(article.sidecarUri)));
      return true;
    } catch (err) {
      void showError(
        vscode.l10n.t(
          'Hashiya could not merge the kept annotations of {0}: {1}. They stay kept in {2}.',
          shownName(article.uri),
          (err as Error).message,
          plainText(kept.file.fsPath),
        ),
      );
      return false;
    }
  }

  /**
   * Hands over a session whose article the analyst left: its last tab closed (`tab`: the
   * session stays while VS Code keeps the document), its document closed (`close`: the session
   * is thrown away), renamed (`rename`; `to`: where the article and its sidecar go), or VS Code
   * shutting down (`shutdown`). Writes what the session has not written; what cannot be written
   * (a broken sidecar, a full disk) is kept in the store and the analyst is told once, with Retry
   * and Open. A closed article's session is held in memory: reopening the article brings it
   * back. Hand-overs of one session run one after the other. Resolves to true when written.
   */
  settle(
    article: Article,
    why: 'tab' | 'close' | 'rename' | 'shutdown',
    to?: { uri: vscode.Uri; sidecarUri: vscode.Uri },
  ): Promise<boolean> {
    const session = article.session;
    const before = this.settling.get(session) ?? Promise.resolve(true);
    const run = before.then(
      () => this.settleNow(article, why, to),
      () => this.settleNow(article, why, to),
    );
    this.settling.set(session, run);
    void run.finally(() => {
      if (this.settling.get(session) === run) this.settling.delete(session);
    });
    return run;
  }

  private async settleNow(
    article: Article,
    why: 'tab' | 'close' | 'rename' | 'shutdown',
    to?: { uri: vscode.Uri; sidecarUri: vscode.Uri },
  ): Promise<boolean> {
    const session = article.session;
    let error: string | undefined;
    try {
      // mended since it was found broken (the watcher may not have said so yet)
      if (session.state.kind === 'broken') await session.reloadFromDisk();
      await session.flush();
    } catch (err) {
      error = (err as Error).message;
    }
    const pending = session.pendingSidecar();
    if (!pending) {
      await this.dropKept(session);
      return true;
    }
    const state = session.state;
    const reason =
      error ??
      (state.kind === 'broken'
        ? `${shownName(article.sidecarUri)}:${state.problems[0]?.line}:${state.problems[0]?.column}: ` +
          `${state.problems[0]?.message}`
        : vscode.l10n.t('not written'));
    const sidecarUri = to?.sidecarUri ?? article.sidecarUri;
    const articleUri = to?.uri ?? article.uri;
    let file: vscode.Uri | undefined;
    try {
      const previous = this.keptFiles.get(session);
      file = await this.store?.save(sidecarUri, articleUri, pending, reason, previous);
      if (file) this.keptFiles.set(session, file);
      if (previous && file && previous.toString() !== file.toString()) await this.store?.remove(previous);
    } catch {
      // not even the extension's storage: kept in memory (held) only
    }
    this.keptEmitter.fire({ articleUri, sidecarUri, file, reason });
    const key = article.uri.toString();
    if (why === 'close') {
      // reopened meanwhile with a new session: that one is offered them
      const reopened = this.loaded.get(key);
      if (reopened && reopened !== article) void this.offerKept(reopened);
      else if (!reopened) this.held.set(key, article);
    } else if (why !== 'tab' && this.held.get(key) === article) {
      this.held.delete(key);
    }
    if (why === 'rename') {
      // the session goes: what it kept belongs to the renamed article, offered there now if it
      // is open already (else when it is opened)
      this.keptFiles.delete(session);
      const renamedTo = to && this.loaded.get(to.uri.toString());
      if (renamedTo) void this.offerKept(renamedTo);
    }
    // told once per session (a rename moves them elsewhere: told again)
    if (why !== 'shutdown' && (why === 'rename' || !this.told.has(session))) {
      this.told.add(session);
      void this.tellKept(article, why, articleUri, sidecarUri, file, reason);
    }
    return false;
  }

  private async tellKept(
    article: Article,
    why: 'tab' | 'close' | 'rename',
    articleUri: vscode.Uri,
    sidecarUri: vscode.Uri,
    file: vscode.Uri | undefined,
    reason: string,
  ): Promise<void> {
    const retry = vscode.l10n.t('Retry');
    const openKept = vscode.l10n.t('Open Kept Annotations');
    const openSidecar = vscode.l10n.t('Open Sidecar');
    const items = [...(why === 'rename' ? [] : [retry]), ...(file ? [openKept] : []), openSidecar];
    const choice = await this.ask(
      file
        ? vscode.l10n.t(
            'Hashiya could not save the annotations of {0}: {1}. They are kept in {2} and offered back when you open {0} again.',
            shownName(articleUri),
            reason,
            plainText(file.fsPath),
          )
        : vscode.l10n.t(
            'Hashiya could not save the annotations of {0}: {1}. They are kept in memory until VS Code closes and offered back when you open {0} again.',
            shownName(articleUri),
            reason,
          ),
      ...items,
    );
    if (choice === retry) {
      if (!(await this.retryHeld(article.uri))) {
        const state = article.session.state;
        const again =
          state.kind === 'broken'
            ? `${shownName(sidecarUri)}:${state.problems[0]?.line}:${state.problems[0]?.column}: ` +
              `${state.problems[0]?.message}`
            : reason;
        void this.tellKept(article, why, articleUri, sidecarUri, file, again);
      }
    } else if (choice === openKept && file) {
      void vscode.window.showTextDocument(file);
    } else if (choice === openSidecar) {
      void vscode.window.showTextDocument(sidecarUri);
    }
  }

  /**
   * Tries again to write the session of a closed article that could not be written (the sidecar
   * is read again first, in case it was mended). True when it is written (or nothing is held).
   */
  async retryHeld(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    const article = this.held.get(key) ?? this.loaded.get(key);
    if (!article) return true;
    await article.session.reloadFromDisk().catch(() => false);
    try {
      await article.session.flush();
    } catch {
      // said by the caller
    }
    if (article.session.hasPendingWrite) return false;
    if (this.held.get(key) === article) this.held.delete(key);
    await this.dropKept(article.session);
    return true;
  }

  /** Removes the kept file made for `session` (it has written since). */
  async dropKept(session: SidecarSession): Promise<void> {
    this.told.delete(session);
    const file = this.keptFiles.get(session);
    if (!file) return;
    this.keptFiles.delete(session);
    await this.store?.remove(file);
  }
}
