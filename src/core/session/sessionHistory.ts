import { type Annotation } from '../model/annotation';
import { AnchorText, placeConflictPositions, reanchor } from '../anchoring/anchoring';
import { type AnnotationPatch, type AnnotationSet } from '../model/annotationSet';
import * as l10n from '@vscode/l10n';

/** Annotation actions kept for undo, per article. */
export const MAX_UNDO = 200;

/** One undoable action: each annotation it touched, before and after (undefined: absent). */
export interface HistoryStep {
  /** What the action was, for the undo and redo menus ("mark claim", "remove"). */
  description: string;
  /** The text when the step's offsets were valid. */
  text: string;
  /** Each annotation the action touched, by id, as it was before and after (undefined: absent). */
  changes: { id: string; before?: Annotation; after?: Annotation }[];
}

/** Which way a step is replayed: `undo` puts back `before`, `redo` puts back `after`. */
export type HistoryDirection = 'undo' | 'redo';

/**
 * The undo and redo stacks of one session's annotation actions (at most {@link MAX_UNDO} steps
 * to undo). A new action clears what could be redone.
 */
export class SessionHistory {
  private readonly undoStack: HistoryStep[] = [];
  private redoStack: HistoryStep[] = [];

  /** What undo would undo, or undefined when there is nothing. */
  get undoDescription(): string | undefined { return this.undoStack.at(-1)?.description; }

  /** What redo would redo, or undefined when there is nothing. */
  get redoDescription(): string | undefined { return this.redoStack.at(-1)?.description; }

  /** Records a new action (none when it changed nothing); what could be redone is dropped. */
  record(step: HistoryStep): void {
    if (step.changes.length === 0) return;
    this.undoStack.push(step);
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
    this.redoStack = [];
  }

  /** Takes the step to replay in `direction` off its stack, or undefined when there is none. */
  take(direction: HistoryDirection): HistoryStep | undefined {
    return this.stack(direction).pop();
  }

  /** Puts back a step {@link take}n but not replayed (the sidecar turned out broken). */
  giveBack(direction: HistoryDirection, step: HistoryStep): void {
    this.stack(direction).push(step);
  }

  /** Records that `step` was replayed in `direction`: it can now be replayed the other way. */
  replayed(direction: HistoryDirection, step: HistoryStep): void {
    this.stack(direction === 'undo' ? 'redo' : 'undo').push(step);
  }

  private stack(direction: HistoryDirection): HistoryStep[] {
    return direction === 'undo' ? this.undoStack : this.redoStack;
  }
}

const POSITION = new Set<keyof Annotation>(['start', 'end', 'quote', 'prefix', 'suffix', 'anchored']);

/**
 * Replays `step` on `set` in `direction`: each annotation it touched goes back to how the step
 * left it on that side. Only what the step changed goes back; changes made since (here or on
 * disk) stay. Annotations put back after the text changed are found again with `reanchor`.
 */
export function replayStep(set: AnnotationSet, step: HistoryStep, direction: HistoryDirection): void {
  const side = direction === 'undo' ? 'before' : 'after';
  for (const change of step.changes) {
    const wanted = change[side];
    const current = set.get(change.id);
    if (!wanted) set.remove(change.id);
    else if (!current || !change.before || !change.after) {
      set.restore(set.text === step.text ? wanted : replaced(set.text, wanted));
    } else {
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

function samePlace(a: Annotation, b: Annotation): boolean {
  return a.start === b.start && a.end === b.end && a.quote === b.quote && a.anchored === b.anchored;
}

/** The annotations of `set` by id, as they are now: what {@link rollback} and {@link diffSnapshots} compare. */
export function snapshot(set: AnnotationSet): Map<string, Annotation> {
  return new Map(set.annotations.map((a) => [a.id, a]));
}

/** Puts `set` back to `before` (a {@link snapshot}): added ones removed, changed or removed ones restored. */
export function rollback(set: AnnotationSet, before: Map<string, Annotation>): void {
  for (const a of set.annotations) if (!before.has(a.id)) set.remove(a.id);
  for (const [id, a] of before) if (JSON.stringify(set.get(id)) !== JSON.stringify(a)) set.restore(a);
}

/**
 * The changes of a {@link HistoryStep} from what `AnnotationSet.record` recorded of an action
 * (`before`: each annotation it changed, by id, as it was before; undefined: absent): each one as
 * it is now in `set`, left out when it ended as it began. Costs a look at the changed ones only
 * (the same result as {@link diffSnapshots} of a snapshot before and after).
 */
export function recordedChanges(set: AnnotationSet, before: ReadonlyMap<string, Annotation | undefined>):
  HistoryStep['changes'] {
  const changes: HistoryStep['changes'] = [];
  for (const [id, b] of before) {
    const a = set.get(id);
    if (!sameJson(b, a)) changes.push({ id, before: b, after: a });
  }
  return changes;
}

/** Puts back what `AnnotationSet.record` recorded (`before`): added ones removed, changed or removed ones restored. */
export function rollbackRecorded(set: AnnotationSet, before: ReadonlyMap<string, Annotation | undefined>): void {
  for (const [id, b] of before) {
    if (b === undefined) set.remove(id);
    else if (!sameJson(set.get(id), b)) set.restore(b);
  }
}

/** The annotations that differ between two {@link snapshot}s, as the changes of a {@link HistoryStep}. */
export function diffSnapshots(before: Map<string, Annotation>, after: Map<string, Annotation>): HistoryStep['changes'] {
  const changes: HistoryStep['changes'] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(id), after.get(id)];
    if (!sameJson(b, a)) changes.push({ id, before: b, after: a });
  }
  return changes;
}

/**
 * `JSON.stringify(a) === JSON.stringify(b)` for two annotations, without writing them out when they
 * have the same keys in the same order and the same plain values (an annotation that did not change).
 */
function sameJson(a: Annotation | undefined, b: Annotation | undefined): boolean {
  if (a === b) return true;
  if (a && b) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    let same = keysA.length === keysB.length;
    for (let i = 0; same && i < keysA.length; i++) {
      const key = keysA[i];
      const [x, y] = [(a as unknown as Record<string, unknown>)[key], (b as unknown as Record<string, unknown>)[key]];
      same = key === keysB[i] && (x === y || (typeof x === 'object' && JSON.stringify(x) === JSON.stringify(y)));
    }
    if (same) return true;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The history's description of an update by `patch` ("relabel as claim", "note", "entity"...). */
export function patchDescription(patch: AnnotationPatch): string {
  if (patch.label) return l10n.t('relabel as {0}', patch.label);
  if (patch.note !== undefined) return l10n.t('note');
  if (patch.value !== undefined) return l10n.t('date value');
  if (patch.speaker !== undefined) return l10n.t('speaker');
  if (patch.date !== undefined) return l10n.t('date of claim');
  return patch.stance !== undefined ? l10n.t('stance') : l10n.t('entity');
}
