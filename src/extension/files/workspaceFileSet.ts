import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { findWorkspaceFiles } from './vscodeWorkspaceFiles';

/**
 * The files of the workspace that a glob matches, searched once ({@link findWorkspaceFiles})
 * and then kept up to date from the file watcher's create and delete events, so that a view that
 * lists again after each change does not search the whole workspace again. A folder deleted takes
 * its files with it; a folder created (moved in) or a change of the workspace folders, and
 * {@link clear}, make the next look search again.
 */
export class WorkspaceFileSet extends Disposable {
  private found: Promise<Map<string, vscode.Uri>> | undefined;
  private searches = 0;
  private versionValue = 0;
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when files left the set with a folder that was deleted, or the set will be searched again. */
  readonly onDidChange = this.emitter.event;

  /**
   * @param glob the files to find (e.g. '**\/*.annotations.yaml')
   * @param accept the same files by '/' path (events are filtered through it)
   * @param max at most this many files
   */
  constructor(private readonly glob: string, private readonly accept: (path: string) => boolean,
    private readonly max: number) {
    super();
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this._registerAll(
      watcher,
      watcher.onDidCreate((uri) => this.created(uri)),
      watcher.onDidDelete((uri) => this.deleted(uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.clear()),
    );
  }

  /**
   * Changes whenever the set may hold other files (a file came or went, a search again): what is
   * made from the files can be kept while it stays.
   */
  get version(): number {
    return this.versionValue;
  }

  /** How many times the workspace was searched (tests count them). */
  get searchCount(): number {
    return this.searches;
  }

  /** The files, in no particular order. @throws what the search throws. */
  async uris(): Promise<vscode.Uri[]> {
    if (!this.found) {
      this.searches++;
      const search = findWorkspaceFiles(this.glob, this.accept, this.max)
        .then((uris) => new Map(uris.map((u) => [u.toString(), u])));
      // a failed search is not kept: the next look searches again
      search.catch(() => {
        if (this.found !== search) return;
        this.found = undefined;
        this.versionValue++;
      });
      this.found = search;
    }
    return [...(await this.found).values()];
  }

  /** Searches again at the next look. */
  clear(): void {
    this.found = undefined;
    this.versionValue++;
  }

  private created(uri: vscode.Uri): void {
    if (!this.found) return;
    if (this.accept(uri.path)) {
      this.update((files) => files.set(uri.toString(), uri));
      return;
    }
    // a folder that appears may hold files (moved in, unpacked): searched again
    void Promise.resolve(vscode.workspace.fs.stat(uri)).then(
      (stat) => {
        if (!(stat.type & vscode.FileType.Directory)) return;
        this.clear();
        this.emitter.fire();
      },
      () => undefined,
    );
  }

  private deleted(uri: vscode.Uri): void {
    const key = uri.toString();
    const inside = `${key.replace(/\/$/, '')}/`;
    this.update((files) => {
      let inFolder = false;
      for (const k of [...files.keys()]) {
        if (k === key) files.delete(k);
        else if (k.startsWith(inside)) inFolder = files.delete(k);
      }
      // a file's own event reaches its view; files gone with their folder have none
      if (inFolder) this.emitter.fire();
    });
  }

  /** Applies `change` once the search under way (if any) is done, in the order events came. */
  private update(change: (files: Map<string, vscode.Uri>) => void): void {
    const found = this.found;
    if (!found) return;
    this.versionValue++;
    const next = found.then((files) => {
      change(files);
      return files;
    });
    next.catch(() => {
      if (this.found !== next) return;
      this.found = undefined;
      this.versionValue++;
    });
    this.found = next;
  }
}
