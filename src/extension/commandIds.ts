/** Every command id of Hashiya, in one place (a unit test checks them against package.json). */
export const Commands = {
  openWithHashiya: 'hashiya.openWithHashiya',
  openInTextEditor: 'hashiya.openInTextEditor',
  annotate: 'hashiya.annotate',
  annotateClaim: 'hashiya.annotateClaim',
  annotateActor: 'hashiya.annotateActor',
  annotateDate: 'hashiya.annotateDate',
  removeAnnotation: 'hashiya.removeAnnotation',
  changeLabel: 'hashiya.changeLabel',
  editNote: 'hashiya.editNote',
  editEntity: 'hashiya.editEntity',
  nextAnnotation: 'hashiya.nextAnnotation',
  previousAnnotation: 'hashiya.previousAnnotation',
  revealAnnotation: 'hashiya.revealAnnotation',
  reattachAnnotation: 'hashiya.reattachAnnotation',
  setPublicationDate: 'hashiya.setPublicationDate',
  editDateValue: 'hashiya.editDateValue',
  setSpeaker: 'hashiya.setSpeaker',
  setClaimDate: 'hashiya.setClaimDate',
  setStance: 'hashiya.setStance',
  renameEntity: 'hashiya.renameEntity',
  editEntityDetails: 'hashiya.editEntityDetails',
  mergeEntities: 'hashiya.mergeEntities',
  splitEntity: 'hashiya.splitEntity',
  annotateOccurrences: 'hashiya.annotateOccurrences',
  suggestAnnotations: 'hashiya.suggestAnnotations',
  acceptSuggestion: 'hashiya.acceptSuggestion',
  rejectSuggestion: 'hashiya.rejectSuggestion',
  acceptSuggestionsOfLabel: 'hashiya.acceptSuggestionsOfLabel',
  rejectSuggestionsOfLabel: 'hashiya.rejectSuggestionsOfLabel',
  acceptAllSuggestions: 'hashiya.acceptAllSuggestions',
  rejectAllSuggestions: 'hashiya.rejectAllSuggestions',
  nextSuggestion: 'hashiya.nextSuggestion',
  previousSuggestion: 'hashiya.previousSuggestion',
  undoAnnotation: 'hashiya.undoAnnotation',
  redoAnnotation: 'hashiya.redoAnnotation',
  openSidecar: 'hashiya.openSidecar',
  showWorkspaceEntities: 'hashiya.showWorkspaceEntities',
  showArticleEntities: 'hashiya.showArticleEntities',
  refreshEntities: 'hashiya.refreshEntities',
} as const;

/** The id of the custom editor (the RTL article view). */
export const ARTICLE_VIEW_TYPE = 'hashiya.articleView';

/** The id of the Entities tree view. */
export const ENTITIES_VIEW_ID = 'hashiya.entities';
