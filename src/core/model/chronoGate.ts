/**
 * Whether chrono-node's `ar` and `en` parsers (the casual ones `dateValue` asks) can find a date in
 * a text: false only when they provably cannot, so that a date annotation whose quote has no value
 * («قال», a word marked by mistake) is not handed to chrono again at every read of its sidecar
 * (about 0.1 ms a quote, and a sidecar is read on every open, anchor and save).
 *
 * Why false is sound (chrono-node 2.10; test/unit/core/model/chronoGate.test.ts pins the version):
 * chrono returns only what one of its parsers' patterns matched (its refiners merge and filter those
 * results, they never make one), and every pattern needs one of the following in its match:
 * - `en` (flag `i` without `u`, where no character above U+007F matches an ASCII letter): an ASCII
 *   letter or digit (`\d` is ASCII there). The `ar` ISO and slash dates and clock times need digits
 *   (`[0-9٠-٩]`; `dateValue` turns Extended Arabic-Indic digits into ASCII ones first).
 * - `ar` (flags `iu`; no character case-folds to an Arabic letter): a month name of its dictionary
 *   (ARMonthNameParser, ARMonthNameLittleEndianParser); a weekday (ARWeekdayParser: ثلاثاء, ربعاء,
 *   ثنين, خميس, جمعة, أحد/احد, سبت cover all its forms); الشهر/الاسبوع/الأسبوع/العام/السنة
 *   (ARRelativeDateFormatParser); the words of ARCasualTimeParser and ARCasualDateParser (each
 *   holds مس, بارحة, ليل, نهار, صباح, ظهر, عصر, آن, الان, حالي, يوم, غد or بكر); منذ/قبل, بعد,
 *   خلال/غضون/ظرف before a time unit (ARTimeUnitAgo-, Later- and WithinFormatParser).
 * A text holding none of these as a substring gives no result, whatever the reference date.
 */
const CHRONO_NEEDS = new RegExp(
  [
    '[0-9A-Za-z\\u0660-\\u0669\\u06F0-\\u06F9]',
    // months (chrono's ar MONTH_DICTIONARY)
    'كانون', 'تشرين', 'فبراير', 'سبتمبر', 'أكتوبر', 'اكتوبر', 'نوفمبر', 'ديسمبر', 'حزيران', 'يناير', 'أبريل',
    'ابريل', 'يونيو', 'يوليو', 'أغسطس', 'اغسطس', 'نيسان', 'أيلول', 'ايلول', 'مارس', 'مايو', 'شباط', 'آذار',
    'اذار', 'أيار', 'ايار', 'تموز', 'آب', 'اب',
    // weekdays
    'ثلاثاء', 'ربعاء', 'ثنين', 'خميس', 'جمعة', 'أحد', 'احد', 'سبت',
    // this/last month, week, year
    'شهر', 'سبوع', 'عام', 'سنة',
    // casual times and days
    'مس', 'بارحة', 'ليل', 'نهار', 'صباح', 'ظهر', 'عصر', 'آن', 'الان', 'حالي', 'يوم', 'غد', 'بكر',
    // time units ago, later, within
    'منذ', 'قبل', 'بعد', 'خلال', 'غضون', 'ظرف',
  ].join('|'),
);

/** False when chrono-node's `ar` and `en` parsers cannot find anything in `text` (see above); else true. */
export function chronoMayFind(text: string): boolean {
  return CHRONO_NEEDS.test(text);
}
