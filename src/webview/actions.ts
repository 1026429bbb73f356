/** What the view's keys and buttons ask of the host: mark the selection, run a command on it. */
import type { Label } from '../core/model/annotation';
import type { ViewCommand } from '../shared/protocol';
import { format } from '../shared/strings';
import type { ArticleText } from './articleText';
import { currentSelection } from './domOffsets';
import type { Host } from './host';
import type { Notice } from './notice';
import type { ReviewBar } from './reviewBar';
import type { ViewModel } from './viewModel';

/** Commands of the view's keys that change annotations: refused in a read-only view. */
const WRITING_COMMANDS = new Set<ViewCommand>([
  'remove', 'changeLabel', 'editNote', 'editEntity', 'setSpeaker', 'setClaimDate', 'setStance', 'editDateValue',
  'annotateOccurrences', 'suggest', 'setAttribute', 'setRelation',
]);

export class Actions {
  constructor(
    private readonly model: ViewModel,
    private readonly view: ArticleText,
    private readonly host: Host,
    private readonly notice: Notice,
    private readonly review: ReviewBar,
  ) {}

  /** Asks the host to mark the selection with `label`. */
  annotateSelection(label: Label): void {
    const { strings: s, schema } = this.model;
    if (this.model.readOnly) {
      this.notice.show(this.model.problem ?? s.cannotAnnotate);
      return;
    }
    const selection = currentSelection(this.view);
    if (!selection || selection.anchor16 === selection.focus16) {
      const keys = schema.labels.map((l) => format(s.selectFirstItem, l.key.toUpperCase(), this.model.labelName(l.id)));
      this.notice.show(format(s.selectFirst, keys.join(s.listSeparator)));
      return;
    }
    this.host.post({ type: 'annotate', label, ...selection });
  }

  /** After a span was marked: collapse the selection (if it is still that span) so the new colour shows. */
  afterMarked(start16: number, end16: number): void {
    const current = currentSelection(this.view);
    if (!current) return;
    const [from, to] = [Math.min(current.anchor16, current.focus16), Math.max(current.anchor16, current.focus16)];
    if (from <= start16 && to >= end16 && to - from <= end16 - start16 + 64) document.getSelection()?.collapseToEnd();
  }

  /** Asks the host to run `command` on the selection (or at the start when there is none). */
  runCommand(command: ViewCommand): void {
    if (this.model.readOnly && WRITING_COMMANDS.has(command)) {
      const s = this.model.strings;
      this.notice.show(format(s.readOnlyNotice, this.model.problem ?? s.readOnlyDefaultNotice));
      return;
    }
    if (command === 'suggest') this.review.awaitSuggestions();
    const selection = currentSelection(this.view) ?? { anchor16: 0, focus16: 0 };
    this.host.post({ type: 'command', command, ...selection });
  }
}
