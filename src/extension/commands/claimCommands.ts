import * as vscode from 'vscode';
import { type Relation, RELATIONS, STANCES, stanceText } from '../../core/model/annotation';
import { DATE_VALUE } from '../../core/model/annotationSet';
import { nearest } from '../../core/entities/entities';
import { labelDef } from '../../core/model/projectSchema';
import { plainText } from '../../core/presentation/inertText';
import { Commands } from '../commandIds';
import { showInfo, shownName } from '../util/notify';
import { runQuickPick } from '../util/quickInput';
import {
  type AnnotationRef,
  type CommandContext,
  type PickedAnnotation,
  labelWord,
  labelWords,
} from './commandContext';
import { type Command, command } from './commandManager';
import { showInputBox, showQuickPick, uiItem, uiLine } from '../util/uiDirection';

type StanceItem = vscode.QuickPickItem & { value: string };

/**
 * What a claim has besides its span (speaker, date, stance) and the dates it is resolved
 * against: the article's publication date and a date annotation's value.
 */
export class ClaimCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.setPublicationDate, (date?: string) => this.setPublicationDate(date)),
      command(Commands.editDateValue, (node?: AnnotationRef, value?: string) => this.editDateValue(node, value)),
      command(Commands.setSpeaker, (node?: AnnotationRef, id?: string) => this.setRelation('speaker', node, id)),
      command(Commands.setClaimDate, (node?: AnnotationRef, id?: string) => this.setRelation('date', node, id)),
      command(Commands.setStance, (node?: AnnotationRef, stance?: string) => this.setStance(node, stance)),
    ];
  }

  /** Sets the publication date relative dates are resolved against (YYYY-MM-DD). */
  private async setPublicationDate(date?: string): Promise<void> {
    const target = await this.context.target();
    if (!target) {
      void showInfo(vscode.l10n.t('Open an article first: its publication date is stored in its sidecar.'));
      return;
    }
    const session = target.article.session;
    const current = session.published;
    const chosen =
      date ??
      (await showInputBox({
        title: vscode.l10n.t('Publication date of {0}', shownName(target.article.uri)),
        prompt: current?.guessed
          ? vscode.l10n.t(
              'Now a guess from the file\'s date ({0}). Dates such as "yesterday" or "on Tuesday" are resolved against it.',
              current.date,
            )
          : vscode.l10n.t('Dates such as "yesterday" or "on Tuesday" are resolved against it.'),
        value: current?.date ?? new Date().toISOString().slice(0, 10),
        placeHolder: 'YYYY-MM-DD',
        validateInput: (v) =>
          /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && !Number.isNaN(Date.parse(v.trim()))
            ? undefined
            : vscode.l10n.t('A date in the form YYYY-MM-DD'),
      }));
    if (chosen === undefined) return;
    await session.setPublished(chosen.trim());
    const set = vscode.l10n.t('Publication date set to {0}; date values recomputed.', chosen.trim());
    this.context.tell(target, set, true);
  }

  /** Sets (or, with an empty value, resets to the computed one) the value of a date annotation. */
  private async editDateValue(node?: AnnotationRef, value?: string): Promise<void> {
    const picked = await this.context.pickAnnotation(node, 'dateValue');
    if (!picked) return;
    const schema = picked.article.session.schema;
    if (!labelDef(schema, picked.annotation.label)?.dateValue) {
      const dated = labelWords(
        schema,
        schema.labels.filter((l) => l.dateValue).map((l) => l.id),
        (l) => l,
      );
      throw new Error(vscode.l10n.t('only {0} annotations have values', dated || labelWord(schema, 'date')));
    }
    const chosen =
      typeof value === 'string'
        ? value
        : await showInputBox({
            title: vscode.l10n.t('Value of "{0}"', plainText(picked.annotation.quote, 40)),
            prompt: vscode.l10n.t(
              'ISO 8601 / TIMEX3: 2015-12-18, XXXX-12-18, 2015-12, 2015-12-15TEV, 2002/2006. Empty: computed again from the text.',
            ),
            value: picked.annotation.value ?? '',
            validateInput: (v) =>
              v.trim() === '' || DATE_VALUE.test(v.trim())
                ? undefined
                : vscode.l10n.t('Not a date value such as 2015-12-18 or XXXX-12-18'),
          });
    if (chosen === undefined) return;
    await picked.article.session.update(
      picked.annotation.id,
      { value: chosen },
      this.context.provenance(picked.article),
    );
  }

  /**
   * Sets a claim's speaker (an actor) or date (a date annotation) of the same article. `id` (for
   * scripts and tests) is the target annotation's id, '' to remove; without it a quick pick
   * offers the article's annotations of that label, nearest to the claim first.
   */
  async setRelation(relation: Relation, node?: AnnotationRef, id?: string, claim?: PickedAnnotation): Promise<void> {
    // the labels that have this relation in the project schema (claims in the news preset)
    const holders = this.context.schema.labels
      .filter((l) => l.relations?.some((r) => r.name === relation))
      .map((l) => l.id);
    const purpose = relation === 'speaker' ? 'speaker' : 'date';
    const picked = claim ?? (await this.context.pickAnnotation(node, purpose, holders.length > 0 ? holders : 'claim'));
    if (!picked) return;
    const schema = picked.article.session.schema;
    const targets = labelDef(schema, picked.annotation.label)?.relations?.find((r) => r.name === relation)?.targets ?? [
      RELATIONS[relation],
    ];
    let chosen = id;
    if (typeof chosen !== 'string') {
      const set = picked.article.session.set;
      const candidates = targets.flatMap((target) => nearest(set.annotations, picked.annotation, target, set.text));
      if (candidates.length === 0) {
        void showInfo(
          relation === 'speaker'
            ? vscode.l10n.t(
                'This article has no actors yet: mark the speaker as an actor (A), then set the speaker (S).',
              )
            : vscode.l10n.t('This article has no dates yet: mark the date (D), then set the date of the claim (T).'),
        );
        return;
      }
      const document = picked.article.document;
      const items: (vscode.QuickPickItem & { id: string })[] = candidates.map((a) => {
        const line = document.positionAt(set.index.toUtf16(a.start)).line + 1;
        const name = labelDef(schema, a.label)?.entity ? this.context.entities.displayName(a) : a.quote;
        const place =
          a.start < picked.annotation.end && a.end > picked.annotation.start
            ? vscode.l10n.t('in the claim')
            : a.end <= picked.annotation.start
              ? vscode.l10n.t('before the claim · line {0}', line)
              : vscode.l10n.t('after the claim · line {0}', line);
        return {
          id: a.id,
          label: plainText(name, 60),
          description: [
            a.id === picked.annotation[relation] ? vscode.l10n.t('current') : '',
            name !== a.quote ? vscode.l10n.t('“{0}”', plainText(a.quote, 40)) : '',
            a.value ? plainText(a.value, 40) : '',
            place,
          ]
            .filter(Boolean)
            .join(' · '),
        };
      });
      const current = picked.annotation[relation];
      if (current !== undefined) {
        items.push({
          id: '',
          label: relation === 'speaker' ? vscode.l10n.t('No speaker') : vscode.l10n.t('No date'),
          description: vscode.l10n.t('remove the relation'),
        });
      }
      const pick = await showQuickPick(items, {
        title:
          relation === 'speaker'
            ? vscode.l10n.t('Speaker of the claim "{0}"', plainText(picked.annotation.quote, 50))
            : vscode.l10n.t('Date of the claim "{0}"', plainText(picked.annotation.quote, 50)),
        placeHolder:
          relation === 'speaker'
            ? vscode.l10n.t('Who makes this claim? Nearest actors first (Enter takes the first, Esc leaves it unset)')
            : vscode.l10n.t('When was it said? Nearest dates first'),
        matchOnDescription: true,
      });
      if (!pick) return;
      chosen = pick.id;
    }
    await picked.article.session.update(
      picked.annotation.id,
      { [relation]: chosen },
      this.context.provenance(picked.article),
    );
  }

  /** Sets (or with '' removes) a claim's stance; without `value` offers the common ones or typed text. */
  private async setStance(node?: AnnotationRef, value?: string): Promise<void> {
    const stanceLabels = this.context.schema.labels.filter((l) => l.stance).map((l) => l.id);
    const picked = await this.context.pickAnnotation(node, 'stance', stanceLabels.length > 0 ? stanceLabels : 'claim');
    if (!picked) return;
    let chosen = value;
    if (typeof chosen !== 'string') {
      // the stance as stored is shown inert (it may come from a hand-edited sidecar); `value` keeps it as it is
      const quickPick = vscode.window.createQuickPick<StanceItem>();
      quickPick.title = uiLine(
        vscode.l10n.t('Stance of the speaker in "{0}"', plainText(picked.annotation.quote, 50)),
      );
      quickPick.placeholder = uiLine(vscode.l10n.t('Pick one or type your own ("No stance" removes it)'));
      const current = picked.annotation.stance;
      const base: StanceItem[] = STANCES.map((stance) => ({
        label: stanceText(stance),
        value: stance,
        description: stance === current ? vscode.l10n.t('current') : undefined,
      }));
      if (current && !(STANCES as readonly string[]).includes(current)) {
        base.unshift({ label: plainText(current, 80), value: current, description: vscode.l10n.t('current') });
      }
      if (current) base.push({ label: vscode.l10n.t('No stance'), description: vscode.l10n.t('remove it'), value: '' });
      const update = () => {
        const typed = quickPick.value.trim();
        quickPick.items = (
          typed && !base.some((b) => b.value === typed)
            ? [{ label: plainText(typed, 80), value: typed, description: vscode.l10n.t('your own') }, ...base]
            : base
        ).map(uiItem);
        const active = quickPick.items.find((i) => i.value === (typed || current));
        if (active) quickPick.activeItems = [active];
      };
      chosen = await runQuickPick(quickPick, update, (item) => (item ? item.value : quickPick.value.trim()));
      if (chosen === undefined) return;
    }
    await picked.article.session.update(
      picked.annotation.id,
      { stance: chosen },
      this.context.provenance(picked.article),
    );
  }
}
