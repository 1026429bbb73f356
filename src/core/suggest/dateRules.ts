/**
 * Suggested dates: Arabic patterns on folded text (day and month names, Gregorian, Levantine and
 * Maghrebi months, weekdays, relative days, parts of the day) and chrono-node for English and
 * what the patterns miss, each with its value (model/dateValue) resolved against the
 * publication date. Offsets: code points.
 */
import * as chrono from 'chrono-node';
import { normalizeDate } from '../model/dateValue';
import { HIJRI_MONTHS, ORDINAL_DAYS } from '../model/dateWords';
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
const MONTH = `(?:${MONTH_NAMES.map(fold).join('|')})`;
/**
 * The same month's other name after it, as news writes both calendars: «تموز/يوليو», «يوليو تموز»,
 * «14 تموز (يوليو)» (the parenthesis inside the span).
 */
const ALT_MONTH = `(?: ?/ ?${MONTH}| \\(${MONTH}\\)| ${MONTH})`;
const ORDINAL = `(?:${ORDINAL_DAYS.map(([w]) => w).join('|')})`;
const WEEKDAY_NAME = '(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)';
/**
 * A weekday: «الخميس», or a bare name right after «يوم» («يوم خميس»). A bare «احد» or «اثنين»
 * is a number («واحد», «اثنين منهم»), a bare «جمعة» a name or "a gathering".
 */
const WEEKDAY = `(?:ال${WEEKDAY_NAME}|(?<=يوم [وفبل]?)${WEEKDAY_NAME})`;
const PART = '(?:مساء|صباح|ظهر|ظهيره|عصر|ليله|ليل|فجر|عشيه|ضحي)';
const MOD = '(?:القادم|القادمه|المقبل|المقبله|الماضي|الماضيه|الفائت|الفائته|المنصرم|المنصرمه)';
const YEAR = '(?:(?:من )?(?:عام |سنه |العام )?\\d{4}(?: ?م)?)';
/** A year of news: 1800–2099. */
const YEAR_NUMBER = '(?:1[89]\\d\\d|20\\d\\d)';
/** Where in a month: «مطلع تشرين الثاني», «أواخر مارس», «منتصف الشهر». */
const PART_OF_MONTH = '(?:مطلع|اوائل|اواخر|منتصف|اواسط|نهايه|بدايه|اخر|اول)';
/** Month names that are ordinary words when bare: «أب» (father) folds like «آب», «ماي». */
const BARE_MONTH = `(?:${MONTH_NAMES.filter((m) => !['اب', 'ماي'].includes(m)).map(fold).join('|')})`;
const HIJRI = `(?:${HIJRI_MONTHS.map(([name]) => name).join('|')})`;
/** Hijri months that are also common words or names when bare: «صفر» (zero), «رجب», «شعبان», «رمضان»… */
const HIJRI_SAFE = '(?:ربيع الاول|ربيع الثاني|ربيع الاخر|جمادي الاولي|جمادي الاخره|جمادي الثانيه|ذو القعده|ذي القعده|ذو الحجه|ذي الحجه|شوال)';
/** A clock time: «09:15», «الساعة 9:15 مساء». */
const CLOCK = '(?:(?:الساعه )?\\d{1,2}:\\d{2}(?: (?:صباحا|مساء|ظهرا|عصرا|ليلا))?)';
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const CLITIC = '(?:[وفبل](?=[\\p{L}\\d]))?';

/** Date patterns on folded text, longest first; group 1 is the span. */
const DATE_PATTERNS: [string, RegExp][] = [
  [
    'ar-day-month',
    new RegExp(
      `${B}${CLITIC}((?:${WEEKDAY} ?[،,]? ?)?(?:(?:${ORDINAL}) (?:من )?|\\d{1,2}(?: ?[-–] ?\\d{1,2})?[ ./-]{0,2}(?:من )?)${MONTH}${ALT_MONTH}?(?: ?[،,]? ?${YEAR}| ${MOD})?)${E}`,
      'gu',
    ),
  ],
  [
    'ar-month-day',
    new RegExp(`${B}${CLITIC}(${MONTH}(?: ?[-]? ?\\d{1,2}| (?:${ORDINAL}))(?: ?[،,] ?\\d{4})?)${E}`, 'gu'),
  ],
  ['ar-weekday-day', new RegExp(`${B}(?:يوم )?${CLITIC}(${WEEKDAY} (?:في )?(?:\\d{1,2}|${ORDINAL}))${E}`, 'gu')],
  ['ar-month-year', new RegExp(`${B}${CLITIC}((?:شهر )?${MONTH}${ALT_MONTH}? ${YEAR})${E}`, 'gu')],
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
  // a weekday and its week: «الجمعة من هذا الأسبوع», «هذا الأسبوع يوم السبت»
  [
    'ar-weekday-week',
    new RegExp(
      `${B}${CLITIC}(${WEEKDAY} (?:من )?(?:هذا |هذه )?(?:الاسبوع|الشهر)(?: ${MOD})?|(?:هذا |هذه )?(?:الاسبوع|الشهر)(?: ${MOD})? (?:يوم )?${WEEKDAY})${E}`,
      'gu',
    ),
  ],
  [
    'ar-relative',
    new RegExp(
      `${B}${CLITIC}((?:${PART} )?(?:اول امس|بعد غد|البارحه|امس|غدا|اليوم|الليله|(?:الاسبوع|الشهر|العام) ${MOD}))${E}`,
      'gu',
    ),
  ],
  ['ar-month', new RegExp(`${B}${CLITIC}((?:شهر )${MONTH})${E}`, 'gu')],
  // «اليوم الخميس», «أمس الأربعاء»: one date
  ['ar-today-weekday', new RegExp(`${B}${CLITIC}((?:اليوم|امس|الامس|غدا) ${WEEKDAY})${E}`, 'gu')],
  ['ar-yesterday', new RegExp(`${B}${CLITIC}((?:يوم )?الامس)${E}`, 'gu')],
  // ranges: «من 5 إلى 9 أكتوبر», «بين 10 و14 أكتوبر», «من 10 لـ20 سبتمبر الجاري» (the span from the first day)
  [
    'ar-day-range',
    new RegExp(`(?:${B}[وف]?(?:من|بين) )(\\d{1,2} ?(?:الي|حتي|و|-|ل) ?\\d{1,2} (?:من )?${MONTH}${ALT_MONTH}?(?: ${YEAR}| الجاري)?)${E}`,
      'gu'),
  ],
  // a month with where in it, or before or after now: «مارس الماضي», «مطلع تشرين الثاني/نوفمبر»
  [
    'ar-month-mod',
    new RegExp(
      `${B}${CLITIC}(${PART_OF_MONTH} (?:شهر )?${MONTH}${ALT_MONTH}?(?: ${MOD}| ${YEAR})?|${BARE_MONTH}${ALT_MONTH}? ${MOD})${E}`,
      'gu',
    ),
  ],
  // a month after في/منذ/خلال/حتى with nothing more: «في مارس»
  ['ar-bare-month', new RegExp(`(?<=${B}[وف]?(?:في|منذ|خلال|حتي|قبل|بعد) )(${BARE_MONTH}${ALT_MONTH}?)${E}`, 'gu')],
  // halves and quarters of a year: «النصف الأول لعام 2015م», «الربع الثاني من العام الجاري»
  [
    'ar-part-of-year',
    new RegExp(
      `${B}${CLITIC}((?:النصف|الربع) (?:الاول|الثاني|الثالث|الرابع|الاخير)(?: (?:من |ل)?(?:(?:عام|العام|سنه|السنه) ?${YEAR_NUMBER}(?: ?م)?|${YEAR_NUMBER}(?: ?م)?|(?:هذا |هذه )?(?:العام|السنه)(?: (?:${MOD.slice(3, -1)}|الحالي|الحاليه|الجاري|الجاريه))?)))${E}`,
      'gu',
    ),
  ],
  // where in a year or month: «مطلع 2015», «أواخر العام», «منتصف الشهر الجاري», «نهاية العام المقبل»
  [
    'ar-part-of-period',
    new RegExp(
      `${B}${CLITIC}(${PART_OF_MONTH} (?:(?:عام |العام )?${YEAR_NUMBER}(?: ?م)?|(?:هذا |هذه )?(?:الشهر|العام|السنه)(?: (?:${MOD.slice(3, -1)}|الحالي|الحاليه|الجاري|الجاريه))?))${E}`,
      'gu',
    ),
  ],
  // the period before named again a year earlier: «الفترة ذاتها من العام الماضي» (value below)
  [
    'ar-same-period',
    new RegExp(`${B}${CLITIC}((?:الفتره|المده|الربع|النصف|الشهر) (?:ذاتها|ذاته|نفسها|نفسه) (?:من|في) (?:العام|السنه) (?:الماضي|السابق|المنصرم|الفائت))${E}`, 'gu'),
  ],
  // years: «عام 1982», «في 2014», «منذ 2011»
  ['ar-year', new RegExp(`${B}${CLITIC}((?:عام|العام|سنه|السنه) ${YEAR_NUMBER}(?: ?م)?)${E}`, 'gu')],
  ['ar-year-bare', new RegExp(`(?<=${B}[وف]?(?:في|منذ|حتي|قبل|بعد|خلال) )(${YEAR_NUMBER})(?: ?م)?${E}`, 'gu')],
  // weeks, months and years relative to now: «الأسبوع المقبل», «السنة القادمة», «هذا العام»
  [
    'ar-period',
    new RegExp(
      `${B}${CLITIC}((?:(?:الاسبوع|الشهر|العام|السنه) (?:${MOD}|الحالي|الحاليه|الجاري|الجاريه))|(?:هذا|هذه) (?:الاسبوع|الشهر|العام|السنه))${E}`,
      'gu',
    ),
  ],
  // Hijri months: «شهر رمضان», «رمضان 1441 هـ», «في ذي الحجة»
  [
    'ar-hijri',
    new RegExp(
      `${B}${CLITIC}((?:(?:${PART_OF_MONTH} )?شهر ${HIJRI}|${HIJRI} 1[34]\\d\\d(?: ?ه)?|${HIJRI_SAFE})(?: ${MOD})?)${E}`,
      'gu',
    ),
  ],
  ['ar-hijri-bare', new RegExp(`(?<=${B}[وف]?(?:في|خلال|منذ|قبل|بعد|حتي) )(${HIJRI}(?: ${MOD})?)${E}`, 'gu')],
  // a clock time (joined with the date beside it below)
  ['ar-clock', new RegExp(`${B}(${CLOCK})${E}`, 'gu')],
];

/** What may stand between a date and its clock time: «يوم 4 تموز 2023 في الساعة 09:15». */
const DATE_CLOCK_GAP = /^[\s،,]*(?:(?:في|عند|من|يوم) )?(?:(?:صباح|مساء|ظهر|عصر|فجر|ليل|ليلة|ليله)(?: يوم)? )?[\s]*$/u;

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
  let period: string | undefined;
  return joinClocks(t, dedupe(found)).map((s) => {
    if (s.rule === 'ar-same-period') {
      // the last quarter, half or month named before, a year earlier; no value without one
      const before = period && /^(\d{4})(-(?:Q[1-4]|H[12]|\d{2}))$/.exec(period);
      return before ? { ...s, value: `${Number(before[1]) - 1}${before[2]}`, valueBasis: 'relative' } : s;
    }
    const value = normalizeDate(s.quote, published);
    if (value && /^\d{4}-(?:Q[1-4]|H[12]|\d{2})$/.test(value.value)) period = value.value;
    return value ? { ...s, value: value.value, valueBasis: value.basis } : s;
  });
}

/**
 * A clock time and the date right beside it made one date («4 تموز 2023 الساعة 09:15» →
 * 2023-07-04T09:15), when only spaces, a comma or في/عند/من/يوم stand between them. `list` is
 * sorted by start and without overlaps.
 */
function joinClocks(t: SuggestText, list: Suggestion[]): Suggestion[] {
  const out: Suggestion[] = [];
  for (const s of list) {
    const prev = out[out.length - 1];
    if (prev && (s.rule === 'ar-clock') !== (prev.rule === 'ar-clock') && prev.rule !== 'date-clock' &&
      DATE_CLOCK_GAP.test(t.index.slice(prev.end, s.start))) {
      out[out.length - 1] = { label: 'date', start: prev.start, end: s.end, quote: t.index.slice(prev.start, s.end), rule: 'date-clock' };
      continue;
    }
    out.push(s);
  }
  return out;
}
