import { type AnchorStatus } from '../model/annotation';
import { type AnnotationSet } from '../model/annotationSet';
import { type SidecarProblem } from '../format/sidecar';
import * as l10n from '@vscode/l10n';

/**
 * The state of a session: usable, or blocked by a sidecar that does not parse or validate. While
 * broken, the session holds (read-only) the annotations of the file that are valid on their own
 * (`shown` of `total` entries; see salvageSidecar), or none when the file cannot be read at all.
 */
export type SessionState =
  | { kind: 'ready' }
  | { kind: 'broken'; problems: SidecarProblem[]; shown?: number; total?: number };

/** Thrown by `SidecarSession.mutate` when the sidecar on disk is broken; nothing was written. */
export class BrokenSidecarError extends Error {
  constructor(readonly problems: SidecarProblem[]) {
    const first = problems[0];
    const message = first?.message ?? l10n.t('unknown problem');
    super(l10n.t('the sidecar is not valid (line {0}, column {1}: {2}); fix it first, Hashiya will not overwrite it',
      first?.line ?? 1, first?.column ?? 1, message));
  }
}

/** What changed, for listeners of `SidecarSession.onChange`. */
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
  /**
   * True when an action changed the annotations and the sidecar is about to be written: views
   * show it at once; another change follows once it is written (or could not be).
   */
  unwritten?: boolean;
}

/** Thrown when an action computed on one version of the text would run on another. */
export class TextChangedError extends Error {
  constructor() {
    super(l10n.t('the article changed while this action waited; select the text again'));
  }
}

/**
 * Throws {@link TextChangedError} unless `set` still holds `text`, the text the caller computed
 * its offsets on (an edit may arrive while an action waits for the disk).
 */
export function assertSameText(set: AnnotationSet, text: string): void {
  if (set.text !== text) throw new TextChangedError();
}
