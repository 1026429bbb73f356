import * as vscode from 'vscode';
import { ExchangeSyntaxError } from '../../core/exchange/exchange';
import { IMPORT_FORMATS, type ImportFormat, isImportFormat } from '../../core/exchange/formats';
import {
  guessImportFormat,
  importSuggestions,
  notPlacedLines,
  readImportFile,
} from '../../core/exchange/importSuggestions';
import { plainText } from '../../core/presentation/inertText';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { ARTICLE_VIEW_TYPE, Commands } from '../commandIds';
import type { Article } from '../sessions/article';
import { showError, showInfo, showWarning, shownName } from '../util/notify';
import { showQuickPick } from '../util/uiDirection';
import type { CommandContext } from './commandContext';
import { type Command, command } from './commandManager';

/** What "Import Annotations…" did, for scripts and tests. */
export interface ImportOutcome {
  /** Suggestions put up for review. */
  suggested: number;
  /** `<file>:<line>:<column>: …` for each span not placed and each note of the import. */
  notPlaced: string[];
}

/** What the analyst reads about each import format in the picker. */
function formatDescription(format: ImportFormat): string {
  switch (format) {
    case 'jsonl':
      return vscode.l10n.t('Hashiya JSONL: one article a line, spans in code points');
    case 'labelstudio':
      return vscode.l10n.t('Label Studio export (JSON): tasks with their annotations');
    case 'brat':
      return vscode.l10n.t('brat standoff (.ann) of this article');
    case 'w3c':
      return vscode.l10n.t('W3C Web Annotation (JSON-LD)');
  }
}

/**
 * "Import Annotations…": another tool's annotations of one article (JSONL, Label Studio, brat,
 * W3C; core/exchange) shown as suggestions for review in Hashiya's view, as the rule
 * suggestions are (accept or reject one, a label's or all). Spans whose quote is not the
 * article's text at their offsets, or whose label the project schema lacks, are never placed:
 * a warning says how many, and "Show" lists them at their line and column in the file. Reads
 * through `workspace.fs`, so also in the web.
 */
export class ImportCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.importAnnotations, (file?: unknown, format?: unknown, article?: unknown) =>
        this.importAnnotations(
          file instanceof vscode.Uri ? file : undefined,
          typeof format === 'string' && isImportFormat(format) ? format : undefined,
          article instanceof vscode.Uri ? article : undefined,
        ),
      ),
    ];
  }

  /**
   * Imports `file` (asked for when not given) in `format` (guessed, then confirmed in a picker,
   * when not given) for `articleUri` (default: the focused article, else one picked) as
   * suggestions. Resolves with what was suggested and what was not placed; undefined when the
   * analyst cancelled or nothing could be read (an error was shown).
   */
  async importAnnotations(
    file?: vscode.Uri,
    format?: ImportFormat,
    articleUri?: vscode.Uri,
  ): Promise<ImportOutcome | undefined> {
    const article = await this.articleFor(articleUri);
    if (!article) return undefined;
    const source =
      file ??
      (
        await vscode.window.showOpenDialog({
          canSelectMany: false,
          defaultUri: vscode.Uri.joinPath(article.uri, '..'),
          filters: {
            [vscode.l10n.t('Annotations')]: ['jsonl', 'json', 'jsonld', 'ann', 'ndjson'],
            [vscode.l10n.t('All files')]: ['*'],
          },
          openLabel: vscode.l10n.t('Import'),
          title: vscode.l10n.t('Import Annotations for {0}', shownName(article.uri)),
        })
      )?.[0];
    if (!source) return undefined;
    const name = source.path.split('/').pop() ?? source.path;
    let content: string;
    try {
      const decoded = decodeUtf8(await vscode.workspace.fs.readFile(source));
      if (!decoded.ok) throw new Error(decoded.message);
      content = decoded.text;
    } catch (err) {
      void showError(vscode.l10n.t('{0} cannot be read: {1}', plainText(name), (err as Error).message));
      return undefined;
    }
    const chosen = format ?? (await this.pickFormat(name, content));
    if (!chosen) return undefined;
    const session = article.session;
    if (session.state.kind !== 'ready') {
      void showError(
        vscode.l10n.t('The sidecar of {0} has problems; fix them before importing.', shownName(article.uri)),
      );
      return undefined;
    }
    const text = session.set.text;
    let read;
    try {
      read = readImportFile(chosen, content, text, shownName(article.uri), article.uri.toString());
    } catch (err) {
      if (!(err instanceof ExchangeSyntaxError)) throw err;
      void showError(`${plainText(name)}:${err.line}:${err.column}: ${vscode.l10n.t('{0}; nothing imported', err.message)}`);
      return undefined;
    }
    const offer = importSuggestions(text, read.spans, session.schema, name);
    const suggested = this.context.suggestions.offer(article, offer.suggestions);
    const notPlaced = notPlacedLines(name, offer.misplaced, read.notes);
    const already = offer.suggestions.length - suggested;
    await vscode.commands.executeCommand('vscode.openWith', article.uri, ARTICLE_VIEW_TYPE);
    const message =
      vscode.l10n.t(
        '{0} imported annotation(s) from {1} to review ({2} already annotated); accept or reject them as suggestions.',
        suggested,
        plainText(name),
        already,
      ) +
      (offer.misplaced.length > 0
        ? ` ${vscode.l10n.t('{0} did not match the text and were not placed.', offer.misplaced.length)}`
        : '');
    const view = this.context.editorProvider.viewsOf(article.uri)[0];
    if (view) view.post({ type: 'notice', message });
    if (notPlaced.length > 0) void this.reportNotPlaced(message, notPlaced);
    else void showInfo(message);
    return { suggested, notPlaced };
  }

  /** The article to import for: the given one, the focused one, else one the analyst picks. */
  private async articleFor(uri?: vscode.Uri): Promise<Article | undefined> {
    if (uri) return this.context.articleOf(uri);
    const focused = await this.context.target().catch(() => undefined);
    if (focused) return focused.article;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { [vscode.l10n.t('Articles')]: ['txt', 'md'] },
      openLabel: vscode.l10n.t('Import for This Article'),
    });
    if (!picked?.[0]) return undefined;
    const article = await this.context.articleOf(picked[0]);
    if (!article) void showError(vscode.l10n.t('{0} cannot be annotated', shownName(picked[0])));
    return article;
  }

  /** The format, the guessed one first and picked, for the analyst to confirm. */
  private async pickFormat(name: string, content: string): Promise<ImportFormat | undefined> {
    const guess = guessImportFormat(name, content);
    const order = guess ? [guess, ...IMPORT_FORMATS.filter((f) => f !== guess)] : [...IMPORT_FORMATS];
    const picked = await showQuickPick(
      order.map((f) => ({
        label: f,
        description: f === guess ? vscode.l10n.t('guessed from the file') : undefined,
        detail: formatDescription(f),
        format: f,
      })),
      { title: vscode.l10n.t('Import Annotations'), placeHolder: vscode.l10n.t('Which format is {0}?', name) },
    );
    return picked?.format;
  }

  /** A warning with "Show", which opens the list of what was not placed (file:line:column each). */
  private async reportNotPlaced(message: string, lines: readonly string[]): Promise<void> {
    const show = vscode.l10n.t('Show');
    if ((await showWarning(message, show)) !== show) return;
    const document = await vscode.workspace.openTextDocument({ content: `${lines.join('\n')}\n`, language: 'plaintext' });
    await vscode.window.showTextDocument(document, { preview: true });
  }
}
