import * as vscode from 'vscode';
import { LABELS, type Label, isOrphaned } from '../core/annotation';
import { settings } from './config';
import type { SessionManager } from './sessionManager';

/**
 * Colours annotated spans in ordinary text editors, one decoration type per label (theme
 * colours `hashiya.<label>Background` / `Border`), with overview-ruler marks. Overlapping and
 * nested spans both show: their translucent backgrounds add up.
 */
export class DecorationController implements vscode.Disposable {
  private readonly types: Record<Label, vscode.TextEditorDecorationType>;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly applied = new WeakMap<vscode.TextEditor, Record<Label, vscode.Range[]>>();

  static register(sessions: SessionManager): DecorationController {
    return new DecorationController(sessions);
  }

  /** The ranges last decorated in `editor`, per label (for tests and diagnostics). */
  rangesOf(editor: vscode.TextEditor): Record<Label, vscode.Range[]> | undefined {
    return this.applied.get(editor);
  }

  private constructor(private readonly sessions: SessionManager) {
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
    this.disposables.push(
      ...Object.values(this.types),
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
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
