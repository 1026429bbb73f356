import * as vscode from 'vscode';
import { plainText } from '../../core/presentation/inertText';
import { findOccurrences } from '../../core/text/arabicSearch';
import { snapToGraphemes } from '../../core/text/offsets';
import { decodeArticle } from '../../core/text/textDecoding';
import { Commands } from '../commandIds';
import type { Article } from '../sessions/article';
import { showInfo, showStatus, shownName } from '../util/notify';
import { findWorkspaceFiles } from '../files/vscodeWorkspaceFiles';
import type { AnnotationRef, CommandContext } from './commandContext';
import { type Command, command } from './commandManager';
import { showQuickPick } from '../util/uiDirection';

/** Marking the other occurrences of a mention, in its article or across the workspace, after review. */
export class OccurrenceCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.annotateOccurrences, (node?: AnnotationRef, scope?: 'article' | 'workspace', pick?: 'all') =>
        this.annotateOccurrences(node, scope, pick),
      ),
    ];
  }

  /**
   * Marks the other occurrences of a mention (its entity's name and aliases when linked, else
   * its text), found Arabic-aware, in this article or in every article of the workspace, with
   * the same label and entity. The analyst reviews them in a list first (all ticked); `pick`
   * 'all' (scripts, tests) takes them all. Spans already marked with that label are skipped.
   * Returns how many annotations were added.
   */
  async annotateOccurrences(node?: AnnotationRef, scope?: 'article' | 'workspace', pick?: 'all'): Promise<number> {
    const picked = await this.context.pickAnnotation(node, 'occurrences');
    if (!picked) return 0;
    const { article, annotation } = picked;
    const where =
      scope ??
      (
        await showQuickPick(
          [
            { label: vscode.l10n.t('This article'), scope: 'article' as const },
            { label: vscode.l10n.t('Every article in the workspace'), scope: 'workspace' as const },
          ],
          { title: vscode.l10n.t('Occurrences of "{0}"', plainText(annotation.quote, 40)) },
        )
      )?.scope;
    if (!where) return 0;
    const entity = this.context.entities.entityOf(annotation);
    // longest names first, so that "سيرغي لافروف" is marked whole rather than its "لافروف"
    const names = [
      ...new Set([
        annotation.quote,
        ...(entity ? [entity.name, ...entity.aliases] : annotation.entity ? [annotation.entity] : []),
      ]),
    ].sort((a, b) => [...b].length - [...a].length);
    const articles =
      where === 'article'
        ? [{ uri: article.uri, text: article.session.set.text }]
        : await this.workspaceArticles(article);
    type Found = { uri: vscode.Uri; start: number; end: number; quote: string; context: string };
    const found: Found[] = [];
    for (const { uri, text } of articles) {
      const open = this.context.sessions.peek(uri);
      const existing = open ? open.session.set.annotations : [];
      const spans = new Map<string, Found>();
      const chars = [...text];
      for (const name of names) {
        for (const o of findOccurrences(text, name)) {
          if (
            existing.some(
              (a) => a.label === annotation.label && a.anchored !== 'orphaned' && a.start < o.end && o.start < a.end,
            )
          )
            continue;
          if ([...spans.values()].some((f) => f.start < o.end && o.start < f.end)) continue;
          spans.set(`${o.start}:${o.end}`, {
            uri,
            ...o,
            context: inContext(chars, o.start, o.end, o.quote),
          });
        }
      }
      // names of one entity next to each other ("وزير الخارجية الروسي سيرغي لافروف") are one mention
      const sorted = [...spans.values()].sort((a, b) => a.start - b.start);
      const merged: Found[] = [];
      for (const f of sorted) {
        const last = merged.at(-1);
        const gap = last ? chars.slice(last.end, f.start).join('') : '';
        if (last && /^[^\S\r\n]+$/u.test(gap)) {
          last.end = f.end;
          last.quote = chars.slice(last.start, f.end).join('');
          last.context = inContext(chars, last.start, f.end, last.quote);
        } else merged.push({ ...f });
      }
      found.push(...merged);
    }
    if (found.length === 0) {
      const quote = plainText(annotation.quote, 40);
      const none =
        where === 'article'
          ? vscode.l10n.t('No other unmarked occurrences of "{0}" in this article.', quote)
          : vscode.l10n.t('No other unmarked occurrences of "{0}" in the workspace.', quote);
      void showInfo(
        entity
          ? none
          : `${none} ${vscode.l10n.t('Link the mention to an entity (E) to find its other names (aliases) too.')}`,
      );
      return 0;
    }
    let chosen = found;
    if (pick !== 'all') {
      const items = found.map((f) => ({
        label: plainText(f.quote, 80),
        description: shownName(f.uri),
        detail: plainText(f.context.replace(/\s+/g, ' '), 120),
        picked: true,
        found: f,
      }));
      const picks = await showQuickPick(items, {
        canPickMany: true,
        matchOnDetail: true,
        title: entity
          ? vscode.l10n.t(
              'Mark {0} occurrence(s) as {1} of {2}',
              found.length,
              this.context.word(annotation.label),
              plainText(entity.name, 60),
            )
          : vscode.l10n.t('Mark {0} occurrence(s) as {1}', found.length, this.context.word(annotation.label)),
        placeHolder: vscode.l10n.t('Untick the ones that are not the same entity, then press Enter'),
      });
      if (!picks || picks.length === 0) return 0;
      chosen = picks.map((p) => p.found);
    }
    let added = 0;
    const byUri = new Map<string, Found[]>();
    for (const f of chosen) byUri.set(f.uri.toString(), [...(byUri.get(f.uri.toString()) ?? []), f]);
    for (const [uri, list] of byUri) {
      const target = await this.context.articleOf(vscode.Uri.parse(uri));
      if (!target) continue;
      const provenance = this.context.provenance(target);
      const text = articles.find((a) => a.uri.toString() === uri)!.text;
      added += await target.session.mutate(
        (set) => {
          if (set.text !== text)
            throw new Error(vscode.l10n.t('{0} changed while reviewing; run the command again', shownName(target.uri)));
          let n = 0;
          for (const f of list) {
            const [start, end] = snapToGraphemes(set.index, f.start, f.end);
            if (set.overlapping(start, end).some((a) => a.label === annotation.label)) continue;
            set.add(annotation.label, start, end, provenance, annotation.entity ? { entity: annotation.entity } : {});
            n++;
          }
          return n;
        },
        vscode.l10n.t('mark {0} occurrence(s)', list.length),
      );
    }
    void showStatus(
      vscode.l10n.t('Hashiya: marked {0} occurrence(s) of "{1}".', added, plainText(annotation.quote, 30)),
      4000,
    );
    return added;
  }

  /** The articles of the workspace (.txt, .md) with their texts, the current one as it is now. */
  private async workspaceArticles(current: Article): Promise<{ uri: vscode.Uri; text: string }[]> {
    const files = await findWorkspaceFiles('**/*.{txt,md,markdown}', (path) => /\.(txt|md|markdown)$/.test(path), 2000);
    const out: { uri: vscode.Uri; text: string }[] = [];
    for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
      const open = this.context.sessions.peek(uri);
      if (open) {
        out.push({ uri, text: open.session.set.text });
        continue;
      }
      if (uri.toString() === current.uri.toString()) continue;
      try {
        const decoded = decodeArticle(await vscode.workspace.fs.readFile(uri));
        if (decoded.ok) out.push({ uri, text: decoded.text });
      } catch {
        // unreadable: skipped
      }
    }
    if (!out.some((a) => a.uri.toString() === current.uri.toString()))
      out.unshift({ uri: current.uri, text: current.session.set.text });
    return out;
  }
}

/** An occurrence `quote` (code points `start` to `end` of `chars`) with 30 characters either side. */
function inContext(chars: readonly string[], start: number, end: number, quote: string): string {
  return `…${chars.slice(Math.max(0, start - 30), start).join('')}[${quote}]${chars.slice(end, end + 30).join('')}…`;
}
