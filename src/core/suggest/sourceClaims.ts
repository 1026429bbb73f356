/**
 * Claims named otherwise than by a reporting verb: a headline-like line «X: Y» inside the text, and
 * a statement named by its source before a comma («ووفقا لبيان الشركة، فإن …»). Offsets: code points.
 */
import { partitionPoint } from '../util/binarySearch';
import { CLAIM_END } from './claimEnds';
import { type SuggestText, type Suggestion } from './suggestText';

/**
 * Claims of a headline-like line inside the text: an actor first in its line (or after another
 * colon), a medium perhaps, a colon, then what the actor said up to the line's end («عراقجي: لا
 * بنود سرية في الاتفاق», «الخبير الاقتصادي محمد العريان لـCNN: أمريكا …»), without its quotation
 * marks and final stop. The news gold's guidelines: «X: Y» is a claim Y of speaker X.
 */
export function headlineClaims(t: SuggestText, actors: readonly Suggestion[]): Suggestion[] {
  const found: Suggestion[] = [];
  for (const a of actors) {
    const a16 = t.index.toUtf16(a.start);
    const lineStart = t.text.lastIndexOf('\n', a16 - 1) + 1;
    const before = t.text.slice(lineStart, a16);
    if (!/^\s*$|:\s*$/u.test(before)) continue;
    const e16 = t.index.toUtf16(a.end);
    const lineEnd = t.text.indexOf('\n', e16) < 0 ? t.text.length : t.text.indexOf('\n', e16);
    const colon = /^\s*(?:لـ*\S+\s*)?:\s*/u.exec(t.text.slice(e16, lineEnd));
    if (!colon) continue;
    let from = e16 + colon[0].length;
    let to = lineEnd;
    while (to > from && /[\s.]/u.test(t.text[to - 1])) to--;
    const quoted = /^["«“](.*)["»”]$/u.exec(t.text.slice(from, to));
    if (quoted) {
      from++;
      to--;
    }
    const said = t.text.slice(from, to);
    // what follows is said, not another label or a list: two words or more, not a further «X:»
    if (said.length < 8 || !/\s/u.test(said) || /^[^\s]+:/u.test(said) && !quoted) continue;
    const claim = t.span16('claim', from, to, 'headline');
    claim.speaker = { start: a.start, end: a.end, quote: a.quote };
    found.push(claim);
  }
  return found;
}

/**
 * A statement named by its source before a comma: «ووفقا لبيان الشركة، فإن X», «وبحسب وزير الخارجية، فإن X»
 * or «…، "X"»: the claim from «إن» (or the quotation's words) to where the speaker stops; the speaker
 * the first actor in the source phrase. None when the phrase names no actor («وفقا للخبراء»).
 */
export function sourceClaims(t: SuggestText, actors: readonly Suggestion[]): Suggestion[] {
  const found: Suggestion[] = [];
  const folded = t.folded.text;
  const source = /(?<![\p{L}\p{N}])[وف]?(?:وفقا|وفق|بحسب|حسب)\s*(ل?[^،,.\n:]{2,80}?)\s*[،,]\s*(ف?ان(?![\p{L}\p{N}])|["«“])/gu;
  for (const m of folded.matchAll(source)) {
    const phraseAt = m.index! + m[0].indexOf(m[1]);
    const phrase = t.span('actor', phraseAt, phraseAt + m[1].length, 'x');
    const first = actors[partitionPoint(actors.length, (k) => actors[k].start < phrase.start)];
    if (!first || first.end > phrase.end) continue;
    const mark = m.index! + m[0].length - m[2].length;
    let start: number;
    let end: number;
    if (/ان$/u.test(m[2])) {
      start = mark + m[2].length - 2;
      CLAIM_END.lastIndex = start + 2;
      const stop = CLAIM_END.exec(folded);
      end = stop ? stop.index : folded.length;
    } else {
      const close = /["»”]/u.exec(folded.slice(mark + 1, mark + 402));
      if (!close) continue;
      start = mark + 1;
      end = mark + 1 + close.index;
    }
    if (end - start < 8) continue;
    const claim = t.span('claim', start, end, 'source-phrase');
    claim.quote = claim.quote.replace(/[\s،,]+$/u, '');
    claim.end = claim.start + [...claim.quote].length;
    claim.speaker = { start: first.start, end: first.end, quote: first.quote };
    found.push(claim);
  }
  return found;
}
