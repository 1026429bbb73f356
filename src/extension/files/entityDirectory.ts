import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { Annotation } from '../../core/model/annotation';
import { entityName } from '../../core/entities/entities';
import {
  type Entity,
  type EntityMatch,
  type Registry,
  REGISTRY_PATH,
  entityResolver,
  searchEntities,
  serializeRegistry,
} from '../../core/entities/entityRegistry';
import {
  type ConflictChoice,
  type ConflictProblem,
  registryConflicts,
  resolveEntityConflict,
} from '../../core/merge/conflict';
import { matchKey } from '../../core/text/matchKey';
import { loadRegistry } from '../../core/entities/registryLoad';
import { WorkspaceSidecarStorage } from './sidecarFiles';

/**
 * The workspace entity registry (`.hashiya/entities.yaml` in the first workspace folder) as the
 * extension uses it: loaded at start, reloaded when the file changes on disk, and changed only
 * through {@link change}, which reads the file again, applies the change to what is on disk and
 * writes atomically. A registry file that does not parse is never written over: changes are
 * refused with its file, line and column until it is mended.
 */
export class EntityDirectory extends Disposable {
  private registry: Registry = { entities: [] };
  private source: string | undefined;
  private problemValue: string | undefined;
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  private queue: Promise<unknown> = Promise.resolve();
  private resolver: { registry: Registry; resolve: (ref: string | undefined) => Entity | undefined } | undefined;
  /** Fires after the registry changed (by Hashiya or on disk). */
  readonly onDidChange = this.emitter.event;

  constructor() {
    super();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, REGISTRY_PATH));
      this._registerAll(
        watcher,
        watcher.onDidChange(() => void this.reload()),
        watcher.onDidCreate(() => void this.reload()),
        watcher.onDidDelete(() => void this.reload()),
      );
    }
  }

  /** The registry file, or undefined without a workspace folder. */
  get uri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, ...REGISTRY_PATH.split('/'));
  }

  /** Why the registry file cannot be used (file:line:column: message), if it cannot. */
  get problem(): string | undefined {
    return this.problemValue;
  }

  /** Every entity, by name. */
  get entities(): readonly Entity[] {
    return this.registry.entities;
  }

  /** Reads the registry file again (missing: empty). */
  reload(): Promise<void> {
    return this.serialize(async () => {
      await this.readDisk();
      this.emitter.fire();
    });
  }

  private async readDisk(): Promise<Registry | undefined> {
    const uri = this.uri;
    if (!uri) {
      this.problemValue = undefined;
      this.registry = { entities: [] };
      return this.registry;
    }
    let source: string | undefined;
    try {
      source = await new WorkspaceSidecarStorage(uri).read();
    } catch (err) {
      this.problemValue = `${REGISTRY_PATH}: ${(err as Error).message}`;
      return undefined;
    }
    // read by lines when Hashiya wrote it (a 5,000-entity registry in tens of ms), indexed once
    const loaded = loadRegistry(source ?? '');
    if (!loaded.ok) {
      const p = loaded.problems[0];
      this.problemValue = `${REGISTRY_PATH}:${p.line}:${p.column}: ${p.message}`;
      return undefined;
    }
    this.problemValue = undefined;
    this.registry = loaded.registry;
    this.resolver = { registry: loaded.registry, resolve: loaded.resolve };
    this.source = source;
    return this.registry;
  }

  /** The registry entity `ref` (an annotation's `entity`) names: by id, merged id, or name. */
  resolve(ref: string | undefined): Entity | undefined {
    // indexed once per registry: the tree and the views resolve every actor on each change
    if (this.resolver?.registry !== this.registry)
      this.resolver = { registry: this.registry, resolve: entityResolver(this.registry) };
    return this.resolver.resolve(ref);
  }

  /** The entity a mention is linked to in the registry, if any. */
  entityOf(annotation: Annotation): Entity | undefined {
    return this.resolve(annotation.entity);
  }

  /** Name to show for a mention's entity: the registry's name when linked, else its entity name or quote. */
  displayName(annotation: Annotation): string {
    return this.entityOf(annotation)?.name ?? entityName(annotation);
  }

  /** Key that groups mentions of one entity: the registry id when linked, else the folded name. */
  groupKey(annotation: Annotation): string {
    const entity = this.entityOf(annotation);
    return entity ? `id:${entity.id}` : `name:${matchKey(entityName(annotation))}`;
  }

  /** Arabic-aware search over names and aliases (see searchEntities). */
  search(query: string, limit?: number): EntityMatch[] {
    return searchEntities(this.registry, query, limit);
  }

  /**
   * Changes the registry: `action` gets the registry as it is on disk now and returns the new
   * one (and a result). The write is a compare-and-swap (as for sidecars): if someone else
   * changed the file since it was read (a git pull, another window), `action` is run again on
   * their registry and written again, so that their change is never replaced; `action` must
   * therefore depend on nothing but the registry it is given.
   * @throws Error with the file, line and column when the registry file does not parse (it is
   *   then left as it is), when there is no workspace folder to keep it in, or when the file
   *   kept changing for 8 attempts.
   */
  change<T>(action: (registry: Registry) => { registry: Registry; result: T }): Promise<T> {
    return this.serialize(async () => {
      const uri = this.uri;
      if (!uri)
        throw new Error(
          vscode.l10n.t('open a folder first: the entity registry is kept in it (.hashiya/entities.yaml)'),
        );
      const storage = new WorkspaceSidecarStorage(uri);
      for (let attempt = 1; ; attempt++) {
        const current = await this.readDisk();
        if (!current)
          throw new Error(
            vscode.l10n.t('{0}. Mend the file (it is left as it is), then try again.', String(this.problemValue)),
          );
        const read = this.source;
        const { registry, result } = action(current);
        // the same registry back: nothing changed, nothing to write
        if (registry === current) return result;
        const source = serializeRegistry(registry, read);
        const outcome = await storage.write(source, read);
        if (outcome.written) {
          this.registry = registry;
          this.source = source;
          this.emitter.fire();
          return result;
        }
        // changed on disk since it was read: the change is made again on what is there now
        this.emitter.fire();
        if (attempt >= 8)
          throw new Error(
            vscode.l10n.t(
              '{0} changed on disk {1} times while Hashiya wrote it; nothing was changed, try again',
              REGISTRY_PATH,
              attempt,
            ),
          );
      }
    });
  }

  /**
   * The registry's recorded merge conflicts (docs/sidecar-format.md, "Recorded conflicts"), each
   * at the 1-based line and column of its `conflict:` key; [] while the file does not parse.
   */
  conflicts(): ConflictProblem[] {
    if (this.problemValue || this.source === undefined) return [];
    return registryConflicts(this.source, this.registry);
  }

  /**
   * Resolves the recorded conflict of entity `id` (take ours, theirs or both; see
   * `resolveEntityConflict`) in the registry as it is on disk now, and writes it. Returns false
   * (and writes nothing) when that entity has no conflict any more.
   */
  resolveConflict(id: string, choice: ConflictChoice): Promise<boolean> {
    return this.change((registry) => {
      const entity = registry.entities.find((e) => e.id === id);
      if (!entity?.conflict) return { registry, result: false };
      return { registry: resolveEntityConflict(registry, id, choice), result: true };
    });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
