import { strict as assert } from 'node:assert';
import { normalizeDate } from '../../src/core/dateValue';

const PUBLISHED = '2015-12-16'; // a Wednesday: the Lavrov-Kerry talks were on Tuesday 15 December 2015

function value(quote: string, published?: string): string | undefined {
  return normalizeDate(quote, published)?.value;
}

describe('date values: the sample article', () => {
  it('resolves its dates against the publication date', () => {
    assert.deepEqual(normalizeDate('18 ديسمبر/كانون الأول', PUBLISHED), { value: '2015-12-18', basis: 'relative' });
    assert.deepEqual(normalizeDate('مساء الثلاثاء', PUBLISHED), { value: '2015-12-15TEV', basis: 'relative' });
    assert.equal(value('هذه الجمعة', PUBLISHED), '2015-12-18');
    assert.equal(value('يوم الجمعة', PUBLISHED), '2015-12-18');
    assert.equal(value('اليوم', PUBLISHED), '2015-12-16');
  });

  it('without a publication date gives partial values, or none for relative words', () => {
    assert.deepEqual(normalizeDate('18 ديسمبر/كانون الأول'), { value: 'XXXX-12-18', basis: 'partial' });
    assert.deepEqual(normalizeDate('مساء الثلاثاء'), { value: 'XXXX-WXX-2TEV', basis: 'partial' });
    assert.equal(normalizeDate('اليوم'), undefined);
    assert.equal(normalizeDate('أمس'), undefined);
    assert.equal(normalizeDate('yesterday'), undefined);
  });
});

describe('date values: Arabic rules', () => {
  it('reads Arabic-Indic and Persian digits, harakat and every month naming', () => {
    assert.deepEqual(normalizeDate('١٨ ديسمبر ٢٠١٥'), { value: '2015-12-18', basis: 'explicit' });
    assert.equal(value('۱۸ ديسمبر'), 'XXXX-12-18');
    assert.equal(value('في 18 كانون الأول 2015'), '2015-12-18');
    assert.equal(value('3 تشرين الثاني 2015'), '2015-11-03');
    assert.equal(value('12 جانفي 2016'), '2016-01-12');
    assert.equal(value('1 أيار/مايو 2014'), '2014-05-01');
    assert.equal(value('آب 2015'), '2015-08');
    assert.equal(value('فِي 22 أَبْرِيل 2016'), '2016-04-22');
  });

  it('weekdays: nearest to the publication date, or the coming/last one with a modifier', () => {
    assert.equal(value('الثلاثاء', PUBLISHED), '2015-12-15');
    assert.equal(value('والسبت', PUBLISHED), '2015-12-19');
    assert.equal(value('الأحد', PUBLISHED), '2015-12-13');
    assert.equal(value('الجمعة القادمة', PUBLISHED), '2015-12-18');
    assert.equal(value('الأربعاء المقبل', PUBLISHED), '2015-12-23');
    assert.equal(value('الأربعاء الماضي', PUBLISHED), '2015-12-09');
    assert.equal(value('صباح الخميس', PUBLISHED), '2015-12-17TMO');
    assert.equal(value('ليلة السبت', PUBLISHED), '2015-12-19TNI');
  });

  it('relative days', () => {
    assert.equal(value('أمس', PUBLISHED), '2015-12-15');
    assert.equal(value('غداً', PUBLISHED), '2015-12-17');
    assert.equal(value('أول أمس', PUBLISHED), '2015-12-14');
    assert.equal(value('بعد غد', PUBLISHED), '2015-12-18');
  });

  it('years and ranges', () => {
    assert.deepEqual(normalizeDate('2002-2006'), { value: '2002/2006', basis: 'explicit' });
    assert.equal(value('عام 2015'), '2015');
  });

  it('what is not a date gets no value', () => {
    for (const q of ['لافروف', '0845', '3 ساعات', '']) assert.equal(normalizeDate(q, PUBLISHED), undefined, q);
  });
});

describe('date values: English through chrono-node', () => {
  it('explicit, relative and partial', () => {
    assert.deepEqual(normalizeDate('Monday, 18 December 2015'), { value: '2015-12-18', basis: 'explicit' });
    assert.deepEqual(normalizeDate('on Tuesday', PUBLISHED), { value: '2015-12-15', basis: 'relative' });
    assert.deepEqual(normalizeDate('3 May'), { value: 'XXXX-05-03', basis: 'partial' });
    assert.equal(value('yesterday', PUBLISHED), '2015-12-15');
  });
});
