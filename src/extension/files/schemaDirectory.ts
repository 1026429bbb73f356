import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { type ProjectSchema, SCHEMA_PATH, newsPreset } from '../../core/model/projectSchema';
import { parseProjectSchema } from '../../core/format/projectSchemaFile';
import type { SidecarProblem } from '../../core/format/sidecar';
import { plainMessage } from '../../core/presentation/inertText';
import { showError } from '../util/notify';
import { WorkspaceSidecarStorage } from './sidecarFiles';

/**
 * The project schema (`.hashiya/schema.yaml` in the first workspace folder) as the extension uses
 * it: read at activation before any article is loaded, read again when the file changes, and
 * {@link onDidChange} fires so that sessions, the view, decorations, the tree and hovers follow
 * at once. Without the file: the news preset. A file that does not parse is reported (problems
 * at its line and column, an error notification) and the last schema that did parse stays in
 * use, so that nothing changes under the analyst's annotations until it is mended; when none
 * did yet, sidecars are read under the preset and the analyst's actions are refused
 * (ProjectSchema.blocked) until it is.
 */
export class SchemaDirectory extends Disposable {
  private current: ProjectSchema = newsPreset();
  private problemValue: string | undefined;
  private reported: string | undefined;
  private readonly emitter = this._register(new vscode.EventEmitter<ProjectSchema>());
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('hashiya-schema'));
  private queue: Promise<unknown> = Promise.resolve();
  /** Resolves once the schema has been read the first time. */
  readonly ready: Promise<void>;
  /** Fires with the new schema after it changed. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    super();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, SCHEMA_PATH));
      const reload = () => void this.reload();
      this._registerAll(
        watcher,
        watcher.onDidChange(reload),
        watcher.onDidCreate(reload),
        watcher.onDidDelete(reload),
        // an open editor of the schema that is saved: read at once (watchers may lag)
        vscode.workspace.onDidSaveTextDocument((d) => {
          if (this.uri && d.uri.toString() === this.uri.toString()) reload();
        }),
      );
    }
    this.ready = this.reload();
  }

  /** The schema file, or undefined without a workspace folder. */
  get uri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, ...SCHEMA_PATH.split('/'));
  }

  /** The schema in use. */
  get schema(): ProjectSchema {
    return this.current;
  }

  /** Why the schema file cannot be used (file:line:column: message), if it cannot. */
  get problem(): string | undefined {
    return this.problemValue;
  }

  /** Reads the schema file again (missing: the news preset). */
  reload(): Promise<void> {
    const next = this.queue.then(() => this.read());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<void> {
    const uri = this.uri;
    let source: string | undefined;
    if (uri) {
      try {
        source = await new WorkspaceSidecarStorage(uri).read();
      } catch (err) {
        this.fail(`${SCHEMA_PATH}: ${(err as Error).message}`, []);
        return;
      }
    }
    if (source === undefined) {
      this.diagnostics.clear();
      this.problemValue = undefined;
      this.use(newsPreset());
      return;
    }
    const parsed = parseProjectSchema(source);
    if (!parsed.ok) {
      const p = parsed.problems[0];
      this.fail(`${SCHEMA_PATH}:${p.line}:${p.column}: ${p.message}`, parsed.problems);
      return;
    }
    this.diagnostics.clear();
    this.problemValue = undefined;
    this.reported = undefined;
    this.use(parsed.schema);
  }

  private use(schema: ProjectSchema): void {
    if (JSON.stringify(schema) === JSON.stringify(this.current)) return;
    this.current = schema;
    this.emitter.fire(schema);
  }

  private fail(problem: string, problems: SidecarProblem[]): void {
    this.problemValue = problem;
    // no good version of the file read yet: the preset is used for reading, and no action of
    // the analyst changes anything until the file is mended (labels could be the wrong ones)
    if (this.current.preset) this.use({ ...newsPreset(), blocked: problem });
    if (this.uri) {
      this.diagnostics.set(
        this.uri,
        problems.map(
          (p) =>
            new vscode.Diagnostic(
              new vscode.Range(p.line - 1, p.column - 1, p.endLine - 1, Math.max(p.endColumn - 1, p.column)),
              plainMessage(p.message),
              vscode.DiagnosticSeverity.Error,
            ),
        ),
      );
    }
    if (this.reported === problem) return;
    this.reported = problem;
    void showError(
      vscode.l10n.t(
        'Hashiya: the project schema {0}. Hashiya keeps using the labels it had until the file is mended.',
        problem,
      ),
      vscode.l10n.t('Open Schema'),
    ).then((choice) => {
      if (choice && this.uri) void vscode.window.showTextDocument(this.uri);
    });
  }
}
