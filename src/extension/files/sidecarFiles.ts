import * as vscode from 'vscode';
import type { SidecarStorage, WriteOutcome } from '../../core/session/sidecarSession';
import { sidecarGlob, sidecarRelativePath } from '../../core/format/sidecarPath';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { MAX_SIDECAR_LENGTH, tooLargeMessage } from '../../core/format/sidecar';
import { STALE_MS, sidecarPairOf, sidecarSuffix } from '../../core/workspace/scan';
import { basenameOf } from '../../core/workspace/workspaceFiles';
import { VscodeWorkspaceFiles, findWorkspaceFiles, isNotFound } from './vscodeWorkspaceFiles';
import { type LocalSidecarStorage, platform } from '../platform/platform';
import { traceMark } from './readTrace';

const encoder = new TextEncoder();

/** The sidecar URI of an article, per the `hashiya.sidecar.template` setting. */
export function sidecarUriOf(article: vscode.Uri, template: string): vscode.Uri {
  const folder = vscode.Uri.joinPath(article, '..');
  const name = article.path.slice(article.path.lastIndexOf('/') + 1);
  return vscode.Uri.joinPath(folder, ...sidecarRelativePath(name, template).split('/'));
}

/** Base name of a URI's path. */
export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** True when something exists at `uri` (file or folder). */
export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** True when `err` is a FileSystemError for a missing file. */

let keptSink: ((files: readonly string[]) => void) | undefined;

/** When `workspace.fs` readers last cleaned each folder (URI string to ms). */
const foldersCleaned = new Map<string, number>();

/**
 * Has `sink` told of every file that a killed save left with someone else's change and that a
 * clean-up by any reader of sidecars, the registry or the schema kept under a visible name
 * (`<file>.kept-<time>.yaml`): the article's session, the Entities tree, the diagnostics, the
 * conflict index, the registry and schema folders each clean up what they read first, and the
 * analyst must hear of it whichever got there first. One sink (the session manager) at a time.
 */
export function onKeptLeftovers(sink: (files: readonly string[]) => void): vscode.Disposable {
  keptSink = sink;
  return new vscode.Disposable(() => {
    if (keptSink === sink) keptSink = undefined;
  });
}

/**
 * {@link SidecarStorage} for the extension. Files on disk (file: URIs) go through Node's file
 * system, as the CLI does ({@link NodeSidecarStorage}: compare-and-swap writes with no window,
 * reads that never take another writer's swap for "no file" and wait for a program writing the
 * file in place, clean-up of killed writers' leftovers, read-only files refused). Other file systems (remote, virtual)
 * go through `workspace.fs`, best effort: the
 * file is compared with what the write expects right before the rename; a change landing in
 * the microseconds between that check and the rename is not seen (no atomic primitive for it);
 * a file whose stat says read-only (FilePermission.Readonly) is refused there too. A refused
 * write throws: the session keeps its changes pending, VS Code says why, and what is pending
 * when the article is closed is kept (keptAnnotations.ts).
 */
export class WorkspaceSidecarStorage implements SidecarStorage {
  private readonly node: LocalSidecarStorage | undefined;
  private cleaned = false;
  /** How many of `kept` were told to the sink (see {@link onKeptLeftovers}). */
  private told = 0;

  /** @param options.bulk see `NodeSidecarStorage` (readers of many sidecars: the Entities tree). */
  constructor(readonly uri: vscode.Uri, options: { bulk?: boolean } = {}) {
    this.node = uri.scheme === 'file' ? platform().localSidecarStorage(uri.fsPath, options) : undefined;
    this.bulk = options.bulk === true;
  }

  private readonly bulk: boolean;

  /**
   * Files a killed writer left with someone else's content, kept beside the sidecar (see `NodeSidecarStorage.kept`).
   */
  get kept(): readonly string[] { return this.node?.kept ?? []; }

  /** Tells the sink what this storage's clean-ups kept since it last told. */
  private tellKept(): void {
    const kept = this.kept;
    if (kept.length <= this.told) return;
    const fresh = kept.slice(this.told);
    this.told = kept.length;
    keptSink?.(fresh);
  }

  async read(): Promise<string | undefined> {
    // a link that loops or points to nothing is an error to show, not "no sidecar" (which would be written over it)
    const link = this.uri.scheme === 'file' ? platform().symlinkProblem(this.uri.fsPath) : undefined;
    if (link) throw new Error(link);
    if (this.node) {
      traceMark('sidecar.read');
      return this.node.read().finally(() => {
        traceMark('sidecar.readDone');
        this.tellKept();
      });
    }
    if (!this.cleaned) {
      this.cleaned = true;
      // a bulk reader (the Entities tree, at every refresh) lists a folder at most every 10 s
      const folder = vscode.Uri.joinPath(this.uri, '..').toString();
      const now = Date.now();
      if (!this.bulk || now - (foldersCleaned.get(folder) ?? 0) > 10_000) {
        foldersCleaned.set(folder, now);
        await this.cleanStaleTemps();
      }
    }
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(this.uri);
      if (stat.type & vscode.FileType.Directory)
        throw new Error(vscode.l10n.t('{0} is a folder, not a sidecar file', baseName(this.uri)));
      if (stat.size > MAX_SIDECAR_LENGTH) throw new Error(tooLargeMessage(stat.size));
      bytes = await vscode.workspace.fs.readFile(this.uri);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) throw new Error(vscode.l10n.t('{0} is {1}', baseName(this.uri), decoded.message));
    return decoded.text;
  }

  /** See `SidecarStorage.holds`: on the local disk the bytes are compared; elsewhere false (read then). */
  async holds(content: string): Promise<boolean> {
    return (await this.node?.holds?.(content)) ?? false;
  }

  async write(content: string, expected: string | undefined): Promise<WriteOutcome> {
    if (this.node) {
      // on disk: Node's compare-and-swap (the CLI's writer). A rename through workspace.fs is
      // reported to the Explorer as a move from a file it never listed, and the sidecar then
      // disappears from it although it is on disk. The folder is made (through workspace.fs, so
      // that the Explorer lists it) only when it is missing: not a round trip at every write.
      const node = this.node;
      const write = () => node.write(content, expected).finally(() => this.tellKept());
      try {
        return await write();
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOENT') throw err;
      }
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.uri, '..'));
      return write();
    }
    await this.cleanStaleTemps();
    // a read-only file (or file system) is not replaced, as on disk (see replaceFileIfUnchanged)
    const stat = await vscode.workspace.fs.stat(this.uri).then((s) => s, () => undefined);
    if (stat?.permissions !== undefined && (stat.permissions & vscode.FilePermission.Readonly)) {
      throw Object.assign(
        new Error(vscode.l10n.t('not written: {0} is read-only; Hashiya does not replace a file you may not write',
          baseName(this.uri))),
        { code: 'EACCES' },
      );
    }
    // what is there must be this sidecar as read (a folder, a file too large: an error, as on read)
    const before = await this.read();
    if (before !== expected) return { written: false, current: before };
    const outcome = await new VscodeWorkspaceFiles(this.uri).write(
      this.uri.path,
      encoder.encode(content),
      expected === undefined ? undefined : encoder.encode(expected),
    );
    return outcome.written ? outcome : { written: false, current: await this.read() };
  }

  /**
   * Removes Hashiya's temporary files of this sidecar older than {@link STALE_MS} (no writer can be asked on a remote
   * file system).
   */
  private async cleanStaleTemps(): Promise<void> {
    const folder = vscode.Uri.joinPath(this.uri, '..');
    const prefix = `.${baseName(this.uri)}.hashiya.`;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp') || type !== vscode.FileType.File) continue;
      const uri = vscode.Uri.joinPath(folder, name);
      try {
        if (Date.now() - (await vscode.workspace.fs.stat(uri)).mtime > STALE_MS) await vscode.workspace.fs.delete(uri);
      } catch {
        // gone already
      }
    }
  }
}

/** A sidecar of the workspace and the article it belongs to (which may be missing). */
export interface SidecarFile {
  sidecarUri: vscode.Uri;
  articleUri: vscode.Uri;
  articleName: string;
}

/**
 * Every sidecar in the workspace (per `template`), sorted by path; node_modules and .git left out.
 * Which article a sidecar belongs to is the core's rule (`sidecarPairOf`), as in the CLI's scan.
 */
export async function workspaceSidecars(template: string, max = 5000): Promise<SidecarFile[]> {
  const suffix = sidecarSuffix(template);
  const found = await findWorkspaceFiles(sidecarGlob(template), (path) => path.endsWith(suffix), max);
  const out: SidecarFile[] = [];
  for (const sidecarUri of found.sort((a, b) => a.path.localeCompare(b.path))) {
    const pair = sidecarPairOf(sidecarUri.path, template);
    if (!pair || pair.sidecar !== sidecarUri.path) continue;
    const articleUri = sidecarUri.with({ path: pair.article });
    out.push({ sidecarUri, articleName: basenameOf(pair.article), articleUri });
  }
  return out;
}

/**
 * The text of the sidecar at `uri` for a view that only shows it (undefined: none), read as every
 * reader of many sidecars reads (the workspace scan: the Articles view, the Entities tree, the
 * conflict index's first scan): what killed writers left is cleaned up first, as a session's first
 * read does (files kept under a visible name are told to the sink, see {@link onKeptLeftovers}):
 * its whole folder at most every 10 s (a listing of many), or, with `changed` (read again because
 * it changed or came), beside this sidecar. Then on the local disk the file is read as it is
 * (`readLocalFile`: no wait for a writer; a sidecar caught in the instant of a swap reads as none,
 * and the file watcher's event for the swap reads it again), elsewhere through `workspace.fs`. A
 * symbolic link that loops or points to nothing is an error, as for a session. Never for what is
 * written back. @throws when it is not UTF-8, too large or cannot be read.
 */
export async function readSidecarShown(uri: vscode.Uri, { changed = false } = {}): Promise<string | undefined> {
  const host = platform();
  const local = host.readLocalFile;
  if (uri.scheme !== 'file' || !local) return new WorkspaceSidecarStorage(uri, { bulk: !changed }).read();
  const kept = host.cleanLeftoversBeside?.(uri.fsPath, !changed) ?? [];
  if (kept.length > 0) keptSink?.(kept);
  const bytes = await local(uri.fsPath);
  if (bytes === undefined) {
    const link = host.symlinkProblem(uri.fsPath);
    if (link) throw new Error(link);
    return undefined;
  }
  if (bytes.length > MAX_SIDECAR_LENGTH) throw new Error(tooLargeMessage(bytes.length));
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.text;
}
