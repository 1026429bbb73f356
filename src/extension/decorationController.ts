import * as vscode from 'vscode';
import { LABELS, type Label, isOrphaned } from '../core/annotation';
import { settings } from './config';
import { markdownText } from '../core/inertText';
import type { SessionManager } from './sessionManager';
import type { SuggestionController } from './suggestionController';

/**
 * Colours annotated spans in ordinary text editors, one decoration type per label (theme
 * colours `hashiya.<label>Background` / `Border`), with overview-ruler marks. Overlapping and
 * nested spans both show: their translucent backgrounds add up.
 */
export class DecorationController implements vscode.Disposable {
  private readonly types: Record<Label, vscode.TextEditorDecorationType>;
  /** Suggestions under review: a dashed outline in the label's colour, no background. */
  private readonly suggestionTypes: Record<Label, vscode.TextEditorDecorationType>;
  /** Annotations with a recorded merge conflict: a wavy underline (a shape, not only a colour) and a ruler mark. */
  private readonly conflictType = vscode.window.createTextEditorDecorationType({
    textDecoration: 'underline wavy var(--vscode-editorError-foreground, #e51400)',
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly applied = new WeakMap<vscode.TextEditor, Record<Label, vscode.Range[]>>();

  static register(sessions: SessionManager, suggestions: SuggestionController): DecorationController {
    return new DecorationController(sessions, suggestions);
  }

  private readonly conflictRanges = new WeakMap<vscode.TextEditor, vscode.Range[]>();

  /** The ranges of annotations with a recorded conflict last decorated in `editor` (tests). */
  conflictRangesOf(editor: vscode.TextEditor): vscode.Range[] | undefined {
    return this.conflictRanges.get(editor);
  }

  /** The ranges last decorated in `editor`, per label (for tests and diagnostics). */
  rangesOf(editor: vscode.TextEditor): Record<Label, vscode.Range[]> | undefined {
    return this.applied.get(editor);
  }

  private constructor(private readonly sessions: SessionManager, private readonly suggestions: SuggestionController) {
    const make = (label: Label, extra: vscode.DecorationRenderOptions) => vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor(`hashiya.${label}Background`),
      overviewRulerColor: new vscode.ThemeColor(`hashiya.${label}Border`),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      ...extra,
    });
    this.types = {
      claim: make('claim', { borderStyle: 'solid', borderWidth: '0 0 2px 0', borderColor: new vscode.ThemeColor('hashiya.claimBorder') }),
      actor: make('actor', { borderRadius: '2px' }),
      date: make('date', { borderRadius: '2px' }),
    };
    const dashed = (label: Label) => vscode.window.createTextEditorDecorationType({
      borderStyle: 'dashed', borderWidth: '0 0 2px 0', borderColor: new vscode.ThemeColor(`hashiya.${label}Border`),
      overviewRulerColor: new vscode.ThemeColor(`hashiya.${label}Border`), overviewRulerLane: vscode.OverviewRulerLane.Left,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.suggestionTypes = { claim: dashed('claim'), actor: dashed('actor'), date: dashed('date') };
    this.disposables.push(
      ...Object.values(this.types), ...Object.values(this.suggestionTypes), this.conflictType,
      suggestions.onDidChange(() => this.schedule()),
      sessions.onDidChangeArticle(() => this.schedule()),
      sessions.onDidEditArticle(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('hashiya.editor')) this.schedule(); }),
    );
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.update(), 30);
  }

  private update(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      void this.sessions.open(editor.document).then(() => this.decorate(editor));
    }
  }

  private decorate(editor: vscode.TextEditor): void {
    const article = this.sessions.peek(editor.document.uri);
    const enabled = settings(editor.document.uri).decorateEditor;
    const ranges: Record<Label, vscode.Range[]> = { claim: [], actor: [], date: [] };
    if (article && enabled && article.session.set.text === editor.document.getText()) {
      const set = article.session.set;
      for (const a of set.annotations) {
        if (isOrphaned(a)) continue;
        ranges[a.label].push(new vscode.Range(
          editor.document.positionAt(set.index.toUtf16(a.start)),
          editor.document.positionAt(set.index.toUtf16(a.end)),
        ));
      }
    }
    for (const label of LABELS) editor.setDecorations(this.types[label], ranges[label]);
    this.applied.set(editor, ranges);
    const conflicted: vscode.Range[] = [];
    if (article && enabled && article.session.set.text === editor.document.getText()) {
      const set = article.session.set;
      for (const a of set.annotations) {
        if (!a.conflict || isOrphaned(a)) continue;
        conflicted.push(new vscode.Range(editor.document.positionAt(set.index.toUtf16(a.start)), editor.document.positionAt(set.index.toUtf16(a.end))));
      }
    }
    editor.setDecorations(this.conflictType, conflicted);
    this.conflictRanges.set(editor, conflicted);
    const suggested: Record<Label, vscode.DecorationOptions[]> = { claim: [], actor: [], date: [] };
    if (article && enabled && article.session.set.text === editor.document.getText()) {
      const index = article.session.set.index;
      for (const s of this.suggestions.list(editor.document.uri)) {
        // article text is escaped and the Markdown untrusted (case B23)
        const hoverMessage = new vscode.MarkdownString(`Suggested ${s.label}${s.value ? ` = ${markdownText(s.value, 40)}` : ''}${s.speaker ? `, speaker: ${markdownText(s.speaker.quote, 80)}` : ''}. Accept or reject it from the palette (Hashiya: Accept / Reject Suggestion) or in the Hashiya view.`);
        hoverMessage.isTrusted = false;
        hoverMessage.supportHtml = false;
        suggested[s.label].push({
          range: new vscode.Range(editor.document.positionAt(index.toUtf16(s.start)), editor.document.positionAt(index.toUtf16(s.end))),
          hoverMessage,
        });
      }
    }
    for (const label of LABELS) editor.setDecorations(this.suggestionTypes[label], suggested[label]);
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
