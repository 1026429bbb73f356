/**
 * The words a date's value is read from, in one place: the tables of our value rules (month,
 * weekday, Hijri month and ordinal day names, folded; `dateValue.ts` compiles its patterns from
 * them) and the words of chrono-node's Arabic parsers (its dictionaries and pattern literals), and
 * {@link mayHaveDateValue}, the cheap test that lets a quote without any of them skip the rules
 * and chrono-node (whose patterns compile the first time any quote reaches them).
 */
import { foldText } from '../text/matchText';

/** Gregorian month names (Egyptian, Levantine, Maghrebi), folded, with their number; pairs first. */
export const MONTHS: [string, number][] = [
  ['كانون الثاني', 1],
  ['كانون الاول', 12],
  ['تشرين الثاني', 11],
  ['تشرين الاول', 10],
  ['يناير', 1],
  ['جانفي', 1],
  ['فبراير', 2],
  ['شباط', 2],
  ['فيفري', 2],
  ['مارس', 3],
  ['اذار', 3],
  ['ابريل', 4],
  ['نيسان', 4],
  ['افريل', 4],
  ['مايو', 5],
  ['ايار', 5],
  ['ماي', 5],
  ['يونيو', 6],
  ['يونيه', 6],
  ['حزيران', 6],
  ['جوان', 6],
  ['يوليو', 7],
  ['يوليه', 7],
  ['تموز', 7],
  ['جويليه', 7],
  ['اغسطس', 8],
  ['اب', 8],
  ['اوت', 8],
  ['سبتمبر', 9],
  ['ايلول', 9],
  ['اكتوبر', 10],
  ['نوفمبر', 11],
  ['ديسمبر', 12],
];

/** Weekdays with their article, folded, with their ISO number (Monday = 1); also read without it. */
export const WEEKDAYS: [string, number][] = [
  ['الاثنين', 1],
  ['الثلاثاء', 2],
  ['الاربعاء', 3],
  ['الخميس', 4],
  ['الجمعه', 5],
  ['السبت', 6],
  ['الاحد', 7],
];

/**
 * Hijri month names, folded, with their number (1 = محرم): «ربيع الأول», «جمادى الآخرة» and
 * their variants; «ذو/ذي» both.
 */
export const HIJRI_MONTHS: [string, number][] = [
  ['محرم', 1], ['صفر', 2], ['ربيع الاول', 3], ['ربيع الثاني', 4], ['ربيع الاخر', 4], ['جمادي الاولي', 5],
  ['جمادي الاول', 5], ['جمادي الثانيه', 6], ['جمادي الاخره', 6], ['جمادي الاخر', 6], ['رجب', 7], ['شعبان', 8],
  ['رمضان', 9], ['شوال', 10], ['ذو القعده', 11], ['ذي القعده', 11], ['ذو الحجه', 12], ['ذي الحجه', 12],
];

/** Arabic ordinal day words, folded (الأول/الأولى … الحادي والثلاثين), longest first. */
export const ORDINAL_DAYS: [string, number][] = (() => {
  const units = ['', 'الاول', 'الثاني', 'الثالث', 'الرابع', 'الخامس', 'السادس', 'السابع', 'الثامن', 'التاسع'];
  const unitsF = ['', 'الاولي', 'الثانيه', 'الثالثه', 'الرابعه', 'الخامسه', 'السادسه', 'السابعه', 'الثامنه', 'التاسعه'];
  const out: [string, number][] = [];
  for (let n = 1; n <= 31; n++) {
    const u = n % 10;
    const forms: string[] = [];
    if (n < 10) forms.push(units[n], unitsF[n]);
    else if (n === 10) forms.push('العاشر', 'العاشره');
    else if (n < 20) forms.push(`${n === 11 ? 'الحادي' : units[u]} عشر`, `${n === 11 ? 'الحاديه' : unitsF[u]} عشره`);
    else {
      // «العشرين» and the nominative «العشرون» (الثانية والعشرون من يونيو)
      for (const tens of n < 30 ? ['العشرين', 'العشرون'] : ['الثلاثين', 'الثلاثون']) {
        if (u === 0) forms.push(tens);
        else forms.push(`${u === 1 ? 'الحادي' : units[u]} و${tens}`, `${u === 1 ? 'الحاديه' : unitsF[u]} و${tens}`);
      }
    }
    for (const f of forms) out.push([f, n]);
  }
  out.push(['اول', 1]);
  return out.sort((a, b) => b[0].length - a[0].length);
})();

/**
 * Words that can end what our rules (folded text) read as a date with no digit: the last word of
 * a month or Hijri month name (so «الاول» of «كانون الأول»), a weekday with or without its article,
 * where in a year (النصف/الربع + الاول…الاخير), a week, month or year and their modifiers,
 * relative days. «الشهر» is also looked for inside a word (see {@link mayHaveDateValue}).
 */
const OUR_ENDINGS = [
  ...[...MONTHS, ...HIJRI_MONTHS].map(([name]) => name.split(' ').at(-1)!),
  ...WEEKDAYS.flatMap(([name]) => [name, name.slice(2)]),
  'الاول الثاني الثالث الرابع الاخير',
  'الاسبوع الشهر العام السنه هذا هذه',
  'القادم القادمه المقبل المقبله الماضي الماضيه الفائت الفائته المنصرم المنصرمه الحالي الحاليه الجاري الجاريه',
  'امس الامس البارحه غدا الغد غد اليوم الليله التالي',
];
/** Words that only come before an ending in our rules (clitics, the first word of a pair, ordinals, …). */
const OUR_LEADS = [
  ...[...MONTHS, ...HIJRI_MONTHS].flatMap(([name]) => name.split(' ').slice(0, -1)),
  ...ORDINAL_DAYS.flatMap(([name]) => name.split(' ')),
  'و ف ب ل النصف الربع شهر يوم في اول من قبل بعد',
];

/**
 * Words of chrono-node 2.10's Arabic parsers (`chrono-node/dist/cjs/locales/ar`: constants.js and
 * parsers/*.js, their dictionaries and pattern literals; `بكر[ةا]` written out) that can end what
 * they read without a digit: months, weekdays and their modifiers, casual days and times, time
 * units (single, dual, half), «مضت», «سابقا», «لاحقا», «الآن». Unfolded, as chrono-node reads them;
 * their folded forms are added below. A unit test checks this list against chrono-node's files.
 */
const CHRONO_ENDINGS = [
  'يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر',
  'الثاني شباط آذار اذار نيسان أيار ايار حزيران تموز آب اب أيلول ايلول الأول الاول',
  'الأحد الاحد أحد احد الإثنين الاثنين إثنين اثنين الثلاثاء ثلاثاء الأربعاء الاربعاء أربعاء اربعاء',
  'الخميس خميس الجمعة جمعة السبت سبت',
  'هذا هذه الماضي الماضية السابق السابقة المنصرم المنصرمة القادم القادمة المقبل المقبلة التالي التالية',
  'الآن الان حاليا اليوم أمس امس البارحة غد غدا بكرة بكرا',
  'مساء الليلة الماضية النهار الليل الصباح المساء صباحا الظهر ظهرا العصر عصرا ليلا',
  'ثانية ثواني ثوان دقيقة دقائق ساعة ساعات يوم يوما أيام ايام أسبوع اسبوع أسبوعا اسبوعا أسابيع اسابيع',
  'شهر شهرا أشهر اشهر شهور سنة سنوات سنين عام عاما أعوام اعوام',
  'ثانيتان ثانيتين دقيقتان دقيقتين ساعتان ساعتين يومان يومين أسبوعان اسبوعان أسبوعين اسبوعين',
  'شهران شهرين سنتان سنتين عامان عامين',
  'نصف نص ربع مضت سابقا لاحقا الشهر الاسبوع الأسبوع العام السنة',
];
/**
 * Words of chrono-node's Arabic parsers that only come before an ending (numbers, ordinals,
 * prepositions, the first word of a pair); «م», «ص», «ق» and «ميلادي…» only follow digits.
 */
const CHRONO_LEADS = [
  'واحد واحدة اثنان اثنين اثنتان اثنتين ثلاثة ثلاث أربعة اربعة أربع اربع خمسة خمس ستة ست سبعة سبع',
  'ثمانية ثماني ثمان تسعة تسع عشرة عشر أحد احد إحدى احدى اثنا اثني اثنتا اثنتي',
  'الأولى الاولى أول اول حادي الحادي الحادية ثاني الثانية الثالث الثالثة ثالث الرابع الرابعة رابع',
  'الخامس الخامسة خامس السادس السادسة سادس السابع السابعة سابع الثامن الثامنة ثامن التاسع التاسعة تاسع',
  'العاشر العاشرة عاشر العشرون العشرين الثلاثون الثلاثين الواحد والعشرون والثلاثون',
  'كانون تشرين ظهر في من خلال غضون ظرف تمام الساعة حوالي تقريبا إلى حتى وحتى قبل منذ بعد ليلة منتصف و',
  'م ص ق ميلادي ميلادية الميلاد',
];

const words = (lists: string[]) => lists.flatMap((l) => l.split(' ')).filter((w) => w.length > 0);
/** Every ending, as written and folded. */
const ENDINGS = new Set([...words(OUR_ENDINGS), ...words(CHRONO_ENDINGS)].flatMap((w) => [w, foldText(w).text]));
/** Every word that can come before an ending in the same run of letters, as written and folded. */
const LEADS = new Set([...words(OUR_LEADS), ...words(CHRONO_LEADS), ...ENDINGS].flatMap((w) => [w, foldText(w).text]));
const LONGEST = Math.max(...[...LEADS].map((w) => w.length));
/** The lexicon as sets of words (as written and folded), for the test that checks it against chrono-node's. */
export const DATE_LEXICON: { readonly leads: ReadonlySet<string>; readonly endings: ReadonlySet<string> } = {
  leads: LEADS,
  endings: ENDINGS,
};

/** A number (any script) or a letter of another script than Arabic (English, for chrono-node's `en`). */
const OTHER = /[\p{N}]|(?=\p{L})\P{Script=Arabic}/u;

/**
 * Whether `run` (letters only) is words of the lexicon written together, the last an ending:
 * «وأمس», «بعدغد», «منذيومين» (chrono-node allows no space between some of its words).
 */
function readsAsDateWords(run: string): boolean {
  // joined[i]: run.slice(0, i) is a sequence of leads
  const joined = new Uint8Array(run.length + 1);
  joined[0] = 1;
  for (let i = 0; i < run.length; i++) {
    if (!joined[i]) continue;
    for (let j = i + 1; j <= Math.min(run.length, i + LONGEST); j++) {
      const w = run.slice(i, j);
      if (j === run.length && ENDINGS.has(w)) return true;
      if (LEADS.has(w)) joined[j] = 1;
    }
  }
  return false;
}

/**
 * Whether `quote` may have a date value (see `normalizeDate`); false only when neither our rules
 * nor chrono-node can read one: the quote has no digit (of any script), no letter of another
 * script than Arabic, no «الشهر» inside a word, and no run of letters (as written, and folded)
 * made of the words above ending with one that ends a date. A superset of what gets a value,
 * checked by a unit test over every date of the fixtures and random words; linear in the quote.
 */
export function mayHaveDateValue(quote: string): boolean {
  if (OTHER.test(quote)) return true;
  const folded = foldText(quote).text;
  // «20 من الشهر المقبل» is read with «الشهر» anywhere (an ordinal day gives the number)
  if (folded.includes('الشهر')) return true;
  for (const text of [quote, folded]) {
    for (const m of text.matchAll(/\p{L}+/gu)) if (readsAsDateWords(m[0])) return true;
  }
  return false;
}
