// Over 500 lines: the suggestion rules (dates, actors, claims) share one tokenised text and its
// word edges; a file per rule family is planned with issue 11's rule work.
/**
 * Suggestions (pre-annotation): spans that look like dates, actors and claims, for the analyst to
 * accept or reject. Rules, not a model: Arabic news patterns (month names, weekdays, relative
 * days; titles such as وزير / الرئيس / المتحدث باسم followed by a name; organisations; reporting
 * verbs قال، أكد، أعلن… with إن/أن or a quotation), their English counterparts, and names the
 * analyst already annotated. Matching runs on folded text (matchText) and every span is mapped
 * back to the original text; offsets are code points.
 */
import * as chrono from 'chrono-node';
import type { Label } from '../model/annotation';
import { type DateValue, ORDINAL_DAYS, normalizeDate } from '../model/dateValue';
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

/** What suggestions may use. */
export interface SuggestOptions {
  /** Publication date (YYYY-MM-DD) for date values. */
  published?: string;
  /** Actor names known from annotations or the entity registry (their mentions are suggested). */
  knownActors?: readonly string[];
}

const MONTH_NAMES = [
  'كانون الثاني',
  'كانون الاول',
  'تشرين الثاني',
  'تشرين الاول',
  'يناير',
  'جانفي',
  'فبراير',
  'شباط',
  'فيفري',
  'مارس',
  'اذار',
  'ابريل',
  'نيسان',
  'افريل',
  'مايو',
  'ايار',
  'ماي',
  'يونيو',
  'يونيه',
  'حزيران',
  'جوان',
  'يوليو',
  'يوليه',
  'تموز',
  'جويليه',
  'اغسطس',
  'اب',
  'اوت',
  'سبتمبر',
  'ايلول',
  'اكتوبر',
  'نوفمبر',
  'ديسمبر',
];
/** Word lists are written as read; matching runs on folded text, so they are folded too (ئ -> ي…). */
const fold = (w: string) => foldText(w).text;
const MONTH = `(?:${MONTH_NAMES.map(fold).join('|')})`;
const ORDINAL = `(?:${ORDINAL_DAYS.map(([w]) => w).join('|')})`;
const WEEKDAY = '(?:ال)?(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)';
const PART = '(?:مساء|صباح|ظهر|عصر|ليله|فجر)';
const MOD = '(?:القادم|القادمه|المقبل|المقبله|الماضي|الماضيه|الفائت|المنصرم)';
const YEAR = '(?:(?:من )?(?:عام |سنه |العام )?\\d{4}(?: ?م)?)';
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const CLITIC = '(?:[وفبل](?=[\\p{L}\\d]))?';

/** Date patterns on folded text, longest first; group 1 is the span. */
const DATE_PATTERNS: [string, RegExp][] = [
  [
    'ar-day-month',
    new RegExp(
      `${B}${CLITIC}((?:${WEEKDAY} ?[،,]? ?)?(?:(?:${ORDINAL}) (?:من )?|\\d{1,2}(?: ?[-–] ?\\d{1,2})?[ ./-]{0,2}(?:من )?)${MONTH}(?: ?/ ?${MONTH})?(?: ?[،,]? ?${YEAR})?)${E}`,
      'gu',
    ),
  ],
  [
    'ar-month-day',
    new RegExp(`${B}${CLITIC}(${MONTH}(?: ?[-]? ?\\d{1,2}| (?:${ORDINAL}))(?: ?[،,] ?\\d{4})?)${E}`, 'gu'),
  ],
  ['ar-weekday-day', new RegExp(`${B}(?:يوم )?${CLITIC}(${WEEKDAY} (?:في )?(?:\\d{1,2}|${ORDINAL}))${E}`, 'gu')],
  ['ar-month-year', new RegExp(`${B}${CLITIC}((?:شهر )?${MONTH}(?: ?/ ?${MONTH})? ${YEAR})${E}`, 'gu')],
  [
    'numeric',
    new RegExp(
      `${B}(\\d{4}/\\d{1,2}/\\d{1,2}|\\d{1,2}[/-]\\d{1,2}[/-]\\d{2,4}|\\d{1,2}/\\d{1,2}, ?\\d{2,4})${E}`,
      'gu',
    ),
  ],
  ['ar-numeric-short', new RegExp(`(?<=(?:في|عند) )(\\d{1,2}[./-]\\d{1,2})${E}`, 'gu')],
  ['ar-part-weekday', new RegExp(`${B}${CLITIC}(${PART} (?:يوم )?${WEEKDAY}(?: ${MOD})?)${E}`, 'gu')],
  // a weekday without the word يوم before it, as the Recognizers-Text gold marks it
  ['ar-weekday', new RegExp(`${B}(?:يوم )?${CLITIC}(${WEEKDAY}(?: ${MOD})?(?: (?:الاسبوع|الشهر) ${MOD})?)${E}`, 'gu')],
  [
    'ar-relative',
    new RegExp(
      `${B}${CLITIC}((?:${PART} )?(?:اول امس|بعد غد|البارحه|امس|غدا|اليوم|الليله|(?:الاسبوع|الشهر|العام) ${MOD}))${E}`,
      'gu',
    ),
  ],
  ['ar-month', new RegExp(`${B}${CLITIC}((?:شهر )${MONTH})${E}`, 'gu')],
];

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
const STOP_WORDS = [
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
];
/** Words that end a name or a speaker (folded, like the text they are compared with). */
const STOP = new Set(STOP_WORDS.map(fold));
const REPORTING_VERBS = [
  'قال',
  'أكد',
  'أعلن',
  'أوضح',
  'أشار',
  'شدد',
  'اعتبر',
  'لفت',
  'أضاف',
  'صرح',
  'ذكر',
  'نفى',
  'كشف',
  'حذر',
  'رأى',
  'تابع',
];

interface Word {
  text: string;
  start: number;
  end: number;
}

/** The words of folded text with their folded offsets. */
function words(folded: string): Word[] {
  return [...folded.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    text: m[0],
    start: m.index!,
    end: m.index! + m[0].length,
  }));
}

class SuggestText {
  readonly index: OffsetIndex;
  readonly folded: FoldedText;
  constructor(readonly text: string) {
    this.index = new OffsetIndex(text);
    this.folded = foldText(text);
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

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Spans that do not overlap one another, sorted by start: answers "does this span overlap one
 * of them" in O(log n) (long articles have thousands of suggestions).
 */
class DisjointSpans {
  private readonly spans: { start: number; end: number }[] = [];

  /** Index of the first span that ends after `at`. */
  private firstEndingAfter(at: number): number {
    return partitionPoint(this.spans.length, (i) => this.spans[i].end <= at);
  }

  overlaps(span: { start: number; end: number }): boolean {
    const i = this.firstEndingAfter(span.start);
    return i < this.spans.length && overlaps(this.spans[i], span);
  }

  /** Adds a span that overlaps none of them. */
  add(span: { start: number; end: number }): void {
    this.spans.splice(this.firstEndingAfter(span.start), 0, span);
  }
}

/** Keeps the longest of overlapping suggestions of one label (earlier rules win ties). */
function dedupe(list: Suggestion[]): Suggestion[] {
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

function suggestDates(t: SuggestText, published?: string): Suggestion[] {
  const found: Suggestion[] = [];
  for (const [rule, re] of DATE_PATTERNS) {
    for (const m of t.folded.text.matchAll(re)) {
      const span = m[1];
      const start = m.index! + m[0].indexOf(span);
      found.push(t.span('date', start, start + span.length, rule));
    }
  }
  // English (and what chrono-node reads in Arabic that the patterns missed)
  for (const r of chrono.en.parse(t.text, new Date(Date.UTC(2020, 0, 1)))) {
    // "on Monday", "in May": the date without its preposition
    const lead = /^(?:on|in|at|by|since|until|from)\s+/i.exec(r.text)?.[0].length ?? 0;
    found.push(t.span16('date', r.index + lead, r.index + r.text.length, 'en-chrono'));
  }
  return dedupe(found).map((s) => {
    const value = normalizeDate(s.quote, published);
    return value ? { ...s, value: value.value } : s;
  });
}

function suggestActors(t: SuggestText, knownActors: readonly string[]): Suggestion[] {
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

/** Participles with which a speaker goes on to a new claim ("، مؤكدا أن…"); folded like the text. */
const GOING_ON = ['مؤكدا', 'مضيفا', 'مشيرا', 'موضحا', 'لافتا', 'معتبرا', 'قائلا', 'مشددا'];
/** Where a claim after إن/أن ends: the sentence's end, a quotation, or the speaker going on. */
const CLAIM_END = new RegExp(
  `[.؟!؛\\n]|[“"«]|[،,]\\s*(?:${GOING_ON.map((w) => foldText(w).text).join('|')})(?![\\p{L}\\p{N}])`,
  'u',
);

/** How far (code points) a reporting verb without a subject takes the previous claim's speaker. */
const SPEAKER_CARRY = 1500;

function suggestClaims(t: SuggestText, actors: readonly Suggestion[]): Suggestion[] {
  const found: Suggestion[] = [];
  let lastSpeaker: Suggestion | undefined;
  const folded = t.folded.text;
  // Arabic: reporting verb, optional speaker words, then إن/أن and the clause, or a quotation
  // a reporting verb, or a participle with which the speaker goes on ("، مؤكدا أن…")
  const verb = new RegExp(
    `(?<![\\p{L}\\p{N}])[وف]?(?:(?:${REPORTING_VERBS.map(fold).join('|')})(?:ت|وا|ا)?|(${GOING_ON.map(fold).join('|')}))(?![\\p{L}\\p{N}])`,
    'gu',
  );
  for (const m of folded.matchAll(verb)) {
    const after = m.index! + m[0].length;
    const rest = folded.slice(after, after + 400);
    const that = /^((?:[ \p{L}]{0,60}?))\s*(?:،\s*)?(?:ب?ان(?:ه|ها|هم)?|قائلا[:،]?|:)\s*/u.exec(rest);
    const quoted = /^([ \p{L}]{0,60}?)\s*(?:قائلا|بالقول)?\s*[:،]?\s*[“"«”]([^“"«»”\n]{3,400})[”"»“]/u.exec(rest);
    let claimStart: number | undefined;
    let claimEnd: number | undefined;
    let speakerText = '';
    if (quoted) {
      speakerText = quoted[1].trim();
      claimStart = after + quoted[0].indexOf(quoted[2], quoted[1].length);
      claimEnd = claimStart + quoted[2].length;
    } else if (that) {
      speakerText = that[1].trim();
      claimStart = after + that[0].length;
      // the claim ends at the sentence's end, a quotation, or where the speaker goes on ("، مؤكدا أن…")
      const end = CLAIM_END.exec(folded.slice(claimStart));
      claimEnd = claimStart + (end ? end.index : folded.length - claimStart);
    }
    if (claimStart === undefined || claimEnd === undefined || claimEnd - claimStart < 8) continue;
    const claim = t.span('claim', claimStart, claimEnd, quoted ? 'reporting-verb-quote' : 'reporting-verb');
    claim.quote = claim.quote.replace(/[\s،,]+$/u, '');
    claim.end = claim.start + [...claim.quote].length;
    // the speaker: words between the verb and the claim, else the nearest actor before the verb
    const verbStart = t.span('claim', m.index!, m.index!, 'x').start;
    let speaker: Suggestion | undefined;
    speakerText = speakerText
      .split(' ')
      .filter((w) => !STOP.has(w))
      .join(' ')
      .trim();
    const goingOn = m[1] !== undefined;
    if (goingOn) {
      // the speaker of the claim before goes on; words after the participle ("في نفس الوقت") are no speaker
      if (lastSpeaker && verbStart - lastSpeaker.end < SPEAKER_CARRY) speaker = lastSpeaker;
    } else if (speakerText) {
      const sStart = after + rest.indexOf(speakerText);
      const s = t.span('actor', sStart, sStart + speakerText.length, 'speaker');
      speaker = actors.find((a) => overlaps(a, s)) ?? s;
      lastSpeaker = speaker;
    } else if (lastSpeaker && verbStart - lastSpeaker.end < SPEAKER_CARRY) {
      // no subject written ("وقال إن…", "وأشار إلى أن…"): in news the speaker goes on being the last one named
      speaker = lastSpeaker;
    } else {
      // else the last person named before the verb (organisations seldom speak in the third person)
      speaker = [...actors]
        .reverse()
        .find((a) => a.rule !== 'organisation' && a.end <= verbStart && verbStart - a.end < 600);
    }
    if (speaker) claim.speaker = { start: speaker.start, end: speaker.end, quote: speaker.quote };
    found.push(claim);
  }
  // English: said/told/announced (that) ...
  for (const m of t.text.matchAll(
    /\b(said|told \w+|announced|stated|added|stressed|warned|denied|confirmed)(?:[^.!?\n"“]{0,40}?\bthat\b)?\s+(["“][^"”\n]{3,400}["”]|[^.!?\n]{8,400})/gu,
  )) {
    const body = m[2].replace(/^["“]|["”]$/g, '');
    const start = m.index! + m[0].length - m[2].length + (m[2] === body ? 0 : 1);
    const claim = t.span16('claim', start, start + body.length, 'en-reporting-verb');
    const verbAt = t.index.toCodePoint(m.index!);
    const speaker = [...actors].reverse().find((a) => a.end <= verbAt && verbAt - a.end < 200);
    if (speaker) claim.speaker = { start: speaker.start, end: speaker.end, quote: speaker.quote };
    found.push(claim);
  }
  return dedupe(found);
}

/**
 * Suggested dates, actors and claims for `text` (code points), sorted by position. Nothing is
 * stored: the analyst accepts or rejects each one.
 */
export function suggest(text: string, options: SuggestOptions = {}): Suggestion[] {
  const t = new SuggestText(text);
  const dates = suggestDates(t, options.published);
  const dateSpans = new DisjointSpans();
  for (const d of dates) dateSpans.add(d);
  const actors = suggestActors(t, options.knownActors ?? []).filter((a) => !dateSpans.overlaps(a));
  const claims = suggestClaims(t, actors);
  return [...dates, ...actors, ...claims].sort((x, y) => x.start - y.start || y.end - x.end);
}
