// The claim rules, one kind each, on small fixed inputs (issue 11's kinds of error): the claim
// suggested and its speaker. The measure on real news is `npm run eval`.
import { strict as assert } from 'node:assert';
import { suggest } from '../../../../src/core/suggest/suggest';

/** The claims suggested in `text`, as [quote, speaker quote]. */
function claims(text: string): [string, string | undefined][] {
  return suggest(text).filter((s) => s.label === 'claim').map((s) => [s.quote, s.speaker?.quote]);
}

describe('claim rules: claims and speakers', () => {
  it('a second reporting verb with its own subject owns the claim («أعلن X …، فيما قالت Y إن …»)', () => {
    assert.deepEqual(claims('وأعلن تنظيم داعش مسؤوليته عن الهجوم، فيما قالت جبهة النصرة إنها لم تشارك.'),
      [['إنها لم تشارك', 'جبهة النصرة']]);
    assert.deepEqual(claims('وقال لافروف قائلا إن موسكو لن تتراجع عن موقفها.'), [['إن موسكو لن تتراجع عن موقفها', 'لافروف']],
      'a participle inside the subject is the same speaker going on');
  });

  it('«نقل X عن Y قوله إن …»: Y speaks; an unnamed source makes no claim', () => {
    assert.deepEqual(claims('ونقل التلفزيون الرسمي عن الرئيس عبد الفتاح السيسي قوله إن مصر لن تسمح بالمساس بأمنها.'),
      [['إن مصر لن تسمح بالمساس بأمنها', 'الرئيس عبد الفتاح السيسي']]);
    assert.deepEqual(claims('ونقلت وكالة رويترز عن مسؤول أمريكي قوله إن القوات ستنسحب.'), []);
    assert.deepEqual(claims('وقال مسؤولون أمريكيون إن الضربات ستتواصل.'), []);
    assert.deepEqual(claims('وصرح مصدر في الحكومة بأن القرار نهائي.'), []);
    assert.deepEqual(claims('ونقل الجرحى إلى المستشفى.'), []);
  });

  it('«بان كي مون» is a name, not «بأن»', () => {
    assert.deepEqual(claims('وقال الأمين العام للأمم المتحدة بان كي مون إن الوضع في سوريا كارثي.'),
      [['إن الوضع في سوريا كارثي', 'الأمين العام للأمم المتحدة بان كي مون']]);
  });

  it('a speaker without a subject is the nearest mention of the last one named («وأضاف» after «… ياسين»)', () => {
    const text = 'وقال وزير الخارجية سامي الأحمد إن بلاده لن تقبل بذلك. والتقى الأحمد بالسفراء. وأضاف أن الحوار مستمر.';
    assert.deepEqual(claims(text), [['إن بلاده لن تقبل بذلك', 'وزير الخارجية سامي الأحمد'], ['أن الحوار مستمر', 'الأحمد']]);
  });

  it('a subject before its verb speaks («… ترامب قد قال الشهر الماضي إن …»); occasions and times are no speaker', () => {
    assert.deepEqual(claims('وقال وزير الخارجية سامي الأحمد إن الحوار مستمر. وكان الرئيس الأمريكي دونالد ترامب قد قال الشهر الماضي إن الاتفاق سيئ.'),
      [['إن الحوار مستمر', 'وزير الخارجية سامي الأحمد'], ['إن الاتفاق سيئ', 'الرئيس الأمريكي دونالد ترامب']]);
    assert.deepEqual(claims('وقال وزير المالية محمد الجدعان إن النمو قوي. وأشار خلال كلمته إلى أن العجز تراجع.'),
      [['إن النمو قوي', 'وزير المالية محمد الجدعان'], ['أن العجز تراجع', 'وزير المالية محمد الجدعان']]);
  });
});
