// Claims named by a headline «X: Y» or a source phrase «وفقا لـX، فإن Y» (sourceClaims), on small fixed inputs.
import { strict as assert } from 'node:assert';
import { suggest } from '../../../../src/core/suggest/suggest';

/** The claims suggested in `text`, as [quote, speaker quote]. */
function claims(text: string): [string, string | undefined][] {
  return suggest(text).filter((s) => s.label === 'claim').map((s) => [s.quote, s.speaker?.quote]);
}

describe('source claims: headlines and source phrases', () => {
  it('«X: Y» in a line of its own is a claim Y of X; «وفقا لـX، فإن Y» a claim of X when X is an actor', () => {
    assert.deepEqual(claims('وقال وزير الخارجية الروسي سيرغي لافروف إن الحوار مستمر.\nلافروف: يجب على أمريكا التعاون مع الأسد.\n'),
      [['إن الحوار مستمر', 'وزير الخارجية الروسي سيرغي لافروف'], ['يجب على أمريكا التعاون مع الأسد', 'لافروف']]);
    assert.deepEqual(claims('الخبير الاقتصادي محمد العريان لـCNN: "أمريكا وأوروبا لا يمكنهما وقف هبوط الأسواق".'),
      [['أمريكا وأوروبا لا يمكنهما وقف هبوط الأسواق', 'الخبير الاقتصادي محمد العريان']]);
    assert.deepEqual(claims('المشاركون: وزير الخارجية سامي الأحمد ووزير الدفاع خالد حسن'), [], 'an actor after the colon');
    assert.deepEqual(claims('ووفقا لبيان الشركة، فإن هذه الخطوة تعد الأحدث في الحملة.'),
      [['إن هذه الخطوة تعد الأحدث في الحملة', 'الشركة']]);
    assert.deepEqual(claims('وبحسب وزير الخارجية سامي الأحمد، "لن نقبل بأي تسوية لا تضمن حقوقنا".'),
      [['لن نقبل بأي تسوية لا تضمن حقوقنا', 'وزير الخارجية سامي الأحمد']]);
    assert.deepEqual(claims('ووفقا للخبراء، فإن الأسعار سترتفع كثيرا.'), [], 'a generic source');
  });
});
