import * as vscode from 'vscode';
import { guessedReference } from '../../core/model/dateValue';
import { labelDef } from '../../core/model/projectSchema';
import { hoverMarkdown } from '../../core/presentation/hoverText';
import { conflictHover } from './conflictHover';
import type { EntityDirectory } from '../files/entityDirectory';
import type { SessionManager } from '../sessions/sessionManager';

/**
 * Hovers in the ordinary text editor: label, quote, entity, note, who and when for every
 * annotation under the pointer. The Markdown is escaped and untrusted (no command links, no
 * HTML), so article text cannot act (case B23).
 */
export class AnnotationHoverProvider implements vscode.HoverProvider {
  static register(sessions: SessionManager, directory: EntityDirectory): vscode.Disposable {
    return vscode.languages.registerHoverProvider(
      [{ scheme: 'file' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-userdata' }, { scheme: 'untitled' }],
      new AnnotationHoverProvider(sessions, directory),
    );
  }

  private constructor(private readonly sessions: SessionManager, private readonly directory: EntityDirectory) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const article = this.sessions.peek(document.uri);
    if (!article || article.session.set.text !== document.getText()) return undefined;
    const set = article.session.set;
    const at = set.index.toCodePoint(document.offsetAt(position));
    const under = set.at(at);
    if (under.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(
      hoverMarkdown(under, {
        schema: article.session.schema,
        language: vscode.env.language,
        byId: (id) => set.get(id),
        entityName: (a) => this.directory.displayName(a),
        guessedFrom: (a) =>
          guessedReference(a, article.session.published, labelDef(article.session.schema, a.label)?.dateValue === true),
      }),
      false,
    );
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    const inner = under[0];
    const range = new vscode.Range(
      document.positionAt(set.index.toUtf16(inner.start)),
      document.positionAt(set.index.toUtf16(inner.end)),
    );
    // a recorded merge conflict: ours and theirs side by side, with links that resolve it
    const conflict = conflictHover(document.uri, under);
    return new vscode.Hover(conflict ? [markdown, conflict] : markdown, range);
  }
}
