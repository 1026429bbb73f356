import type * as vscode from 'vscode';
import type { Annotation } from '../../core/model/annotation';
import type { Article } from '../sessions/article';
import { shownName } from '../util/notify';

/** The annotations of one article as the Entities tree needs them. */
export interface ArticleAnnotations {
  uri: vscode.Uri;
  annotations: Annotation[];
  /** The article's text when it is open (for line numbers). */
  document?: vscode.TextDocument;
  problem?: string;
  /** The sidecar, where a problem is about it. */
  sidecarUri?: vscode.Uri;
}

/** An open article's annotations as its session holds them, with the problem of a sidecar that does not parse. */
export function sourceOfSession(article: Article): ArticleAnnotations {
  const state = article.session.state;
  const first = state.kind === 'broken' ? state.problems[0] : undefined;
  return {
    uri: article.uri,
    annotations: article.session.set.annotations,
    document: article.document,
    problem: first && `${shownName(article.sidecarUri)}:${first.line}:${first.column}: ${first.message}`,
    sidecarUri: article.sidecarUri,
  };
}
