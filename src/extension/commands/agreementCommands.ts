import * as vscode from 'vscode';
import { pickAnnotatorFolders } from '../util/folderPicker';
import { type AnnotatorArticle, type AnnotatorFolder, agreementOfFolders } from '../../core/agreement/annotatorFolders';
import type { PairReport } from '../../core/agreement/agreementReport';
import { humanLines } from '../../core/agreement/agreementReport';
import { parseSidecar } from '../../core/format/sidecar';
import type { ProjectSchema } from '../../core/model/projectSchema';
import { codePointLength } from '../../core/text/offsets';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { textSha256 } from '../../core/text/textHash';
import { findSidecarPairs } from '../../core/workspace/scan';
import { Commands } from '../commandIds';
import { settings } from '../config';
import { VscodeWorkspaceFiles } from '../files/vscodeWorkspaceFiles';
import { showInfo, showWarning } from '../util/notify';
import type { CommandContext } from './commandContext';
import { type Command, command } from './commandManager';

/**
 * "Show Agreement of Annotators…": the report of `hashiya agree` (core/agreement) over folders
 * the analyst picks, one per annotator, read through `workspace.fs` (so also in the web), in a
 * new editor. docs/agreement.md says what the measures are.
 */
export class AgreementCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.showAgreement, (...folders: unknown[]) =>
        this.showAgreement(folders.flat().filter((f): f is vscode.Uri => f instanceof vscode.Uri)),
      ),
    ];
  }

  /**
   * Measures every pair of `folders` (asks for them when fewer than two are given) and opens the
   * report; resolves with the reports (undefined when the analyst gave up).
   */
  async showAgreement(folders: vscode.Uri[] = []): Promise<PairReport[] | undefined> {
    let picked = folders;
    if (picked.length < 2) {
      picked =
        (await pickAnnotatorFolders({
          openLabel: vscode.l10n.t('Compare These Annotators'),
          title: vscode.l10n.t('Folders of the annotators: one each, with copies of the same articles'),
        })) ?? [];
      if (picked.length === 0) return undefined;
    }
    if (picked.length < 2) {
      void showWarning(vscode.l10n.t('Pick at least two folders, one per annotator.'));
      return undefined;
    }
    const schema = this.context.schema;
    const annotators = await Promise.all(picked.map((folder) => annotatorFolder(folder, schema)));
    const reports = await agreementOfFolders(annotators);
    if (reports.every((r) => r.articles.length === 0)) {
      void showInfo(vscode.l10n.t('These folders share no article that could be compared (the same path in each, the same text).'));
    }
    const document = await vscode.workspace.openTextDocument({
      content: `${humanLines(reports, []).join('\n')}\n`,
      language: 'plaintext',
    });
    await vscode.window.showTextDocument(document, { preview: false });
    return reports;
  }
}

/** One annotator's folder: its sidecars' articles by path relative to it, each read when asked. */
async function annotatorFolder(folder: vscode.Uri, schema: ProjectSchema): Promise<AnnotatorFolder> {
  const files = new VscodeWorkspaceFiles(folder);
  const root = folder.path.replace(/\/$/, '');
  const pairs = await findSidecarPairs(files, root, settings(folder).sidecarTemplate).catch(() => []);
  const articles = new Map<string, () => Promise<AnnotatorArticle>>();
  for (const pair of pairs) {
    articles.set(pair.article.slice(root.length + 1), () => readAnnotatorArticle(files, pair, schema));
  }
  return { name: vscode.workspace.asRelativePath(folder, false), articles };
}

/** Reads one annotator's article and sidecar as `hashiya agree` does (cli/commands/agree.ts). */
async function readAnnotatorArticle(
  files: VscodeWorkspaceFiles,
  pair: { article: string; sidecar: string },
  schema: ProjectSchema,
): Promise<AnnotatorArticle> {
  const articleBytes = await files.read(pair.article).catch(() => undefined);
  if (articleBytes === undefined) return { ok: false, message: vscode.l10n.t('the article cannot be read') };
  const text = decodeUtf8(articleBytes);
  if (!text.ok) return { ok: false, message: vscode.l10n.t('the article is {0}', text.message) };
  const sidecarBytes = await files.read(pair.sidecar).catch(() => undefined);
  if (sidecarBytes === undefined) return { ok: false, message: vscode.l10n.t('no sidecar') };
  const source = decodeUtf8(sidecarBytes);
  if (!source.ok) return { ok: false, message: vscode.l10n.t('the sidecar is {0}', source.message) };
  const parsed = parseSidecar(source.text, schema);
  if (!parsed.ok) return { ok: false, message: vscode.l10n.t('the sidecar has problems (hashiya check lists them)') };
  const hash = textSha256(text.text);
  if (parsed.sidecar.text.sha256 !== undefined && parsed.sidecar.text.sha256 !== hash) {
    return { ok: false, message: vscode.l10n.t('the article changed since it was annotated (run hashiya anchor)') };
  }
  return { ok: true, hash, length: codePointLength(text.text), annotations: parsed.sidecar.annotations, schema };
}
