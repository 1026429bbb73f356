/**
 * Word edges in Arabic and Latin text, for checking where a suggested span begins and ends. A
 * span is on word edges when no letter, digit or mark of the same word stands right outside it,
 * except proclitics before it: و ف ب ل ك (up to two) and the article ال (or ل after ل: «للحوثي»),
 * which Arabic writes attached to the word («وإسبانيا» → «إسبانيا», «بالرياض» → «الرياض»), also
 * drawn out with a tatweel before a number or a Latin word («لـ20 سبتمبر», «لـCNN»).
 */

const WORD = /[\p{L}\p{N}\p{M}]/u;
/** What may stand before a span inside its word: proclitics, optionally with the article. */
const PROCLITICS = /^(?:[وفبلك]{0,2}(?:ال|ل)?)ـ*$/u;

/**
 * Why the span [start, end) of `chars` (the text as an array of code points, so offsets are code
 * points) is not on word edges: "starts inside a word, after «…»" or "ends inside a word, before
 * «…»"; undefined when it is on word edges.
 */
export function offWordEdge(chars: readonly string[], start: number, end: number): string | undefined {
  let wordStart = start;
  while (wordStart > 0 && WORD.test(chars[wordStart - 1])) wordStart--;
  const before = chars.slice(wordStart, start).join('').replace(/\p{M}/gu, '');
  if (!PROCLITICS.test(before)) return `starts inside a word, after «${before}»`;
  if (end < chars.length && end > start && WORD.test(chars[end]) && WORD.test(chars[end - 1])) {
    return `ends inside a word, before «${chars[end]}»`;
  }
  return undefined;
}
