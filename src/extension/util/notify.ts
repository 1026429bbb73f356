import * as vscode from 'vscode';
import { plainMessage, plainText } from '../../core/presentation/inertText';
import { baseName } from '../files/sidecarFiles';
import { uiLine } from './uiDirection';

/**
 * Notifications and status-bar messages of the extension: the only calls of
 * `showErrorMessage` / `showWarningMessage` / `showInformationMessage` / `setStatusBarMessage`
 * (test/unit/core/presentation/inertText.test.ts checks). Every message passes {@link plainMessage}, so text from
 * files inside it (quotes, keys, names) can form no link, command link or icon and cannot
 * reorder the message; pieces of file text should also be put in with {@link plainText} (or
 * {@link shownName}) so that each is isolated on its own.
 */
export function showError<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return withButtons(items, (shown) => vscode.window.showErrorMessage(uiLine(plainMessage(message)), ...shown));
}

/** A warning notification; see {@link showError}. */
export function showWarning<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return withButtons(items, (shown) => vscode.window.showWarningMessage(uiLine(plainMessage(message)), ...shown));
}

/** An information notification; see {@link showError}. */
export function showInfo<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return withButtons(items, (shown) => vscode.window.showInformationMessage(uiLine(plainMessage(message)), ...shown));
}

/**
 * Shows buttons laid out in the display language's direction (`uiLine`) and resolves with the
 * caller's own item for the one chosen.
 */
async function withButtons<T extends string>(
  items: readonly T[],
  show: (shown: string[]) => Thenable<string | undefined>,
): Promise<T | undefined> {
  const shown: string[] = items.map((item): string => uiLine(item));
  const chosen = await show(shown);
  return chosen === undefined ? undefined : items[shown.indexOf(chosen)];
}

/** A status-bar message for `ms` milliseconds; see {@link showError}. */
export function showStatus(message: string, ms: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(uiLine(plainMessage(message)), ms);
}

/** The file name of `uri` as a piece of a message (inert, isolated, at most 120 characters). */
export function shownName(uri: vscode.Uri): string {
  return plainText(baseName(uri), 120);
}

/**
 * A modal warning that asks before something is done; `detail` lines are shown under it. Both
 * pass {@link plainMessage} (line by line for the detail), like every other notification.
 */
export function confirmModal<T extends string>(
  message: string,
  detail: string,
  ...items: T[]
): Thenable<T | undefined> {
  const lines = detail
    .split(/\r?\n/)
    .map((line) => uiLine(plainMessage(line)))
    .join('\n');
  return withButtons(items, (shown) =>
    vscode.window.showWarningMessage(uiLine(plainMessage(message)), { modal: true, detail: lines }, ...shown),
  );
}
