/**
 * What the suggestion rules share: the suggestion shape, the text folded once with its word
 * edges, the stop words that end a name, and keeping the longest of overlapping suggestions.
 * Offsets: folded UTF-16 inside the rules, code points in every Suggestion.
 */
import type { Label } from '../model/annotation';
import type { DateValue } from '../model/dateValue';
import { type FoldedText, foldText, originalSpan } from '../text/matchText';
import { OffsetIndex, snapToGraphemes } from '../text/offsets';
import { partitionPoint } from '../util/binarySearch';

/** A suggested annotation. */
export interface Suggestion {
  label: Label;
  /** Start in code points, inclusive. */
  start: number;
  /** End in code points, exclusive. */
  end: number;
  quote: string;
  /** Dates: the value (see dateValue). */
  value?: DateValue['value'];
  /** Dates: how the value was found; `relative` when it rests on the publication date. */
  valueBasis?: DateValue['basis'];
  /**
   * Actors: the name of the person this mention refers to, as the article writes it in full (a
   * later surname, a bare role: within-article coreference), or the name in a title and name.
   */
  entity?: string;
  /** Claims: who made it, when found (code points). */
  speaker?: { start: number; end: number; quote: string };
  /** Which rule found it, for review (an import: "import: <file name>"). */
  rule: string;
  /** An imported span (core/exchange/importSuggestions): what the file says beyond label and span. */
  imported?: ImportedDetails;
}

/** What an imported span carries besides its label and span; relations name other spans by the file's `ref`. */
export interface ImportedDetails {
  /** The span's reference in the imported file (brat T1, a W3C id...). */
  ref: string;
  entity?: string;
  stance?: string;
  note?: string;
  attributes?: Record<string, string>;
  /** Relation name to the `ref` of the imported span it points to. */
  relations?: Record<string, string>;
  /** Where the span is in the imported file, 1-based (UTF-16 columns). */
  line: number;
  column: number;
}

/** Word lists are written as read; matching runs on folded text, so they are folded too (ئ -> ي…). */
export const fold = (w: string) => foldText(w).text;

const STOP_WORDS = [
  // adverbs and pronouns that stand where a speaker could («قال عنه», «بدوره», «سابقا», «هناك»)
  'هناك', 'هنالك', 'هنا', 'ايضا', 'كذلك', 'بدوره', 'بدورها', 'عنه', 'عنها', 'عنهم', 'سابقا', 'لاحقا', 'مجددا',
  'حينها', 'حينذاك', 'بذلك', 'فيه', 'فيها', 'له', 'لها', 'لهم', 'لنا',
  'ان',
  'انه',
  'انها',
  'في',
  'على',
  'الى',
  'من',
  'عن',
  'مع',
  'قال',
  'الذي',
  'التي',
  'خلال',
  'و',
  'او',
  'ثم',
  'لقد',
  'قد',
  'كان',
  'كانت',
  'هذا',
  'هذه',
  'ذلك',
  'تلك',
  'بعد',
  'قبل',
  'عند',
  'حول',
  'بين',
  'امام',
  'لدى',
  'منذ',
  'حتى',
  'اي',
  'ما',
  'لا',
  'لم',
  'لن',
  'هو',
  'هي',
  'كما',
  'عقب',
  'اليوم',
  'امس',
  'غدا',
  'مساء',
  'صباح',
  'يوم',
  'ايضا',
  'بان',
  'لان',
  'قائلا',
  'مضيفا',
  'مؤكدا',
  'مشيرا',
  'بالقول',
  'فيما',
  'بينما',
  'حيث',
  'اذ',
  'لكن',
  'غير',
  'ضد',
  'لدي',
  // pronouns and adverbs that stand between a verb and its clause: «وقال بدوره إن», «ونقل عنه أن»
  'بدوره',
  'بدورها',
  'بدورهم',
  'عنه',
  'عنها',
  'عنهم',
  'له',
  'لها',
  'سابقا',
  'لاحقا',
  'حاليا',
  'مجددا',
  'اخيرا',
  'صراحه',
  'للصحفيين',
  'للصحافيين',
  // words that follow a name in a sentence: «بوتين مرة أخرى», «الوزير نفسه»
  'مرة',
  'مرات',
  'أخرى',
  'كذلك',
  'نفسه',
  'نفسها',
  'شخصيا',
  'وحده',
  'ومن',
];
/**
 * The medium of an interview or a statement («لقناة …», «لصحيفة …», «في حديث لوكالة …»), folded:
 * its words are no speaker and no name; when the medium comes before the speaker's words, where
 * the medium's name ends is unknown, so no speaker is taken from them.
 */
export const MEDIUM =
  /^(?:ل|لـ*[^\p{Script=Arabic}\s].*|(?:ل|في |عبر )?(?:قناه|صحيفه|وكاله|تلفزيون|اذاعه|موقع|مجله|حديث|مقابله|تصريح|تصريحات|بيان|تغريده))$/u;
/** «أن», «إن», «بأن» with or without a pronoun («بأنه», «أنها»), folded: never part of a name. */
export const THAT_WORD = /^[بلك]?ان(?:هما|ها|هم|هن|ه|نا|ني|كم|ك)?$/u;
/** Words that end a name or a speaker (folded, like the text they are compared with). */
export const STOP = new Set(STOP_WORDS.map(fold));

export interface Word {
  text: string;
  start: number;
  end: number;
}

/** The words of folded text with their folded offsets. */
export function words(folded: string): Word[] {
  return [...folded.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    text: m[0],
    start: m.index!,
    end: m.index! + m[0].length,
  }));
}

export class SuggestText {
  readonly index: OffsetIndex;
  readonly folded: FoldedText;
  constructor(readonly text: string) {
    this.index = new OffsetIndex(text);
    const folded = foldText(text);
    // the rules write a space as ' ': a no-break or thin space between words («رأى\u00A0وزير») is one too
    // (one UTF-16 unit for one: the map back to the original stays as it is)
    this.folded = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/u.test(folded.text)
      ? { text: folded.text.replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/gu, ' '), origin: folded.origin }
      : folded;
  }

  /** A suggestion from a folded span. */
  span(label: Label, start: number, end: number, rule: string): Suggestion {
    const [s16, e16] = originalSpan(this.folded, this.text, start, end);
    return this.span16(label, s16, e16, rule);
  }

  /** A suggestion from an original UTF-16 span, widened to whole grapheme clusters (a haraka on its last letter). */
  span16(label: Label, s16: number, e16: number, rule: string): Suggestion {
    const [s, e] = snapToGraphemes(this.index, this.index.toCodePoint(s16), this.index.toCodePoint(e16));
    return { label, start: s, end: e, quote: this.index.slice(s, e), rule };
  }
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Spans that do not overlap one another, sorted by start: answers "does this span overlap one
 * of them" in O(log n) and adds one in O(√n) (long articles have tens of thousands of
 * suggestions): they are kept in blocks of at most {@link BLOCK} spans, split when full.
 */
export class DisjointSpans {
  private readonly blocks: { start: number; end: number }[][] = [];

  /** Block and index in it of the first span that ends after `at` (the block count and 0 when none). */
  private firstEndingAfter(at: number): [number, number] {
    const blocks = this.blocks;
    const b = partitionPoint(blocks.length, (i) => blocks[i][blocks[i].length - 1].end <= at);
    if (b === blocks.length) return [b, 0];
    const block = blocks[b];
    return [b, partitionPoint(block.length, (i) => block[i].end <= at)];
  }

  overlaps(span: { start: number; end: number }): boolean {
    const [b, i] = this.firstEndingAfter(span.start);
    return b < this.blocks.length && overlaps(this.blocks[b][i], span);
  }

  /** Adds a span that overlaps none of them. */
  add(span: { start: number; end: number }): void {
    let [b, i] = this.firstEndingAfter(span.start);
    if (b === this.blocks.length) {
      // after every span: at the end of the last block
      if (b === 0) {
        this.blocks.push([span]);
        return;
      }
      b--;
      i = this.blocks[b].length;
    }
    const block = this.blocks[b];
    block.splice(i, 0, span);
    if (block.length > 2 * BLOCK) this.blocks.splice(b + 1, 0, block.splice(BLOCK));
  }
}

/** Spans per block of {@link DisjointSpans} (a block holds up to twice as many before it is split). */
const BLOCK = 256;

/** Keeps the longest of overlapping suggestions of one label (earlier rules win ties). */
export function dedupe(list: Suggestion[]): Suggestion[] {
  const out: Suggestion[] = [];
  const kept = new Map<Label, DisjointSpans>();
  for (const s of [...list].sort((x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start)) {
    let spans = kept.get(s.label);
    if (!spans) kept.set(s.label, (spans = new DisjointSpans()));
    if (spans.overlaps(s)) continue;
    spans.add(s);
    out.push(s);
  }
  return out.sort((x, y) => x.start - y.start || y.end - x.end);
}
