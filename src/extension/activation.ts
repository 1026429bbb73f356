import * as vscode from 'vscode';
import { DEFAULT_SIDECAR_TEMPLATE } from '../core/format/sidecarPath';
import { warmDateParsers } from '../core/model/dateValue';
import { AdjudicationCommands } from './commands/adjudicationCommands';
import { AgreementCommands } from './commands/agreementCommands';
import { AnnotationCommands } from './commands/annotationCommands';
import { ArticleCommands } from './commands/articleCommands';
import { ArticleListCommands } from './commands/articleListCommands';
import { ClaimCommands } from './commands/claimCommands';
import { CommandContext } from './commands/commandContext';
import { CommandManager } from './commands/commandManager';
import { ConflictCommands } from './commands/conflictCommands';
import { EntityCommands } from './commands/entityCommands';
import { ExportCommands } from './commands/exportCommands';
import { ImportCommands } from './commands/importCommands';
import { LabelCommands } from './commands/labelCommands';
import { OccurrenceCommands } from './commands/occurrenceCommands';
import { SuggestionCommands } from './commands/suggestionCommands';
import { viewActions } from './commands/viewActions';
import { settings } from './config';
import { ConflictIndex } from './files/conflictIndex';
import { EntityDirectory } from './files/entityDirectory';
import { KeptAnnotationsStore } from './files/keptAnnotations';
import { SchemaDirectory } from './files/schemaDirectory';
import { WorkspaceScan } from './files/workspaceScan';
import { isArticleDocument } from './sessions/article';
import { SessionManager } from './sessions/sessionManager';
import { showWarning } from './util/notify';
import { AnnotationHoverProvider } from './views/annotationHoverProvider';
import { ArticleEditorProvider } from './views/articleEditorProvider';
import { ArticleTreeProvider } from './views/articleTreeProvider';
import { DecorationController } from './views/decorationController';
import { EntityTreeProvider } from './views/entityTreeProvider';
import { SuggestionController } from './views/suggestionController';
import * as l10n from '@vscode/l10n';
import { type GitMergingCommand, type Platform, usePlatform } from './platform/platform';

/** What `activate` returns: used by the integration tests to reach the running extension. */
export interface HashiyaApi {
  sessions: SessionManager;
  /** Every registered command. */
  commands: CommandManager;
  tree: EntityTreeProvider;
  /** The Articles view (every article of the workspace, its status and counts). */
  articles: ArticleTreeProvider;
  editorProvider: ArticleEditorProvider;
  decorations: DecorationController;
  entities: EntityDirectory;
  suggestions: SuggestionController;
  /** The project schema (`.hashiya/schema.yaml`) in use. */
  schemas: SchemaDirectory;
  /** Recorded merge conflicts of the workspace, and their commands. */
  conflicts: ConflictCommands;
  /**
   * "Set Up Git Merging of Sidecars" (tests answer its question through `confirm`); undefined in
   * the web, where git cannot run.
   */
  gitMerging: GitMergingCommand | undefined;
  /** Which extension host runs Hashiya. */
  platform: Platform['kind'];
}

/**
 * Activates Hashiya on `host` (the entry points: extension.ts for Node, extension.browser.ts for
 * the web worker): sessions, the RTL view, tree, hovers, decorations and commands.
 */
export function activateOn(host: Platform, context: vscode.ExtensionContext): HashiyaApi {
  usePlatform(host);
  // the palette offers only what this host can run
  void vscode.commands.executeCommand('setContext', 'hashiya.canRunPrograms', host.kind === 'node');
  // words made outside this host's vscode.l10n (core's hover text, the view's strings) use the same bundle
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  // the project schema is read before any article: a sidecar's labels are checked against it
  const schemas = new SchemaDirectory();
  context.subscriptions.push(schemas);
  const recovery = new KeptAnnotationsStore(vscode.Uri.joinPath(context.globalStorageUri, 'recovery'));
  const sessions = new SessionManager(recovery, schemas);
  running = sessions;
  const entities = new EntityDirectory();
  context.subscriptions.push(sessions, entities);
  void entities.reload();
  const suggestions = new SuggestionController(sessions, entities, context.workspaceState);
  context.subscriptions.push(suggestions);
  const commandContext = new CommandContext(sessions, entities, suggestions, schemas);
  // the workspace's articles and sidecars, searched and read once for every view that lists them
  const scan = new WorkspaceScan(sessions);
  context.subscriptions.push(scan);
  const conflictIndex = new ConflictIndex(sessions, entities, scan);
  context.subscriptions.push(conflictIndex);
  const claims = new ClaimCommands(commandContext);
  const annotations = new AnnotationCommands(commandContext, claims);
  const suggestionCommands = new SuggestionCommands(commandContext);
  const conflicts = new ConflictCommands(commandContext, conflictIndex);
  const adjudication = new AdjudicationCommands(commandContext);
  const gitMerging = host.gitMerging(context.extensionUri.fsPath);
  const editorProvider = ArticleEditorProvider.register(
    context,
    sessions,
    viewActions(commandContext, { annotations, suggestions: suggestionCommands, conflicts, adjudication }),
    { entities, suggestions, schemas, adjudication },
  );
  const tree = EntityTreeProvider.register(context, sessions, entities, scan, conflictIndex, schemas);
  const articles = ArticleTreeProvider.register(context, sessions, scan);
  warmDatesWhenListed(context, articles);
  commandContext.editorProvider = editorProvider;
  commandContext.tree = tree;
  const commands = new CommandManager();
  context.subscriptions.push(commands);
  commands.register(
    ...new ArticleCommands(commandContext).commands,
    ...annotations.commands,
    ...claims.commands,
    ...new LabelCommands(commandContext).commands,
    ...new AgreementCommands(commandContext).commands,
    ...adjudication.commands,
    ...new ExportCommands(commandContext).commands,
    ...new ImportCommands(commandContext).commands,
    ...new EntityCommands(commandContext).commands,
    ...new OccurrenceCommands(commandContext).commands,
    ...suggestionCommands.commands,
    ...conflicts.commands,
    ...new ArticleListCommands(commandContext, articles).commands,
    ...(gitMerging ? [gitMerging] : []),
  );
  const decorations = DecorationController.register(sessions, suggestions, schemas);
  context.subscriptions.push(
    decorations,
    AnnotationHoverProvider.register(sessions, entities),
    vscode.window.onDidChangeActiveTextEditor((editor) => updateArticleContext(editor)),
  );
  updateArticleContext(vscode.window.activeTextEditor);
  warnAboutTemplate();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('hashiya.sidecar.template')) warnAboutTemplate();
    }),
  );
  for (const document of vscode.workspace.textDocuments) void sessions.open(document);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((document) => void sessions.open(document)));
  return {
    sessions,
    commands,
    tree,
    articles,
    editorProvider,
    decorations,
    entities,
    suggestions,
    schemas,
    conflicts,
    gitMerging,
    platform: host.kind,
  };
}

/**
 * The first date value computed compiles the date parsers' patterns (chrono-node's: a tenth of a
 * second or more, once per extension host): done in the idle time after the first listing of the
 * workspace, rather than when the analyst opens the first article with a date to read.
 */
function warmDatesWhenListed(context: vscode.ExtensionContext, articles: ArticleTreeProvider): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  void articles.entries().catch(() => undefined).then(() => {
    timer = setTimeout(warmDateParsers, 200);
  });
}

let warnedTemplate: string | undefined;

/**
 * Says once why a sidecar template is not used (it would leave the article's folder, write into
 * .git, ...; see checkSidecarTemplate): sidecars then go to the default place.
 */
function warnAboutTemplate(): void {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const problem = [undefined, ...folders.map((f) => f.uri)]
    .map((uri) => settings(uri).sidecarTemplateProblem)
    .find(Boolean);
  if (!problem || problem === warnedTemplate) return;
  warnedTemplate = problem;
  void showWarning(
    vscode.l10n.t(
      'Hashiya does not use the setting hashiya.sidecar.template: {0}. Sidecars are written beside their articles as {1} until it is changed.',
      problem,
      DEFAULT_SIDECAR_TEMPLATE,
    ),
    vscode.l10n.t('Open Settings'),
  ).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'hashiya.sidecar.template');
  });
}

function updateArticleContext(editor: vscode.TextEditor | undefined): void {
  void vscode.commands.executeCommand(
    'setContext',
    'hashiya.isArticle',
    !!editor && isArticleDocument(editor.document),
  );
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
