/**
 * Arabic-aware finding of names, for searching entities and annotating all occurrences; never for
 * storing. Texts are folded (matchText: diacritics, tatweel, letter variants, digits, ZWNJ) and a
 * word may carry one clitic prefix (و ف ب ل ك, with or without ال: "ولافروف", "بالرياض",
 * "للحكومة") that the name does not have. Offsets found point into the original text.
 */
import { foldText, originalSpan } from './matchText';
import { OffsetIndex, snapToGraphemes } from './offsets';

const CLITICS = ['وال', 'فال', 'بال', 'كال', 'لل', 'و', 'ف', 'ب', 'ل', 'ك'];

/** The folded words of `text`. */
export function foldedWords(text: string): string[] {
  return foldText(text)
    .text.split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The forms a folded word may have in running text: itself, and with a clitic prefix. */
function withoutClitic(word: string): string[] {
  const out = [word];
  for (const c of CLITICS) {
    if (word.length > c.length + 1 && word.startsWith(c))
      out.push(
        c === 'لل' ? `ال${word.slice(2)}` : c.endsWith('ال') ? `ال${word.slice(c.length)}` : word.slice(c.length),
      );
  }
  return out;
}

/**
 * How well `query` (what the analyst types) matches `name`: 0 for no match, more for better.
 * Every query word must begin a word of the name (clitics and ال ignored on either side); a
 * name equal to the query scores highest.
 */
export function searchScore(query: string, name: string): number {
  const q = foldedWords(query);
  if (q.length === 0) return 0;
  const n = foldedWords(name);
  const bare = (w: string) => withoutClitic(w).map((x) => x.replace(/^ال(?=\p{L}{2})/u, ''));
  let score = 0;
  for (const qw of q) {
    const forms = bare(qw);
    const hit = n.some((nw) => bare(nw).some((f) => forms.some((qf) => f.startsWith(qf))));
    if (!hit) return 0;
    score += 1;
  }
  // the same words, clitics and ال aside: "ولافروف" is exactly "لافروف"
  const same = (a: string, b: string) => bare(a).some((x) => bare(b).includes(x));
  if (q.length === n.length && q.every((w, i) => same(w, n[i]))) score += 10;
  else if (n.join(' ').startsWith(q.join(' ')) || q.every((w, i) => i < n.length && same(w, n[i]))) score += 2;
  return score;
}

/**
 * The query words a name covers when the whole name occurs in the query, word by word in a row
 * (clitics and ال aside): "وزير الخارجية الروسي سيرغي لافروف" holds both "سيرغي لافروف" (words 3
 * and 4) and "وزير الخارجية الروسي" (0 to 2). Indices of the query's folded words; [] when the
 * name does not occur whole. For finding an entity from a mention of title and name.
 */
export function coveredWords(query: string, name: string): number[] {
  const q = foldedWords(query);
  const n = foldedWords(name);
  if (n.length === 0 || n.length > q.length) return [];
  const bare = (w: string) => withoutClitic(w).map((x) => x.replace(/^ال(?=\p{L}{2})/u, ''));
  const same = (a: string, b: string) => bare(a).some((x) => bare(b).includes(x));
  for (let at = 0; at + n.length <= q.length; at++) {
    if (n.every((w, i) => same(q[at + i], w))) return n.map((_, i) => at + i);
  }
  return [];
}

/** A place a name occurs: code points [start, end) of the original text, without the clitic. */
export interface Occurrence {
  start: number;
  end: number;
  quote: string;
}

/**
 * Every occurrence of `name` in `text` at word edges, also with a clitic prefix before it
 * ("ولافروف" gives "لافروف"; "للحكومة" gives "لحكومة" of "الحكومة"), also with other
 * diacritics or letter variants; never across a line break; always whole grapheme clusters.
 * Code points.
 */
export function findOccurrences(text: string, name: string): Occurrence[] {
  const needle = foldText(name).text.replace(/\s+/gu, ' ').trim();
  if (needle.length < 2) return [];
  const folded = foldText(text);
  const index = new OffsetIndex(text);
  // words of a name are separated by spaces or tabs in running text, never by a line break
  const pattern = (words: string) =>
    words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[^\\S\\r\\n\\u0085\\u2028\\u2029]+');
  // up to a conjunction and a preposition before the name: و، ف، ب، ل، ك، ول، وب، فب…; and
  // ل before ال, which drops the alef: "للحكومة" holds "لحكومة" of "الحكومة"
  const article = needle.startsWith('ال') && needle.length > 3 ? `|[وف]?ل(ل${pattern(needle.slice(2))})` : '';
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:[وف]?[بلك]?(${pattern(needle)})${article})(?![\\p{L}\\p{N}])`, 'gu');
  const out: Occurrence[] = [];
  for (const m of folded.text.matchAll(re)) {
    const match = m[1] ?? m[2];
    const at = m.index! + m[0].length - match.length;
    const [s16, e16] = originalSpan(folded, text, at, at + match.length);
    // whole grapheme clusters only: harakat after the last letter belong to the name; a match
    // inside an emoji sequence or a cluster that folds to something else is no occurrence
    const [start, end] = snapToGraphemes(index, index.toCodePoint(s16), index.toCodePoint(e16));
    const quote = text.slice(index.toUtf16(start), index.toUtf16(end));
    if (foldText(quote).text.replace(/\s+/gu, ' ') !== foldText(text.slice(s16, e16)).text.replace(/\s+/gu, ' '))
      continue;
    out.push({ start, end, quote });
  }
  return out;
}
