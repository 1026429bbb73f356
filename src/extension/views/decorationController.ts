import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { type Label, isOrphaned } from '../../core/model/annotation';
import { settings } from '../config';
import { markdownText } from '../../core/presentation/inertText';
import {
  NEWS_PRESET,
  type ProjectSchema,
  type ThemeKind,
  backgroundOf,
  labelColour,
} from '../../core/model/projectSchema';
import type { SchemaDirectory } from '../files/schemaDirectory';
import type { SessionManager } from '../sessions/sessionManager';
import type { SuggestionController } from './suggestionController';
import { labelWord } from '../util/labelWords';

/**
 * Colours annotated spans in ordinary text editors, one decoration type per label of the project
 * schema (the preset's claim, actor and date in theme colours `hashiya.<label>Background` /
 * `Border`; other labels in the schema's colour for the theme kind), with overview-ruler marks.
 * Overlapping and nested spans both show: their translucent backgrounds add up. Types are made
 * again when the schema or the colour theme changes.
 */
export class DecorationController extends Disposable {
  private types = new Map<Label, vscode.TextEditorDecorationType>();
  /** Suggestions under review: a dashed outline in the label's colour, no background. */
  private suggestionTypes = new Map<Label, vscode.TextEditorDecorationType>();
  /** The schema the types were made for. */
  private madeFor: { schema: ProjectSchema; kind: ThemeKind } | undefined;
  /** Annotations with a recorded merge conflict: a wavy underline (a shape, not only a colour) and a ruler mark. */
  private readonly conflictType = vscode.window.createTextEditorDecorationType({
    textDecoration: 'underline wavy var(--vscode-editorError-foreground, #e51400)',
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly applied = new WeakMap<vscode.TextEditor, Record<Label, vscode.Range[]>>();

  static register(
    sessions: SessionManager,
    suggestions: SuggestionController,
    schemas?: SchemaDirectory,
  ): DecorationController {
    return new DecorationController(sessions, suggestions, schemas);
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

  private constructor(
    private readonly sessions: SessionManager,
    private readonly suggestions: SuggestionController,
    private readonly schemas?: SchemaDirectory,
  ) {
    super();
    this._registerAll(
      this.conflictType,
      suggestions.onDidChange(() => this.schedule()),
      sessions.onDidChangeArticle(() => this.schedule()),
      sessions.onDidEditArticle(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.window.onDidChangeActiveColorTheme(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hashiya.editor')) this.schedule();
      }),
    );
    if (schemas) this._register(schemas.onDidChange(() => this.schedule()));
    this.schedule();
  }

  /** The decoration types for the schema in use and the theme kind, made again when either changed. */
  private ensureTypes(): void {
    const schema = this.schemas?.schema ?? NEWS_PRESET;
    const themeKind = vscode.window.activeColorTheme.kind;
    const kind: ThemeKind =
      themeKind === vscode.ColorThemeKind.HighContrast || themeKind === vscode.ColorThemeKind.HighContrastLight
        ? 'highContrast'
        : themeKind === vscode.ColorThemeKind.Light
          ? 'light'
          : 'dark';
    if (this.madeFor?.schema === schema && this.madeFor.kind === kind) return;
    // the old types go first: disposing a type clears it from every editor
    for (const t of [...this.types.values(), ...this.suggestionTypes.values()]) t.dispose();
    this.types = new Map();
    this.suggestionTypes = new Map();
    this.madeFor = { schema, kind };
    for (const def of schema.labels) {
      const own = labelColour(schema, def.id, kind);
      const border: string | vscode.ThemeColor = own ?? new vscode.ThemeColor(`hashiya.${def.id}Border`);
      const background: string | vscode.ThemeColor = own
        ? backgroundOf(own)
        : new vscode.ThemeColor(`hashiya.${def.id}Background`);
      // claims underlined, other labels boxed: a shape apart from the colour
      const shape: vscode.DecorationRenderOptions =
        def.id === 'claim' || def.relations?.length
          ? { borderStyle: 'solid', borderWidth: '0 0 2px 0', borderColor: border }
          : { borderRadius: '2px' };
      this.types.set(
        def.id,
        vscode.window.createTextEditorDecorationType({
          backgroundColor: background,
          overviewRulerColor: border,
          overviewRulerLane: vscode.OverviewRulerLane.Right,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
          ...shape,
        }),
      );
      this.suggestionTypes.set(
        def.id,
        vscode.window.createTextEditorDecorationType({
          borderStyle: 'dashed',
          borderWidth: '0 0 2px 0',
          borderColor: border,
          overviewRulerColor: border,
          overviewRulerLane: vscode.OverviewRulerLane.Left,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      );
    }
  }

  private schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.update(), 30);
  }

  private update(): void {
    this.ensureTypes();
    for (const editor of vscode.window.visibleTextEditors) {
      void this.sessions.open(editor.document).then(() => this.decorate(editor));
    }
  }

  private decorate(editor: vscode.TextEditor): void {
    const article = this.sessions.peek(editor.document.uri);
    const enabled = settings(editor.document.uri).decorateEditor;
    const ranges: Record<Label, vscode.Range[]> = Object.fromEntries(
      [...this.types.keys()].map((label) => [label, []]),
    );
    if (article && enabled && article.session.set.text === editor.document.getText()) {
      const set = article.session.set;
      for (const a of set.annotations) {
        if (isOrphaned(a)) continue;
        ranges[a.label]?.push(
          new vscode.Range(
            editor.document.positionAt(set.index.toUtf16(a.start)),
            editor.document.positionAt(set.index.toUtf16(a.end)),
          ),
        );
      }
    }
    for (const [label, type] of this.types) editor.setDecorations(type, ranges[label]);
    this.applied.set(editor, ranges);
    const conflicted: vscode.Range[] = [];
    if (article && enabled && article.session.set.text === editor.document.getText()) {
      const set = article.session.set;
      for (const a of set.annotations) {
        if (!a.conflict || isOrphaned(a)) continue;
        conflicted.push(
          new vscode.Range(
            editor.document.positionAt(set.index.toUtf16(a.start)),
            editor.document.positionAt(set.index.toUtf16(a.end)),
          ),
        );
      }
    }
    editor.setDecorations(this.conflictType, conflicted);
    this.conflictRanges.set(editor, conflicted);
    const suggested: Record<Label, vscode.DecorationOptions[]> = Object.fromEntries(
      [...this.suggestionTypes.keys()].map((label) => [label, []]),
    );
    if (article && enabled && article.session.set.text === editor.document.getText()) {
      const index = article.session.set.index;
      for (const s of this.suggestions.list(editor.document.uri)) {
        // article text is escaped and the Markdown untrusted (case B23)
        const hoverMessage = new vscode.MarkdownString(
          suggestionHover(
            labelWord(article.session.schema, s.label),
            s.value ? markdownText(s.value, 40) : undefined,
            s.speaker ? markdownText(s.speaker.quote, 80) : undefined,
          ),
        );
        hoverMessage.isTrusted = false;
        hoverMessage.supportHtml = false;
        suggested[s.label]?.push({
          range: new vscode.Range(
            editor.document.positionAt(index.toUtf16(s.start)),
            editor.document.positionAt(index.toUtf16(s.end)),
          ),
          hoverMessage,
        });
      }
    }
    for (const [label, type] of this.suggestionTypes) editor.setDecorations(type, suggested[label]);
  }

  override dispose(): void {
    clearTimeout(this.pending);
    super.dispose();
    for (const t of [...this.types.values(), ...this.suggestionTypes.values()]) t.dispose();
  }
}

/** The hover of a suggestion in the text editor; `value` and `speaker` are escaped Markdown already. */
function suggestionHover(label: string, value: string | undefined, speaker: string | undefined): string {
  if (value !== undefined && speaker !== undefined)
    return vscode.l10n.t(
      'Suggested {0} = {1}, speaker: {2}. Accept or reject it from the palette (Hashiya: Accept / Reject Suggestion) or in the Hashiya view.',
      label,
      value,
      speaker,
    );
  if (value !== undefined)
    return vscode.l10n.t(
      'Suggested {0} = {1}. Accept or reject it from the palette (Hashiya: Accept / Reject Suggestion) or in the Hashiya view.',
      label,
      value,
    );
  if (speaker !== undefined)
    return vscode.l10n.t(
      'Suggested {0}, speaker: {1}. Accept or reject it from the palette (Hashiya: Accept / Reject Suggestion) or in the Hashiya view.',
      label,
      speaker,
    );
  return vscode.l10n.t(
    'Suggested {0}. Accept or reject it from the palette (Hashiya: Accept / Reject Suggestion) or in the Hashiya view.',
    label,
  );
}
