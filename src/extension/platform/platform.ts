import type { SidecarStorage, WriteOutcome } from '../../core/session/sidecarSession';
import type * as vscode from 'vscode';
import type { GitMergingPlan } from '../files/gitMerging';

/**
 * A sidecar's storage on the local disk, through the host's own file system: compare-and-swap
 * writes with no window, reads that never take another writer's swap for "no file", clean-up of
 * what killed writers left (see src/node/nodeFiles.ts).
 */
export interface LocalSidecarStorage extends SidecarStorage {
  /** Files a killed writer left with someone else's content, kept beside the sidecar (paths). */
  readonly kept: readonly string[];
  /** Writes `content` if the file still holds `expected` (undefined: no file). */
  write(content: string, expected: string | undefined): Promise<WriteOutcome>;
}

/** "Hashiya: Set Up Git Merging of Sidecars" (commands/gitMergingCommand.ts). */
export interface GitMergingCommand {
  /** The command's id (a `Command` of commands/commandManager.ts). */
  readonly id: string;
  /** Runs the command (from the palette or the Explorer's menu, with a folder). */
  execute(folder?: unknown): Promise<GitMergingPlan | undefined>;
  /** Asks whether to go ahead (tests answer it). */
  confirm: (plan: GitMergingPlan) => Thenable<boolean>;
  /** Sets up git merging for the repository of `folder`; the plan when something was written. */
  run(folder?: vscode.Uri): Promise<GitMergingPlan | undefined>;
}

/**
 * What the extension host offers beyond the `vscode` API. Hashiya has two entry points: the Node
 * host (desktop VS Code, code-server, remote) passes `nodePlatform` (./nodePlatform.ts), the web
 * worker host (vscode.dev, github.dev) passes {@link webPlatform}; everything else is shared, and
 * the browser bundle holds no Node built-in (docs/browser-build.md).
 */
export interface Platform {
  /** Which host runs the extension. */
  readonly kind: 'node' | 'web';
  /**
   * The storage of the sidecar at the local path `fsPath` (a file: URI), or undefined where there
   * is no local disk (the web): sidecars then go through `workspace.fs`.
   * @param options.bulk for readers of many sidecars of one folder (see `NodeSidecarStorage`)
   */
  localSidecarStorage(fsPath: string, options: { bulk?: boolean }): LocalSidecarStorage | undefined;
  /**
   * The bytes of the local file `fsPath` as they are now (undefined: no such file), read plainly:
   * no wait for a writer, no clean-up. For summaries shown and refreshed after every change (the
   * Articles view), never for what is written back. Undefined where there is no local disk.
   */
  readLocalFile?(fsPath: string): Promise<Uint8Array | undefined>;
  /**
   * When the local file `fsPath` was last modified (ms since 1970), or undefined when it cannot be
   * told (no such file, an error). Read on the disk directly: `workspace.fs.stat` may be a round trip
   * through the workbench, which is busy making a view when an article is opened (issue 12).
   * Undefined where there is no local disk.
   */
  localModifiedTime?(fsPath: string): Promise<number | undefined>;
  /**
   * The local files under the folder `fsPath` that `accept` takes (by file path), at most `max`,
   * by a walk of the disk (links followed; node_modules and version-control folders skipped).
   * Undefined where there is no local disk (the web walks through `workspace.fs`).
   */
  findLocalFiles?(fsPath: string, accept: (fsPath: string) => boolean, max: number): Promise<string[]>;
  /**
   * Cleans up what killed writers left beside the local file `fsPath` (with `wholeFolder`, its whole
   * folder, at most every 10 s), for readers of many sidecars; returns the files kept under a
   * visible name. Undefined where there is no local disk.
   */
  cleanLeftoversBeside?(fsPath: string, wholeFolder: boolean): string[];
  /** Why the local file `fsPath` cannot be read as a symbolic link (loop, missing target), or undefined. */
  symlinkProblem(fsPath: string): string | undefined;
  /** The signed-in user's login name, the default author of annotations, or '' when unknown. */
  userName(): string;
  /**
   * "Set Up Git Merging of Sidecars" (it runs git and node), or undefined where no program can run
   * (the web). `extensionPath` is the extension's folder.
   */
  gitMerging(extensionPath: string): GitMergingCommand | undefined;
}

/** The web worker host (vscode.dev, github.dev): `workspace.fs` only, no programs, no user name. */
export const webPlatform: Platform = {
  kind: 'web',
  localSidecarStorage: () => undefined,
  symlinkProblem: () => undefined,
  userName: () => '',
  gitMerging: () => undefined,
};

let current: Platform = webPlatform;

/** The platform the extension was activated with (the web's until then). */
export function platform(): Platform {
  return current;
}

/** Set once by the entry point, before anything else of the extension runs. */
export function usePlatform(p: Platform): void {
  current = p;
}
