import * as vscode from 'vscode';
import type { ExchangeDoc } from '../../core/exchange/exchange';
import { EXPORT_FORMATS, type ExportFormat, exportDocs, isExportFormat } from '../../core/exchange/formats';
import { parseSidecar } from '../../core/format/sidecar';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { Commands } from '../commandIds';
import { settings } from '../config';
import { type SidecarFile, WorkspaceSidecarStorage, workspaceSidecars } from '../files/sidecarFiles';
import { confirmModal, showInfo, showWarning } from '../util/notify';
import { showQuickPick } from '../util/uiDirection';
import type { CommandContext } from './commandContext';
import { type Command, command } from './commandManager';

/** What the analyst reads about each format in the picker (docs/exchange-formats.md has the rest). */
function formatDescription(format: ExportFormat): string {
  switch (format) {
    case 'jsonl':
      return vscode.l10n.t('one article a line: text and spans (code points), labels, entities, relations');
    case 'labelstudio':
      return vscode.l10n.t('Label Studio tasks and their labelling configuration');
    case 'brat':
      return vscode.l10n.t('brat standoff: a .txt and an .ann per article');
    case 'w3c':
      return vscode.l10n.t('W3C Web Annotation (JSON-LD): quote and position selectors');
    case 'csv':
      return vscode.l10n.t('claims for spreadsheets: speaker, text, date, stance, attributes');
    case 'conll':
      return vscode.l10n.t('CoNLL / IOB2: tokens and tags, for training models');
  }
}

/**
 * "Export Annotations…": every annotated article of the workspace (open ones as they are now) in
 * one of the exchange formats (core/exchange, as `hashiya export` writes them), into a folder the
 * analyst picks, through `workspace.fs` (so also in the web). Files there are replaced only after
 * the analyst agrees.
 */
export class ExportCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.exportAnnotations, (format?: unknown, folder?: unknown, replace?: unknown) =>
        this.exportAnnotations(
          typeof format === 'string' && isExportFormat(format) ? format : undefined,
          folder instanceof vscode.Uri ? folder : undefined,
          replace === true,
        ),
      ),
    ];
  }

  /**
   * Exports in `format` into `folder` (each asked for when not given); `replace`: replace files
   * there without asking (scripts, tests). Resolves with the files written.
   */
  async exportAnnotations(format?: ExportFormat, folder?: vscode.Uri, replace = false): Promise<vscode.Uri[]> {
    const chosen =
      format ??
      (
        await showQuickPick(
          EXPORT_FORMATS.map((f) => ({ label: f, description: formatDescription(f), format: f })),
          { title: vscode.l10n.t('Export Annotations'), placeHolder: vscode.l10n.t('Which format?') },
        )
      )?.format;
    if (!chosen) return [];
    const target =
      folder ??
      (
        await vscode.window.showOpenDialog({
          canSelectFiles: false,
          canSelectFolders: true,
          canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: vscode.l10n.t('Export Here'),
        })
      )?.[0];
    if (!target) return [];
    const docs: ExchangeDoc[] = [];
    const skipped: string[] = [];
    for (const file of await workspaceSidecars(settings().sidecarTemplate)) {
      const doc = await this.docOf(file);
      if (doc) docs.push(doc);
      else skipped.push(file.articleName);
    }
    const files = exportDocs(chosen, docs, {});
    const uris = files.map((f) => vscode.Uri.joinPath(target, f.name));
    const existing: string[] = [];
    for (const uri of uris) {
      if (await vscode.workspace.fs.stat(uri).then(() => true, () => false)) existing.push(uri.path.split('/').pop()!);
    }
    if (existing.length > 0 && !replace) {
      const yes = vscode.l10n.t('Replace');
      const answer = await confirmModal(
        vscode.l10n.t('Replace {0} file(s) in the export folder?', existing.length),
        existing.join('\n'),
        yes,
      );
      if (answer !== yes) return [];
    }
    await vscode.workspace.fs.createDirectory(target);
    const encoder = new TextEncoder();
    for (let i = 0; i < files.length; i++) {
      await vscode.workspace.fs.writeFile(uris[i], encoder.encode(files[i].content));
    }
    const spans = docs.reduce((n, d) => n + d.annotations.filter((a) => a.anchored !== 'orphaned').length, 0);
    void showInfo(docs.length === 1 ? vscode.l10n.t('Hashiya exported 1 article ({0} annotations) as {1}.', spans, chosen)
      : vscode.l10n.t('Hashiya exported {0} articles ({1} annotations) as {2}.', docs.length, spans, chosen));
    if (skipped.length > 0) {
      void showWarning(
        vscode.l10n.t('Not exported (their sidecars have problems or cannot be read): {0}', skipped.join(', ')),
      );
    }
    return uris;
  }

  /** The exchange document of one sidecar and its article, or undefined when it cannot be read. */
  private async docOf(file: SidecarFile): Promise<ExchangeDoc | undefined> {
    const schema = this.context.schema;
    const registry = { entities: [...this.context.entities.entities] };
    const article = vscode.workspace.asRelativePath(file.articleUri, false);
    const open = this.context.sessions.peek(file.articleUri);
    if (open && open.session.state.kind === 'ready') {
      const { text, annotations } = open.session.set;
      return { article, text, annotations, schema, registry, source: file.articleUri.toString() };
    }
    try {
      const text = decodeUtf8(await vscode.workspace.fs.readFile(file.articleUri));
      const source = await new WorkspaceSidecarStorage(file.sidecarUri, { bulk: true }).read();
      const parsed = source === undefined ? undefined : parseSidecar(source, schema);
      if (!text.ok || !parsed?.ok) return undefined;
      const { annotations } = parsed.sidecar;
      return { article, text: text.text, annotations, schema, registry, source: file.articleUri.toString() };
    } catch {
      return undefined;
    }
  }
}
