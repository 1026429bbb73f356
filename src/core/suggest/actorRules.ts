/**
 * Suggested actors: a title (وزير الخارجية، الرئيس، المتحدث باسم…) and the name after it, an
 * organisation's head noun and what qualifies it, names the analyst already annotated wherever
 * they occur, and English titles with capitalised names. Offsets: code points.
 */
import { foldText } from '../text/matchText';
import { partitionPoint } from '../util/binarySearch';
import { type SuggestText, type Suggestion, type Word, STOP, dedupe, fold, words } from './suggestText';

const TITLES = [
  'رئيس الوزراء',
  'رئيس الحكومه',
  'الامين العام',
  'المتحدث باسم',
  'الناطق باسم',
  'الناطقه باسم',
  'المتحدثه باسم',
  'الرئيس',
  'رئيس',
  'وزير',
  'وزيره',
  'نائب',
  'السفير',
  'الملك',
  'الامير',
  'الشيخ',
  'الجنرال',
  'العقيد',
  'اللواء',
  'العميد',
  'الدكتور',
  'السيد',
  'السيده',
  'المستشار',
  'المبعوث',
];
const ORG_HEADS = [
  'وزاره',
  'منظمه',
  'حزب',
  'مجلس',
  'جبهه',
  'حركه',
  'شركه',
  'جامعه',
  'اتحاد',
  'هيئه',
  'جمعيه',
  'لجنه',
  'وكاله',
  'البنك',
  'الجيش',
  'تنظيم',
  'مجموعه',
  'الحكومه',
  'صندوق',
  'محكمه',
  'الامم المتحده',
  'الاتحاد الاوروبي',
  'حلف',
];
export function suggestActors(t: SuggestText, knownActors: readonly string[]): Suggestion[] {
  const found: Suggestion[] = [];
  const folded = t.folded.text;
  const list = words(folded);
  const wordEndingAt = new Map(list.map((w, i) => [w.end, i]));
  /** Index of the first word starting at or after `at` (-1 when none): words are in text order. */
  const firstWordFrom = (at: number) => {
    const lo = partitionPoint(list.length, (i) => list[i].start < at);
    return lo < list.length ? lo : -1;
  };
  // names the analyst already annotated, wherever they occur (a clitic may precede them)
  for (const name of new Set(knownActors.map((n) => foldText(n).text.trim()).filter((n) => n.length >= 3))) {
    const re = new RegExp(
      `(?<![\\p{L}\\p{N}])(?:[وفبل])?(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![\\p{L}\\p{N}])`,
      'gu',
    );
    for (const m of folded.matchAll(re)) {
      const start = m.index! + m[0].length - m[1].length;
      found.push(t.span('actor', start, start + m[1].length, 'known-actor'));
    }
  }
  // a title, its qualifiers (الخارجية الروسي), then one to three name words
  const titleRe = new RegExp(`(?<![\\p{L}\\p{N}])[وفبل]?(${TITLES.map(fold).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  for (const m of folded.matchAll(titleRe)) {
    const titleEnd = m.index! + m[0].length;
    let i = wordEndingAt.get(titleEnd) ?? -1;
    if (i < 0) continue;
    i++;
    let qualifiers = 0;
    while (i < list.length && list[i].text.startsWith('ال') && !STOP.has(list[i].text) && qualifiers < 3) {
      if (folded.slice(list[i - 1].end, list[i].start).trim()) break;
      i++;
      qualifiers++;
    }
    const name: Word[] = [];
    while (i < list.length && name.length < 3) {
      const w = list[i];
      const gap = folded.slice(list[i - 1].end, w.start);
      if (gap.trim() || STOP.has(w.text) || /^\d/.test(w.text)) break;
      if (w.text.startsWith('ال') && name.length === 0) break;
      name.push(w);
      i++;
      if (w.text.startsWith('ال')) break;
    }
    if (name.length > 0 && !(name.length === 1 && name[0].text.length < 3)) {
      found.push(t.span('actor', name[0].start, name[name.length - 1].end, 'title-name'));
    }
  }
  // organisations: a head noun and the words that qualify it
  const orgRe = new RegExp(`(?<![\\p{L}\\p{N}])[وفبل]?(${ORG_HEADS.map(fold).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  for (const m of folded.matchAll(orgRe)) {
    const start = m.index! + m[0].length - m[1].length;
    let i = firstWordFrom(start + m[1].length);
    let end = start + m[1].length;
    let n = 0;
    while (
      i >= 0 &&
      i < list.length &&
      n < 3 &&
      !folded.slice(end, list[i].start).trim() &&
      !STOP.has(list[i].text) &&
      list[i].text.startsWith('ال')
    ) {
      end = list[i].end;
      i++;
      n++;
    }
    if (n > 0 || m[1].includes(' ')) found.push(t.span('actor', start, end, 'organisation'));
  }
  // English: a title and capitalised words, or two or more capitalised words
  for (const m of t.text.matchAll(
    /\b(?:President|Prime Minister|Foreign Minister|Minister|Secretary(?: of State)?|General|spokes(?:man|woman|person) for(?: the)?|Mr\.|Mrs\.|Ms\.|Dr\.)\s+((?:[A-Z][\p{L}'-]+)(?:\s+[A-Z][\p{L}'-]+){0,2})/gu,
  )) {
    const start = m.index! + m[0].length - m[1].length;
    found.push(t.span16('actor', start, start + m[1].length, 'en-title-name'));
  }
  return dedupe(found);
}
