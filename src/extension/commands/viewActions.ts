import * as vscode from 'vscode';
import type { ViewCommand } from '../../shared/protocol';
import { Commands } from '../commandIds';
import type { ArticleView, ViewActions } from '../views/articleEditorProvider';
import type { AdjudicationCommands } from './adjudicationCommands';
import type { AnnotationCommands } from './annotationCommands';
import type { CommandContext } from './commandContext';
import type { ConflictCommands } from './conflictCommands';
import type { SuggestionCommands } from './suggestionCommands';

/** The command each command key of the view runs. */
const VIEW_COMMANDS: Record<ViewCommand, string> = {
  remove: Commands.removeAnnotation,
  changeLabel: Commands.changeLabel,
  editNote: Commands.editNote,
  editEntity: Commands.editEntity,
  next: Commands.nextAnnotation,
  previous: Commands.previousAnnotation,
  openText: Commands.openInTextEditor,
  openSidecar: Commands.openSidecar,
  setSpeaker: Commands.setSpeaker,
  setClaimDate: Commands.setClaimDate,
  setStance: Commands.setStance,
  editDateValue: Commands.editDateValue,
  annotateOccurrences: Commands.annotateOccurrences,
  suggest: Commands.suggestAnnotations,
  setAttribute: Commands.setAttribute,
  setRelation: Commands.setRelation,
};

/** What the view's keys and buttons do, carried out by the command groups. */
export function viewActions(context: CommandContext, groups: {
  annotations: AnnotationCommands; suggestions: SuggestionCommands; conflicts: ConflictCommands;
  adjudication: AdjudicationCommands;
}): ViewActions {
  return {
    annotate: (view, message) => groups.annotations.onViewAnnotate(view, message),
    command: (view, command) => runViewCommand(context, view, command),
    reattach: (view, message) => groups.annotations.onViewReattach(view, message),
    suggestion: (view, message) => groups.suggestions.onViewSuggestion(view, message),
    conflict: (view, message) => groups.conflicts.onViewConflict(view, message),
    adjudicate: (view, message) => groups.adjudication.onViewAdjudicate(view, message),
  };
}

/** A command key pressed in the view: its command runs on the view's article. */
async function runViewCommand(context: CommandContext, view: ArticleView, command: ViewCommand): Promise<void> {
  context.editorProvider.activeView = view;
  await vscode.commands.executeCommand(VIEW_COMMANDS[command]);
}
