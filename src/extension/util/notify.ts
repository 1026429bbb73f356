import * as vscode from 'vscode';
import { plainMessage, plainText } from '../../core/presentation/inertText';
import { baseName } from '../files/sidecarFiles';

/**
 * Notifications and status-bar messages of the extension: the only calls of
 * `showErrorMessage` / `showWarningMessage` / `showInformationMessage` / `setStatusBarMessage`
 * (test/unit/core/presentation/inertText.test.ts checks). Every message passes {@link plainMessage}, so text from
 * files inside it (quotes, keys, names) can form no link, command link or icon and cannot
 * reorder the message; pieces of file text should also be put in with {@link plainText} (or
 * {@link shownName}) so that each is isolated on its own.
 */
export function showError<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(plainMessage(message), ...items);
}

/** A warning notification; see {@link showError}. */
export function showWarning<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(plainMessage(message), ...items);
}

/** An information notification; see {@link showError}. */
export function showInfo<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(plainMessage(message), ...items);
}

/** A status-bar message for `ms` milliseconds; see {@link showError}. */
export function showStatus(message: string, ms: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(plainMessage(message), ms);
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
    .map((line) => plainMessage(line))
    .join('\n');
  return vscode.window.showWarningMessage(plainMessage(message), { modal: true, detail: lines }, ...items);
}
