// The entry point of the web worker extension host (vscode.dev, github.dev, code-server's web host):
// package.json "browser". Bundled without any Node built-in (scripts/build.mjs; docs/browser-build.md).
import type * as vscode from 'vscode';
import { type HashiyaApi, activateOn } from './activation';
import { webPlatform } from './platform/platform';

export type { HashiyaApi } from './activation';
export { deactivate } from './activation';

/** Activates Hashiya with `workspace.fs` only (see `activateOn`). */
export function activate(context: vscode.ExtensionContext): HashiyaApi {
  return activateOn(webPlatform, context);
}
