import { strict as assert } from 'node:assert';
import type { Annotation } from '../../../../src/core/model/annotation';
import { guessedReference, normalizeDate, refreshDateValue } from '../../../../src/core/model/dateValue';

const PUBLISHED = '2015-12-16'; // a Wednesday: the Lavrov-Kerry talks were on Tuesday 15 December 2015

function value(quote: string, published?: string): string | undefined {
  return normalizeDate(quote, published)?.value;
}

describe('date values: the sample article', () => {
  it('resolves its dates against the publication date', () => {
    // a day and month without a year take the year nearest the publication date (as TimeBank's
    // news gold resolves them against the document's date); weekdays and relative words are resolved
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
  it('«واحد» and «يوم واحد» are numbers, not Sunday; «يوم أحد», «الأحد», «الاثنين» are days', () => {
    assert.equal(value('واحد', PUBLISHED), undefined);
    assert.equal(value('وأحد', PUBLISHED), undefined);
    assert.equal(value('يوم واحد', PUBLISHED), undefined);
    assert.equal(value('الأحد', PUBLISHED), '2015-12-13');
    assert.equal(value('يوم أحد', PUBLISHED), value('الأحد', PUBLISHED));
    assert.equal(value('والاثنين', PUBLISHED), value('الاثنين', PUBLISHED));
    assert.ok(value('الاثنين', PUBLISHED));
  });

  it('reads Arabic-Indic and Persian digits, harakat and every month naming', () => {
    assert.deepEqual(normalizeDate('١٨ ديسمبر ٢٠١٥'), { value: '2015-12-18', basis: 'explicit' });
    assert.equal(value('۱۸ ديسمبر'), 'XXXX-12-18');
    assert.equal(value('في 18 كانون الأول 2015'), '2015-12-18');
    assert.equal(value('3 تشرين الثاني 2015'), '2015-11-03');
    assert.equal(value('12 جانفي 2016'), '2016-01-12');
    assert.equal(value('1 أيار/مايو 2014'), '2014-05-01');
    assert.equal(value('آب 2015'), '2015-08');
    assert.equal(value('الرابع من مايو'), 'XXXX-05-04');
    assert.equal(value('مايو الحادي والعشرين'), 'XXXX-05-21');
    assert.equal(value('الثانية والعشرين من يونيو 2016'), '2016-06-22');
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

describe('date values in a session', () => {
  const text = 'Lavrov said the talks on Tuesday evening ended. مساء الثلاثاء في الكرملين.';

  it("computes values for dates, recomputes them when the publication date is set, keeps the analyst's, drops them on relabel", async () => {
    const { SidecarSession } = await import('../../../../src/core/session/sidecarSession');
    const { MemoryStorage } = await import('../../../support/model');
    const { parseSidecar } = await import('../../../../src/core/format/sidecar');
    const storage = new MemoryStorage();
    const s = new SidecarSession(storage, 'a.txt', text);
    s.defaultPublished = { date: '2015-12-20', guessed: true };
    await s.load();
    const cps = (needle: string) => {
      const at = text.indexOf(needle);
      return [[...text.slice(0, at)].length, [...text.slice(0, at + needle.length)].length] as const;
    };
    const ar = await s.add('date', ...cps('مساء الثلاثاء'), { now: '2026-11-29T12:00:00.000Z' });
    const en = await s.add('date', ...cps('Tuesday evening'), { now: '2026-11-29T12:00:00.000Z' });
    assert.deepEqual(
      [s.set.get(ar.id)!.value, s.set.get(ar.id)!.valueSource],
      ['2015-12-22TEV', 'computed'],
      'nearest Tuesday to the guessed Sunday 20th',
    );
    let disk = parseSidecar(storage.content!);
    assert.ok(disk.ok);
    assert.deepEqual(disk.sidecar.published, { date: '2015-12-20', guessed: true });
    await s.setPublished('2015-12-16');
    assert.equal(s.set.get(ar.id)!.value, '2015-12-15TEV');
    await s.update(en.id, { value: '2015-12-15T19:00' }, { now: '2026-11-29T12:00:00.000Z' });
    await s.setPublished('2015-12-17');
    assert.deepEqual([s.set.get(en.id)!.value, s.set.get(en.id)!.valueSource], ['2015-12-15T19:00', 'analyst'], 'kept');
    assert.equal(s.set.get(ar.id)!.value, '2015-12-15TEV');
    await s.update(ar.id, { label: 'claim' }, { now: '2026-11-29T12:00:00.000Z' });
    assert.equal(s.set.get(ar.id)!.value, undefined);
    await assert.rejects(
      s.update(en.id, { value: 'next week' }, { now: '2026-11-29T12:00:00.000Z' }),
      /not a date value/,
    );
    await assert.rejects(s.setPublished('16/12/2015'), /YYYY-MM-DD/);
    disk = parseSidecar(storage.content!);
    assert.ok(disk.ok);
    assert.deepEqual(disk.sidecar.published, { date: '2015-12-17' });
    assert.equal(disk.sidecar.annotations.find((a) => a.id === en.id)!.valueSource, 'analyst');
  });
});

describe('date values resolved against a guessed publication date', () => {
  const date = (quote: string) => {
    const a: Annotation = { id: 'd', label: 'date', start: 0, end: [...quote].length, quote, prefix: '', suffix: '' };
    refreshDateValue(a, '2015-12-16');
    return a;
  };
  it('a relative date ("يوم الجمعة", "yesterday") rests on a guess; an explicit one, the analyst\'s value or a publication date the analyst set does not', () => {
    const guessed = { date: '2015-12-16', guessed: true };
    assert.equal(guessedReference(date('يوم الجمعة'), guessed), '2015-12-16');
    assert.equal(guessedReference(date('yesterday'), guessed), '2015-12-16');
    assert.equal(guessedReference(date('18 ديسمبر 2015'), guessed), undefined);
    assert.equal(guessedReference(date('يوم الجمعة'), { date: '2015-12-16' }), undefined);
    assert.equal(guessedReference(date('يوم الجمعة'), undefined), undefined);
    assert.equal(guessedReference({ ...date('يوم الجمعة'), valueSource: 'analyst' }, guessed), undefined);
    assert.equal(guessedReference({ ...date('يوم الجمعة'), label: 'claim' }, guessed), undefined);
  });
});
