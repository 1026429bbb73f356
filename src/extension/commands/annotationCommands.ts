import * as vscode from 'vscode';
import type { Annotation, Label } from '../../core/model/annotation';
import { labelDef, labelTitle } from '../../core/model/projectSchema';
import { plainText } from '../../core/presentation/inertText';
import { assertSameText } from '../../core/session/sidecarSession';
import { normalizeSelection } from '../../core/text/offsets';
import type { ViewMessage } from '../../shared/protocol';
import { Commands } from '../commandIds';
import { settings } from '../config';
import { showInfo, shownName } from '../util/notify';
import type { ArticleView } from '../views/articleEditorProvider';
import type { ClaimCommands } from './claimCommands';
import {
  type AnnotationRef, type CommandContext, type ViewSelection, clamp, labelWord,
} from './commandContext';
import { type Command, command, reportFailure } from './commandManager';
import { showInputBox, showQuickPick } from '../util/uiDirection';

/**
 * Marking and changing annotations: mark the selection with a label, remove, relabel, note,
 * go to the next or previous one, reveal, re-attach an orphan, undo and redo.
 */
export class AnnotationCommands {
  constructor(private readonly context: CommandContext, private readonly claims: ClaimCommands) {}

  get commands(): Command[] {
    return [
      command(Commands.annotate, async (label?: string) => {
        // a label id (scripts, tests, keybindings with args) marks at once
        if (typeof label === 'string') return this.annotate(label);
        const schema = this.context.schema;
        const pick = await showQuickPick(
          schema.labels.map((def) => ({
            label: plainText(labelTitle(schema, def.id, vscode.env.language), 60),
            description: vscode.l10n.t('{0} · key {1}', def.id, def.key.toUpperCase()),
            detail: def.codebook?.definition ? plainText(def.codebook.definition, 160) : undefined,
            value: def.id,
          })),
          { placeHolder: vscode.l10n.t('Mark the selection as…'), matchOnDescription: true },
        );
        return pick ? this.annotate(pick.value) : undefined;
      }),
      command(Commands.annotateClaim, () => this.annotate('claim')),
      command(Commands.annotateActor, () => this.annotate('actor')),
      command(Commands.annotateDate, () => this.annotate('date')),
      command(Commands.removeAnnotation, (node?: AnnotationRef) => this.removeAnnotation(node)),
      command(Commands.changeLabel, (node?: AnnotationRef, label?: Label) => this.changeLabel(node, label)),
      command(Commands.editNote, (node?: AnnotationRef, note?: string) => this.editNote(node, note)),
      command(Commands.nextAnnotation, () => this.step('next')),
      command(Commands.previousAnnotation, () => this.step('previous')),
      command(Commands.revealAnnotation, (article: string, id: string) =>
        this.context.reveal(vscode.Uri.parse(article), id),
      ),
      command(Commands.reattachAnnotation, (node?: AnnotationRef) => this.reattach(node)),
      command(Commands.undoAnnotation, () => this.history('undo')),
      command(Commands.redoAnnotation, () => this.history('redo')),
    ];
  }

  /** A label key pressed in the view. */
  async onViewAnnotate(view: ArticleView, message: Extract<ViewMessage, { type: 'annotate' }>): Promise<void> {
    try {
      await this.annotate(message.label, view, { anchor16: message.anchor16, focus16: message.focus16 });
    } catch (err) {
      reportFailure(err);
    }
  }

  /** The "Re-attach to selection" button of an orphan in the view. */
  async onViewReattach(view: ArticleView, message: Extract<ViewMessage, { type: 'reattach' }>): Promise<void> {
    try {
      const selection = { anchor16: message.anchor16, focus16: message.focus16 };
      await this.reattach({ article: view.document.uri.toString(), id: message.id }, selection, view);
    } catch (err) {
      reportFailure(err);
    }
  }

  /** Marks the current selection with `label`; returns the new annotation. */
  async annotate(label: Label, view?: ArticleView, selection?: ViewSelection): Promise<Annotation | undefined> {
    const target = await this.context.target(view, selection);
    if (!target) {
      void showInfo(
        vscode.l10n.t('Open an article (.txt or .md), select some text, then mark it as claim, actor or date.'),
      );
      return undefined;
    }
    const text = target.article.session.set.text;
    if (text !== target.article.document.getText())
      throw new Error(vscode.l10n.t('the article changed while annotating; try again'));
    const span = normalizeSelection(text, clamp(target.anchor16, text.length), clamp(target.focus16, text.length),
      { trimWhitespace: settings(target.article.uri).trimWhitespace });
    if (!span) {
      this.context.tell(target, vscode.l10n.t('Select the words to annotate first.'));
      return undefined;
    }
    const index = target.article.session.set.index;
    const start = index.toCodePoint(span.start);
    const end = index.toCodePoint(span.end);
    const { author } = settings(target.article.uri);
    // the check and the addition run as one session operation, so a repeated key cannot add twice
    const result = await target.article.session.mutate((set) => {
      assertSameText(set, text);
      // among those on the span (not every annotation copied: issue 12); orphans are not on it
      const same = set.overlapping(start, end).find((a) => a.label === label && a.start === start && a.end === end);
      return same ? { same } : { added: set.add(label, start, end, { author, now: new Date().toISOString() }) };
    }, vscode.l10n.t('mark {0}', this.context.word(label)));
    if ('same' in result && result.same) {
      this.context.tell(target, vscode.l10n.t('Already marked as {0}.', this.context.word(label)));
      return result.same;
    }
    target.view?.post({ type: 'marked', start16: span.start, end16: span.end });
    const added = result.added!;
    // keyboard-first attribution: after marking a claim in the view, pick its speaker among the actors nearby
    if (label === 'claim' && target.view && settings(target.article.uri).askForSpeaker
      && target.article.session.set.annotations.some((a) => a.label === 'actor' && a.anchored !== 'orphaned')) {
      void this.claims.setRelation('speaker', undefined, undefined, { article: target.article, annotation: added })
        .catch((err) => reportFailure(err));
    }
    return added;
  }

  private async removeAnnotation(node?: AnnotationRef): Promise<void> {
    const picked = await this.context.pickAnnotation(node, 'remove');
    if (!picked) return;
    await picked.article.session.remove(picked.annotation.id, this.context.provenance(picked.article));
  }

  private async changeLabel(node?: AnnotationRef, label?: Label): Promise<void> {
    const picked = await this.context.pickAnnotation(node, 'relabel');
    if (!picked) return;
    const schema = picked.article.session.schema;
    if (label && labelDef(schema, label)) {
      await picked.article.session.update(picked.annotation.id, { label }, this.context.provenance(picked.article));
      return;
    }
    const choice = await showQuickPick(
      schema.labels.filter((l) => l.id !== picked.annotation.label).map((l) => ({
        label: plainText(labelTitle(schema, l.id, vscode.env.language), 60), description: l.id, value: l.id,
      })),
      {
        placeHolder: vscode.l10n.t(
          'Change "{0}" from {1} to…',
          plainText(picked.annotation.quote, 40),
          labelWord(schema, picked.annotation.label),
        ),
      },
    );
    if (!choice) return;
    await picked.article.session.update(
      picked.annotation.id,
      { label: choice.value },
      this.context.provenance(picked.article),
    );
  }

  private async editNote(node?: AnnotationRef, value?: string): Promise<void> {
    const picked = await this.context.pickAnnotation(node, 'note');
    if (!picked) return;
    const note = typeof value === 'string' ? value : await showInputBox({
      title: vscode.l10n.t('Note on "{0}"', plainText(picked.annotation.quote, 40)),
      value: picked.annotation.note ?? '',
      prompt: vscode.l10n.t('An empty note removes it.'),
    });
    if (note === undefined) return;
    await picked.article.session.update(picked.annotation.id, { note }, this.context.provenance(picked.article));
  }

  private async step(direction: 'next' | 'previous'): Promise<void> {
    const target = await this.context.target();
    if (!target) return;
    const set = target.article.session.set;
    const start = set.index.toCodePoint(clamp(Math.min(target.anchor16, target.focus16), set.text.length));
    const collapsed = target.anchor16 === target.focus16;
    // from a bare cursor, "next" includes a span that starts right there
    const found = direction === 'next' ? set.next(collapsed ? start - 1 : start) : set.previous(start);
    if (!found) {
      this.context.tell(target, vscode.l10n.t('This article has no annotations yet.'));
      return;
    }
    this.context.show(target.article, found, target.view, target.editor);
  }

  /** Undoes or redoes the last annotation action of the focused article (view or editor). */
  private async history(which: 'undo' | 'redo'): Promise<void> {
    const target = await this.context.target();
    if (!target) return;
    const session = target.article.session;
    const done = which === 'undo' ? await session.undo() : await session.redo();
    const name = shownName(target.article.uri);
    if (done) this.context.tell(target, which === 'undo' ? vscode.l10n.t('Undone: {0}.', done)
      : vscode.l10n.t('Redone: {0}.', done), true);
    else {
      this.context.tell(target, which === 'undo'
        ? vscode.l10n.t('Nothing to undo among the annotations of {0}.', name)
        : vscode.l10n.t('Nothing to redo among the annotations of {0}.', name));
    }
  }

  /**
   * Re-attaches an annotation (typically an orphan) to the current selection of its article, in
   * the Hashiya view or a text editor. Without an argument it asks which orphan to re-attach.
   */
  async reattach(node?: AnnotationRef, selection?: ViewSelection, view?: ArticleView): Promise<void> {
    const target = await this.context.target(view, selection);
    if (!target) {
      void showInfo(vscode.l10n.t('Open the article, select the text the annotation belongs to, then re-attach it.'));
      return;
    }
    const set = target.article.session.set;
    let id: string | undefined;
    const ref = node && ('kind' in node
      ? (node.kind === 'mention' ? { article: node.mention.article, id: node.mention.annotation.id } : undefined)
      : node);
    if (ref) {
      if (ref.article !== target.article.uri.toString())
        throw new Error(vscode.l10n.t("select the text in the annotation's own article first"));
      id = ref.id;
    } else {
      const orphans = set.annotations.filter((a) => a.anchored === 'orphaned');
      if (orphans.length === 0) {
        this.context.tell(target, vscode.l10n.t('This article has no orphaned annotations.'));
        return;
      }
      const pick = await showQuickPick(orphans.map((a) => ({
        label: vscode.l10n.t('{0}: {1}', plainText(this.context.title(a.label), 40), plainText(a.quote, 80)),
        annotation: a,
      })), { placeHolder: vscode.l10n.t('Re-attach which orphaned annotation to the selection?') });
      id = pick?.annotation.id;
    }
    if (!id) return;
    const text = set.text;
    const span = normalizeSelection(text, clamp(target.anchor16, text.length), clamp(target.focus16, text.length),
      { trimWhitespace: settings(target.article.uri).trimWhitespace });
    if (!span) {
      this.context.tell(target, vscode.l10n.t('Select the text the annotation belongs to first.'));
      return;
    }
    const start = set.index.toCodePoint(span.start);
    await target.article.session.reattach(
      id,
      start,
      set.index.toCodePoint(span.end),
      this.context.provenance(target.article),
    );
    target.view?.post({ type: 'marked', start16: span.start, end16: span.end });
  }
}
