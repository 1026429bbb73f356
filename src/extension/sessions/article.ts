import * as vscode from 'vscode';
import type { AnchorStatus } from '../../core/model/annotation';
import { decodeArticle } from '../../core/text/textDecoding';
import { showInfo, showWarning, shownName } from '../util/notify';
import type { TextChange } from '../../core/model/annotationSet';
import type { SidecarSession } from '../../core/session/sidecarSession';
import { OffsetIndex } from '../../core/text/offsets';
import { platform } from '../platform/platform';

/** An article with its annotation session. */
export interface Article {
  readonly uri: vscode.Uri;
  readonly sidecarUri: vscode.Uri;
  readonly session: SidecarSession;
  readonly document: vscode.TextDocument;
}

/** An edit of an article, as the views need it: UTF-16 changes applied in order. */
export interface ArticleEdit {
  article: Article;
  changes: readonly vscode.TextDocumentContentChangeEvent[];
  /** The same changes in code points, or undefined when the whole text was replaced. */
  codePointChanges?: readonly TextChange[];
}

const ARTICLE_LANGUAGES = new Set(['plaintext', 'markdown', 'news-article']);

/**
 * True for documents Hashiya annotates: .txt/.md files or the plaintext/markdown/news-article languages, on a writable
 * file system.
 */
export function isArticleDocument(document: vscode.TextDocument): boolean {
  if (document.uri.scheme === 'untitled' || document.uri.scheme === 'output') return false;
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) !== true) return false;
  if (/\.annotations\.ya?ml$/i.test(document.uri.path)) return false;
  return ARTICLE_LANGUAGES.has(document.languageId) || /\.(txt|md|markdown)$/i.test(document.uri.path);
}

/**
 * VS Code's content changes (UTF-16, applied one after another) as code-point changes of the
 * same order. Changes arrive sorted from last to first in the document, so each can be converted
 * with the index of the text before the event; other orders are converted step by step.
 */
export function toCodePointChanges(
  oldText: string,
  changes: readonly vscode.TextDocumentContentChangeEvent[],
): TextChange[] {
  const descending = changes.every((c, i) => i === 0 || c.rangeOffset + c.rangeLength <= changes[i - 1].rangeOffset);
  let text = oldText;
  let index = new OffsetIndex(text);
  return changes.map((c) => {
    if (!descending && index.text !== text) index = new OffsetIndex(text);
    const out = {
      start: index.toCodePoint(c.rangeOffset),
      end: index.toCodePoint(c.rangeOffset + c.rangeLength),
      text: c.text,
    };
    if (!descending) text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
    return out;
  });
}

/**
 * Why Hashiya cannot annotate `document` as it is on disk (not UTF-8, line endings VS Code evened
 * out, shown with another encoding), or undefined when it can.
 */
export async function unsupportedReason(document: vscode.TextDocument): Promise<string | undefined> {
  if (!document.isDirty && document.uri.scheme !== 'untitled') {
    try {
      // on the local disk read directly: workspace.fs may be a round trip through the workbench
      const local = document.uri.scheme === 'file' ? platform().readLocalFile : undefined;
      const bytes = (local && (await local(document.uri.fsPath))) ?? (await vscode.workspace.fs.readFile(document.uri));
      const decoded = decodeArticle(bytes);
      if (!decoded.ok) {
        return vscode.l10n.t(
          '{0} is {1}. Hashiya annotates UTF-8 text only, so that offsets are exact; convert the file to UTF-8 text first.',
          shownName(document.uri),
          decoded.message,
        );
      }
      if (decoded.text !== document.getText()) {
        const sameButLineEnds = decoded.text.replace(/\r\n?/g, '\n') === document.getText().replace(/\r\n?/g, '\n');
        return sameButLineEnds
          ? vscode.l10n.t(
              '{0} mixes line endings (CR LF, LF or lone CR), and VS Code evens them out when it opens a file, so offsets would not match the file on disk. Choose one with "Change End of Line Sequence" (status bar), save, and reopen it to annotate it.',
              shownName(document.uri),
            )
          : vscode.l10n.t(
              '{0} is shown with an encoding other than UTF-8 (files.encoding). Reopen it with "Reopen with Encoding" as UTF-8 to annotate it.',
              shownName(document.uri),
            );
      }
    } catch {
      // not readable as a file (virtual document): use the document's text
    }
  }
  return undefined;
}

/** Tells the analyst that an article changed since its annotations were saved, and how they were found again. */
export function reportReanchored(article: Article, counts: Record<AnchorStatus, number>): void {
  const changed = counts.moved + counts.fuzzy + counts.orphaned;
  if (changed === 0) return;
  const found = {
    exact: (n: number) => vscode.l10n.t('{0} exact', n),
    moved: (n: number) => vscode.l10n.t('{0} moved', n),
    fuzzy: (n: number) => vscode.l10n.t('{0} fuzzy', n),
    orphaned: (n: number) => vscode.l10n.t('{0} orphaned', n),
  };
  const parts = (['exact', 'moved', 'fuzzy', 'orphaned'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => found[s](counts[s]))
    .join(vscode.l10n.t(', '));
  const message =
    counts.orphaned > 0
      ? vscode.l10n.t(
          '{0} changed since its annotations were saved. Found again: {1}. Orphaned annotations are listed in the Entities tree and the view; re-attach them to a selection.',
          shownName(article.uri),
          parts,
        )
      : vscode.l10n.t('{0} changed since its annotations were saved. Found again: {1}.', shownName(article.uri), parts);
  const show = counts.orphaned > 0 ? showWarning : showInfo;
  void show(message, vscode.l10n.t('Show Entities')).then((choice) => {
    if (choice) void vscode.commands.executeCommand('hashiya.entities.focus');
  });
}

/**
 * When the file at `uri` was last modified (ms since 1970; now when that cannot be told), from the
 * local disk when it is there.
 */
export function fileModifiedTime(uri: vscode.Uri): Promise<number> {
  const local = uri.scheme === 'file' ? platform().localModifiedTime : undefined;
  const time = local ? local(uri.fsPath) : vscode.workspace.fs.stat(uri).then((s) => s.mtime, () => undefined);
  return Promise.resolve(time).then((t) => t ?? Date.now(), () => Date.now());
}
