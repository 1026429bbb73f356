import { foldText } from './matchText';

/**
 * A key for grouping and searching mentions, never for storing: the text folded as in matchText
 * (harakat, tatweel, ZWNJ and combining marks dropped; alef forms, alef maqsura, ta marbuta and
 * Arabic-Indic digits unified; case folded), runs of white space made one space, trimmed.
 * "الوَزِير" and "الوزير", "أحمد" and "احمد", "Reuters" and "reuters", or NFC and NFD spellings of
 * the same name (cases B06, B07, B09) give the same key.
 */
export function matchKey(text: string): string {
  return foldText(text).text.replace(/\s+/gu, ' ').trim();
}
