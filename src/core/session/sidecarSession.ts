import { type AnchorStatus, type Annotation, type Label } from '../model/annotation';
import { AnchorText, anchorToText, placeConflictPositions, reanchor } from '../anchoring/anchoring';
import { type ConflictChoice, resolvePublishedConflict } from '../merge/conflict';
import { refreshDateValue } from '../model/dateValue';
import { type ProjectSchema, labelDef } from '../model/projectSchema';
import { AnnotationSet, type AnnotationPatch, type Provenance, type TextChange } from '../model/annotationSet';
import { mergeAnnotations } from '../merge/merge';
import {
  MAX_SIDECAR_LENGTH, type ParsedSidecar, type Published, type Sidecar, type SidecarProblem, emptySidecar, locateInSidecar, parseSidecar, salvageSidecar, serializeSidecar, tooLargeMessage, writeSidecar,
} from '../format/sidecar';
import { textFileProblem } from '../format/sidecarPath';
import { textSha256 } from '../text/textHash';

/**
 * What {@link SidecarStorage.write} did: written, or not written because the file no longer
 * held what the write was based on; `current` is what it holds (undefined: no file).
 */
export type WriteOutcome =
  | { written: true }
  | { written: false; current: string | undefined };

/**
 * Reads and writes one sidecar file: the CLI on the local file system (`NodeSidecarStorage`),
 * the extension on `workspace.fs` (`WorkspaceSidecarStorage`), tests in memory.
 */
export interface SidecarStorage {
  /**
   * The sidecar's text, or undefined when it does not exist (never while another writer has it
   * moved away for an instant). Throws on other read errors.
   */
  read(): Promise<string | undefined>;
  /**
   * Compare-and-swap: replaces the sidecar with `content` atomically, but only if it still
   * holds `expected` (the text this write was based on; undefined: only if there is no file),
   * checked at the last moment the file system allows. Otherwise changes nothing and returns
   * what the file holds now. A storage that cannot compare may return nothing: the write then
   * counts as done (in-memory test storages only). Throws when the file cannot be written.
   */
  write(content: string, expected: string | undefined): Promise<WriteOutcome | void>;
}

/** How often a write whose file keeps changing under it is merged and tried again before it gives up (the changes stay pending). */
const MAX_WRITE_ATTEMPTS = 8;
/**
 * A sidecar that does not parse is read again, {@link SETTLE_DELAY_MS} apart, until it parses or
 * has stayed the same for {@link SETTLE_STABLE_READS} reads in a row (at most
 * {@link SETTLE_MAX_READS} reads): a program writing it in place may be half way.
 */
const SETTLE_DELAY_MS = 25;
const SETTLE_STABLE_READS = 3;
const SETTLE_MAX_READS = 16;

/**
 * The state of a session: usable, or blocked by a sidecar that does not parse or validate. While
 * broken, the session holds (read-only) the annotations of the file that are valid on their own
 * (`shown` of `total` entries; see salvageSidecar), or none when the file cannot be read at all.
 */
export type SessionState =
  | { kind: 'ready' }
  | { kind: 'broken'; problems: SidecarProblem[]; shown?: number; total?: number };

/** Thrown by {@link SidecarSession.mutate} when the sidecar on disk is broken; nothing was written. */
export class BrokenSidecarError extends Error {
  constructor(readonly problems: SidecarProblem[]) {
    const first = problems[0];
    super(`the sidecar is not valid (line ${first?.line ?? 1}, column ${first?.column ?? 1}: ${first?.message ?? 'unknown problem'}); fix it first, Hashiya will not overwrite it`);
  }
}

/** What changed, for listeners of {@link SidecarSession.onChange}. */
export interface SessionChange {
  /** Why: a user action, a text edit, or a (re)load from disk. */
  reason: 'action' | 'edit' | 'load';
  /** Ids that became orphaned with this change. */
  orphaned: string[];
  /** Ids changed differently on disk and here (merged, ours kept). */
  conflicts: string[];
  /** After a load of a sidecar written for another version of the text: how many annotations were found how. */
  reanchored?: Record<AnchorStatus, number>;
  /**
   * True when the sidecar was changed on disk by someone else while this session was writing
   * it (between its last read and the write): that change was merged in by id and field and
   * the sidecar written again (`conflicts` lists what both changed differently).
   */
  concurrent?: boolean;
}

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
  /** The sidecar text as last read or written by us (undefined: no file). */
  private diskSource: string | undefined;
  /** The last valid sidecar text read or written (undefined: none): the base of unwritten changes. */
  private baseSource: string | undefined;
  /** `diskSource` parsed, for the next write (saves parsing the file again). */
  private diskParsed: ParsedSidecar | undefined;
  /** The annotations as written in `diskSource` (not re-anchored): the merge base. */
  private diskAnnotations: Annotation[] = [];
  private pending = false;
  /**
   * True while annotation actions (not only text edits) are unwritten: a write that failed. Only
   * then is a sidecar on disk written for the very text we hold merged with ours; otherwise it is
   * taken as it is (git checked out both the article and its sidecar).
   */
  private actionsPending = false;
  /** What the sidecar on disk says of its text (sha256, length in code points), when it parsed. */
  private diskText: Sidecar['text'] | undefined;
  /** True while the annotations held are those valid on their own in a broken file (see salvage). */
  private heldFromBrokenFile = false;
  /** Counts text edits; a write clears `pending` only if no edit came in while it ran. */
  private editVersion = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(change: SessionChange) => void>();
  /** The article's publication date, from the sidecar or {@link defaultPublished}. */
  private publishedValue: Published | undefined;
  /** Used when the sidecar has no publication date (the extension passes the file's date, guessed). */
  defaultPublished: Published | undefined;
  private readonly undoStack: HistoryStep[] = [];
  private redoStack: HistoryStep[] = [];

  /**
   * Names this article had before it was renamed in VS Code while its sidecar could not be
   * rewritten (broken): a sidecar whose `text.file` is one of them is still this article's, and
   * its next write records the new name.
   */
  readonly formerNames = new Set<string>();

  /** @param schema the project schema the sidecar is read under (core/model/projectSchema; default the news preset). */
  constructor(private readonly storage: SidecarStorage, readonly fileName: string, text: string, schema?: ProjectSchema) {
    this.setValue = new AnnotationSet(text);
    if (schema) this.setValue.schema = schema;
  }

  /** The annotations and text. Read only: change them through this session. */
  get set(): AnnotationSet { return this.setValue; }

  /** The project schema the sidecar is read and changed under (core/model/projectSchema; default the news preset). */
  get schema(): ProjectSchema { return this.setValue.schema; }

  /**
   * Reads and changes the sidecar under `schema` from now on, and reads it again (a label the
   * new schema lacks makes it broken, reported at its line and column; nothing is dropped).
   */
  useSchema(schema: ProjectSchema): Promise<SessionState> {
    return this.run(async () => {
      if (this.setValue.schema === schema) return this.stateValue;
      this.setValue.schema = schema;
      await this.readAndAbsorb('load', { force: true });
      return this.stateValue;
    });
  }

  /** The publication date relative dates are resolved against, if known. */
  get published(): Published | undefined { return this.publishedValue ?? this.defaultPublished; }

  /** Ready, or broken with the problems of the sidecar on disk. */
  get state(): SessionState { return this.stateValue; }

  /** True when there are changes (from text edits) not yet written to the sidecar. */
  get hasPendingWrite(): boolean { return this.pending; }

  /** Calls `listener` after every change; returns a function that unsubscribes. */
  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: SessionChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  private run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Parses `source` and anchors it to the current text; problems carry sidecar positions. */
  private read(source: string | undefined): { ok: true; raw: Annotation[]; annotations: Annotation[]; orphaned: string[]; parsed?: ParsedSidecar; reanchored?: Record<AnchorStatus, number>; published?: Published; textOf?: Sidecar['text'] } | { ok: false; problems: SidecarProblem[] } {
    if (source === undefined) return { ok: true, raw: [], annotations: [], orphaned: [] };
    const parsed = parseSidecar(source, this.setValue.schema);
    if (!parsed.ok) return parsed;
    // a sidecar of another article is never put on this one's words (copied, or renamed outside VS Code)
    const otherArticle = this.formerNames.has(parsed.sidecar.text.file) ? undefined : textFileProblem(parsed.sidecar.text.file, this.fileName);
    if (otherArticle) return { ok: false, problems: [locateInSidecar(source, ['text', 'file'], otherArticle)] };
    const anchored = anchorToText(this.setValue.text, parsed.sidecar);
    if (!anchored.ok) {
      return { ok: false, problems: anchored.problems.map((p) => locateInSidecar(source, p.path, p.message)) };
    }
    let reanchored: Record<AnchorStatus, number> | undefined;
    if (anchored.textChanged) {
      reanchored = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
      for (const status of anchored.statuses.values()) reanchored[status]++;
    }
    // a date whose quote changed while it was found again gets a fresh value
    for (const a of anchored.annotations) {
      const carries = labelDef(this.setValue.schema, a.label)?.dateValue === true;
      if (a.anchored === 'fuzzy' || (carries && a.value === undefined)) refreshDateValue(a, (parsed.sidecar.published ?? this.published)?.date, carries);
    }
    return { ok: true, raw: parsed.sidecar.annotations, annotations: anchored.annotations, orphaned: anchored.orphaned, parsed: parsed.parsed, reanchored, published: parsed.sidecar.published, textOf: parsed.sidecar.text };
  }

  /**
   * The annotations of a broken sidecar that are valid on their own and found in the text (an
   * entry whose quote disagrees with the text is left out), for showing read-only; none when the
   * file cannot be read or belongs to another article.
   */
  private salvage(source: string): { annotations: Annotation[]; raw: Annotation[]; total?: number } {
    const salvaged = salvageSidecar(source, this.setValue.schema);
    if (!salvaged || (!this.formerNames.has(salvaged.text.file) && textFileProblem(salvaged.text.file, this.fileName))) return { annotations: [], raw: [] };
    let raw = salvaged.annotations;
    for (let attempt = 0; attempt < 3 && raw.length > 0; attempt++) {
      const anchored = anchorToText(this.setValue.text, { version: 1, text: salvaged.text, annotations: raw });
      if (anchored.ok) return { annotations: anchored.annotations, raw, total: salvaged.total };
      const bad = new Set(anchored.problems.map((p) => p.path[1]));
      raw = raw.filter((_, i) => !bad.has(i));
    }
    return { annotations: [], raw: [], total: salvaged.total };
  }

  /** (Re)loads the sidecar from storage. Unwritten changes are merged with the file by id. */
  load(): Promise<SessionState> {
    return this.run(async () => {
      await this.readAndAbsorb('load', { force: true });
      return this.stateValue;
    });
  }

  /** The sidecar's text, or why it cannot be read (a folder, unreadable, too large, not UTF-8). */
  private async readDisk(): Promise<string | undefined | Unreadable> {
    try {
      return await this.storage.read();
    } catch (err) {
      return new Unreadable((err as Error).message ?? String(err));
    }
  }

  /**
   * Reads the sidecar (or takes `first`, already read) and takes it in with {@link absorb}. A
   * file that does not parse is read again (see {@link SETTLE_STABLE_READS}) before the session
   * is called broken: a program writing the file in place (not through a rename) may be half
   * way. Returns what was taken in.
   */
  private async readAndAbsorb(reason: SessionChange['reason'], options: { force?: boolean; concurrent?: boolean; first?: string | undefined | Unreadable } = {}): Promise<string | undefined | Unreadable> {
    let source = 'first' in options ? options.first : await this.readDisk();
    // reads in a row, 25 ms apart, that found the same text that does not parse
    let unchanged = 0;
    for (let reads = 1; ; reads++) {
      if (!options.force && source === this.diskSource && this.stateValue.kind === 'ready') return source;
      if (unchanged === 0) {
        const last = reads >= SETTLE_MAX_READS || typeof source !== 'string';
        this.absorb(source, reason, true, options.concurrent ?? false, !last);
        if (this.stateValue.kind === 'ready' || last) return source;
      } else if (unchanged >= SETTLE_STABLE_READS || reads >= SETTLE_MAX_READS) {
        // it stays as it is: broken indeed
        this.emit({ reason, orphaned: [], conflicts: [], ...(options.concurrent ? { concurrent: true } : {}) });
        return source;
      }
      await new Promise((resolve) => setTimeout(resolve, SETTLE_DELAY_MS));
      const again = await this.readDisk();
      unchanged = again === source ? unchanged + 1 : 0;
      source = again;
    }
  }

  /**
   * Takes in `source` from disk: replaces our annotations, or merges when we have unwritten
   * changes. `concurrent`: it was written by someone else while we wrote (said in the change);
   * `quietIfBroken`: a broken file is not announced (it is read again first).
   */
  private absorb(source: string | undefined | Unreadable, reason: SessionChange['reason'], force = false, concurrent = false, quietIfBroken = false): boolean {
    if (!force && source === this.diskSource && this.stateValue.kind === 'ready') return false;
    const also = concurrent ? { concurrent: true } : {};
    if (source instanceof Unreadable) {
      this.stateValue = { kind: 'broken', problems: [{ message: source.message, line: 1, column: 1, endLine: 1, endColumn: 1, path: [] }] };
      this.diskSource = undefined;
      if (!quietIfBroken) this.emit({ reason, orphaned: [], conflicts: [], ...also });
      return true;
    }
    const read = this.read(source);
    if (!read.ok) {
      this.stateValue = { kind: 'broken', problems: read.problems };
      this.diskSource = source;
      // nothing held yet (or only what was read from a broken file before) and no changes of ours:
      // what is valid in the file is shown, read-only. Annotations held from a good file (and edits
      // made to them meanwhile) are kept as they are.
      if (!this.pending && source !== undefined && (this.setValue.size === 0 || this.heldFromBrokenFile)) {
        const salvaged = this.salvage(source);
        this.stateValue = { kind: 'broken', problems: read.problems, shown: salvaged.annotations.length, total: salvaged.total };
        this.diskAnnotations = salvaged.raw;
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
    if (this.pending && !this.actionsPending && !read.reanchored && read.textOf?.sha256 !== undefined) this.pending = false;
    if (this.pending) {
      // what they changed is judged in their offsets; what we take from them is re-anchored;
      // a conflict is recorded on the annotation (docs/sidecar-format.md, "Recorded conflicts")
      const anchoredTheirs = new Map(read.annotations.map((a) => [a.id, a]));
      const merged = mergeAnnotations(this.diskAnnotations, this.setValue.annotations, read.raw, { with: 'disk', theirsPlaced: anchoredTheirs });
      annotations = merged.annotations.map((a) => {
        const placed = merged.theirPositions.has(a.id) ? anchoredTheirs.get(a.id) : undefined;
        return placed ? { ...a, start: placed.start, end: placed.end, quote: placed.quote, prefix: placed.prefix, suffix: placed.suffix, anchored: placed.anchored } : a;
      }).map((a) => {
        if (a.anchored === undefined) delete a.anchored;
        return a;
      });
      conflicts = merged.conflicts;
    }
    this.stateValue = { kind: 'ready' };
    this.heldFromBrokenFile = false;
    this.publishedValue = read.published ?? this.publishedValue;
    this.diskSource = source;
    this.diskParsed = read.parsed;
    this.diskAnnotations = read.raw;
    this.diskText = read.textOf;
    this.baseSource = source;
    this.setValue.resetText(this.setValue.text, annotations);
    // found again in a changed text: the new offsets, hash and statuses are to be written
    if (read.reanchored && annotations.length > 0) this.pending = true;
    this.emit({ reason, orphaned: read.orphaned, conflicts, reanchored: read.reanchored, ...also });
    return true;
  }

  /**
   * Runs an annotation action and writes the sidecar. Re-reads the file first: a change on disk
   * is taken in (merged by id) before the action runs, so it is never overwritten.
   * The action is all or nothing: if it throws, the annotations are put back as they were.
   * @throws BrokenSidecarError when the sidecar on disk does not parse or validate.
   */
  mutate<T>(action: (set: AnnotationSet) => T, description = 'change annotations'): Promise<T> {
    return this.run(async () => {
      const source = await this.readAndAbsorb('load');
      if (this.stateValue.kind === 'broken') throw new BrokenSidecarError(this.stateValue.problems);
      const before = snapshot(this.setValue);
      const text = this.setValue.text;
      let result: T;
      try {
        result = action(this.setValue);
      } catch (err) {
        // all or nothing: what a failing action changed before it threw is taken back
        rollback(this.setValue, before);
        throw err;
      }
      this.refreshValues(before);
      const changes = diffSnapshots(before, snapshot(this.setValue));
      if (changes.length > 0) {
        this.undoStack.push({ description, text, changes });
        if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
        this.redoStack = [];
      }
      if (source instanceof Unreadable) throw new Error('the sidecar cannot be read');
      // what the action did is ours until it is on disk: merged with any file written meanwhile
      this.actionsPending = true;
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
      return result;
    });
  }

  /** Recomputes the date values of annotations whose quote or label changed since `before` (or of all with `all`). */
  private refreshValues(before: Map<string, Annotation>, all = false): void {
    for (const a of this.setValue.annotations) {
      const old = before.get(a.id);
      if (!all && old && old.quote === a.quote && old.label === a.label && old.anchored === a.anchored
        && (old.valueSource === a.valueSource || a.valueSource !== undefined)) continue;
      if (refreshDateValue(a, this.published?.date, labelDef(this.setValue.schema, a.label)?.dateValue === true)) this.setValue.restore(a);
    }
  }

  /**
   * Sets the article's publication date (the analyst's, not guessed) and recomputes the values
   * of the dates Hashiya computed; values the analyst set stay. Writes the sidecar.
   */
  setPublished(date: string): Promise<void> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      return Promise.reject(new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`));
    }
    return this.mutate(() => {
      this.publishedValue = { date };
      this.refreshValues(new Map(), true);
    }, 'publication date');
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
    }, 'publication date');
  }

  /** What {@link undo} would undo, or undefined when there is nothing. */
  get undoDescription(): string | undefined { return this.undoStack.at(-1)?.description; }

  /** What {@link redo} would redo, or undefined when there is nothing. */
  get redoDescription(): string | undefined { return this.redoStack.at(-1)?.description; }

  /**
   * Undoes the last annotation action (add, remove, relabel, note, entity, re-attach) and writes.
   * Annotations put back after the text changed are found again with `reanchor`. Returns what
   * was undone, or undefined when there was nothing to undo.
   */
  undo(): Promise<string | undefined> {
    return this.replay(this.undoStack, this.redoStack, 'before');
  }

  /** Redoes the last undone annotation action and writes; returns what was redone. */
  redo(): Promise<string | undefined> {
    return this.replay(this.redoStack, this.undoStack, 'after');
  }

  private replay(from: HistoryStep[], to: HistoryStep[], side: 'before' | 'after'): Promise<string | undefined> {
    return this.run(async () => {
      const step = from.pop();
      if (!step) return undefined;
      const source = await this.readAndAbsorb('load');
      if (this.stateValue.kind === 'broken') {
        from.push(step);
        throw new BrokenSidecarError(this.stateValue.problems);
      }
      const set = this.setValue;
      for (const change of step.changes) {
        const wanted = change[side];
        const current = set.get(change.id);
        if (!wanted) set.remove(change.id);
        else if (!current || !change.before || !change.after) set.restore(set.text === step.text ? wanted : replaced(set.text, wanted));
        else {
          // only what this action changed goes back; changes made since (here or on disk) stay
          const restored: Annotation = { ...current };
          const other = side === 'before' ? change.after : change.before;
          const moved = !samePlace(change.before, change.after);
          for (const key of Object.keys({ ...wanted, ...other }) as (keyof Annotation)[]) {
            if (POSITION.has(key) || key === 'id' || wanted[key] === other[key]) continue;
            if (wanted[key] === undefined) delete restored[key];
            else (restored as unknown as Record<string, unknown>)[key] = wanted[key];
          }
          if (moved) {
            const place = set.text === step.text ? wanted : replaced(set.text, wanted);
            for (const key of POSITION) (restored as unknown as Record<string, unknown>)[key] = place[key];
            if (place.anchored === undefined) delete restored.anchored;
          }
          set.restore(restored);
        }
      }
      // the step keeps the text its offsets belong to; replaying it on another text re-anchors
      to.push(step);
      if (source instanceof Unreadable) throw new Error('the sidecar cannot be read');
      this.actionsPending = true;
      await this.writeNow(source);
      this.emit({ reason: 'action', orphaned: [], conflicts: [] });
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
      if (previous === undefined && sidecar.annotations.length === 0) {
        this.pending = this.editVersion !== version;
        return;
      }
      const reuse = this.diskParsed && this.diskParsed.source === previous ? this.diskParsed : previous;
      this.diskParsed = undefined;
      const written = writeSidecar(sidecar, reuse);
      const content = written.source;
      if (content.length * 3 > MAX_SIDECAR_LENGTH) {
        const bytes = new TextEncoder().encode(content).length;
        // never write a file that Hashiya itself would refuse to read
        if (bytes > MAX_SIDECAR_LENGTH) throw new Error(`not written: ${tooLargeMessage(bytes).replace(/^the sidecar is/, 'the sidecar would be')}`);
      }
      const outcome = content === previous ? undefined : await this.storage.write(content, previous);
      if (!outcome || outcome.written) {
        this.diskParsed = written;
        this.diskSource = content;
        this.diskAnnotations = sidecar.annotations;
        this.baseSource = content;
        this.diskText = sidecar.text;
        this.pending = this.editVersion !== version;
        this.actionsPending = false;
        return;
      }
      // changed on disk by someone else since `previous` was read: merge theirs and write again
      this.pending = true;
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw new Error(`not written: the sidecar changed on disk ${attempt} times while Hashiya wrote it; the changes are kept and written with the next save`);
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
    return { sidecar: serializeSidecar(this.toSidecar()), base: this.baseSource };
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
    return this.run(async () => {
      const parsed = parseSidecar(sidecar, this.setValue.schema);
      if (!parsed.ok) throw new Error(`the kept changes are not a valid sidecar (line ${parsed.problems[0]?.line}, column ${parsed.problems[0]?.column}: ${parsed.problems[0]?.message})`);
      const anchored = anchorToText(this.setValue.text, parsed.sidecar);
      if (!anchored.ok) throw new Error(`the kept changes do not fit the article: ${anchored.problems[0]?.message}`);
      let source = await this.readAndAbsorb('load');
      if (this.stateValue.kind === 'broken') throw new BrokenSidecarError(this.stateValue.problems);
      if (source instanceof Unreadable) throw new Error('the sidecar cannot be read');
      if (this.pending) {
        await this.writeNow(source);
        source = this.diskSource;
      }
      const baseParsed = base === undefined ? undefined : parseSidecar(base, this.setValue.schema);
      // the kept annotations are ours, made on `base`; the file is theirs
      this.diskAnnotations = baseParsed?.ok ? baseParsed.sidecar.annotations : [];
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
    if (this.setValue.size > 0 || this.diskSource !== undefined) this.pending = true;
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
    const disk = this.diskText;
    if (this.actionsPending || this.stateValue.kind !== 'ready' || this.diskSource === undefined || !disk?.sha256) return false;
    if (disk.length !== undefined && disk.length !== this.setValue.index.codePointLength) return false;
    if (textSha256(this.setValue.text) !== disk.sha256) return false;
    this.pending = false;
    this.absorb(this.diskSource, 'load', true);
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
    return this.run(async () => {
      if (!this.pending || this.stateValue.kind === 'broken') return;
      const source = await this.readAndAbsorb('load');
      if (this.stateValue.kind !== 'ready') return;
      if (source instanceof Unreadable) throw new Error('the sidecar cannot be read');
      await this.writeNow(source);
    });
  }

  /** Re-reads the sidecar after it changed on disk; returns true when anything changed here. */
  reloadFromDisk(): Promise<boolean> {
    return this.run(async () => {
      const before = { source: this.diskSource, state: this.stateValue };
      await this.readAndAbsorb('load');
      return this.diskSource !== before.source || this.stateValue !== before.state;
    });
  }

  /** The sidecar for the current annotations and text. */
  toSidecar(): Sidecar {
    const sidecar = emptySidecar(this.fileName);
    sidecar.text.length = this.setValue.index.codePointLength;
    sidecar.text.sha256 = textSha256(this.setValue.text);
    sidecar.annotations = this.setValue.annotations;
    const published = this.published;
    if (published) sidecar.published = published.guessed ? { date: published.date, guessed: true } : { date: published.date };
    // a recorded merge conflict on the date stays until it is resolved (resolvePublishedConflict)
    if (sidecar.published && published?.conflict) sidecar.published.conflict = published.conflict;
    return sidecar;
  }

  /** Convenience for commands: adds a labelled span (code points) and writes. */
  add(label: Label, start: number, end: number, provenance: Provenance): Promise<Annotation> {
    const text = this.setValue.text;
    return this.mutate((set) => {
      assertSameText(set, text);
      return set.add(label, start, end, provenance);
    }, `mark ${label}`);
  }

  /** Puts annotation `id` (orphaned or not) on code points [start, end) of the current text and writes. */
  reattach(id: string, start: number, end: number, provenance: Provenance): Promise<Annotation | undefined> {
    const text = this.setValue.text;
    return this.mutate((set) => {
      assertSameText(set, text);
      return set.reattach(id, start, end, provenance);
    }, 're-attach');
  }

  /**
   * Convenience for commands: removes by id (and the claims' relations to it, one undo step) and
   * writes; returns the removed annotation.
   */
  remove(id: string, provenance: Provenance = { now: new Date().toISOString() }): Promise<Annotation | undefined> {
    return this.mutate((set) => set.removeWithRelations(id, provenance), 'remove');
  }

  /** Convenience for commands: changes label, entity or note and writes. */
  update(id: string, patch: AnnotationPatch, provenance: Provenance): Promise<Annotation | undefined> {
    return this.mutate((set) => set.update(id, patch, provenance),
      patch.label ? `relabel as ${patch.label}` : patch.note !== undefined ? 'note' : patch.value !== undefined ? 'date value'
        : patch.speaker !== undefined ? 'speaker' : patch.date !== undefined ? 'date of claim' : patch.stance !== undefined ? 'stance' : 'entity');
  }
}

/** A sidecar that exists but cannot be read; never written over. */
class Unreadable {
  constructor(readonly message: string) {}
}

/** Annotation actions kept for undo, per article. */
const MAX_UNDO = 200;

/** One undoable action: each annotation it touched, before and after (undefined: absent). */
interface HistoryStep {
  description: string;
  /** The text when the step's offsets were valid. */
  text: string;
  changes: { id: string; before?: Annotation; after?: Annotation }[];
}

/**
 * An annotation put back by undo or redo on a text edited since: found again with `reanchor`;
 * its own words found elsewhere count as exact (it followed them), not as moved for review.
 */
function replaced(text: string, a: Annotation): Annotation {
  const t = new AnchorText(text);
  const found = reanchor(t, a);
  if (found.anchored === 'moved') delete found.anchored;
  // the positions its recorded conflict holds are found again too
  return placeConflictPositions(t, [a], [found], true)[0];
}

const POSITION = new Set<keyof Annotation>(['start', 'end', 'quote', 'prefix', 'suffix', 'anchored']);

function samePlace(a: Annotation, b: Annotation): boolean {
  return a.start === b.start && a.end === b.end && a.quote === b.quote && a.anchored === b.anchored;
}

/** Puts `set` back to `before` (a {@link snapshot}): added ones removed, changed or removed ones restored. */
function rollback(set: AnnotationSet, before: Map<string, Annotation>): void {
  for (const a of set.annotations) if (!before.has(a.id)) set.remove(a.id);
  for (const [id, a] of before) if (JSON.stringify(set.get(id)) !== JSON.stringify(a)) set.restore(a);
}

function snapshot(set: AnnotationSet): Map<string, Annotation> {
  return new Map(set.annotations.map((a) => [a.id, a]));
}

function diffSnapshots(before: Map<string, Annotation>, after: Map<string, Annotation>): HistoryStep['changes'] {
  const changes: HistoryStep['changes'] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(id), after.get(id)];
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ id, before: b, after: a });
  }
  return changes;
}

/** Thrown when an action computed on one version of the text would run on another. */
export class TextChangedError extends Error {
  constructor() {
    super('the article changed while this action waited; select the text again');
  }
}

/**
 * Throws {@link TextChangedError} unless `set` still holds `text`, the text the caller computed
 * its offsets on (an edit may arrive while an action waits for the disk).
 */
export function assertSameText(set: AnnotationSet, text: string): void {
  if (set.text !== text) throw new TextChangedError();
}
