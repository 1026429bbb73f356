/**
 * A key for grouping and searching mentions, never for storing: canonical composition (NFC),
 * Arabic harakat (U+064B..U+065F, U+0670) and tatweel (U+0640) removed, runs of white space
 * made one space, trimmed, and case folded. "الوَزِير" and "الوزير", "Reuters" and "reuters",
 * or NFC and NFD spellings of the same name (cases B06, B07) give the same key.
 */
export function matchKey(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u064B-\u065F\u0670\u0640]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLocaleLowerCase('und');
}
