import * as vscode from 'vscode';

/**
 * Shows a quick pick whose rows `update` fills as the analyst types (an own search instead of
 * VS Code's filter) and resolves with the row accepted, or undefined when it is hidden. `update`
 * runs once before showing and again on every change of the typed value; the quick pick is
 * disposed afterwards. `accepted` turns the selected row (undefined when none is) into the result.
 */
export function runQuickPick<T extends vscode.QuickPickItem, R>(quickPick: vscode.QuickPick<T>, update: () => void,
  accepted: (item: T | undefined) => R): Promise<R | undefined> {
  quickPick.onDidChangeValue(update);
  update();
  return new Promise<R | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(accepted(quickPick.selectedItems[0]));
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  }).finally(() => quickPick.dispose());
}

/**
 * Wraps text in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE (UAX #9) when it holds
 * right-to-left letters, so that an Arabic name and the Latin description or digits beside it in
 * one tree or quick-pick row are laid out separately ("1 mention" must not join the Arabic run).
 * Display only; stored text never gets these marks.
 */
export function isolate(text: string): string {
  return /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u.test(text) ? `\u2068${text}\u2069` : text;
}
