import { readFile, stat } from 'node:fs/promises';
import { NodeSidecarStorage, cleanLeftoversBeside, findFilesUnder, symlinkProblem } from '../../node/nodeFiles';
import { userName } from '../../node/userName';
import { GitMergingCommand } from '../commands/gitMergingCommand';
import type { Platform } from './platform';
import { useNodeSha256 } from '../../node/nodeSha256';

// the core's sidecar hashes through Node's crypto in this host (the web worker keeps the pure one)
useNodeSha256();

/** The Node extension host (desktop VS Code, code-server, remote): the local disk, git, the user's name. */
export const nodePlatform: Platform = {
  kind: 'node',
  localSidecarStorage: (fsPath, options) => new NodeSidecarStorage(fsPath, options),
  symlinkProblem,
  readLocalFile: (fsPath) => readFile(fsPath).then(
    (bytes) => bytes,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    },
  ),
  localModifiedTime: (fsPath) => stat(fsPath).then((s) => Math.floor(s.mtimeMs), () => undefined),
  cleanLeftoversBeside,
  findLocalFiles: findFilesUnder,
  userName,
  gitMerging: (extensionPath) => new GitMergingCommand(extensionPath),
};
