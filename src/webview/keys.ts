/**
 * The view's keys, by physical key (KeyboardEvent.code, so they work on an Arabic layout): the
 * review's and the conflict bar's first, then caret movement, the codebook, the labels' keys and
 * the commands.
 */
import type { Label } from '../core/model/annotation';
import type { ProjectSchema } from '../core/model/projectSchema';
import type { ViewCommand } from '../shared/protocol';
import type { Actions } from './actions';
import type { AdjudicationBar } from './adjudicationBar';
import type { Caret } from './caret';
import type { CodebookPanel } from './codebookPanel';
import type { ConflictBar } from './conflictBar';
import type { Hover } from './hover';
import type { ReviewBar } from './reviewBar';

const COMMAND_KEYS: Record<string, ViewCommand> = {
  Delete: 'remove', Backspace: 'remove', KeyL: 'changeLabel', KeyN: 'editNote', KeyE: 'editEntity',
  BracketRight: 'next', BracketLeft: 'previous', KeyS: 'setSpeaker', KeyT: 'setClaimDate', KeyP: 'setStance',
  KeyV: 'editDateValue', KeyO: 'annotateOccurrences', KeyG: 'suggest', KeyU: 'setAttribute', KeyR: 'setRelation',
};

export class Keys {
  /** Physical keys that mark the selection with a label: its letter, and digits 1–9 in schema order. */
  private labelKeys: Record<string, Label> = {};

  constructor(private readonly parts: {
    review: ReviewBar; caret: Caret; conflictBar: ConflictBar; codebook: CodebookPanel; actions: Actions; hover: Hover;
    adjudication: AdjudicationBar;
  }) {}

  /** Takes the label keys of `schema`. */
  setSchema(schema: ProjectSchema): void {
    this.labelKeys = {};
    schema.labels.forEach((l, i) => {
      this.labelKeys[`Key${l.key.toUpperCase()}`] = l.id;
      if (i < 9) this.labelKeys[`Digit${i + 1}`] = l.id;
    });
  }

  /** Handles a key pressed anywhere in the view. */
  onKeyDown(e: KeyboardEvent): void {
    const { review, caret, conflictBar, codebook, actions, hover, adjudication } = this.parts;
    if (e.isComposing) return;
    if (review.key(e) || adjudication.key(e) || caret.navigate(e) || conflictBar.key(e)) {
      e.preventDefault();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.code === 'KeyK' && !e.shiftKey) {
      e.preventDefault();
      codebook.toggle();
      return;
    }
    const label = this.labelKeys[e.code];
    if (label) {
      e.preventDefault();
      actions.annotateSelection(label);
      return;
    }
    const command = COMMAND_KEYS[e.code];
    if (command) {
      e.preventDefault();
      actions.runCommand(command);
    } else if (e.key === 'Escape') {
      hover.hide();
      codebook.hide();
    }
  }
}
