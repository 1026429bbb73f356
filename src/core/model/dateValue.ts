/**
 * Normalised values for date annotations: ISO 8601 / TIMEX3 strings computed from the quote,
 * with relative expressions ("اليوم", "مساء الثلاثاء", "الجمعة القادمة", "yesterday") resolved
 * against the article's publication date. Our own rules cover what news Arabic needs (Arabic-Indic
 * digits, Gregorian, Levantine and Maghrebi month names, paired names "ديسمبر/كانون الأول",
 * weekdays with يوم/ال/و/ب and modifiers, parts of the day); chrono-node's `ar` and `en` parsers
 * take the rest. Sources: ISO 8601; TimeML TIMEX3 (partial dates XXXX-12-18, weeks XXXX-WXX-2,
 * parts of day TMO/TAF/TEV/TNI, ranges A/B); chrono-node.
 */
import * as chrono from 'chrono-node';
import type { Annotation } from './annotation';
import { foldText } from '../text/matchText';
import { HIJRI_MONTHS, MONTHS, ORDINAL_DAYS, WEEKDAYS, mayHaveDateValue } from './dateWords';

/** A date annotation's value. */
export interface DateValue {
  /** ISO 8601 / TIMEX3: 2015-12-18, XXXX-12-18, 2015-12, 2015, XXXX-WXX-5, 2015-12-15TEV, 2002/2006. */
  value: string;
  /**
   * `explicit`: every part is in the text; `relative`: resolved against the publication date;
   * `partial`: parts stay unknown: a relative date with no publication date to resolve it, or a
   * part the text does not give (a day and month without a year stay XXXX-12-18 even beside a
   * publication date, as TIMEX3 and the Recognizers-Text gold keep them: the year is not said).
   */
  basis: 'explicit' | 'relative' | 'partial';
}

const PART_OF_DAY: [RegExp, string][] = [
  [/مساء|عشيه/, 'EV'],
  [/صباح|فجر|ضحى|ضحي/, 'MO'],
  [/ظهر|عصر/, 'AF'],
  [/ليل/, 'NI'],
];
const NEXT = /(القادم|القادمه|المقبل|المقبله)/;
const LAST = /(الماضي|الماضيه|الفائت|الفائته|المنصرم|المنصرمه)/;
const CLITIC = '(?:^|[\\s/(])[وفب]?';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function iso(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function parseDay(published: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86400000);
}

/** ISO weekday (Monday = 1) of a UTC date. */
function weekday(d: Date): number {
  return ((d.getUTCDay() + 6) % 7) + 1;
}

/** Every ordinal day word as a whole word, longest first (ORDINAL_DAYS is sorted so). */
const ORDINAL_RE = new RegExp(`(?<![\\p{L}])(${ORDINAL_DAYS.map(([w]) => w).join('|')})(?![\\p{L}])`, 'gu');
const ORDINAL_VALUE = new Map(ORDINAL_DAYS);

/** The day written as an ordinal word in folded text (الرابع من مايو, مايو الحادي عشر), if any. */
function ordinalDay(s: string): number | undefined {
  // the longest word anywhere wins, as when the words were tried one by one, longest first
  let best: string | undefined;
  for (const m of s.matchAll(ORDINAL_RE)) if (!best || m[1].length > best.length) best = m[1];
  return best === undefined ? undefined : ORDINAL_VALUE.get(best);
}

/** The first month name in the text (of a pair such as ديسمبر/كانون الأول, the first). */
/** Every month name (after a clitic or «شهر»), compiled once. */
const MONTH_RES = MONTHS.map(([name, month]) => [new RegExp(`${CLITIC}(?:شهر )?(${name})(?![\\p{L}])`, 'u'), month] as const);

function findMonth(s: string): { month: number; at: number; length: number } | undefined {
  let found: { month: number; at: number; length: number } | undefined;
  for (const [re, month] of MONTH_RES) {
    const m = re.exec(s);
    const at = m ? m.index + m[0].length - m[1].length : -1;
    if (m && (!found || at < found.at)) found = { month, at, length: m[1].length };
  }
  return found;
}

/** Every weekday, with or without ال (after a clitic or «يوم»); bare «أحد»/«اثنين» only after «يوم» («واحد»). */
const WEEKDAY_RES = WEEKDAYS.map(([name, day]) => {
  const bare = /^ال(?:احد|اثنين)$/u.test(name) ? `يوم ${name.slice(2)}` : `(?:يوم )?${name.slice(2)}`;
  return [new RegExp(`${CLITIC}(?:(?:يوم )?${name}|${bare})(?![\\p{L}])`, 'u'), day] as const;
});

function findWeekday(s: string): number | undefined {
  for (const [re, day] of WEEKDAY_RES) if (re.test(s)) return day;
  return undefined;
}

function partOfDay(s: string): string {
  for (const [re, code] of PART_OF_DAY) if (re.test(s)) return `T${code}`;
  return '';
}

/** A day of the month written as a number («الخميس 21», «20 من الشهر») or an ordinal word, if any. */
function dayNumber(s: string): number | undefined {
  const m = /(?<![\d:])(\d{1,2})(?![\d:])/.exec(s);
  const n = m ? Number(m[1]) : ordinalDay(s);
  return n !== undefined && n >= 1 && n <= 31 ? n : undefined;
}

/** What follows «الشهر» in «20 من الشهر المقبل» (group 1: the modifier, if any). */
const OF_MONTH = /(?:^|\s)(?:هذا |الشهر )?(القادم|القادمه|المقبل|المقبله|الماضي|الماضيه|الحالي|الجاري)?/u;

/** `s` (folded) with every Gregorian month name blanked out. */
function withoutMonthNames(s: string): string {
  let out = s;
  // (replace starts a global expression at 0 whatever its lastIndex)
  for (const re of MONTH_NAME_RES) out = out.replace(re, ' ');
  return out;
}
const MONTH_NAME_RES = MONTHS.map(([name]) => new RegExp(`(?<![\\p{L}])${name}(?![\\p{L}])`, 'gu'));

/** A clock time in `s` (folded) as a TIMEX3 time part «T09:15», or undefined. */
function clock(s: string): string | undefined {
  const m = /(?<!\d)(\d{1,2}):(\d{2})(?!\d)/.exec(s);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  let hour = Number(m[1]);
  if (hour < 12 && /مساء|ليلا|عصرا|ظهرا/.test(s.slice(m.index))) hour += 12;
  return `T${pad(hour)}:${m[2]}`;
}

/**
 * The year of the next (`next`) or last occurrence of month `month` (and day `day`) strictly
 * after or before the publication date `ref`: «مارس الماضي» on 2020-01-15 → 2019.
 */
function relativeYear(month: number, day: number | undefined, ref: Date, next: boolean): number {
  const y = ref.getUTCFullYear();
  const at = (year: number) => Date.UTC(year, month - 1, day ?? 1);
  const refDay = day === undefined ? Date.UTC(y, ref.getUTCMonth(), 1) : ref.getTime();
  if (next) return at(y) > refDay ? y : y + 1;
  return at(y) < refDay ? y : y - 1;
}

/**
 * The year in which month `month` lies nearest the publication date `ref` (within six months of
 * it): «ديسمبر» in January 2016 is December 2015, «يناير» in December 2015 is January 2016.
 */
function nearestYear(month: number, ref: Date): number {
  const y = ref.getUTCFullYear();
  const diff = month - 1 - ref.getUTCMonth();
  return diff > 6 ? y - 1 : diff < -6 ? y + 1 : y;
}

/** Ordinal words of halves and quarters, folded, to their number. */
const PART_ORDINALS: Record<string, number> = { الاول: 1, الثاني: 2, الثالث: 3, الرابع: 4, الاخير: 0 };

/**
 * A half or quarter of a year (TIMEX3 «2015-H1», «2015-Q2»): «النصف الأول لعام 2015م», «الربع
 * الثاني من العام الجاري», «النصف الثاني من العام الماضي»; of the year written, else of the year
 * the words name relative to the publication date (the publication's year when none is named).
 */
function partOfYear(s: string, year: number | undefined, ref: Date | undefined): DateValue | undefined {
  const m = /(?:^|\s)[وفبل]?(النصف|الربع) (الاول|الثاني|الثالث|الرابع|الاخير)(?:\s|$)/u.exec(s);
  if (!m) return undefined;
  const half = m[1] === 'النصف';
  let n = PART_ORDINALS[m[2]];
  if (n === 0) n = half ? 2 : 4;
  if (half && n > 2) return undefined;
  const code = `${half ? 'H' : 'Q'}${n}`;
  if (year) return { value: `${year}-${code}`, basis: 'explicit' };
  if (!ref) return NO_VALUE;
  const rest = s.slice(m.index + m[0].length);
  const step = /(?:العام|السنه)/u.test(rest) ? (NEXT.test(rest) ? 1 : LAST.test(rest) ? -1 : 0) : 0;
  return { value: `${ref.getUTCFullYear() + step}-${code}`, basis: 'relative' };
}

/** ISO 8601 week of a UTC date: «2020-W04». */
function isoWeek(d: Date): string {
  const thursday = addDays(d, 4 - weekday(d));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400000)) + 1;
  return `${year}-W${pad(week)}`;
}

/**
 * A week, month or year relative to the publication date (TIMEX3 granularity, not a day):
 * «الأسبوع المقبل» → 2020-W05, «الشهر الماضي» → 2019-12, «السنة القادمة» → 2021, «هذا العام» → 2020.
 */
function periodValue(s: string, ref: Date | undefined): DateValue | undefined {
  const m = /(?:^|\s)[وفبل]?(?:(هذا|هذه) )?(الاسبوع|الشهر|العام|السنه)(?: (القادم|القادمه|المقبل|المقبله|الماضي|الماضيه|الفائت|الفائته|المنصرم|المنصرمه|الحالي|الحاليه|الجاري|الجاريه))?(?:\s|$)/u
    .exec(s);
  // a bare «العام»/«الشهر» is a period only after where in it: «أواخر العام», «نهاية الشهر»
  const inPart = m && /(?:^|\s)[وفبل]?(?:مطلع|اوائل|اواخر|منتصف|اواسط|نهايه|بدايه|اخر) ?$/u.test(s.slice(0, m.index + 1));
  if (!m || (!m[1] && !m[3] && !inPart)) return undefined;
  if (!ref) return NO_VALUE;
  const step = m[3] && NEXT.test(m[3]) ? 1 : m[3] && LAST.test(m[3]) ? -1 : 0;
  if (m[2] === 'الاسبوع') return { value: isoWeek(addDays(ref, 7 * step)), basis: 'relative' };
  if (m[2] === 'الشهر') {
    const d = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + step, 1));
    return { value: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`, basis: 'relative' };
  }
  return { value: String(ref.getUTCFullYear() + step), basis: 'relative' };
}

/** Hijri (Umm al-Qura) year and month of a UTC day, by the platform's Intl calendar. */
const HIJRI_FORMAT = (() => {
  try {
    return new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { timeZone: 'UTC', year: 'numeric', month: 'numeric' });
  } catch {
    return undefined;
  }
})();

function hijriOf(d: Date): { year: number; month: number } | undefined {
  if (!HIJRI_FORMAT) return undefined;
  const parts = HIJRI_FORMAT.formatToParts(d);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return Number.isFinite(year) && Number.isFinite(month) ? { year, month } : undefined;
}

/** Every Hijri month name (after a clitic or «شهر»), compiled once. */
const HIJRI_RES = HIJRI_MONTHS.map(
  ([name, month]) => [new RegExp(`(?:^|\\s)[وفبل]?(?:شهر )?${name}(?![\\p{L}])`, 'u'), month] as const,
);

/**
 * The Gregorian days of a Hijri month as a TIMEX3 range «2020-04-24/2020-05-23» (Umm al-Qura):
 * of the Hijri year written («رمضان 1441 هـ»), else of the occurrence nearest the publication
 * date (in its Hijri year, or the next or last one with «المقبل»/«الماضي»); without either, no value.
 */
function hijriValue(s: string, ref: Date | undefined): DateValue | undefined {
  let found: { month: number; at: number } | undefined;
  for (const [re, month] of HIJRI_RES) {
    const m = re.exec(s);
    if (m && (!found || m.index < found.at)) found = { month, at: m.index };
  }
  if (!found) return undefined;
  const year = /(?<!\d)(1[34]\d\d)(?!\d)/.exec(s);
  let hijriYear: number | undefined = year ? Number(year[1]) : undefined;
  if (hijriYear === undefined && ref) {
    const now = hijriOf(ref);
    if (!now) return NO_VALUE;
    hijriYear = now.year;
    if (NEXT.test(s) && found.month <= now.month) hijriYear++;
    if (LAST.test(s) && found.month >= now.month) hijriYear--;
  }
  if (hijriYear === undefined) return NO_VALUE;
  // the month begins within 33 days either side of the estimate (a Hijri year is about 354.4 days)
  const estimate = Date.UTC(622, 6, 16) + ((hijriYear - 1) * 354.367 + (found.month - 1) * 29.53) * 86400000;
  let first: Date | undefined;
  let last: Date | undefined;
  for (let k = -40; k <= 70; k++) {
    const d = new Date(estimate + k * 86400000);
    const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    const h = hijriOf(day);
    if (h?.year === hijriYear && h.month === found.month) {
      first ??= day;
      last = day;
    }
  }
  if (!first || !last) return NO_VALUE;
  return { value: `${iso(first)}/${iso(last)}`, basis: year ? 'explicit' : 'relative' };
}

/** Returned by a rule that recognised the expression but cannot give it a value (no reference). */
const NO_VALUE: DateValue = { value: '', basis: 'partial' };

/** Our rules for Arabic; undefined when they do not apply. */
function arabicValue(quote: string, ref: Date | undefined): DateValue | undefined {
  const s = foldText(quote).text.replace(/\s+/gu, ' ').trim();
  const range = /^(?:[^\d]*?)(1[89]\d\d|20\d\d)\s*[-–/]\s*(1[89]\d\d|20\d\d)$/.exec(s);
  if (range) return { value: `${range[1]}/${range[2]}`, basis: 'explicit' };
  const onlyYear = /^(1[89]\d\d|20\d\d)( ?م)?$/u.exec(s);
  if (onlyYear) return { value: onlyYear[1], basis: 'explicit' };
  const onlyClock = /^(?:الساعه )?(\d{1,2}):(\d{2})$/u.exec(s);
  if (onlyClock && Number(onlyClock[1]) < 24) return { value: `XXXX-XX-XX${clock(s)}`, basis: 'partial' };
  if (!/[\u0600-\u06FF]/u.test(s)) return undefined;
  const time = partOfDay(s);
  // relative days
  const relative: [RegExp, number][] = [
    [/(^|\s)(اول امس|اول من امس|قبل يوم امس|قبل امس)(\s|$)/, -2],
    [/(^|\s)[وفب]?(اليوم التالي|في اليوم التالي)(\s|$)/, 1],
    [/(^|\s)(بعد غد)(\s|$)/, 2],
    [/(^|\s)[وفب]?(امس|الامس|البارحه)(\s|$)/, -1],
    [/(^|\s)[وفب]?(غدا|الغد)(\s|$)/, 1],
    [/(^|\s)[وفب]?(اليوم|الليله|هذا اليوم)(\s|$)/, 0],
  ];
  const hijri = hijriValue(s, ref);
  if (hijri) return hijri;
  const years = [...s.matchAll(/(?<!\d)(1[89]\d\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1]));
  const part = partOfYear(s, years[0], ref);
  if (part) return part;
  const month = findMonth(s);
  if (!month && years.length === 2 && /(\d{4})\s*[-–/]\s*(\d{4})|بين/.test(s)) {
    return { value: `${years[0]}/${years[1]}`, basis: 'explicit' };
  }
  if (month) {
    const before = s.slice(0, month.at);
    const dayMatch = /(?<!\d)(\d{1,2})(?:\s*(?:[-–]|الي|حتي|و|لـ*)\s*(\d{1,2}))?\s*[./-]?\s*(?:من\s*)?$/.exec(before.trimEnd());
    // «يناير-1», «مايو 11» (not a year: «مايو 2016»)
    const dayAfter = /^\s*[-./]?\s*(\d{1,2})(?!\d)/.exec(s.slice(month.at + month.length));
    const day = dayMatch ? Number(dayMatch[1]) : dayAfter ? Number(dayAfter[1]) : undefined;
    const lastDay = dayMatch?.[2] ? Number(dayMatch[2]) : undefined;
    const year = years[0];
    // the ordinal day is looked for outside the month names: «كانون الأول» is December, not «the first»
    const ordinal = day ? undefined : ordinalDay(withoutMonthNames(s));
    const d = day ?? ordinal;
    // a day and month without a year take the year that puts them nearest the publication date
    // («14 تموز» in a paper of 2015-07-25 → 2015-07-14; «28 ديسمبر» in one of 2016-01-03 → 2015-12-28),
    // as the news gold's guidelines resolve them; without a publication date they stay XXXX-12-18
    const near = !year && ref && !NEXT.test(s) && !LAST.test(s) ? nearestYear(month.month, ref) : undefined;
    const yyyy = year ? String(year) : near ? String(near) : 'XXXX';
    const basis = year ? 'explicit' : near ? 'relative' : 'partial';
    if (d && d >= 1 && d <= 31) {
      const first = `${yyyy}-${pad(month.month)}-${pad(d)}`;
      if (lastDay && lastDay > d && lastDay <= 31) {
        return { value: `${first}/${yyyy}-${pad(month.month)}-${pad(lastDay)}`, basis };
      }
      // «5 كانون الأول الماضي»: the year of the last (or next) such day, by the publication date
      if (!year && ref && (NEXT.test(s) || LAST.test(s))) {
        const y = relativeYear(month.month, d, ref, NEXT.test(s));
        return { value: `${y}-${pad(month.month)}-${pad(d)}${clock(s) ?? time}`, basis: 'relative' };
      }
      return { value: `${first}${clock(s) ?? time}`, basis };
    }
    if (year) return { value: `${year}-${pad(month.month)}`, basis: 'explicit' };
    // «مارس الماضي», «نوفمبر المقبل»: the month before or after the publication date
    if (ref && (NEXT.test(s) || LAST.test(s))) {
      return { value: `${relativeYear(month.month, undefined, ref, NEXT.test(s))}-${pad(month.month)}`, basis: 'relative' };
    }
    if (near) return { value: `${near}-${pad(month.month)}`, basis: 'relative' };
    return { value: `XXXX-${pad(month.month)}`, basis: 'partial' };
  }
  const dayOfMonth = dayNumber(s);
  const day = findWeekday(s);
  if (day !== undefined) {
    // «الخميس 21»: the 21st that is a Thursday, in the publication's month or the one before or after
    // (an ordinal right after the weekday is which one of the month: «الأحد الثاني», left alone)
    const written = /(?<![\d:])\d{1,2}(?![\d:])/.test(s) || /\sفي\s/.test(s);
    if (dayOfMonth !== undefined && written && ref) {
      const candidates = [0, -1, 1]
        .map((k) => new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + k, dayOfMonth)));
      const hit = candidates.find((c) => c.getUTCDate() === dayOfMonth && weekday(c) === day) ?? candidates[0];
      return { value: `${iso(hit)}${clock(s) ?? time}`, basis: 'relative' };
    }
    if (!ref) return { value: `XXXX-WXX-${day}${time}`, basis: 'partial' };
    const today = weekday(ref);
    let delta = day - today;
    if (NEXT.test(s)) delta = delta <= 0 ? delta + 7 : delta;
    else if (LAST.test(s)) delta = delta >= 0 ? delta - 7 : delta;
    else if (delta > 3) delta -= 7;
    else if (delta < -3) delta += 7;
    return { value: `${iso(addDays(ref, delta))}${clock(s) ?? time}`, basis: 'relative' };
  }
  // «20 من الشهر المقبل»: a day of the month before, of or after the publication's
  if (dayOfMonth !== undefined && /الشهر/.test(s)) {
    if (!ref) return NO_VALUE;
    const mod = OF_MONTH.exec(s.slice(s.indexOf('الشهر') + 5))?.[1] ?? '';
    const step = NEXT.test(mod) ? 1 : LAST.test(mod) ? -1 : 0;
    const d = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + step, 1));
    return { value: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(dayOfMonth)}`, basis: 'relative' };
  }
  const period = periodValue(s, ref);
  if (period) return period;
  for (const [re, delta] of relative) {
    if (!re.test(s)) continue;
    if (!ref) return NO_VALUE;
    return { value: `${iso(addDays(ref, delta))}${clock(s) ?? time}`, basis: 'relative' };
  }
  // a year, or where in it: «عام 2015», «مطلع 2015» (the part is not kept in the value)
  if (years.length === 1 &&
    /^((مطلع|اوائل|اواخر|منتصف|اواسط|نهايه|بدايه|اخر) )?(عام |سنه |العام |السنه )?\d{4}( ?م)?$/u
      .test(s.replace(/^[وفبل]?(في |منذ )?/, ''))) {
    return { value: String(years[0]), basis: 'explicit' };
  }
  return undefined;
}

/** chrono-node's reading (ar, then en) against one reference date. */
function chronoAt(text: string, ref: Date): { value: string; certainYear: boolean; certainMonth: boolean } | undefined {
  for (const parser of [chrono.ar, chrono.en]) {
    const [result] = parser.parse(text, ref);
    if (!result) continue;
    const c = result.start;
    const d = c.date();
    const y = String(d.getFullYear());
    const certainDay = c.isCertain('day') || c.isCertain('weekday');
    const value =
      !certainDay && c.isCertain('month')
        ? `${y}-${pad(d.getMonth() + 1)}`
        : `${y}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    return { value, certainYear: c.isCertain('year'), certainMonth: c.isCertain('month') };
  }
  return undefined;
}

/**
 * chrono-node's value. Whether it depends on the reference is found out by parsing against two
 * different references: if the values differ, the expression is relative (yesterday, last week).
 */
function chronoValue(quote: string, ref: Date | undefined): DateValue | undefined {
  const text = quote
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  const a = chronoAt(text, new Date(Date.UTC(2001, 2, 14, 12)));
  const b = a && chronoAt(text, new Date(Date.UTC(2011, 8, 21, 12)));
  if (!a || !b) return undefined;
  if (a.value === b.value) return { value: a.value, basis: 'explicit' };
  if (ref) {
    const r = chronoAt(text, new Date(ref.getTime() + 12 * 3600000));
    return r && { value: r.value, basis: 'relative' };
  }
  // only the year depends on the reference: a partial date
  const [ya, ...rest] = a.value.split('-');
  const [yb, ...restB] = b.value.split('-');
  if (ya !== yb && rest.join('-') === restB.join('-') && rest.length > 0)
    return { value: `XXXX-${rest.join('-')}`, basis: 'partial' };
  return undefined;
}

/**
 * The value of a date annotation's quote, or undefined when none can be computed. `published`
 * is the article's publication date (YYYY-MM-DD); without it, relative expressions give
 * partial values (XXXX-WXX-2) or none.
 */
export function normalizeDate(quote: string, published?: string): DateValue | undefined {
  // most quotes of a date label that are no date (a plain word) stop here: no rule, no chrono-node
  if (!mayHaveDateValue(quote)) return undefined;
  // a pure function of both, and a sidecar of thousands of dates repeats its quotes: computed once
  const key = `${published ?? ''}\n${quote}`;
  if (normalized.size > 4096) normalized.clear();
  if (!normalized.has(key)) normalized.set(key, computeDate(quote, published));
  const value = normalized.get(key);
  return value && { ...value };
}
const normalized = new Map<string, DateValue | undefined>();

/**
 * Compiles chrono-node's patterns (a tenth of a second or more, the first time a quote reaches
 * them), for a host that has idle time before the first date to read; no value is computed.
 */
export function warmDateParsers(): void {
  chronoValue('بيان', undefined);
}

/** `normalizeDate` without its cheap test (`mayHaveDateValue`) and cache: for the test proving that test a superset. */
export function computeDate(quote: string, published?: string): DateValue | undefined {
  const ref = published ? parseDay(published) : undefined;
  const ours = arabicValue(quote, ref);
  if (ours) return ours === NO_VALUE ? undefined : ours;
  return chronoValue(quote, ref);
}

/**
 * The guessed publication date (YYYY-MM-DD) a date annotation's computed value was resolved
 * against, when it was: the value is Hashiya's (`valueSource: computed`), the quote is relative
 * ("يوم الجمعة", "yesterday": basis `relative`) and `published` is a guess (the file's date).
 * Undefined otherwise (explicit dates, the analyst's values, a publication date the analyst set,
 * labels that carry no date value: `carriesValue`, the project schema's `dateValue`).
 */
export function guessedReference(
  annotation: Annotation,
  published: { date: string; guessed?: boolean } | undefined,
  carriesValue = annotation.label === 'date',
): string | undefined {
  if (!published?.guessed || !carriesValue || annotation.valueSource !== 'computed' || annotation.value === undefined)
    return undefined;
  return normalizeDate(annotation.quote, published.date)?.basis === 'relative' ? published.date : undefined;
}

/**
 * `annotation` with its date value brought up to date (in place): a label that carries a date
 * value (`carriesValue`: the project schema's `dateValue`; default: the label is "date") gets the
 * value computed from its quote and the publication date unless the analyst set one; other labels
 * have none. Returns true when the value changed.
 */
export function refreshDateValue(
  annotation: Annotation,
  published?: string,
  carriesValue = annotation.label === 'date',
): boolean {
  const before = `${annotation.value}|${annotation.valueSource}`;
  if (!carriesValue || annotation.anchored === 'orphaned') {
    if (!carriesValue) {
      delete annotation.value;
      delete annotation.valueSource;
    }
  } else if (annotation.valueSource !== 'analyst') {
    const computed = normalizeDate(annotation.quote, published);
    if (computed) {
      annotation.value = computed.value;
      annotation.valueSource = 'computed';
    } else {
      delete annotation.value;
      delete annotation.valueSource;
    }
  }
  return before !== `${annotation.value}|${annotation.valueSource}`;
}
