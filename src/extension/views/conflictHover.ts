import * as vscode from 'vscode';
import type { Annotation } from '../../core/model/annotation';
import { shownValue } from '../../core/merge/conflict';
import { annotationConflictSummary } from '../../core/merge/conflictRows';
import { escapeMarkdown } from '../../core/presentation/inertText';
import { CHOICE_COMMANDS, CHOICE_TITLES, capitalised } from '../files/conflictIndex';

/**
 * A hover section for the conflicts of `annotations` of article `articleUri` in the text editor:
 * field by field ours and theirs (inert, escaped), and command links that take ours, theirs or
 * both. The links carry only arguments built here (the article URI and annotation id); the
 * Markdown is trusted for those three commands alone, and every piece of file text in it is
 * escaped, so no other link can form.
 */
export function conflictHover(
  articleUri: vscode.Uri,
  annotations: readonly Annotation[],
): vscode.MarkdownString | undefined {
  const header = vscode.l10n.t('| field | here (ours) | theirs |');
  const parts = annotations.flatMap((a) => {
    const summary = annotationConflictSummary(a);
    if (!summary) return [];
    const lines = [
      vscode.l10n.t('**Recorded conflict** ({0} {1}), here and {2}:', escapeMarkdown(capitalised(a.label)),
        escapeMarkdown(shownValue(a.quote)), escapeMarkdown(summary.side)),
      '',
      header,
      '| --- | --- | --- |',
      ...summary.rows.map(
        (r) => `| ${escapeMarkdown(r.field)} | ${escapeMarkdown(r.ours)} | ${escapeMarkdown(r.theirs)} |`,
      ),
      '',
      // alternatives recorded by later merges: each taken up once the one before it is resolved
      ...(summary.next ?? []).flatMap((next, i) => [
        vscode.l10n.t('Then (alternative {0} of {1}), {2}:', i + 2, (summary.next?.length ?? 0) + 1,
          escapeMarkdown(next.side)),
        '',
        header,
        '| --- | --- | --- |',
        ...next.rows.map(
          (r) => `| ${escapeMarkdown(r.field)} | ${escapeMarkdown(r.ours)} | ${escapeMarkdown(r.theirs)} |`,
        ),
        '',
      ]),
    ];
    const args = encodeURIComponent(JSON.stringify([{ article: articleUri.toString(), id: a.id }])).replace(
      /[()'!*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    lines.push(
      (['ours', 'theirs', 'both'] as const)
        .map((c) => `[${CHOICE_TITLES[c]}](command:${CHOICE_COMMANDS[c]}?${args})`)
        .join(' · '),
    );
    return [lines.join('\n')];
  });
  if (parts.length === 0) return undefined;
  const markdown = new vscode.MarkdownString(parts.join('\n\n---\n\n'));
  markdown.isTrusted = { enabledCommands: Object.values(CHOICE_COMMANDS) };
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  return markdown;
}
