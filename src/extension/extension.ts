import * as vscode from 'vscode';
import { AnnotationHoverProvider } from './annotationHoverProvider';
import { ArticleEditorProvider } from './articleEditorProvider';
import { CommandHandlers } from './commands';
import { DecorationController } from './decorationController';
import { EntityDirectory } from './entityDirectory';
import { EntityTreeProvider } from './entityTreeProvider';
import { KeptAnnotationsStore } from './keptAnnotations';
import { SuggestionController } from './suggestionController';
import { SessionManager, isArticleDocument } from './sessionManager';

/** What `activate` returns: used by the integration tests to reach the running extension. */
export interface HashiyaApi {
  sessions: SessionManager;
  commands: CommandHandlers;
  tree: EntityTreeProvider;
  editorProvider: ArticleEditorProvider;
  decorations: DecorationController;
  entities: EntityDirectory;
  suggestions: SuggestionController;
}

/** Activates Hashiya: sessions, the RTL view, tree, hovers, decorations and commands. */
export function activate(context: vscode.ExtensionContext): HashiyaApi {
  const sessions = new SessionManager(new KeptAnnotationsStore(vscode.Uri.joinPath(context.globalStorageUri, 'recovery')));
  running = sessions;
  const entities = new EntityDirectory();
  context.subscriptions.push(sessions, entities);
  void entities.reload();
  const suggestions = new SuggestionController(sessions, entities);
  context.subscriptions.push(suggestions);
  const commands = new CommandHandlers(sessions, entities, suggestions);
  const editorProvider = ArticleEditorProvider.register(context, sessions, {
    annotate: (view, message) => commands.onViewAnnotate(view, message),
    command: (view, command) => commands.onViewCommand(view, command),
    reattach: (view, message) => commands.onViewReattach(view, message),
    suggestion: (view, message) => commands.onViewSuggestion(view, message),
  }, { entities, suggestions });
  const tree = EntityTreeProvider.register(context, sessions, entities);
  commands.editorProvider = editorProvider;
  commands.tree = tree;
  commands.register(context);
  const decorations = DecorationController.register(sessions, suggestions);
  context.subscriptions.push(
    decorations,
    AnnotationHoverProvider.register(sessions, entities),
    vscode.window.onDidChangeActiveTextEditor((editor) => updateArticleContext(editor)),
  );
  updateArticleContext(vscode.window.activeTextEditor);
  for (const document of vscode.workspace.textDocuments) void sessions.open(document);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((document) => void sessions.open(document)));
  return { sessions, commands, tree, editorProvider, decorations, entities, suggestions };
}

function updateArticleContext(editor: vscode.TextEditor | undefined): void {
  void vscode.commands.executeCommand('setContext', 'hashiya.isArticle', !!editor && isArticleDocument(editor.document));
}

/** The running session manager, for {@link deactivate}. */
let running: SessionManager | undefined;

/**
 * Waits until every article's unwritten annotations are written, or kept in the extension's
 * storage when they cannot be (they are offered back when the article is opened again).
 */
export function deactivate(): Promise<void> | undefined {
  return running?.shutdown();
}
