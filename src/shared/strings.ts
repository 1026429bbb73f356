/**
 * The article view's own words: every string the webview shows (toolbar, hints, notices, bars,
 * panels, hovers, aria labels), in one object, so that the host can hand the view a translation
 * (the init message's `strings`). Texts from the project schema (label titles, codebooks) are
 * data and do not belong here. `{0}`, `{1}` … mark where {@link format} puts values.
 */
import * as l10n from '@vscode/l10n';

/** The strings of the article view; templates take their values through {@link format}. */
export interface ViewStrings {
  /** Joins the items of a list in a sentence (keys, labels). */
  listSeparator: string;
  /** A field's name before its value: {0} the name. */
  fieldName: string;

  /** Title of a label button in a read-only view: {0} why it is read-only. */
  readOnlyTitle: string;
  /** Why a view is read-only when the host gave no reason (button titles). */
  readOnlyDefaultTitle: string;
  /** Notice when a key that writes is pressed in a read-only view: {0} why. */
  readOnlyNotice: string;
  /** Why a view is read-only when the host gave no reason (that notice). */
  readOnlyDefaultNotice: string;
  /** Notice when marking or resolving is refused and the host gave no reason. */
  cannotAnnotate: string;
  /** Title of a label button: {0} the label's id, {1} its key. */
  markTitle: string;
  /** The toolbar's hints in a read-only view. */
  hintsReadOnly: string;
  /** The toolbar's hints: {0} the label keys. */
  hints: string;
  /** The toolbar's count of orphaned annotations: {0} how many. */
  orphanedCount: string;
  /** Button of the banner that opens a broken sidecar. */
  openSidecar: string;
  /** Its title. */
  openSidecarTitle: string;
  /** Notice when a label key is pressed with no selection: {0} the keys and their labels. */
  selectFirst: string;
  /** One key in that notice: {0} the key, {1} the label's title. */
  selectFirstItem: string;

  /** Summary of the orphaned annotations when there is one: {0} the count. */
  orphansOne: string;
  /** Summary of the orphaned annotations when there are several: {0} the count. */
  orphansMany: string;
  /** Button that re-attaches an orphaned annotation. */
  reattach: string;
  /** Its title. */
  reattachTitle: string;
  /** Notice when it is pressed with no selection. */
  reattachNeedsSelection: string;
  /** Mark of an orphaned annotation that has a recorded conflict. */
  orphanConflict: string;

  /** The review bar's position: {0} which suggestion, {1} how many. */
  reviewPosition: string;
  /** A suggested value in the review bar: {0} the value. */
  reviewValue: string;
  reviewValueGuessed: string;
  /** A suggested speaker in the review bar: {0} the speaker. */
  reviewSpeaker: string;
  /** The review bar's keys when one suggestion has its label: {0} the count, {1} the label's id. */
  reviewKeysOne: string;
  /** The review bar's keys when several have its label: {0} the count, {1} the label's id. */
  reviewKeysMany: string;

  /** Between our value and theirs in a conflict row. */
  conflictHere: string;
  /** After their value in a conflict row. */
  conflictInTheirs: string;
  /** Heading of a conflict in a hover: {0} the other side. */
  conflictWith: string;
  /** A later alternative in a hover: {0} its place, {1} how many, {2} its side. */
  conflictThenWith: string;
  /** The keys under a hover's conflict when it is the bar's. */
  conflictHoverKeys: string;
  /** The keys under a hover's conflict when it is not the bar's. */
  conflictHoverKeysOther: string;
  /** The conflict bar's position: {0} which conflict, {1} how many. */
  conflictPosition: string;
  /** Adjudication bar: {0} the item's place, {1} how many items. */
  adjudicationPosition: string;
  /** Adjudication bar, after the place: {0} decided items, {1} all; {2} the gold sidecar. */
  adjudicationProgress: string;
  /** Adjudication bar: the item is decided. */
  adjudicationDecided: string;
  /** Adjudication bar: an annotator has no version: {0} the letter. */
  adjudicationNone: string;
  /** Adjudication bar: all items decided. */
  adjudicationDone: string;
  /** Adjudication bar: the keys. */
  adjudicationKeys: string;
  /** Adjudication buttons: {0} the letter. */
  adjudicationTake: string;
  adjudicationBoth: string;
  adjudicationNeither: string;
  adjudicationEdit: string;
  adjudicationNext: string;
  adjudicationPrevious: string;
  /** Adjudication badge's title: {0} what differs, {1} the letters. */
  adjudicationBadgeTitle: string;
  /** The other side in the conflict bar: {0} the side. */
  conflictSide: string;
  /** The other side when later merges recorded alternatives: {0} the side, {1} how many alternatives. */
  conflictSideAlternatives: string;
  /** After the quote of an orphaned annotation in the conflict bar. */
  conflictOrphaned: string;
  /** What the conflict bar names for the publication date's conflict. */
  conflictPublicationDate: string;
  /** Before the later alternatives in the conflict bar. */
  conflictThen: string;
  /** One later alternative in the conflict bar: {0} its place, {1} its side. */
  conflictThenItem: string;
  /** The conflict bar's keys for an annotation's conflict. */
  conflictKeys: string;
  /** The conflict bar's keys for the publication date's conflict (no "both"). */
  conflictKeysPublished: string;
  /** The conflict bar's keys in a read-only view. */
  conflictKeysReadOnly: string;
  /** Notice when J is pressed and there is no conflict. */
  noConflicts: string;
  /** Notice when H, I or B is pressed and there is no conflict. */
  noConflictsToResolve: string;
  /** Notice when J reaches an orphaned annotation. */
  conflictIsOrphaned: string;
  /** Notice when B is pressed on the publication date's conflict. */
  onePublicationDate: string;

  /** Heading of a suggestion in a hover: {0} the label's title in lower case. */
  suggested: string;
  /** The rule that found a suggestion, after that heading: {0} its description. */
  suggestedBy: string;
  /** Under the current suggestion in a hover. */
  suggestionCurrent: string;
  /** Under another suggestion in a hover. */
  suggestionOther: string;
  /** Field name in a hover: a date's computed value, a suggestion's value. */
  value: string;
  /** Field name in a hover: the entity an actor refers to. */
  entity: string;
  /** Field name in a hover: a claim's speaker. */
  speaker: string;
  /** Field name in a hover: a claim's date. */
  saidOn: string;
  /** Field name in a hover: a claim's stance. */
  stance: string;
  /** Field name in a hover: the analyst's note. */
  note: string;
  /** What each suggestion rule (src/core/suggest) looks for, by the rule's name. */
  rules: Record<string, string>;

  /** The codebook panel's aria label. */
  codebook: string;
  /** Its heading under the preset schema. */
  codebookPreset: string;
  /** Its heading under a project schema: {0} the schema's version. */
  codebookVersion: string;
  /** Its keys, after the heading. */
  codebookKeys: string;
  /** An attribute of a label: {0} its title, {1} its values. */
  codebookAttribute: string;
  /** The values of an attribute that takes any text. */
  freeText: string;
  /** In place of the entry of a label that has none. */
  codebookEmpty: string;
}

/**
 * The view's words in the language @vscode/l10n is configured for (English when it is not):
 * the host configures it with its bundle and sends the result in `init`. Each string is one
 * literal in `l10n.t` so that `npm run l10n` extracts it (long ones stay on one line for that).
 */
export function viewStrings(): ViewStrings {
  return {
    listSeparator: l10n.t(', '),
    fieldName: l10n.t('{0}: '),

    readOnlyTitle: l10n.t('Read-only: {0}'),
    readOnlyDefaultTitle: l10n.t('this article cannot be annotated'),
    readOnlyNotice: l10n.t('Read-only: {0}'),
    readOnlyDefaultNotice: l10n.t('this article cannot be annotated.'),
    cannotAnnotate: l10n.t('This article cannot be annotated.'),
    markTitle: l10n.t('Mark the selection as {0} ({1})'),
    hintsReadOnly: l10n.t('Read-only · ] [ next/previous'),
    hints: l10n.t(
      'Select, then {0} · Del removes · ] [ next/previous · E entity · S speaker · T date · P stance · V value · U attribute · R relation · N note · L label · O all occurrences · G suggest · K codebook',
    ),
    orphanedCount: l10n.t('{0} orphaned'),
    openSidecar: l10n.t('Open Sidecar'),
    openSidecarTitle: l10n.t('Open the sidecar (YAML) to fix it'),
    selectFirst: l10n.t('Select some text first, then press {0}.'),
    selectFirstItem: l10n.t('{0} ({1})'),

    orphansOne: l10n.t('{0} orphaned annotation: their text is no longer in the article'),
    orphansMany: l10n.t('{0} orphaned annotations: their text is no longer in the article'),
    reattach: l10n.t('Re-attach to selection'),
    reattachTitle: l10n.t('Select the text this annotation belongs to, then press this button'),
    reattachNeedsSelection: l10n.t('Select the text this annotation belongs to first, then press Re-attach.'),
    orphanConflict: l10n.t('⇄ conflict'),

    reviewPosition: l10n.t('Suggestion {0} of {1}: '),
    reviewValue: l10n.t('= {0}'),
    reviewValueGuessed: l10n.t('= {0}, from the guessed publication date {1} (Set Publication Date of Article… to correct it)'),
    reviewSpeaker: l10n.t('speaker: {0}'),
    reviewKeysOne: l10n.t(
      'Enter accept · X reject · Tab next · Shift+Enter accept {0} {1} · Shift+X reject them · Ctrl+Enter accept all · Esc reject all',
    ),
    reviewKeysMany: l10n.t(
      'Enter accept · X reject · Tab next · Shift+Enter accept {0} {1}s · Shift+X reject them · Ctrl+Enter accept all · Esc reject all',
    ),

    conflictHere: l10n.t(' here · '),
    conflictInTheirs: l10n.t(' in theirs'),
    conflictWith: l10n.t('⇄ Recorded conflict with {0}'),
    conflictThenWith: l10n.t('then ({0} of {1}) with {2}: '),
    conflictHoverKeys: l10n.t('H keeps ours, I takes theirs, B keeps both.'),
    conflictHoverKeysOther: l10n.t(
      "Click in it (or step with J) to make it the bar's conflict; then H keeps ours, I takes theirs, B keeps both.",
    ),
    conflictPosition: l10n.t('⇄ Conflict {0} of {1}'),
    adjudicationPosition: l10n.t('Adjudication: item {0} of {1}'),
    adjudicationProgress: l10n.t('{0} of {1} decided · gold: {2}'),
    adjudicationDecided: l10n.t('decided'),
    adjudicationNone: l10n.t('{0}: none'),
    adjudicationDone: l10n.t('Every item is decided.'),
    adjudicationKeys: l10n.t('A / B / 1–9 take · + both · X neither · E edit · N next · P previous'),
    adjudicationTake: l10n.t('Take {0}'),
    adjudicationBoth: l10n.t('Both'),
    adjudicationNeither: l10n.t('Neither'),
    adjudicationEdit: l10n.t('Edit'),
    adjudicationNext: l10n.t('Next'),
    adjudicationPrevious: l10n.t('Previous'),
    adjudicationBadgeTitle: l10n.t('{0} ({1})'),
    conflictSide: l10n.t(' with {0}: '),
    conflictSideAlternatives: l10n.t(' with {0} (alternative 1 of {1}): '),
    conflictOrphaned: l10n.t(' (orphaned) '),
    conflictPublicationDate: l10n.t('Publication date '),
    conflictThen: l10n.t(' · then: '),
    conflictThenItem: l10n.t('({0}) {1}: '),
    conflictKeys: l10n.t('H keep ours · I take theirs · B keep both · J next · Shift+J previous'),
    conflictKeysPublished: l10n.t('H keep ours · I take theirs · J next · Shift+J previous'),
    conflictKeysReadOnly: l10n.t('J next · Shift+J previous (read-only: the sidecar cannot be written)'),
    noConflicts: l10n.t('No recorded conflicts in this article.'),
    noConflictsToResolve: l10n.t(
      'No recorded conflicts in this article: H, I and B take ours, theirs or both of a conflict a merge recorded.',
    ),
    conflictIsOrphaned: l10n.t('This annotation is orphaned: its text is no longer in the article (listed above).'),
    onePublicationDate: l10n.t('An article has one publication date: H keeps ours, I takes theirs.'),

    suggested: l10n.t('Suggested {0}'),
    suggestedBy: l10n.t(' ({0})'),
    suggestionCurrent: l10n.t('Enter accepts it, X rejects it.'),
    suggestionOther: l10n.t('Not in the sidecar until accepted (Tab to it, then Enter).'),
    value: l10n.t('Value'),
    entity: l10n.t('Entity'),
    speaker: l10n.t('Speaker'),
    saidOn: l10n.t('Said on'),
    stance: l10n.t('Stance'),
    note: l10n.t('Note'),
    rules: {
      'ar-day-month': l10n.t('a day and a month'),
      'ar-month-day': l10n.t('a month and a day'),
      'ar-weekday-day': l10n.t('a weekday and a day'),
      'ar-month-year': l10n.t('a month and a year'),
      numeric: l10n.t('a date in digits'),
      'ar-numeric-short': l10n.t('a day and month in digits'),
      'ar-part-weekday': l10n.t('a part of a day and a weekday'),
      'ar-weekday': l10n.t('a weekday'),
      'ar-relative': l10n.t('a day relative to publication'),
      'ar-month': l10n.t('a month'),
      'chrono-node': l10n.t('a date (chrono-node)'),
      'en-chrono': l10n.t('an English date (chrono-node)'),
      'known-actor': l10n.t('a name already annotated or in the registry'),
      'title-name': l10n.t('a title and a name'),
      organisation: l10n.t('an organisation'),
      'en-title-name': l10n.t('an English title and name'),
      speaker: l10n.t('the speaker of a claim'),
      'reporting-verb': l10n.t('a reporting verb and أن/إن'),
      'reporting-verb-quote': l10n.t('a reporting verb and a quotation'),
      'en-reporting-verb': l10n.t('an English reporting verb'),
    },

    codebook: l10n.t('Codebook'),
    codebookPreset: l10n.t('Codebook (news preset)'),
    codebookVersion: l10n.t('Codebook (schema version {0})'),
    codebookKeys: l10n.t(' K or Esc closes'),
    codebookAttribute: l10n.t('{0}: {1} (U)'),
    freeText: l10n.t('free text'),
    codebookEmpty: l10n.t('No codebook entry for this label.'),
  };
}

/** The view's strings in English, the view's words when the host sends none. */
export const DEFAULT_VIEW_STRINGS: ViewStrings = viewStrings();

/**
 * `template` with each `{n}` replaced by `args[n]` (as text); a `{n}` with no such argument stays
 * as it is, so a translation with a wrong placeholder shows the mistake instead of hiding a value.
 */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const i = Number(n);
    return i < args.length ? String(args[i]) : whole;
  });
}
