import * as vscode from 'vscode';
import type { Annotation, Label } from '../../core/model/annotation';
import { leadingWords, plainText } from '../../core/presentation/inertText';
import { ARTICLE_VIEW_TYPE } from '../commandIds';

// Words of the Entities tree made by code (counts, the preset's category titles), in the UI's language.

/** The preset's category titles (plural), in the UI's language. */
export function categoryTitles(): Record<Label | 'orphaned', string> {
  return {
    actor: vscode.l10n.t('Actors'),
    date: vscode.l10n.t('Dates'),
    claim: vscode.l10n.t('Claims'),
    orphaned: vscode.l10n.t('Orphaned'),
  };
}

/** "3 claims, 2 speakers": a claim category's description. */
export function claimsAndSpeakers(claims: number, speakers: number): string {
  if (claims === 1)
    return speakers === 1
      ? vscode.l10n.t('{0} claim, {1} speaker', claims, speakers)
      : vscode.l10n.t('{0} claim, {1} speakers', claims, speakers);
  return speakers === 1
    ? vscode.l10n.t('{0} claims, {1} speaker', claims, speakers)
    : vscode.l10n.t('{0} claims, {1} speakers', claims, speakers);
}

/** "3 entities, 5 mentions": the description of a category whose labels link to entities. */
export function entitiesAndMentions(entities: number, mentions: number): string {
  if (entities === 1)
    return mentions === 1
      ? vscode.l10n.t('{0} entity, {1} mention', entities, mentions)
      : vscode.l10n.t('{0} entity, {1} mentions', entities, mentions);
  return mentions === 1
    ? vscode.l10n.t('{0} entities, {1} mention', entities, mentions)
    : vscode.l10n.t('{0} entities, {1} mentions', entities, mentions);
}

/**
 * One line of at most 32 code points for a tree label, cut at the end (never inside a grapheme
 * cluster) and made inert and isolated ({@link plainText}). Short, because a right-to-left label
 * in the left-to-right tree row is clipped at its beginning when too long; the tooltip has the
 * whole quote.
 */
export function snippet(quote: string): string {
  // whole grapheme clusters, and a whole last word when one ends near the cut (first-use finding)
  return plainText(leadingWords(quote.replace(/\s+/gu, ' ').trim(), 32));
}

/** The URI of the article in the active editor or active Hashiya view, if any. */
export function activeArticleUri(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === ARTICLE_VIEW_TYPE) return tab.input.uri;
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme !== 'output') return editor.document.uri;
  return undefined;
}

/** True when `a` and `b` hold the same annotations, field for field, in the same order. */
export function sameAnnotations(a: readonly Annotation[], b: readonly Annotation[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => x === b[i] || JSON.stringify(x) === JSON.stringify(b[i]));
}
