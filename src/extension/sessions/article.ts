import * as vscode from 'vscode';
import type { TextChange } from '../../core/model/annotationSet';
import type { SidecarSession } from '../../core/session/sidecarSession';
import { OffsetIndex } from '../../core/text/offsets';

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

/** True for documents Hashiya annotates: .txt/.md files or the plaintext/markdown/news-article languages, on a writable file system. */
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
export function toCodePointChanges(oldText: string, changes: readonly vscode.TextDocumentContentChangeEvent[]): TextChange[] {
  const descending = changes.every((c, i) => i === 0 || c.rangeOffset + c.rangeLength <= changes[i - 1].rangeOffset);
  let text = oldText;
  let index = new OffsetIndex(text);
  return changes.map((c) => {
    if (!descending && index.text !== text) index = new OffsetIndex(text);
    const out = { start: index.toCodePoint(c.rangeOffset), end: index.toCodePoint(c.rangeOffset + c.rangeLength), text: c.text };
    if (!descending) text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
    return out;
  });
}
