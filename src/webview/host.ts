/** The view's line to the extension host: its messages, its log, and the state VS Code keeps for it. */
import type { ViewMessage } from '../shared/protocol';

/** What the view remembers across being hidden and shown (VS Code webview state). */
export interface SavedState { topOffset16: number }

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The extension host as the view's modules see it. */
export interface Host {
  post(message: ViewMessage): void;
  /** Reports an error of the view in the extension's log. */
  log(message: string): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

/** The host of this webview (acquireVsCodeApi may be called once per page). */
export function acquireHost(): Host {
  const vscode = acquireVsCodeApi();
  return {
    post: (message) => vscode.postMessage(message),
    log: (message) => vscode.postMessage({ type: 'log', level: 'error', message }),
    getState: () => vscode.getState(),
    setState: (state) => vscode.setState(state),
  };
}
