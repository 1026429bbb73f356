import * as vscode from 'vscode';
import { conflictFieldList } from '../../core/merge/conflictRows';
import { plainMessage, plainText } from '../../core/presentation/inertText';
import { Commands } from '../commandIds';
import type { ProjectSchema } from '../../core/model/projectSchema';
import type { ConflictEntry } from '../files/conflictIndex';
import { labelWord } from '../util/labelWords';
import { baseName } from '../files/sidecarFiles';

/**
 * The row of a recorded conflict in the Entities tree ("Conflicts" group): what it is about,
 * which fields, where (the file in the workspace scope); it reveals the annotation or opens the
 * file at its `conflict:` key.
 */
export function conflictTreeItem(
  scope: 'article' | 'workspace',
  entry: ConflictEntry,
  schema: ProjectSchema,
): vscode.TreeItem {
  const ref = entry.ref;
  // the label as the analyst reads it (its title in the UI language), never its id alone
  const label = entry.label === undefined ? undefined : labelWord(schema, entry.label);
  const title =
    'entity' in ref
      ? vscode.l10n.t('Entity {0}', plainText(entry.title, 32))
      : 'published' in ref
        ? vscode.l10n.t('Publication date')
        : plainText(entry.title, 32);
  const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
  const where =
    'entity' in ref
      ? '.hashiya/entities.yaml'
      : scope === 'workspace' && entry.article
        ? baseName(entry.article)
        : '';
  item.description = [
    label,
    plainMessage(conflictFieldList(entry.summary)),
    entry.summary.with ? vscode.l10n.t('with {0}', plainMessage(entry.summary.with)) : '',
    where,
  ]
    .filter(Boolean)
    .join(' · ');
  const key = 'entity' in ref ? `entity:${ref.entity}`
    : 'published' in ref ? `${ref.article}#published` : `${ref.article}#${ref.id}`;
  item.id = `conflict:${key}`;
  // a plain string tooltip: file text in it stays text (shownValue quotes and escapes it)
  const row = (r: { field: string; ours: string; theirs: string }) =>
    vscode.l10n.t('{0}: {1} here, {2} in theirs', r.field, plainMessage(r.ours), plainMessage(r.theirs));
  item.tooltip = [
    vscode.l10n.t('Recorded merge conflict with {0} (right-click to take ours, theirs or both):',
      plainMessage(entry.summary.side)),
    '',
    ...entry.summary.rows.map(row),
    ...(entry.summary.next ?? []).flatMap((next, i) => [
      '',
      vscode.l10n.t('then (alternative {0}) {1}:', i + 2, plainMessage(next.side)),
      ...next.rows.map(row),
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
    item.command = {
      command: Commands.revealAnnotation,
      title: vscode.l10n.t('Reveal'),
      arguments: [ref.article, ref.id],
    };
  } else {
    const at = new vscode.Position(entry.problem.line - 1, Math.max(0, entry.problem.column - 1));
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open'),
      arguments: [entry.file, { selection: new vscode.Range(at, at) }],
    };
  }
  const fields = conflictFieldList(entry.summary);
  item.accessibilityInformation = {
    label: 'entity' in ref
      ? vscode.l10n.t('conflict: entity {0}, {1}', entry.title, fields)
      : label !== undefined
        ? vscode.l10n.t('conflict: {0} {1}, {2}', label, entry.title, fields)
        : vscode.l10n.t('conflict: publication date {0}, {1}', entry.title, fields),
  };
  return item;
}
