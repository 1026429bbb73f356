// Over 500 lines: the session wires its task queue, disk sync and history (core/session/*); what is
// left is its public API, each method a few lines.
import { type Annotation, type Label } from '../model/annotation';
import { anchorToText } from '../anchoring/anchoring';
import { type ConflictChoice, resolvePublishedConflict } from '../merge/conflict';
import { type ProjectSchema } from '../model/projectSchema';
import { AnnotationSet, type AnnotationPatch, type Provenance, type TextChange } from '../model/annotationSet';
import { type Published, type Sidecar, serializeSidecar } from '../format/sidecar';
import { type StatusRecord, mergeStatus } from '../model/articleStatus';
import { textSha256 } from '../text/textHash';
import { type SidecarStorage } from './sidecarStorage';
import { TaskQueue } from './taskQueue';
import { refreshDateValues } from './refreshDateValues';
import {
  SessionHistory,
  type HistoryDirection,
  patchDescription,
  recordedChanges,
  replayStep,
  rollbackRecorded,
} from './sessionHistory';
import {
  DiskCopy,
  type DiskRead,
  MAX_WRITE_ATTEMPTS,
  type ReadContext,
  Unreadable,
  baseAnnotations,
  computeDateValues,
  mergeWithDisk,
  readKept,
  readSidecarFor,
  salvageFor,
  settleRead,
  sidecarOf,
} from './diskSync';
import { BrokenSidecarError, type SessionChange, type SessionState, assertSameText } from './sessionState';
import * as l10n from '@vscode/l10n';
// the session's storage seam, state and errors live beside it; its callers import them from here
export type { SidecarStorage, WriteOutcome } from './sidecarStorage';
export { BrokenSidecarError, TextChangedError, assertSameText } from './sessionState';
export type { SessionChange, SessionState } from './sessionState';

/** How long a write waits at most for listeners to say an action is shown (see `SidecarSession.beforeWrite`). */
export const SHOWN_WAIT_MS = 250;

/**
 * One article's annotations and their sidecar: loads and checks the sidecar against the text,
 * applies annotation actions and text edits, and writes the sidecar without ever overwriting a
 * broken file or a change made on disk by someone else: each action re-reads the file and
 * merges by annotation id when it changed (case B24), and each write is a compare-and-swap
 * ({@link SidecarStorage.write}) that is refused when the file changed after that read; the
 * change is then merged in and the write tried again (see `writeNow`). Operations run one at a
 * time, in call order. What cannot be written stays pending ({@link pendingSidecar}).
 */
export class SidecarSession {
  private setValue: AnnotationSet;
  private stateValue: SessionState = { kind: 'ready' };
  /** The sidecar on disk as last read or written, and the reads and writes of it. */
  private readonly disk: DiskCopy;
  private pending = false;
  /**
   * True while annotation actions (not only text edits) are unwritten: a write that failed. Only
   * then is a sidecar on disk written for the very text we hold merged with ours; otherwise it is
   * taken as it is (git checked out both the article and its sidecar).
   */
  private actionsPending = false;
  /** True while the annotations held are those valid on their own in a broken file (see salvageFor). */
  private heldFromBrokenFile = false;
  /** Counts text edits; a write clears `pending` only if no edit came in while it ran. */
  private editVersion = 0;
  private readonly queue = new TaskQueue();
  private readonly listeners = new Set<(change: SessionChange) => void>();
  /** The article's publication date, from the sidecar or {@link defaultPublished}. */
  private publishedValue: Published | undefined;
  /** The article's status as set here (see {@link status}), and as last read from or written to disk. */
  private statusValue: StatusRecord | undefined;
  private statusOnDisk: StatusRecord | undefined;
  /** Used when the sidecar has no publication date (the extension passes the file's date, guessed). */
  defaultPublished: Published | undefined;
  /**
   * Awaited after listeners heard of an action (`unwritten`) and before it is written, for at most
   * {@link SHOWN_WAIT_MS}: the extension resolves it once its views' messages are taken by the
   * workbench, so that they are not held back while the write keeps the thread busy (issue 12).
   */
  beforeWrite: (() => Promise<unknown>) | undefined;
  private readonly history = new SessionHistory();
  /** True while {@link load} reads: the values of dates saved without one are left to compute after. */
  private deferringValues = false;
  /** The ids of the dates whose value the last read left to compute (see {@link load}). */
  private undated: string[] | undefined;
  /** Ends the wait before those values are computed (see {@link releaseValues}). */
  private valuesReleased: (() => void) | undefined;

  /**
   * Names this article had before it was renamed in VS Code while its sidecar could not be
   * rewritten (broken): a sidecar whose `text.file` is one of them is still this article's, and
   * its next write records the new name.
   */
  readonly formerNames = new Set<string>();

  /** @param schema the project schema the sidecar is read under (core/model/projectSchema; default the news preset). */
  constructor(
    private readonly storage: SidecarStorage,
    readonly fileName: string,
    text: string,
    schema?: ProjectSchema,
  ) {
    this.disk = new DiskCopy(this.storage);
    this.setValue = new AnnotationSet(text);
    if (schema) this.setValue.schema = schema;
  }

  /** The annotations and text. Read only: change them through this session. */
  get set(): AnnotationSet {
    return this.setValue;
  }

  /** The project schema the sidecar is read and changed under (core/model/projectSchema; default the news preset). */
  get schema(): ProjectSchema {
    return this.setValue.schema;
  }

  /**
   * Reads and changes the sidecar under `schema` from now on, and reads it again (a label the
   * new schema lacks makes it broken, reported at its line and column; nothing is dropped).
   */
  useSchema(schema: ProjectSchema): Promise<SessionState> {
    return this.queue.run(async () => {
      if (this.setValue.schema === schema) return this.stateValue;
      this.setValue.schema = schema;
      await this.readAndAbsorb('load', { force: true });
      return this.stateValue;
    });
  }

  /** The publication date relative dates are resolved against, if known. */
  get published(): Published | undefined {
    return this.publishedValue ?? this.defaultPublished;
  }

  /** The article's status as recorded in its sidecar (undefined: none set; see `effectiveStatus`). */
  get status(): StatusRecord | undefined {
    return this.statusValue;
  }

  /** Ready, or broken with the problems of the sidecar on disk. */
  get state(): SessionState {
    return this.stateValue;
  }

  /** True when there are changes (from text edits) not yet written to the sidecar. */
  get hasPendingWrite(): boolean {
    return this.pending;
  }

  /** Calls `listener` after every change; returns a function that unsubscribes. */
  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: SessionChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  /** What the sidecar is read against now (see readSidecarFor). */
  private get readContext(): ReadContext {
    const { text, schema } = this.setValue;
    return { text, schema, fileName: this.fileName, formerNames: this.formerNames, published: this.published,
      ...(this.deferringValues ? { deferValues: true } : {}) };
  }

  /**
   * (Re)loads the sidecar from storage. Unwritten changes are merged with the file by id. With
   * `deferValues` (an editor opening the article, issue 12), the values of dates saved without one
   * are computed after (see {@link releaseValues}), before any later operation of the session
   * runs; listeners hear of them as another load. Without, they are computed by the load itself.
   */
  load(options: { deferValues?: boolean } = {}): Promise<SessionState> {
    return this.queue.run(async () => {
      this.deferringValues = options.deferValues === true;
      try {
        await this.readAndAbsorb('load', { force: true });
      } finally {
        this.deferringValues = false;
      }
      this.computeValuesSoon();
      return this.stateValue;
    });
  }

  /**
   * Lets the date values a load left to compute be computed now (a view has been sent the
   * article); otherwise that waits {@link SHOWN_WAIT_MS}. Operations queued meanwhile wait for it.
   */
  releaseValues(): void {
    this.valuesReleased?.();
  }

  /** Queues the computation of the values {@link load} left (`undated`), once released or after SHOWN_WAIT_MS. */
  private computeValuesSoon(): void {
    const ids = this.undated;
    if (!ids) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let release: (() => void) | undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
      timer = setTimeout(resolve, SHOWN_WAIT_MS);
    });
    this.valuesReleased = release;
    void this.queue.run(async () => {
      await released;
      clearTimeout(timer);
      if (this.valuesReleased === release) this.valuesReleased = undefined;
      // a later read computed them itself
      if (this.undated !== ids) return;
      this.undated = undefined;
      const copies = ids.flatMap((id) => {
        const a = this.setValue.get(id);
        return a ? [{ ...a }] : [];
      });
      computeDateValues(copies, this.setValue.schema, this.published?.date);
      const valued = copies.filter((a) => a.value !== undefined || a.valueSource !== undefined);
      if (valued.length === 0) return;
      for (const a of valued) this.setValue.restore(a);
      this.emit({ reason: 'load', orphaned: [], conflicts: [] });
    });
  }

  /**
   * Reads the sidecar (or takes `first`, already read) and takes it in with {@link absorb}. A
   * file that does not parse is read again (see `settleRead`) before the session
   * is called broken: a program writing the file in place (not through a rename) may be half
   * way. Returns what was taken in.
   */
  private async readAndAbsorb(
    reason: SessionChange['reason'],
    options: { force?: boolean; concurrent?: boolean; first?: DiskRead } = {},
  ): Promise<DiskRead> {
    const first = 'first' in options ? options.first : await this.disk.read();
    return settleRead(first, () => this.disk.read(), {
      skip: (source) => !options.force && source === this.disk.source && this.stateValue.kind === 'ready',
      take: (source, last) => {
        this.absorb(source, reason, true, options.concurrent ?? false, !last);
        return this.stateValue.kind === 'ready';
      },
      stayed: () => {
        this.emit({ reason, orphaned: [], conflicts: [], ...(options.concurrent ? { concurrent: true } : {}) });
      },
    });
  }

  /**
   * Takes in `source` from disk: replaces our annotations, or merges when we have unwritten
   * changes. `concurrent`: it was written by someone else while we wrote (said in the change);
   * `quietIfBroken`: a broken file is not announced (it is read again first).
   */
  private absorb(
    source: DiskRead,
    reason: SessionChange['reason'],
    force = false,
    concurrent = false,
    quietIfBroken = false,
  ): boolean {
    if (!force && source === this.disk.source && this.stateValue.kind === 'ready') return false;
    const also = concurrent ? { concurrent: true } : {};
    if (source instanceof Unreadable) {
      this.stateValue = { kind: 'broken', problems: [source.problem] };
      this.disk.source = undefined;
      if (!quietIfBroken) this.emit({ reason, orphaned: [], conflicts: [], ...also });
      return true;
    }
    const read = readSidecarFor(source, this.readContext);
    if (!read.ok) {
      this.stateValue = { kind: 'broken', problems: read.problems };
      this.disk.source = source;
      // nothing held yet (or only what was read from a broken file before) and no changes of ours:
      // what is valid in the file is shown, read-only. Annotations held from a good file (and edits
      // made to them meanwhile) are kept as they are.
      if (!this.pending && source !== undefined && (this.setValue.size === 0 || this.heldFromBrokenFile)) {
        const salvaged = salvageFor(source, this.readContext);
        const shown = salvaged.annotations.length;
        this.stateValue = { kind: 'broken', problems: read.problems, shown, total: salvaged.total };
        this.disk.annotations = salvaged.raw;
        this.setValue.resetText(this.setValue.text, salvaged.annotations);
        this.heldFromBrokenFile = true;
      }
      if (!quietIfBroken) this.emit({ reason, orphaned: [], conflicts: [], ...also });
      return true;
    }
    let conflicts: string[] = [];
    let annotations = read.annotations;
    // written for the very text we hold (git checked out the article and its sidecar together)
    // while all we have unwritten is where text edits moved the annotations: the file says where
    // they are in this text, and is taken as it is
    if (this.pending && !this.actionsPending && !read.reanchored && read.textOf?.sha256 !== undefined) {
      this.pending = false;
    }
    if (this.pending) {
      // a conflict is recorded on the annotation (docs/sidecar-format.md, "Recorded conflicts")
      ({ annotations, conflicts } = mergeWithDisk(this.disk.annotations, this.setValue.annotations, read));
    }
    this.stateValue = { kind: 'ready' };
    this.heldFromBrokenFile = false;
    this.publishedValue = read.published ?? this.publishedValue;
    // ours while unwritten, unless the file's was set later (mergeStatus); else the file's, even none
    this.statusValue = mergeStatus(this.statusOnDisk, this.statusValue, read.status);
    this.statusOnDisk = read.status;
    this.disk.took(source, read);
    this.undated = read.undated;
    this.setValue.resetText(this.setValue.text, annotations);
    // found again in a changed text: the new offsets, hash and statuses are to be written
    if (read.reanchored && annotations.length > 0) this.pending = true;
    this.emit({ reason, orphaned: read.orphaned, conflicts, reanchored: read.reanchored, ...also });
    return true;
  }

  /**
   * Runs an annotation action and writes the sidecar. Re-reads the file first (unless it holds
   * byte for byte what was last read or written, see {@link SidecarStorage.holds}): a change on
   * disk is taken in (merged by id) before the action runs, so it is never overwritten.
   * The action is all or nothing: if it throws, the annotations are put back as they were.
   * Listeners hear of the action before it is written (`unwritten`), and again once it is.
   * @throws BrokenSidecarError when the sidecar on disk does not parse or validate.
   */
  mutate<T>(action: (set: AnnotationSet) => T, description = l10n.t('change annotations')): Promise<T> {
    this.releaseValues();
    return this.queue.run(async () => {
      const source = await this.readAndAbsorb('load');
      if (this.stateValue.kind === 'broken') throw new BrokenSidecarError(this.stateValue.problems);
      const text = this.setValue.text;
      // what the action changes is recorded as it goes: nothing compares all annotations (issue 12)
      const recording = this.setValue.record();
      let result: T;
      try {
        result = action(this.setValue);
      } catch (err) {
        // all or nothing: what a failing action changed before it threw is taken back
        recording.stop();
        rollbackRecorded(this.setValue, recording.changed);
        throw err;
      }
      try {
        this.refreshValues(recording.changed);
      } finally {
        recording.stop();
      }
      this.history.record({ description, text, changes: recordedChanges(this.setValue, recording.changed) });
      if (source instanceof Unreadable) throw new Error(l10n.t('the sidecar cannot be read'));
      await this.writeAction(source);
      return result;
    });
  }

  /**
   * After an action changed the annotations (based on `source`, the sidecar text they were
   * merged with): listeners hear of it at once (`unwritten`: a view shows it before the sidecar is
   * written, issue 12), then it is written (see {@link writeNow}) and they hear again. What cannot
   * be written stays pending (merged with the file and written by the next flush) and the error
   * is thrown.
   */
  private async writeAction(source: string | undefined): Promise<void> {
    // what the action did is ours until it is on disk: merged with any file written meanwhile
    this.actionsPending = true;
    this.emit({ reason: 'action', orphaned: [], conflicts: [], unwritten: true });
    // the change goes out (a view's message) before the work of writing holds the thread
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([this.beforeWrite?.(), new Promise((resolve) => setTimeout(resolve, 0))]).catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, SHOWN_WAIT_MS))),
    ]);
    clearTimeout(timer);
    try {
      await this.writeNow(source);
    } catch (err) {
      // not on disk: kept in memory, merged with the file and written by the next flush
      this.pending = true;
      this.actionsPending = true;
      this.emit({ reason: 'action', orphaned: [], conflicts: [] });
      throw err;
    }
    this.emit({ reason: 'action', orphaned: [], conflicts: [] });
  }

  /** Recomputes date values after an action (see `refreshDateValues`), against the publication date. */
  private refreshValues(before: ReadonlyMap<string, Annotation | undefined>, all = false): void {
    refreshDateValues(this.setValue, before, this.published?.date, all);
  }

  /**
   * Sets the article's publication date (the analyst's, not guessed) and recomputes the values
   * of the dates Hashiya computed; values the analyst set stay. Writes the sidecar.
   */
  setPublished(date: string): Promise<void> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      return Promise.reject(new RangeError(l10n.t('"{0}" is not a date in the form YYYY-MM-DD', date)));
    }
    return this.mutate(() => {
      this.publishedValue = { date };
      this.refreshValues(new Map(), true);
    }, l10n.t('publication date'));
  }

  /**
   * Sets the article's status (`record`: the value, who and when) and writes the sidecar; an
   * article without a sidecar gets one (with no annotations). Not an undo step.
   * @throws BrokenSidecarError when the sidecar on disk does not parse or validate.
   */
  setStatus(record: StatusRecord): Promise<void> {
    return this.mutate(() => {
      this.statusValue = { ...record };
    }, l10n.t('article status'));
  }

  /**
   * Resolves the recorded merge conflict of the publication date (take `ours` or `theirs`, see
   * `resolvePublishedConflict`; their `date: null` leaves the article without one) and writes;
   * date values Hashiya computed follow the date. Nothing happens when there is no such conflict.
   * @throws RangeError for `both` (an article has one publication date).
   */
  resolvePublishedConflict(choice: ConflictChoice): Promise<boolean> {
    return this.mutate(() => {
      const published = this.publishedValue;
      if (!published?.conflict) return false;
      this.publishedValue = resolvePublishedConflict(published, choice);
      // dates computed from the publication date follow it when it changed
      if (this.published?.date !== published.date) this.refreshValues(new Map(), true);
      return true;
    }, l10n.t('publication date'));
  }

  /** What {@link undo} would undo, or undefined when there is nothing. */
  get undoDescription(): string | undefined {
    return this.history.undoDescription;
  }

  /** What {@link redo} would redo, or undefined when there is nothing. */
  get redoDescription(): string | undefined {
    return this.history.redoDescription;
  }

  /**
   * Undoes the last annotation action (add, remove, relabel, note, entity, re-attach) and writes.
   * Annotations put back after the text changed are found again with `reanchor`. Returns what
   * was undone, or undefined when there was nothing to undo.
   */
  undo(): Promise<string | undefined> {
    return this.replay('undo');
  }

  /** Redoes the last undone annotation action and writes; returns what was redone. */
  redo(): Promise<string | undefined> {
    return this.replay('redo');
  }

  private replay(direction: HistoryDirection): Promise<string | undefined> {
    return this.queue.run(async () => {
      const step = this.history.take(direction);
      if (!step) return undefined;
      const source = await this.readAndAbsorb('load');
      if (this.stateValue.kind === 'broken') {
        this.history.giveBack(direction, step);
        throw new BrokenSidecarError(this.stateValue.problems);
      }
      replayStep(this.setValue, step, direction);
      // the step keeps the text its offsets belong to; replaying it on another text re-anchors
      this.history.replayed(direction, step);
      if (source instanceof Unreadable) throw new Error(l10n.t('the sidecar cannot be read'));
      await this.writeAction(source);
      return step.description;
    });
  }

  /**
   * Writes the annotations, based on `previous`: the sidecar text they were last merged with.
   * The storage writes only if the file still holds `previous` (compare-and-swap); when someone
   * else changed it in the meantime, their change is merged in by id and field (as on a reload,
   * with `previous` as the base), listeners hear of it (`concurrent`), and the merged annotations
   * are written again against what the file holds now, until a write goes through.
   * @throws BrokenSidecarError when the file someone else wrote does not parse (nothing is
   *   written; the changes stay pending); Error when the file cannot be written, or kept changing
   *   for {@link MAX_WRITE_ATTEMPTS} attempts (the changes stay pending).
   */
  private async writeNow(previous: string | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const version = this.editVersion;
      const sidecar = this.toSidecar();
      if (previous === undefined && sidecar.annotations.length === 0 && !sidecar.status) {
        this.pending = this.editVersion !== version;
        return;
      }
      const outcome = await this.disk.write(sidecar, previous);
      if (outcome.written) {
        this.statusOnDisk = sidecar.status;
        this.pending = this.editVersion !== version;
        this.actionsPending = false;
        return;
      }
      // changed on disk by someone else since `previous` was read: merge theirs and write again
      this.pending = true;
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw new Error(
          l10n.t(
            'not written: the sidecar changed on disk {0} times while Hashiya wrote it; the changes are kept and written with the next save',
            attempt,
          ),
        );
      }
      const current = await this.readAndAbsorb('load', { force: true, concurrent: true, first: outcome.current });
      if (this.stateValue.kind === 'broken') throw new BrokenSidecarError(this.stateValue.problems);
      previous = current as string | undefined;
    }
  }

  /**
   * What this session has not written, to be kept when its sidecar cannot be written (a broken
   * file, a full disk) and the session is about to be thrown away: `sidecar`, the sidecar it
   * would write (for the current text), and `base`, the last valid sidecar text read or written
   * (the merge base; undefined: there was no file). Undefined when nothing is pending.
   * Give both back to {@link restorePending} of a later session.
   */
  pendingSidecar(): { sidecar: string; base: string | undefined } | undefined {
    if (!this.pending) return undefined;
    return { sidecar: serializeSidecar(this.toSidecar()), base: this.disk.base };
  }

  /**
   * Takes back changes kept with {@link pendingSidecar} by an earlier session: they are merged
   * with the sidecar on disk by id and field against `base`, as unwritten changes are (what only
   * they changed is taken, what only the file changed is kept, both: theirs on disk is recorded
   * as a conflict), and written. Annotations written for another text are found again first
   * (or orphaned). Unwritten changes of this session are written before.
   * @throws Error when `sidecar` is not a valid sidecar (nothing changed); BrokenSidecarError
   *   when the sidecar on disk is broken; the write's errors (the merged changes stay pending).
   */
  restorePending(sidecar: string, base: string | undefined): Promise<void> {
    return this.queue.run(async () => {
      const anchored = readKept(sidecar, this.setValue.text, this.setValue.schema);
      let source = await this.readAndAbsorb('load');
      if (this.stateValue.kind === 'broken') throw new BrokenSidecarError(this.stateValue.problems);
      if (source instanceof Unreadable) throw new Error(l10n.t('the sidecar cannot be read'));
      if (this.pending) {
        await this.writeNow(source);
        source = this.disk.source;
      }
      // the kept annotations are ours, made on `base`; the file is theirs
      this.disk.annotations = baseAnnotations(base, this.setValue.schema);
      this.setValue.resetText(this.setValue.text, anchored.annotations);
      this.pending = true;
      this.actionsPending = true;
      this.absorb(source, 'load', true);
      const state = this.stateValue as SessionState;
      if (state.kind === 'broken') throw new BrokenSidecarError(state.problems);
      await this.writeNow(source);
      this.emit({ reason: 'action', orphaned: anchored.orphaned, conflicts: [] });
    });
  }

  /**
   * Moves annotations with an edit of the text (code points, applied in order, see
   * `AnnotationSet.applyChanges`; `options.review`: not typed here, a changed annotation is marked
   * fuzzy). Marks the sidecar for writing; call {@link flush} to write.
   * Returns the ids that became orphaned.
   */
  applyTextChanges(changes: readonly TextChange[], newText: string, options: { review?: boolean } = {}): string[] {
    const orphaned = this.setValue.applyChanges(changes, newText, options);
    this.editVersion++;
    if (this.setValue.size > 0 || this.disk.source !== undefined) this.pending = true;
    if (this.takeDiskForText()) return [];
    this.emit({ reason: 'edit', orphaned, conflicts: [] });
    return orphaned;
  }

  /**
   * After the text changed: when the sidecar on disk was written for exactly this text (git
   * checked out the article and its sidecar, and the editor reloaded the article) and nothing
   * but text edits is unwritten, the file's annotations are taken as they are, with nothing to
   * write: a checkout never leaves a sidecar rewritten behind it. Returns true when it did.
   */
  private takeDiskForText(): boolean {
    const disk = this.disk.text;
    if (this.actionsPending || this.stateValue.kind !== 'ready' || this.disk.source === undefined) return false;
    if (!disk?.sha256 || (disk.length !== undefined && disk.length !== this.setValue.index.codePointLength))
      return false;
    if (textSha256(this.setValue.text) !== disk.sha256) return false;
    this.pending = false;
    this.absorb(this.disk.source, 'load', true);
    return true;
  }

  /**
   * Replaces the text when edits were missed (or the file was reloaded): annotations are
   * checked against the new text like a sidecar whose hash no longer matches.
   */
  replaceText(newText: string): string[] {
    const sidecar = this.toSidecar();
    this.setValue.resetText(newText, []);
    const anchored = anchorToText(newText, sidecar);
    const annotations = anchored.ok ? anchored.annotations : sidecar.annotations;
    this.setValue.resetText(newText, annotations);
    this.editVersion++;
    if (this.setValue.size > 0) this.pending = true;
    if (this.takeDiskForText()) return [];
    const orphaned = anchored.ok ? anchored.orphaned : [];
    this.emit({ reason: 'edit', orphaned, conflicts: [] });
    return orphaned;
  }

  /** Writes unwritten changes (after text edits), merging with the file if it changed. */
  flush(): Promise<void> {
    return this.queue.run(async () => {
      if (!this.pending || this.stateValue.kind === 'broken') return;
      const source = await this.readAndAbsorb('load');
      if (this.stateValue.kind !== 'ready') return;
      if (source instanceof Unreadable) throw new Error(l10n.t('the sidecar cannot be read'));
      await this.writeNow(source);
    });
  }

  /** Re-reads the sidecar after it changed on disk; returns true when anything changed here. */
  reloadFromDisk(): Promise<boolean> {
    return this.queue.run(async () => {
      const before = { source: this.disk.source, state: this.stateValue };
      await this.readAndAbsorb('load');
      return this.disk.source !== before.source || this.stateValue !== before.state;
    });
  }

  /** The sidecar for the current annotations and text. */
  toSidecar(): Sidecar {
    return sidecarOf(this.fileName, this.setValue, this.published, this.statusValue);
  }

  /** Convenience for commands: adds a labelled span (code points) and writes. */
  add(label: Label, start: number, end: number, provenance: Provenance): Promise<Annotation> {
    const text = this.setValue.text;
    return this.mutate(
      (set) => {
        assertSameText(set, text);
        return set.add(label, start, end, provenance);
      },
      l10n.t('mark {0}', label),
    );
  }

  /** Puts annotation `id` (orphaned or not) on code points [start, end) of the current text and writes. */
  reattach(id: string, start: number, end: number, provenance: Provenance): Promise<Annotation | undefined> {
    const text = this.setValue.text;
    return this.mutate((set) => {
      assertSameText(set, text);
      return set.reattach(id, start, end, provenance);
    }, l10n.t('re-attach'));
  }

  /**
   * Convenience for commands: removes by id (and the claims' relations to it, one undo step) and
   * writes; returns the removed annotation.
   */
  remove(id: string, provenance: Provenance = { now: new Date().toISOString() }): Promise<Annotation | undefined> {
    return this.mutate((set) => set.removeWithRelations(id, provenance), l10n.t('remove'));
  }

  /** Convenience for commands: changes label, entity or note and writes. */
  update(id: string, patch: AnnotationPatch, provenance: Provenance): Promise<Annotation | undefined> {
    return this.mutate((set) => set.update(id, patch, provenance), patchDescription(patch));
  }
}
