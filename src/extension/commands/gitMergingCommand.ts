import * as vscode from 'vscode';
import { plainText } from '../../core/presentation/inertText';
import { Commands } from '../commandIds';
import { settings } from '../config';
import {
  GitMergingError,
  type GitMergingPlan,
  applyGitMerging,
  describePlan,
  planGitMerging,
} from '../files/gitMerging';
import { confirmModal, showInfo } from '../util/notify';
import type { Command } from './commandManager';
import { showQuickPick } from '../util/uiDirection';

/**
 * The command "Hashiya: Set Up Git Merging of Sidecars": asks first (modal, saying exactly what
 * it will write), then writes. Not in Restricted Mode: it runs git and changes the repository's
 * configuration. `confirm` is the question (tests answer it).
 */
export class GitMergingCommand implements Command {
  readonly id = Commands.setUpGitMerging;

  /** Asks whether to go ahead; the default is a modal dialog. */
  confirm: (plan: GitMergingPlan) => Thenable<boolean> = async (plan) => {
    const { message, detail } = describePlan(plan);
    const setUp = vscode.l10n.t('Set Up');
    const choice = await confirmModal(message, detail, setUp);
    return choice === setUp;
  };

  constructor(private readonly extensionPath: string) {}

  execute(folder?: unknown): Promise<GitMergingPlan | undefined> {
    return this.run(folder instanceof vscode.Uri ? folder : undefined);
  }

  /**
   * Sets up git merging for the repository of `folder` (default: the active article's workspace
   * folder, or asks among the workspace's folders). Returns the plan when something was written,
   * undefined when the analyst said no or nothing needed changing.
   */
  async run(folder?: vscode.Uri): Promise<GitMergingPlan | undefined> {
    if (!vscode.workspace.isTrusted) {
      throw new GitMergingError(
        vscode.l10n.t(
          "setting up git merging is not available in Restricted Mode: it runs git and changes the repository's configuration. Trust the workspace first (Manage Workspace Trust).",
        ),
      );
    }
    const target = folder ?? (await this.folder());
    if (!target) return undefined;
    if (target.scheme !== 'file')
      throw new GitMergingError(vscode.l10n.t("git merging can be set up for folders on this computer's disk only."));
    const plan = await planGitMerging(target.fsPath, {
      template: settings(target).sidecarTemplate,
      extensionPath: this.extensionPath,
      registryFolder:
        vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file'
          ? vscode.workspace.workspaceFolders[0].uri.fsPath
          : undefined,
    });
    if (plan.upToDate) {
      void showInfo(
        vscode.l10n.t(
          'Git merging of sidecars is set up already in {0}: nothing to change.',
          plainText(plan.root, 200),
        ),
      );
      return undefined;
    }
    if (!(await this.confirm(plan))) return undefined;
    await applyGitMerging(plan);
    const root = plainText(plan.root, 200);
    const added = plan.missing.length;
    void showInfo(
      added === 0
        ? vscode.l10n.t(
            'Hashiya set merge.hashiya.driver in {0}: git now merges sidecars by annotation id and records conflicts instead of writing <<<<<<< markers.',
            root,
          )
        : added === 1
          ? vscode.l10n.t(
              'Hashiya added 1 line to .gitattributes (commit it) and set merge.hashiya.driver in {0}: git now merges sidecars by annotation id and records conflicts instead of writing <<<<<<< markers.',
              root,
            )
          : vscode.l10n.t(
              'Hashiya added {0} lines to .gitattributes (commit it) and set merge.hashiya.driver in {1}: git now merges sidecars by annotation id and records conflicts instead of writing <<<<<<< markers.',
              added,
              root,
            ),
    );
    return plan;
  }

  private async folder(): Promise<vscode.Uri | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) throw new GitMergingError(vscode.l10n.t('open the folder of your repository first.'));
    const active = vscode.window.activeTextEditor?.document.uri;
    const own = active && vscode.workspace.getWorkspaceFolder(active);
    if (own) return own.uri;
    if (folders.length === 1) return folders[0].uri;
    const pick = await showQuickPick(
      folders.map((f) => ({ label: plainText(f.name, 80), description: plainText(f.uri.fsPath, 120), folder: f })),
      { placeHolder: vscode.l10n.t('Set up git merging of sidecars for the repository of which folder?') },
    );
    return pick?.folder.uri;
  }
}
