/**
 * Suggested dates: Arabic patterns on folded text (day and month names, Gregorian, Levantine and
 * Maghrebi months, weekdays, relative days, parts of the day) and chrono-node for English and
 * what the patterns miss, each with its value (model/dateValue) resolved against the
 * publication date. Offsets: code points.
 */
import * as chrono from 'chrono-node';
import { ORDINAL_DAYS, normalizeDate } from '../model/dateValue';
import { type SuggestText, type Suggestion, dedupe, fold } from './suggestText';

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

export function suggestDates(t: SuggestText, published?: string): Suggestion[] {
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
