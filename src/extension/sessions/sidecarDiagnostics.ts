import * as vscode from 'vscode';
import { locateInSidecar, parseSidecar, type SidecarProblem } from '../../core/format/sidecar';
import { annotationSchemaProblems } from '../../core/model/projectSchema';
import { FIELD_RELATIONS } from '../../core/model/relations';
import { plainMessage } from '../../core/presentation/inertText';
import { WorkspaceSidecarStorage } from '../files/sidecarFiles';
import { Disposable } from '../util/dispose';
import { showError, shownName } from '../util/notify';
import type { Article } from './article';

/**
 * The Problems view's entries for sidecars: a broken sidecar's errors (and one notification per
 * problem, with Open Sidecar), relations and attributes that do not hold as warnings.
 */
export class SidecarDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('hashiya'));
  /** The problem last notified, by sidecar URI (a problem is said once). */
  private readonly reported = new Map<string, string>();

  update(article: Article): void {
    const state = article.session.state;
    if (state.kind === 'ready') {
      this.reported.delete(article.sidecarUri.toString());
      void this.relationWarnings(article);
      return;
    }
    this.collection.set(article.sidecarUri, state.problems.map(toDiagnostic));
    const first = state.problems[0];
    const summary = `${shownName(article.sidecarUri)}:${first.line}:${first.column}: ${first.message}`;
    if (this.reported.get(article.sidecarUri.toString()) === summary) return;
    this.reported.set(article.sidecarUri.toString(), summary);
    void showError(
      vscode.l10n.t(
        'Hashiya: the sidecar {0}. Annotations of {1} are read-only until it is fixed; the file is not overwritten.',
        summary,
        shownName(article.uri),
      ),
      vscode.l10n.t('Open Sidecar'),
    ).then((choice) => {
      if (choice) void vscode.window.showTextDocument(article.sidecarUri, { selection: toDiagnostic(first).range });
    });
  }

  /**
   * Relations that do not hold (a hand edit, a merge of two versions) as warnings on the sidecar,
   * at the relation's line and column; they are kept as they are.
   */
  private async relationWarnings(article: Article): Promise<void> {
    const schema = article.session.schema;
    const dangling = article.session.set.danglingRelations();
    const annotations = article.session.set.annotations;
    const misfits = annotations.flatMap((a) =>
      annotationSchemaProblems(schema, a)
        .filter((p) => !p.fatal)
        .map((p) => ({ a, ...p })),
    );
    if (dangling.length === 0 && misfits.length === 0) {
      this.collection.delete(article.sidecarUri);
      return;
    }
    let source = '';
    try {
      source = (await new WorkspaceSidecarStorage(article.sidecarUri, { bulk: true }).read()) ?? '';
    } catch {
      // unreadable: reported at line 1
    }
    // the sidecar may have broken meanwhile: its errors are not to be replaced by warnings
    if (article.session.state.kind !== 'ready') return;
    const ids = source ? parseSidecar(source, schema) : undefined;
    const order = ids?.ok ? ids.sidecar.annotations.map((a) => a.id) : [];
    const warning = (id: string, path: (string | number)[], message: string, advised: string) => {
      const at = order.indexOf(id);
      const diagnostic = toDiagnostic(locateInSidecar(source, at >= 0 ? ['annotations', at, ...path] : [], message));
      diagnostic.severity = vscode.DiagnosticSeverity.Warning;
      diagnostic.message = plainMessage(advised);
      return diagnostic;
    };
    this.collection.set(article.sidecarUri, [
      ...dangling.map((d) =>
        warning(
          d.claim.id,
          (FIELD_RELATIONS as readonly string[]).includes(d.relation) ? [d.relation] : ['relations', d.relation],
          d.problem,
          vscode.l10n.t('{0} (kept as it is; set it again with "Set Speaker / Date of Claim")', d.problem),
        ),
      ),
      ...misfits.map((m) =>
        warning(
          m.a.id,
          m.path,
          m.message,
          vscode.l10n.t('{0} (kept as it is; set it again with "Set Attribute")', m.message),
        ),
      ),
    ]);
  }
}

/** A sidecar problem (1-based line and column) as a VS Code diagnostic. */
export function toDiagnostic(problem: SidecarProblem): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
  let end = new vscode.Position(Math.max(0, problem.endLine - 1), Math.max(0, problem.endColumn - 1));
  if (!end.isAfter(start)) end = start.translate(0, 1);
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(start, end),
    plainMessage(problem.message),
    vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = 'hashiya';
  return diagnostic;
}
