import * as vscode from 'vscode';
import { parseSidecar } from '../../core/format/sidecar';
import type { Annotation } from '../../core/model/annotation';
import type { ProjectSchema } from '../../core/model/projectSchema';
import { plainText } from '../../core/presentation/inertText';
import { type SidecarFile, readSidecarShown, uriExists } from '../files/sidecarFiles';
import type { SessionManager } from '../sessions/sessionManager';
import { shownName } from '../util/notify';
import { traceRead } from '../files/readTrace';

/** The annotations of one article as the tree needs them. */
export interface ArticleAnnotations {
  uri: vscode.Uri;
  annotations: Annotation[];
  /** The article's text when it is open (for line numbers). */
  document?: vscode.TextDocument;
  problem?: string;
  /** The sidecar, where a problem is about it. */
  sidecarUri?: vscode.Uri;
}

/**
 * What one sidecar of the workspace holds, as the Entities tree shows it (undefined: nothing to
 * show): an open article's annotations as they are now, else the sidecar as read (plainly:
 * see `readSidecarShown`), or the problem that keeps it from being read.
 */
export async function articleSource(
  file: SidecarFile,
  sessions: SessionManager,
  schema: ProjectSchema,
): Promise<ArticleAnnotations | undefined> {
  const { sidecarUri, articleUri, articleName: name } = file;
  const open = sessions.peek(articleUri);
  if (!open && !(await uriExists(articleUri))) {
    return {
      uri: articleUri,
      annotations: [],
      problem: vscode.l10n.t('{0} is missing; its sidecar {1} is kept', plainText(name, 120), shownName(sidecarUri)),
      sidecarUri,
    };
  }
  if (open && open.session.state.kind === 'ready') {
    return { uri: articleUri, annotations: open.session.set.annotations, document: open.document };
  }
  try {
    traceRead('entities', sidecarUri);
    // shown, never written back: read plainly, as the Articles view reads it
    const source = await readSidecarShown(sidecarUri);
    const parsed = source === undefined ? undefined : parseSidecar(source, schema);
    if (!parsed) return undefined;
    if (parsed.ok) return { uri: articleUri, annotations: parsed.sidecar.annotations };
    return {
      uri: articleUri,
      annotations: [],
      problem: `${shownName(sidecarUri)}:${parsed.problems[0].line}:${parsed.problems[0].column}: `
        + `${parsed.problems[0].message}`,
      sidecarUri,
    };
  } catch (err) {
    return { uri: articleUri, annotations: [], problem: `${shownName(sidecarUri)}: ${(err as Error).message}`, sidecarUri };
  }
}
