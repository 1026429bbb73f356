// The entry point of the Node extension host (desktop VS Code, code-server, remote): package.json "main".
import type * as vscode from 'vscode';
import { type HashiyaApi, activateOn } from './activation';
import { nodePlatform } from './platform/nodePlatform';

export type { HashiyaApi } from './activation';
export { deactivate } from './activation';

/** Activates Hashiya with the local disk, git and the user's name (see `activateOn`). */
export function activate(context: vscode.ExtensionContext): HashiyaApi {
  return activateOn(nodePlatform, context);
}
