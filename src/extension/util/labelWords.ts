import * as vscode from 'vscode';
import { type ProjectSchema, labelTitle } from '../../core/model/projectSchema';
import { plainText } from '../../core/presentation/inertText';

/**
 * A label in a sentence: as the English sentence has it (`english`: "claim", "claims", "a claim"),
 * or its title in the UI language when the schema has one there.
 */
export function labelWord(schema: ProjectSchema, label: string, english: string = label): string {
  const local = labelTitle(schema, label, vscode.env.language);
  return local !== labelTitle(schema, label, 'en') ? plainText(local, 60) : english;
}

/** Labels in a sentence ("claims or opinions"): see {@link labelWord}. */
export function labelWords(
  schema: ProjectSchema,
  labels: readonly string[],
  english: (label: string) => string,
): string {
  return labels.map((l) => labelWord(schema, l, english(l))).join(vscode.l10n.t(' or '));
}
