import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { showInfo, shownName } from '../util/notify';
import { traceMark } from '../files/readTrace';
import { ArticleEditorProvider } from '../views/articleEditorProvider';
import type { CommandContext } from './commandContext';
import { type Command, command } from './commandManager';

/** Opening an article in the RTL view or the text editor, and its sidecar beside it. */
export class ArticleCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.openWithHashiya, (uri?: vscode.Uri) => this.openWithHashiya(uri)),
      command(Commands.openInTextEditor, (uri?: vscode.Uri) => this.openInTextEditor(uri)),
      command(Commands.openSidecar, (uri?: vscode.Uri) => this.openSidecar(uri)),
    ];
  }

  private async openWithHashiya(uri?: vscode.Uri): Promise<void> {
    traceMark('open.command');
    const target = uri ?? vscode.window.activeTextEditor?.document.uri ?? activeCustomUri();
    if (!target) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { [vscode.l10n.t('Articles')]: ['txt', 'md'] },
        openLabel: vscode.l10n.t('Open with Hashiya'),
      });
      if (!picked?.[0]) return;
      await ArticleEditorProvider.open(picked[0]);
      return;
    }
    await ArticleEditorProvider.open(target);
  }

  private async openInTextEditor(uri?: vscode.Uri): Promise<void> {
    const target =
      uri ?? this.context.editorProvider.activeView?.document.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) return;
    await vscode.commands.executeCommand('vscode.openWith', target, 'default', vscode.ViewColumn.Beside);
  }

  private async openSidecar(uri?: vscode.Uri): Promise<void> {
    let sidecar: vscode.Uri | undefined;
    if (uri && /\.ya?ml$/i.test(uri.path)) sidecar = uri;
    else {
      const articleUri = uri ?? this.context.editorProvider.activeView?.document.uri
        ?? vscode.window.activeTextEditor?.document.uri;
      const document =
        articleUri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === articleUri.toString());
      const article = document && await this.context.sessions.open(document);
      sidecar = article?.sidecarUri;
    }
    if (!sidecar) {
      void showInfo(vscode.l10n.t('Open an article first: its sidecar is written when you make the first annotation.'));
      return;
    }
    try {
      await vscode.workspace.fs.stat(sidecar);
    } catch {
      void showInfo(vscode.l10n.t(
        '{0} does not exist yet: it is written when you make the first annotation.',
        shownName(sidecar),
      ));
      return;
    }
    await vscode.window.showTextDocument(sidecar, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }
}

function activeCustomUri(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab?.input instanceof vscode.TabInputCustom || tab?.input instanceof vscode.TabInputText
    ? tab.input.uri
    : undefined;
}
