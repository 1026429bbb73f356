// The date rules, one kind each, on small fixed inputs (issue 11's kinds of error): the span
// suggested and its value against a publication date. The measure on real news is `npm run eval`.
import { strict as assert } from 'node:assert';
import { suggest } from '../../../../src/core/suggest/suggest';

/** The dates suggested in `text`, as [quote, value]. */
function dates(text: string, published = '2020-01-15'): [string, string | undefined][] {
  return suggest(text, { published }).filter((s) => s.label === 'date').map((s) => [s.quote, s.value]);
}

describe('date rules: spans and values', () => {
  it('years: «عام 1982», «في 2014», «منذ 2011م»', () => {
    assert.deepEqual(dates('قال عام 1982 إن الحرب انتهت.'), [['عام 1982', '1982']]);
    assert.deepEqual(dates('وفي 2014 عاد إلى بلاده.'), [['2014', '2014']]);
    assert.deepEqual(dates('يعيش هنا منذ 2011م.'), [['2011', '2011']]);
    assert.deepEqual(dates('اشترى 2014 سهما.'), [], 'a number that is not after في/منذ/عام is no year');
  });

  it('months with what comes before or after: «مارس الماضي», «مطلع تشرين الثاني/نوفمبر», «في يوليو»', () => {
    assert.deepEqual(dates('في مارس الماضي'), [['مارس الماضي', '2019-03']]);
    assert.deepEqual(dates('في نوفمبر المقبل'), [['نوفمبر المقبل', '2020-11']]);
    assert.deepEqual(dates('مطلع تشرين الثاني/نوفمبر'), [['مطلع تشرين الثاني/نوفمبر', '2019-11']]);
    assert.deepEqual(dates('وصل في يوليو'), [['يوليو', '2020-07']]);
    assert.deepEqual(dates('زار أب الشهيد البلدة'), [], '«أب» (father) is no month when bare');
  });

  it('ranges: «من 5 إلى 9 أكتوبر», «بين 10 و14 أكتوبر 2014»', () => {
    assert.deepEqual(dates('من 5 إلى 9 أكتوبر'), [['5 إلى 9 أكتوبر', '2019-10-05/2019-10-09']]);
    assert.deepEqual(dates('وبين 10 و14 أكتوبر 2014'), [['10 و14 أكتوبر 2014', '2014-10-10/2014-10-14']]);
    assert.deepEqual(dates('اعتباراً من 10 لـ20 سبتمبر/أيلول الجاري', '2018-09-11'),
      [['10 لـ20 سبتمبر/أيلول الجاري', '2018-09-10/2018-09-20']], '«لـ» between the days, «الجاري» after the month');
  });

  it('weeks, months and years as values, not days: «الأسبوع المقبل», «السنة القادمة», «الشهر الماضي»', () => {
    assert.deepEqual(dates('يزور الأسبوع المقبل باريس'), [['الأسبوع المقبل', '2020-W04']]);
    assert.deepEqual(dates('والسنة القادمة روما'), [['السنة القادمة', '2021']]);
    assert.deepEqual(dates('في الشهر الماضي'), [['الشهر الماضي', '2019-12']]);
    assert.deepEqual(dates('هذا العام'), [['هذا العام', '2020']]);
    assert.deepEqual(dates('الأسبوع المقبل', '2020-12-31'), [['الأسبوع المقبل', '2021-W01']], 'ISO weeks cross years');
  });

  it('«الأمس», «اليوم الخميس» as one span, «ليل السبت» with its part of the day', () => {
    assert.deepEqual(dates('وقعت الحادثة الأمس.'), [['الأمس', '2020-01-14']]);
    assert.deepEqual(dates('اجتمعوا اليوم الأربعاء.'), [['اليوم الأربعاء', '2020-01-15']]);
    assert.deepEqual(dates('وصل ليل السبت.'), [['ليل السبت', '2020-01-18TNI']]);
  });

  it('«واحد»، «احد» and «اثنين» are numbers, not weekdays; «يوم اثنين» is a weekday', () => {
    assert.deepEqual(dates('كان واحد من الوفد، وقال اثنين منهم إن أحد الأعضاء غاب.'), []);
    assert.deepEqual(dates('وصل يوم اثنين'), [['اثنين', '2020-01-13']]);
  });

  it('the Levantine «كانون الأول» is December, not «the first»', () => {
    assert.deepEqual(dates('في كانون الأول 2015'), [['كانون الأول 2015', '2015-12']]);
    assert.deepEqual(dates('في 5 كانون الأول'), [['5 كانون الأول', '2019-12-05']]);
    assert.deepEqual(dates('في 5 كانون الأول الماضي'), [['5 كانون الأول الماضي', '2019-12-05']]);
  });

  it('a clock time joins the date beside it: 2023-07-04T09:15', () => {
    assert.deepEqual(dates('في الساعة 09:15 يوم 4 تموز 2023'), [['الساعة 09:15 يوم 4 تموز 2023', '2023-07-04T09:15']]);
    assert.deepEqual(dates('يوم 4 تموز 2023 عند الساعة 9:15'), [['4 تموز 2023 عند الساعة 9:15', '2023-07-04T09:15']]);
    assert.deepEqual(dates('مساء الثلاثاء الساعة 8:30 مساء'), [['مساء الثلاثاء الساعة 8:30 مساء', '2020-01-14T20:30']]);
  });

  it('Hijri months: «شهر رمضان», «رمضان 1441 هـ» (Umm al-Qura), not the bare words «صفر» or «رجب»', () => {
    assert.deepEqual(dates('خلال شهر رمضان'), [['شهر رمضان', '2020-04-24/2020-05-23']]);
    assert.deepEqual(dates('في رمضان 1440 هـ'), [['رمضان 1440 هـ', '2019-05-06/2019-06-03']]);
    assert.deepEqual(dates('وصل رجب إلى المطار وسجل صفر أهداف'), []);
  });

  it('a day or month without a year takes the year nearest the publication date (within six months)', () => {
    assert.deepEqual(dates('في 14 تموز', '2015-07-25'), [['14 تموز', '2015-07-14']]);
    assert.deepEqual(dates('في 28 ديسمبر', '2016-01-03'), [['28 ديسمبر', '2015-12-28']]);
    assert.deepEqual(dates('في يناير', '2015-12-20'), [['يناير', '2016-01']]);
    assert.deepEqual(suggest('في 14 تموز').map((d) => [d.quote, d.value]), [['14 تموز', 'XXXX-07-14']],
      'no publication date: no year');
  });

  it('both names of a month are one span: «يوليو تموز», «14 تموز (يوليو)», «تموز/يوليو»', () => {
    assert.deepEqual(dates('في يوليو تموز', '2015-07-25'), [['يوليو تموز', '2015-07']]);
    assert.deepEqual(dates('في 14 تموز (يوليو) الجاري', '2015-07-25'), [['14 تموز (يوليو)', '2015-07-14']]);
    assert.deepEqual(dates('في 14 تموز/يوليو', '2015-07-25'), [['14 تموز/يوليو', '2015-07-14']]);
  });

  it('halves and quarters of a year: «النصف الأول لعام 2015م», «الربع الثاني من العام الجاري»', () => {
    assert.deepEqual(dates('خلال النصف الأول لعام 2015م', '2015-07-27'), [['النصف الأول لعام 2015م', '2015-H1']]);
    assert.deepEqual(dates('في الربع الثاني من العام الجاري', '2015-07-27'), [['الربع الثاني من العام الجاري', '2015-Q2']]);
    assert.deepEqual(dates('في النصف الثاني من العام الماضي', '2015-07-27'), [['النصف الثاني من العام الماضي', '2014-H2']]);
    assert.deepEqual(dates('في الربع الأخير من 2014', '2015-07-27'), [['الربع الأخير من 2014', '2014-Q4']]);
  });

  it('the same period a year earlier takes the period named before it: «الفترة ذاتها من العام الماضي»', () => {
    assert.deepEqual(dates('أرباح الربع الثاني من العام الجاري مقارنة بالفترة ذاتها من العام الماضي', '2015-07-27'), [
      ['الربع الثاني من العام الجاري', '2015-Q2'], ['الفترة ذاتها من العام الماضي', '2014-Q2'],
    ]);
    assert.deepEqual(dates('مقارنة بالفترة نفسها من العام الماضي', '2015-07-27'), [['الفترة نفسها من العام الماضي', undefined]],
      'no period before it: no value rather than a guess');
  });

  it('where in a year or month: «مطلع 2015», «أواخر العام», «منتصف الشهر الجاري», «نهاية الشهر المقبل»', () => {
    assert.deepEqual(dates('في مطلع 2015', '2015-07-27'), [['مطلع 2015', '2015']]);
    assert.deepEqual(dates('قبل أواخر العام', '2015-07-27'), [['أواخر العام', '2015']]);
    assert.deepEqual(dates('في منتصف الشهر الجاري', '2015-07-27'), [['منتصف الشهر الجاري', '2015-07']]);
    assert.deepEqual(dates('حتى نهاية الشهر المقبل', '2015-07-27'), [['نهاية الشهر المقبل', '2015-08']]);
    assert.deepEqual(dates('طوال العام وفي الشهر', '2015-07-27'), [], 'a bare «العام» or «الشهر» is no date');
  });

  it('a clock time joins a date across its part of the day: «الساعة 09:15 صباح الثلاثاء 4 يوليو 2023»', () => {
    assert.deepEqual(dates('وقع الانفجار الساعة 09:15 صباح الثلاثاء 4 يوليو 2023'), [
      ['الساعة 09:15 صباح الثلاثاء 4 يوليو 2023', '2023-07-04T09:15'],
    ]);
  });
});
