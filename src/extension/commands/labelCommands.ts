import * as vscode from 'vscode';
import { ownValue } from '../../core/model/annotation';
import { nearest } from '../../core/entities/entities';
import { plainText } from '../../core/presentation/inertText';
import { SCHEMA_PATH, codebookLines, labelDef, labelTitle, titleOf } from '../../core/model/projectSchema';
import { relationTarget } from '../../core/model/relations';
import { showInfo } from '../util/notify';
import { Commands } from '../commandIds';
import { type AnnotationRef, type CommandContext, labelWord, labelWords } from './commandContext';
import { type Command, command } from './commandManager';
import { showInputBox, showQuickPick } from '../util/uiDirection';

/**
 * The commands that follow the project schema's declarations (core/model/projectSchema): set an
 * attribute of an annotation, set one of its relations, show the codebook. Claims' speaker,
 * date and stance keep their own commands (S, T, P); these cover every label a schema declares.
 */
export class LabelCommands {
  constructor(private readonly context: CommandContext) {}

  get commands(): Command[] {
    return [
      command(Commands.setAttribute, (node?: AnnotationRef, name?: string, value?: string) =>
        this.setAttribute(node, name, value),
      ),
      command(Commands.setRelation, (node?: AnnotationRef, name?: string, id?: string) =>
        this.setRelation(node, name, id),
      ),
      command(Commands.showCodebook, () => this.showCodebook()),
      command(Commands.markReviewed, (node?: AnnotationRef) => this.markReviewed(node)),
    ];
  }

  /**
   * Sets (or with '' removes) an attribute of an annotation. `name` and `value` (scripts, tests)
   * skip the pickers; without them the label's attributes are offered, then the listed values
   * (or free text).
   */
  async setAttribute(node?: AnnotationRef, name?: string, value?: string): Promise<void> {
    const picked = await this.context.pickAnnotation(node, 'attribute');
    if (!picked) return;
    const { article, annotation } = picked;
    const schema = article.session.schema;
    const def = labelDef(schema, annotation.label);
    const attributes = def?.attributes ?? [];
    if (attributes.length === 0) {
      void showInfo(vscode.l10n.t(
        '{0} has no attributes in the project schema ({1}).',
        plainText(labelTitle(schema, annotation.label, vscode.env.language), 60),
        SCHEMA_PATH,
      ));
      return;
    }
    const language = vscode.env.language;
    let attribute = attributes.find((a) => a.name === name);
    if (name !== undefined && !attribute)
      throw new Error(vscode.l10n.t(
        '"{0}" is not an attribute of {1} ({2})',
        name,
        labelWord(schema, annotation.label),
        attributes.map((a) => a.name).join(', '),
      ));
    if (!attribute) {
      if (attributes.length === 1) attribute = attributes[0];
      else {
        const pick = await showQuickPick(
          attributes.map((a) => ({
            label: plainText(titleOf(a.title, a.name, language), 60),
            description: [
              a.name,
              ownValue(annotation.attributes, a.name) !== undefined
                ? vscode.l10n.t('now: {0}', plainText(ownValue(annotation.attributes, a.name)!, 40))
                : '',
            ]
              .filter(Boolean)
              .join(' · '),
            attribute: a,
          })),
          {
            title: vscode.l10n.t('Attribute of "{0}"', plainText(annotation.quote, 50)),
            placeHolder: vscode.l10n.t('Which attribute?'),
          },
        );
        if (!pick) return;
        attribute = pick.attribute;
      }
    }
    let chosen = value;
    const current = ownValue(annotation.attributes, attribute.name);
    const title = vscode.l10n.t(
      '{0} of "{1}"',
      plainText(titleOf(attribute.title, attribute.name, language), 60),
      plainText(annotation.quote, 50),
    );
    if (typeof chosen !== 'string' && attribute.values) {
      const items: (vscode.QuickPickItem & { value: string })[] = attribute.values.map((v) => ({
        label: plainText(v, 60),
        value: v,
        description: v === current ? vscode.l10n.t('current') : undefined,
      }));
      if (current !== undefined) {
        items.push({ label: vscode.l10n.t('No value'), description: vscode.l10n.t('remove it'), value: '' });
      }
      const pick = await showQuickPick(items, { title, placeHolder: vscode.l10n.t('Pick a value') });
      if (!pick) return;
      chosen = pick.value;
    } else if (typeof chosen !== 'string') {
      chosen = await showInputBox({
        title,
        value: current ?? '',
        prompt: vscode.l10n.t('Free text; an empty value removes it.'),
      });
      if (chosen === undefined) return;
      chosen = chosen.trim();
    }
    await article.session.update(
      annotation.id,
      { attributes: { [attribute.name]: chosen } },
      this.context.provenance(article),
    );
  }

  /**
   * Sets (or with '' removes) a relation the schema declares for the annotation's label (a claim's
   * speaker and date too). `name` and `id` (scripts, tests) skip the pickers; without them the
   * label's relations are offered, then the article's annotations of the relation's target labels,
   * nearest first.
   */
  async setRelation(node?: AnnotationRef, name?: string, id?: string): Promise<void> {
    const picked = await this.context.pickAnnotation(node, 'relation');
    if (!picked) return;
    const { article, annotation } = picked;
    const schema = article.session.schema;
    const relations = labelDef(schema, annotation.label)?.relations ?? [];
    if (relations.length === 0) {
      void showInfo(vscode.l10n.t(
        '{0} has no relations in the project schema ({1}).',
        plainText(labelTitle(schema, annotation.label, vscode.env.language), 60),
        SCHEMA_PATH,
      ));
      return;
    }
    const language = vscode.env.language;
    let relation = relations.find((r) => r.name === name);
    if (name !== undefined && !relation)
      throw new Error(vscode.l10n.t(
        '"{0}" is not a relation of {1} ({2})',
        name,
        labelWord(schema, annotation.label),
        relations.map((r) => r.name).join(', '),
      ));
    if (!relation) {
      if (relations.length === 1) relation = relations[0];
      else {
        const pick = await showQuickPick(
          relations.map((r) => ({
            label: plainText(titleOf(r.title, r.name, language), 60),
            description: `${r.name} → ${r.targets.join(', ')}`,
            relation: r,
          })),
          {
            title: vscode.l10n.t('Relation of "{0}"', plainText(annotation.quote, 50)),
            placeHolder: vscode.l10n.t('Which relation?'),
          },
        );
        if (!pick) return;
        relation = pick.relation;
      }
    }
    let chosen = id;
    if (typeof chosen !== 'string') {
      const set = article.session.set;
      const candidates = relation.targets.flatMap((label) => nearest(set.annotations, annotation, label, set.text));
      const current = relationTarget(annotation, relation.name);
      if (candidates.length === 0) {
        void showInfo(vscode.l10n.t(
          'This article has no {0} annotations yet: mark one first.',
          labelWords(schema, relation.targets, (l) => l),
        ));
        return;
      }
      const items: (vscode.QuickPickItem & { id: string })[] = candidates.map((a) => ({
        id: a.id,
        label: plainText(a.quote, 60),
        description: [
          plainText(labelTitle(schema, a.label, language), 60),
          a.id === current ? vscode.l10n.t('current') : '',
        ]
          .filter(Boolean)
          .join(' · '),
      }));
      if (current !== undefined) {
        items.push({ id: '', label: vscode.l10n.t('None'), description: vscode.l10n.t('remove the relation') });
      }
      const pick = await showQuickPick(items, {
        title: vscode.l10n.t(
          '{0} of "{1}"',
          plainText(titleOf(relation.title, relation.name, language), 60),
          plainText(annotation.quote, 50),
        ),
        matchOnDescription: true,
      });
      if (!pick) return;
      chosen = pick.id;
    }
    const patch =
      relation.name === 'speaker' || relation.name === 'date'
        ? { [relation.name]: chosen }
        : { relations: { [relation.name]: chosen } };
    await article.session.update(annotation.id, patch, this.context.provenance(article));
  }

  /**
   * Records that an annotation made under an older definition of its label was looked at again:
   * it takes the schema's current version, and `hashiya check` no longer lists it for review.
   */
  async markReviewed(node?: AnnotationRef): Promise<void> {
    const picked = await this.context.pickAnnotation(node, 'reviewed');
    if (!picked) return;
    const schema = picked.article.session.schema;
    if (schema.preset) {
      void showInfo(vscode.l10n.t(
        'Without a project schema ({0}) annotations record no schema version: there is nothing to review.',
        SCHEMA_PATH,
      ));
      return;
    }
    await picked.article.session.update(
      picked.annotation.id,
      { reviewed: true },
      this.context.provenance(picked.article),
    );
  }

  /** Opens the codebook of every label (definition, use when, avoid when, examples) as a read-only text. */
  async showCodebook(): Promise<void> {
    const schema = this.context.schema;
    const language = vscode.env.language;
    const lines = [
      schema.preset ? vscode.l10n.t('Codebook (news preset)')
        : vscode.l10n.t('Codebook ({0}, version {1})', SCHEMA_PATH, schema.version),
      '',
    ];
    for (const def of schema.labels) {
      const key = def.key.toUpperCase();
      lines.push(vscode.l10n.t('{0} ({1}, key {2})', labelTitle(schema, def.id, language), def.id, key));
      for (const line of codebookLines(def)) lines.push(`  ${line}`);
      for (const a of def.attributes ?? []) {
        const values = a.values ? a.values.join(' / ') : vscode.l10n.t('free text');
        lines.push(`  ${vscode.l10n.t('Attribute {0}: {1}', a.name, values)}`);
      }
      for (const r of def.relations ?? [])
        lines.push(`  ${vscode.l10n.t('Relation {0} → {1}', r.name, r.targets.join(', '))}`);
      lines.push('');
    }
    // plain text: whatever the schema file holds is shown, never rendered
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: lines.join('\n') });
    await vscode.window.showTextDocument(document, { preview: true });
  }
}
