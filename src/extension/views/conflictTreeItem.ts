import * as vscode from 'vscode';
import { conflictFieldList } from '../../core/merge/conflictRows';
import { plainMessage, plainText } from '../../core/presentation/inertText';
import { Commands } from '../commandIds';
import type { ConflictEntry } from '../files/conflictIndex';
import { baseName } from '../files/sidecarFiles';

/**
 * The row of a recorded conflict in the Entities tree ("Conflicts" group): what it is about,
 * which fields, where (the file in the workspace scope); it reveals the annotation or opens the
 * file at its `conflict:` key.
 */
export function conflictTreeItem(scope: 'article' | 'workspace', entry: ConflictEntry): vscode.TreeItem {
  const ref = entry.ref;
  const title =
    'entity' in ref
      ? `Entity ${plainText(entry.title, 32)}`
      : 'published' in ref
        ? 'Publication date'
        : plainText(entry.title, 32);
  const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
  const where =
    'entity' in ref
      ? '.hashiya/entities.yaml'
      : scope === 'workspace' && entry.article
        ? baseName(entry.article)
        : '';
  item.description = [
    entry.label,
    plainMessage(conflictFieldList(entry.summary)),
    entry.summary.with ? `with ${plainMessage(entry.summary.with)}` : '',
    where,
  ]
    .filter(Boolean)
    .join(' · ');
  const key = 'entity' in ref ? `entity:${ref.entity}`
    : 'published' in ref ? `${ref.article}#published` : `${ref.article}#${ref.id}`;
  item.id = `conflict:${key}`;
  // a plain string tooltip: file text in it stays text (shownValue quotes and escapes it)
  item.tooltip = [
    `Recorded merge conflict with ${plainMessage(entry.summary.side)} (right-click to take ours, theirs or both):`,
    '',
    ...entry.summary.rows.map((r) => `${r.field}: ${plainMessage(r.ours)} here, ${plainMessage(r.theirs)} in theirs`),
    ...(entry.summary.next ?? []).flatMap((next, i) => [
      '',
      `then (alternative ${i + 2}) ${plainMessage(next.side)}:`,
      ...next.rows.map((r) => `${r.field}: ${plainMessage(r.ours)} here, ${plainMessage(r.theirs)} in theirs`),
    ]),
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('errorForeground'));
  item.contextValue =
    'published' in ref
      ? 'hashiya.conflict.published'
      : 'entity' in ref
        ? 'hashiya.conflict.entity'
        : 'hashiya.conflict';
  if ('id' in ref && entry.article && !entry.orphaned) {
    item.command = { command: Commands.revealAnnotation, title: 'Reveal', arguments: [ref.article, ref.id] };
  } else {
    const at = new vscode.Position(entry.problem.line - 1, Math.max(0, entry.problem.column - 1));
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [entry.file, { selection: new vscode.Range(at, at) }],
    };
  }
  item.accessibilityInformation = {
    label: `conflict: ${'entity' in ref ? 'entity' : (entry.label ?? 'publication date')} ${entry.title}, `
      + `${conflictFieldList(entry.summary)}`,
  };
  return item;
}
