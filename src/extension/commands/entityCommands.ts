import * as vscode from 'vscode';
import type { Annotation } from '../../core/model/annotation';
import { type Mention, entityName } from '../../core/entities/entities';
import {
  type Entity, type EntityKind, ENTITY_KINDS, createEntity, kindTitle, mergeEntities, updateEntity,
} from '../../core/entities/entityRegistry';
import { plainText } from '../../core/presentation/inertText';
import { Commands } from '../commandIds';
import type { EntityDirectory } from '../files/entityDirectory';
import type { EntityNode } from '../views/entityTreeProvider';
import { runQuickPick } from '../util/quickInput';
import { showInfo, shownName } from '../util/notify';
import type { AnnotationRef, CommandContext } from './commandContext';
import { type Command, command } from './commandManager';
import { showInputBox, showQuickPick, uiItem, uiLine } from '../util/uiDirection';

/** A mention by article URI string and annotation id (what scripts and tests pass). */
export interface MentionRef { article: string; id: string }

/** What can be changed of an entity by Edit Entity Details. */
export type EntityPatch = Partial<Pick<Entity, 'kind' | 'aliases' | 'externalId' | 'note'>>;

/** What entity commands accept: a tree entity node, a registry id, or nothing (then they ask). */
export type EntityRef = EntityNode | string;

/**
 * Commands on entities of the workspace registry: link a mention (Arabic-aware search over
 * names and aliases), create, rename, edit, merge and split entities, and which of them the
 * Entities tree shows. Changes to mentions in several articles are made article by article,
 * each one undo step in its article.
 */
export class EntityCommands {
  constructor(private readonly context: CommandContext) {}

  private get entities(): EntityDirectory {
    return this.context.entities;
  }

  get commands(): Command[] {
    return [
      command(Commands.editEntity, (node?: AnnotationRef, entity?: string | { name: string; kind: EntityKind }) =>
        this.link(node, entity),
      ),
      command(Commands.renameEntity, (ref?: EntityRef, name?: string) => this.rename(ref, name)),
      command(Commands.editEntityDetails, (ref?: EntityRef, patch?: EntityPatch) => this.edit(ref, patch)),
      command(Commands.mergeEntities, (from?: EntityRef, into?: EntityRef) => this.merge(from, into)),
      command(Commands.splitEntity, (ref?: EntityRef, mentions?: MentionRef[], name?: string) =>
        this.split(ref, mentions, name),
      ),
      command(Commands.showWorkspaceEntities, () => this.context.tree.setScope('workspace')),
      command(Commands.showArticleEntities, () => this.context.tree.setScope('article')),
      command(Commands.refreshEntities, () => this.context.tree.refreshSoon()),
    ];
  }

  /**
   * Links a mention to a registry entity. `value` (scripts, tests): a registry id, a name or
   * alias of one, `{ name, kind }` to create one, or '' to unlink. Without it a quick pick
   * searches the registry as the analyst types (diacritics, letter variants and clitics
   * ignored) and offers to create a new entity. Without a workspace folder, a typed name is
   * stored as a plain name.
   */
  async link(node?: AnnotationRef, value?: string | { name: string; kind: EntityKind }): Promise<Entity | undefined> {
    const picked = await this.context.pickAnnotation(node, 'entity');
    if (!picked) return undefined;
    const { article, annotation } = picked;
    let choice: { entity?: Entity; create?: { name: string; kind?: EntityKind }; unlink?: boolean } | undefined;
    if (typeof value === 'string') {
      if (value.trim() === '') choice = { unlink: true };
      else {
        const found = this.entities.resolve(value.trim());
        choice = found ? { entity: found } : { create: { name: value.trim(), kind: 'person' } };
      }
    } else if (value && typeof value === 'object') choice = { create: value };
    else choice = await this.askEntity(annotation);
    if (!choice) return undefined;
    // a sidecar that cannot be written refuses the link before the registry is touched
    if (article.session.state.kind === 'broken') {
      const p = article.session.state.problems[0];
      throw new Error(vscode.l10n.t(
        '{0}:{1}:{2}: {3}. Mend the sidecar first; nothing was changed.',
        shownName(article.sidecarUri),
        p.line,
        p.column,
        p.message,
      ));
    }
    let entityValue: string;
    let created: Entity | undefined;
    let entity: Entity | undefined;
    if (choice.unlink) entityValue = '';
    else if (choice.entity) {
      entity = choice.entity;
      entityValue = entity.id;
    } else {
      const { name } = choice.create!;
      if (!this.entities.uri) {
        entityValue = name === annotation.quote ? '' : name;
      } else {
        const kind = choice.create!.kind ?? (await this.askKind(name));
        if (!kind) return undefined;
        const aliases = annotation.quote !== name ? [annotation.quote] : [];
        entity = await this.entities.change((registry) => {
          const made = createEntity(registry, { name, kind, aliases });
          return { registry: made.registry, result: made.entity };
        });
        created = entity;
        entityValue = entity.id;
      }
    }
    try {
      await article.session.update(annotation.id, { entity: entityValue }, this.context.provenance(article));
    } catch (err) {
      // the mention could not be linked: the entity made for it goes again (all or nothing)
      if (created) {
        const id = created.id;
        await this.entities
          .change((registry) => ({
            registry: { entities: registry.entities.filter((e) => e.id !== id) },
            result: undefined,
          }))
          .catch(() => undefined);
      }
      throw err;
    }
    return entity;
  }

  private async askEntity(
    annotation: Annotation,
  ): Promise<{ entity?: Entity; create?: { name: string }; unlink?: boolean } | undefined> {
    type Item = vscode.QuickPickItem & { entity?: Entity; create?: string; unlink?: boolean };
    const quickPick = vscode.window.createQuickPick<Item>();
    const current = this.entities.entityOf(annotation);
    quickPick.title = uiLine(
      current
        ? vscode.l10n.t('Entity of "{0}" (now: {1})', plainText(annotation.quote, 40), plainText(current.name, 40))
        : vscode.l10n.t('Entity of "{0}"', plainText(annotation.quote, 40)),
    );
    quickPick.placeholder = uiLine(
      vscode.l10n.t(
        'Search names and aliases (Arabic: diacritics, hamza forms and و/ب/ل/ال ignored), or type a new name',
      ),
    );
    quickPick.value = current ? '' : entityName(annotation);
    // our own Arabic-aware search chooses and orders the rows; VS Code's filter must not re-sort them
    quickPick.matchOnDescription = false;
    quickPick.matchOnDetail = false;
    (quickPick as { sortByLabel?: boolean }).sortByLabel = false;
    const update = () => {
      const typed = quickPick.value.trim();
      const matches = this.entities.search(typed);
      const items: Item[] = matches.map((m) => ({
        label: plainText(m.entity.name, 80),
        description: [
          kindTitle(m.entity.kind),
          m.matched !== m.entity.name ? vscode.l10n.t('as “{0}”', plainText(m.matched, 60)) : '',
          m.entity.externalId ? plainText(m.entity.externalId, 60) : '',
        ]
          .filter(Boolean)
          .join(' · '),
        detail:
          m.entity.aliases.length > 0
            ? vscode.l10n.t('also: {0}', m.entity.aliases.map((a) => plainText(a, 60)).join('، '))
            : undefined,
        entity: m.entity,
        alwaysShow: true,
      }));
      if (typed && !matches.some((m) => m.entity.name === typed)) {
        // the typed text is not in the label, so the filter never ranks this row above the matches
        items.push({
          label: `$(add) ${vscode.l10n.t('New entity…')}`,
          description: this.entities.uri
            ? vscode.l10n.t('{0} · added to .hashiya/entities.yaml', plainText(typed, 80))
            : vscode.l10n.t('{0} · stored as a plain name (no workspace folder)', plainText(typed, 80)),
          create: typed,
          alwaysShow: true,
        });
      }
      if (annotation.entity)
        items.push({
          label: `$(close) ${vscode.l10n.t('Unlink')}`,
          description: vscode.l10n.t('the mention stands for its own text'),
          unlink: true,
          alwaysShow: true,
        });
      quickPick.items = items.map(uiItem);
      // Enter takes the best match, never "New entity" while there is one
      if (items.length > 0) quickPick.activeItems = [quickPick.items[0]];
    };
    const chosen = await runQuickPick(quickPick, update, (item) => item);
    if (!chosen) return undefined;
    if (chosen.unlink) return { unlink: true };
    if (chosen.entity) return { entity: chosen.entity };
    return chosen.create ? { create: { name: chosen.create } } : undefined;
  }

  private async askKind(name: string): Promise<EntityKind | undefined> {
    const pick = await showQuickPick(
      ENTITY_KINDS.map((kind) => ({ label: kindTitle(kind), value: kind })),
      {
        title: vscode.l10n.t('What is "{0}"?', plainText(name, 40)),
        placeHolder: vscode.l10n.t('Kind of the new entity'),
      },
    );
    return pick?.value;
  }

  /** The registry entity a command acts on: a tree node's, an id, or one the analyst picks. */
  private async entityFor(
    ref: EntityRef | undefined,
    purpose: 'rename' | 'edit' | 'merge into another' | 'merge into' | 'split',
  ): Promise<Entity | undefined> {
    if (typeof ref === 'string') {
      const entity = this.entities.resolve(ref);
      if (!entity) throw new Error(vscode.l10n.t('no entity "{0}" in the registry', ref));
      return entity;
    }
    if (ref && ref.kind === 'entity') {
      if (ref.entity) return this.entities.resolve(ref.entity.id);
      // an actor group not in the registry yet: register it under its name first
      const first = ref.group.mentions[0]?.annotation;
      if (!first) return undefined;
      const kind = await this.askKind(ref.group.name);
      if (!kind) return undefined;
      const entity = await this.entities.change((registry) => {
        const made = createEntity(registry, { name: ref.group.name, kind });
        return { registry: made.registry, result: made.entity };
      });
      await this.relink(ref.group.mentions, entity.id);
      return entity;
    }
    return this.pickEntity(purpose === 'rename' ? vscode.l10n.t('Which entity do you want to rename?')
      : purpose === 'edit' ? vscode.l10n.t('Which entity do you want to edit?')
        : purpose === 'merge into another' ? vscode.l10n.t('Which entity do you want to merge into another?')
          : purpose === 'merge into' ? vscode.l10n.t('Which entity do you want to merge into?')
            : vscode.l10n.t('Which entity do you want to split?'));
  }

  /** An entity of the registry, picked with the same Arabic-aware search as linking. */
  private async pickEntity(placeHolder: string, except?: string): Promise<Entity | undefined> {
    if (!this.entities.entities.some((e) => e.id !== except)) {
      void showInfo(vscode.l10n.t(
        'The entity registry is empty: link a mention to an entity first (E in the view, or "Link Mention to Entity").',
      ));
      return undefined;
    }
    type Item = vscode.QuickPickItem & { entity: Entity };
    const quickPick = vscode.window.createQuickPick<Item>();
    quickPick.placeholder = uiLine(placeHolder);
    (quickPick as { sortByLabel?: boolean }).sortByLabel = false;
    const update = () => {
      const items = this.entities
        .search(quickPick.value.trim(), 200)
        .filter((m) => m.entity.id !== except)
        .map((m): Item => ({
          label: plainText(m.entity.name, 80),
          description: [
            kindTitle(m.entity.kind),
            m.matched !== m.entity.name ? vscode.l10n.t('as “{0}”', plainText(m.matched, 60)) : '',
            ...m.entity.aliases.map((a) => plainText(a, 60)),
          ]
            .filter(Boolean)
            .join(' · '),
          entity: m.entity,
          alwaysShow: true,
        }));
      quickPick.items = items.map(uiItem);
      if (items.length > 0) quickPick.activeItems = [quickPick.items[0]];
    };
    return runQuickPick(quickPick, update, (item) => item?.entity);
  }

  /** Renames an entity; the old name stays as an alias. Links (ids) do not change. */
  async rename(ref?: EntityRef, name?: string): Promise<void> {
    const entity = await this.entityFor(ref, 'rename');
    if (!entity) return;
    const chosen =
      name ??
      (await showInputBox({
        title: vscode.l10n.t('Rename "{0}"', plainText(entity.name, 60)),
        value: entity.name,
        prompt: vscode.l10n.t('The old name is kept as an alias, so searches still find it.'),
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name cannot be empty')),
      }));
    if (chosen === undefined || chosen.trim() === entity.name) return;
    await this.entities.change((registry) => ({
      registry: updateEntity(registry, entity.id, { name: chosen.trim() }),
      result: undefined,
    }));
  }

  /**
   * Edits kind, aliases, external id (e.g. wikidata:Q83070) or note of an entity. `patch`
   * (scripts, tests) applies directly; without it the analyst picks the field to edit.
   */
  async edit(ref?: EntityRef, patch?: EntityPatch): Promise<void> {
    const entity = await this.entityFor(ref, 'edit');
    if (!entity) return;
    let change = patch;
    if (!change) {
      const field = await showQuickPick(
        [
          { label: vscode.l10n.t('Kind'), description: kindTitle(entity.kind), key: 'kind' as const },
          {
            label: vscode.l10n.t('Aliases'),
            description: entity.aliases.map((a) => plainText(a, 60)).join('، ') || vscode.l10n.t('none'),
            key: 'aliases' as const,
          },
          {
            label: vscode.l10n.t('External id'),
            description: entity.externalId
              ? plainText(entity.externalId, 80) : vscode.l10n.t('none (e.g. wikidata:Q83070)'),
            key: 'externalId' as const,
          },
          {
            label: vscode.l10n.t('Note'),
            description: entity.note ? plainText(entity.note, 120) : vscode.l10n.t('none'),
            key: 'note' as const,
          },
        ],
        { title: vscode.l10n.t('Edit "{0}"', plainText(entity.name, 60)) },
      );
      if (!field) return;
      if (field.key === 'kind') {
        const kind = await this.askKind(entity.name);
        if (!kind) return;
        change = { kind };
      } else {
        const current = field.key === 'aliases' ? entity.aliases.join(' | ') : (entity[field.key] ?? '');
        const typed = await showInputBox({
          title: field.key === 'aliases' ? vscode.l10n.t('Aliases of "{0}"', plainText(entity.name, 60))
            : field.key === 'externalId' ? vscode.l10n.t('External id of "{0}"', plainText(entity.name, 60))
              : vscode.l10n.t('Note of "{0}"', plainText(entity.name, 60)),
          value: current,
          prompt: field.key === 'aliases'
            ? vscode.l10n.t('Other names, separated by | or ،') : vscode.l10n.t('Empty removes it'),
        });
        if (typed === undefined) return;
        change =
          field.key === 'aliases'
            ? {
                aliases: typed
                  .split(/[|،]/)
                  .map((a) => a.trim())
                  .filter(Boolean),
              }
            : { [field.key]: typed.trim() };
      }
    }
    await this.entities.change((registry) => ({
      registry: updateEntity(registry, entity.id, change!),
      result: undefined,
    }));
  }

  /**
   * Merges entity `from` into `into`: `into` gains from's name and aliases as aliases and
   * records from's id (`replaces`), so links elsewhere still resolve; every mention of the
   * workspace linked to `from` is relinked to `into`. Returns how many mentions were relinked.
   */
  async merge(from?: EntityRef, into?: EntityRef): Promise<number> {
    const source = await this.entityFor(from, 'merge into another');
    if (!source) return 0;
    const target =
      typeof into === 'string' || (into && typeof into === 'object')
        ? await this.entityFor(into, 'merge into')
        : await this.pickEntity(
            vscode.l10n.t(
              'Merge "{0}" into which entity? Its mentions, name and aliases go there.',
              plainText(source.name, 60),
            ),
            source.id,
          );
    if (!target) return 0;
    if (target.id === source.id) throw new Error(vscode.l10n.t('an entity cannot be merged into itself'));
    const mentions = (await this.context.tree.workspaceMentions()).filter(
      (m) => this.entities.entityOf(m.annotation)?.id === source.id,
    );
    await this.entities.change((registry) => ({
      registry: mergeEntities(registry, source.id, target.id),
      result: undefined,
    }));
    return this.relink(mentions, target.id);
  }

  /**
   * Splits an entity: the chosen mentions (`mentions`, or picked from its mentions across the
   * workspace) go to a new entity `name` of the same kind. Returns the new entity.
   */
  async split(ref?: EntityRef, mentions?: MentionRef[], name?: string): Promise<Entity | undefined> {
    const entity = await this.entityFor(ref, 'split');
    if (!entity) return undefined;
    const all = (await this.context.tree.workspaceMentions()).filter(
      (m) => this.entities.entityOf(m.annotation)?.id === entity.id,
    );
    let chosen: Mention[];
    if (mentions) chosen = all.filter((m) => mentions.some((r) => r.article === m.article && r.id === m.annotation.id));
    else {
      const picks = await showQuickPick(
        all.map((m) => ({
          label: plainText(m.annotation.quote, 60),
          description: shownName(vscode.Uri.parse(m.article)),
          detail: `…${plainText(m.annotation.prefix, 40)} [${plainText(m.annotation.quote, 40)}] `
            + `${plainText(m.annotation.suffix, 40)}…`,
          mention: m,
        })),
        {
          canPickMany: true,
          title: vscode.l10n.t('Split "{0}"', plainText(entity.name, 60)),
          placeHolder: vscode.l10n.t('Tick the mentions that are another entity'),
        },
      );
      if (!picks || picks.length === 0) return undefined;
      chosen = picks.map((p) => p.mention);
    }
    if (chosen.length === 0) throw new Error(vscode.l10n.t('no mentions chosen to split off'));
    const newName =
      name ??
      (await showInputBox({
        title: vscode.l10n.t('Name of the entity the {0} mention(s) go to', chosen.length),
        value: chosen[0].annotation.quote,
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name cannot be empty')),
      }));
    if (!newName) return undefined;
    const made = await this.entities.change((registry) => {
      const created = createEntity(registry, { name: newName.trim(), kind: entity.kind });
      return { registry: created.registry, result: created.entity };
    });
    await this.relink(chosen, made.id);
    return made;
  }

  /** Sets `entity` of each mention to `id`, article by article; returns how many changed. */
  private async relink(mentions: readonly Mention[], id: string): Promise<number> {
    const byArticle = new Map<string, Mention[]>();
    for (const m of mentions) byArticle.set(m.article, [...(byArticle.get(m.article) ?? []), m]);
    let changed = 0;
    for (const [uri, list] of byArticle) {
      const article = await this.context.articleOf(vscode.Uri.parse(uri));
      if (!article) {
        throw new Error(vscode.l10n.t('{0} cannot be opened to relink its mentions', shownName(vscode.Uri.parse(uri))));
      }
      const provenance = this.context.provenance(article);
      changed += await article.session.mutate((set) => {
        let n = 0;
        for (const m of list)
          if (set.get(m.annotation.id) && set.update(m.annotation.id, { entity: id }, provenance)) n++;
        return n;
      }, vscode.l10n.t('link mentions'));
    }
    return changed;
  }
}
