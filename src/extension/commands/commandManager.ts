import * as vscode from 'vscode';
import { BrokenSidecarError } from '../../core/session/sidecarSession';
import { Disposable } from '../util/dispose';
import { showError } from '../util/notify';

/** One command of the palette, menus or keys: its id (see commandIds.ts) and what it does. */
export interface Command {
  readonly id: string;
  // arguments come from VS Code (menus pass tree nodes and URIs), scripts and tests
  execute(...args: any[]): unknown;
}

/** A command made of its id and a function. */
export function command(id: string, execute: (...args: any[]) => unknown): Command {
  return { id, execute };
}

/** Tells the analyst why a command failed (the error's message, after "Hashiya:"). */
export function reportFailure(err: unknown): void {
  const message = err instanceof BrokenSidecarError ? err.message : (err as Error)?.message ?? String(err);
  void showError(vscode.l10n.t('Hashiya: {0}', message));
}

/**
 * Registers commands with VS Code and unregisters them when disposed. A command that throws is
 * reported to the analyst ({@link reportFailure}) and returns undefined.
 */
export class CommandManager extends Disposable {
  register(...commands: Command[]): void {
    for (const c of commands) {
      this._register(vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
        try {
          return await c.execute(...args);
        } catch (err) {
          reportFailure(err);
          return undefined;
        }
      }));
    }
  }
}
