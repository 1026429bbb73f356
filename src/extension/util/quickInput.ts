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

