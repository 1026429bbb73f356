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
    assert.deepEqual(dates('مطلع تشرين الثاني/نوفمبر'), [['مطلع تشرين الثاني/نوفمبر', 'XXXX-11']]);
    assert.deepEqual(dates('وصل في يوليو'), [['يوليو', 'XXXX-07']]);
    assert.deepEqual(dates('زار أب الشهيد البلدة'), [], '«أب» (father) is no month when bare');
  });

  it('ranges: «من 5 إلى 9 أكتوبر», «بين 10 و14 أكتوبر 2014»', () => {
    assert.deepEqual(dates('من 5 إلى 9 أكتوبر'), [['5 إلى 9 أكتوبر', 'XXXX-10-05/XXXX-10-09']]);
    assert.deepEqual(dates('وبين 10 و14 أكتوبر 2014'), [['10 و14 أكتوبر 2014', '2014-10-10/2014-10-14']]);
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
    assert.deepEqual(dates('في 5 كانون الأول'), [['5 كانون الأول', 'XXXX-12-05']]);
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
});
