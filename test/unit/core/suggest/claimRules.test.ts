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

  it('a verb without a subject speaks with the voice of the sentence\'s subject named since the last speaker', () => {
    // a relative verb («بما قال إنه») and a participle after it: the main clause's subject
    assert.deepEqual(claims('وقال نائب وزير الخارجية الإيراني عباس عراقجي إن الوضع معقد. وقد لوح رئيس الوزراء الإسرائيلي، ' +
      'بنيامين نتنياهو، هذا الأسبوع بما قال إنه جزء من طائرة، قائلا إن إيران هي أكبر تهديد.'),
    [['إن الوضع معقد', 'نائب وزير الخارجية الإيراني عباس عراقجي'], ['إنه جزء من طائرة', 'رئيس الوزراء الإسرائيلي، بنيامين نتنياهو'],
      ['إن إيران هي أكبر تهديد', 'رئيس الوزراء الإسرائيلي، بنيامين نتنياهو']]);
    // the subject of the sentence before, when the speaker goes on in a sentence without one
    assert.deepEqual(claims('وقال رئيس الجمهورية منصف المرزوقي إن تونس بلد آمن. وقالت الحكومة إنها ستدعم السياحة. ' +
      'كما دعا المرزوقي السياح إلى الإقبال. وتوجه إلى الحاضرين، قائلا "ارفعوا الحظر عن الوجهة التونسية".'),
    [['إن تونس بلد آمن', 'رئيس الجمهورية منصف المرزوقي'], ['إنها ستدعم السياحة', 'الحكومة'],
      ['ارفعوا الحظر عن الوجهة التونسية', 'المرزوقي']]);
    // a preposition's object or a verbal noun's is no subject: the last speaker goes on
    assert.deepEqual(claims('وقال وزير الخارجية سامي الأحمد إن الحوار مستمر. وفي لقاء مع وزير الدفاع خالد حسن، أضاف أن الجيش جاهز.'),
      [['إن الحوار مستمر', 'وزير الخارجية سامي الأحمد'], ['أن الجيش جاهز', 'وزير الخارجية سامي الأحمد']]);
  });

  it('a verb without a subject agrees with its speaker: «قالت» is no man\'s, «قال» no country\'s', () => {
    assert.deepEqual(claims('وقال عباس عراقجي إن الخوف موجود. وجاءت التصريحات عقب استهداف إسرائيل مواقع قالت إنها إيرانية الطابع.'),
      [['إن الخوف موجود', 'عباس عراقجي'], ['إنها إيرانية الطابع', 'إسرائيل']]);
    assert.deepEqual(claims('وقالت وزيرة الخارجية سارة الأحمد إن الحوار مستمر. ورفض الأمين العام خالد حسن الدعوة. وأضافت أن الوفد جاهز.'),
      [['إن الحوار مستمر', 'وزيرة الخارجية سارة الأحمد'], ['أن الوفد جاهز', 'وزيرة الخارجية سارة الأحمد']]);
    assert.deepEqual(claims('وقال وزير الخارجية سامي الأحمد إن الحوار مستمر. وأضافت أن الوفد جاهز.'),
      [['إن الحوار مستمر', 'وزير الخارجية سامي الأحمد'], ['أن الوفد جاهز', undefined]], 'no feminine actor: no speaker');
  });

  it('joint statements, a bracket in the subject, present tense, documents and generic sources', () => {
    assert.deepEqual(claims('وأكدت كل من مصر والسعودية أن الأمن القومي العربي خط أحمر.'),
      [['أن الأمن القومي العربي خط أحمر', 'مصر']], 'a joint statement: the first named');
    assert.deepEqual(claims('وتقول الولايات المتحدة وحليفتها السعودية والمعارضة السورية إنه يتعين رحيل الأسد.'),
      [['إنه يتعين رحيل الأسد', 'الولايات المتحدة']]);
    assert.deepEqual(claims('وأعلنت وزارة الدفاع الأمريكية (البنتاغون) أنها سترسل تعزيزات إلى المنطقة.'),
      [['أنها سترسل تعزيزات إلى المنطقة', 'وزارة الدفاع الأمريكية']]);
    assert.deepEqual(claims('وتقول الحكومة إن الإصلاحات ستخفض العجز.'), [['إن الإصلاحات ستخفض العجز', 'الحكومة']]);
    assert.deepEqual(claims('ويقول المسؤولون الأمريكيون إن الضربات مستمرة.'), []);
    assert.deepEqual(claims('وقال المحللون إن الأسعار سترتفع.'), [], 'a generic source with ال');
    assert.deepEqual(claims('وقالت وزارة الخارجية إن الوفد وصل. وأشار البيان إلى أن الاجتماع سيعقد غدا.'),
      [['إن الوفد وصل', 'وزارة الخارجية'], ['أن الاجتماع سيعقد غدا', 'وزارة الخارجية']], 'a statement speaks for its issuer');
    assert.deepEqual(claims('من جهته، قال الأمين العام لجامعة الدول العربية أحمد أبو الغيط إن القمة ستعقد في موعدها.'),
      [['إن القمة ستعقد في موعدها', 'الأمين العام لجامعة الدول العربية أحمد أبو الغيط']]);
  });

  it('a relative pronoun that agrees with the verb stands for its antecedent («…، الذي قال»); «التي قال» does not', () => {
    assert.deepEqual(claims('وتزامنت تصريحات ترامب مع إنكار من سفير السعودية، الأمير خالد بن سلمان، الذي قال إن الادعاءات زائفة.'),
      [['إن الادعاءات زائفة', 'الأمير خالد بن سلمان']]);
    assert.deepEqual(claims('ورحبت الحكومة بالزيارة، وقال وزير الخارجية سامي الأحمد إن الحوار مستمر. وأشاد بتونس، التي قال إنها بلد آمن.'),
      [['إن الحوار مستمر', 'وزير الخارجية سامي الأحمد'], ['إنها بلد آمن', 'وزير الخارجية سامي الأحمد']]);
  });

  it('a dateline is no subject; a document issued by an actor speaks for it; «قوله» is no speaker', () => {
    assert.deepEqual(claims('لندن، المملكة المتحدة (CNN)-- أعربت وزارة الخارجية الفرنسية، الثلاثاء، عن قلقها حول اختفاء الصحفي ' +
      'جمال خاشقجي، إذ قالت في بيان لها إنها تأمل توضيح الموقف.'),
    [['إنها تأمل توضيح الموقف', 'وزارة الخارجية الفرنسية']]);
    assert.deepEqual(claims('كشف تقرير صادر عن البنك المركزي الإيراني، الإثنين، أن العائدات تجاوزت التوقعات.'),
      [['أن العائدات تجاوزت التوقعات', 'البنك المركزي الإيراني']]);
    assert.deepEqual(claims('وقال الخبير محمد العريان إن النمو سيتباطأ. وأضاف قوله: "كلما تراجع النمو قلت الفرص".'),
      [['إن النمو سيتباطأ', 'الخبير محمد العريان'], ['كلما تراجع النمو قلت الفرص', 'الخبير محمد العريان']]);
  });

  it('a woman named after a feminine verb goes on speaking («وقالت بيشور لـCNN إن …، مضيفة أن …»)', () => {
    assert.deepEqual(claims('وقالت المحامية ليا تسيمل إن القرار جائر، مضيفة أن الطالبة ستستأنف.'),
      [['إن القرار جائر', 'المحامية ليا تسيمل'], ['أن الطالبة ستستأنف', 'المحامية ليا تسيمل']]);
    assert.deepEqual(claims('وقالت بيشور لـCNN إنه لم يكن هناك مبرر لذلك، مضيفة أن الطالبة تملك تأشيرة.'),
      [['إنه لم يكن هناك مبرر لذلك', 'بيشور'], ['أن الطالبة تملك تأشيرة', 'بيشور']], 'a medium «لـCNN» ends the speaker');
  });

  it('a connective with a pronoun before the verb («ولكنها قالت») stands for the nearest actor of its gender in the sentence', () => {
    assert.deepEqual(claims('وقالت بريطانيا إن الأمر مقلق. ودخل خاشقجي القنصلية بينما كانت خطيبته التركية تنتظر في الخارج، ' +
      'ولكنها قالت إنها لم تره مرة أخرى.'),
    [['إن الأمر مقلق', 'بريطانيا'], ['إنها لم تره مرة أخرى', 'خطيبته التركية']]);
    assert.deepEqual(claims('وقال وزير الخارجية سامي الأحمد إن الحوار مستمر. وزارت الوزيرة هند سالم المدينة، إلا أنه أكد أن ' +
      'الوفد سيعود.').map(([, speaker]) => speaker),
    ['وزير الخارجية سامي الأحمد', 'وزير الخارجية سامي الأحمد'], 'no man in the sentence: the speaker before goes on');
  });

  it('the name first after the verb speaks; a title after it is an apposition («قال نيل باسو رئيس شرطة …»)', () => {
    assert.deepEqual(claims('من جهته، قال نيل باسو رئيس شرطة مكافحة الإرهاب والمسؤول عن التحقيق، إن التحقيق مستمر.'),
      [['إن التحقيق مستمر', 'نيل باسو']]);
    assert.deepEqual(claims('وقال فرحان حق مساعد الناطق باسم غوتيريش إن الأمين العام يأسف لذلك.'),
      [['إن الأمين العام يأسف لذلك', 'فرحان حق']], 'a two-letter word inside a name');
    assert.deepEqual(claims('وقال محمد بن سلمان إن الإصلاح مستمر.'), [['إن الإصلاح مستمر', 'محمد بن سلمان']]);
    // a particle is no part of a name
    assert.deepEqual(claims('وقال سامي الأحمد قد يكون الحل قريبا، مؤكدا أن الحوار مستمر.').map(([, s]) => s),
      ['سامي الأحمد']);
  });

  it('a spokesperson «المتحدث باسمه» before the verb speaks, with a medium after the verb; not the body before', () => {
    assert.deepEqual(claims('وكان التحالف قد أقر في وقت سابق بتنفيذ "عمل عسكري مشروع"، لكن المتحدث باسمه فهد الحربي قال ' +
      'لوكالة فرانس برس إن الحديث عن وجود الأطفال "إدعاء مضلل".'),
    [['إن الحديث عن وجود الأطفال "إدعاء مضلل"', 'المتحدث باسمه فهد الحربي']]);
  });

  it('the topic of «أما X، فـ…» is the subject with whom the speaker goes on («مؤكدا أنه», «وأضاف:»)', () => {
    assert.deepEqual(claims('وقال البروفيسور توماس جانوا إن الأمر مقلق. أما وزير الخارجية الكندي السابق جون بيرد، فطالب ' +
      'الحكومة الكندية بالتحرك، مؤكدا أنه ينبغي زيارة الرياض. وأضاف: "رأينا العلاقات تتدهور بسرعة".').map(([, s]) => s),
    ['البروفيسور توماس جانوا', 'وزير الخارجية الكندي السابق جون بيرد', 'وزير الخارجية الكندي السابق جون بيرد']);
  });

  it('an actor before a verb whose words after it name no actor is the subject («دمشق تعتبر العقوبات "غير مشروعة"»)', () => {
    assert.deepEqual(claims('دمشق تعتبر العقوبات "غير مشروعة تماما"').map(([, s]) => s), ['دمشق']);
    // after «و» the actor before joins another verb of one subject: the words after the verb stay the speaker
    assert.deepEqual(claims('وقال وزير الخارجية سامي الأحمد إن الحوار مستمر.').map(([, s]) => s), ['وزير الخارجية سامي الأحمد']);
  });

  it('a country after a name is the verb\'s object, and the surname speaks later; «وكان X أعرب …، مؤكدا» goes on with X', () => {
    assert.deepEqual(claims('حيث اتهم وزير الداخلية ساجد جاويد موسكو باستخدام بريطانيا "مكباً للسم". ' +
      'وقال جاويد للبرلمان "حان الوقت لكي تقدم الدولة الروسية تفسيرا".').map(([, s]) => s),
    ['وزير الداخلية ساجد جاويد', 'جاويد'], 'the quoted object of «اتهم» is his claim too');
    assert.deepEqual(claims('قال رئيس الوزراء العراقي حيدر العبادي إنه "مضطر" للالتزام بها. وكان الاتحاد الأوروبي أعرب ' +
      'الاثنين عن أسفه، مؤكدا "تصميمه على حماية الجهات الاقتصادية".').map(([, s]) => s),
    ['رئيس الوزراء العراقي حيدر العبادي', 'الاتحاد الأوروبي']);
  });

  it('digits and a slash may stand between the verb and أن («… التي ستجرى في 29 تموز/يوليو، في بيان أنه»)', () => {
    assert.deepEqual(claims('وأوضح زعيم المعارضة سومايلا سيسي المرشح للانتخابات التي ستجرى في 29 تموز/يوليو، في بيان أنه ' +
      '"تعرض المتظاهرون العزل لهجمات".').map(([, s]) => s), ['زعيم المعارضة سومايلا سيسي']);
  });

  it('one of a group, unnamed («وقال أحد أصدقائه», «إحدى الموظفات»), makes no claim of an actor', () => {
    assert.deepEqual(claims('وقال أحد أصدقائه لوكالة فرانس برس إنه كان على علاقة معها.'), []);
    assert.deepEqual(claims('وقالت إحدى الموظفات إن المكتب أغلق.'), []);
    assert.deepEqual(claims('وأعلن الأطباء بأنه في حالة حرجة.'), []);
    assert.deepEqual(claims('وقال مسؤلون فلسطينيون إن الرئيس بخير.'), [], 'as often misspelt');
  });

  it('quoted words in the object of a verb of calling or feeling are claims, one per quoted part', () => {
    assert.deepEqual(claims('وعبرت رئيسة الوزراء البريطانية، تيريزا ماي، عن "صدمتها" لوفاة المرأة.'),
      [['صدمتها', 'رئيسة الوزراء البريطانية، تيريزا ماي']]);
    assert.deepEqual(claims('ودعت الولايات المتحدة إلى إجراء تحقيق "شامل" في الهجوم.'), [['شامل', 'الولايات المتحدة']]);
    // «دعا» ends in ا but is no dual; an embassy speaks for its country
    assert.deepEqual(claims('دعا وزير الخارجية الأمريكي، مايك بومبيو، السعودية إلى "دعم إجراء تحقيق شامل".'),
      [['دعم إجراء تحقيق شامل', 'وزير الخارجية الأمريكي، مايك بومبيو']]);
    assert.deepEqual(claims('وأعربت سفارة القاهرة في لندن عن "قلق عميق" إزاء الحادث.').map(([, s]) => s), ['سفارة القاهرة']);
    // marks that folding drops (a shadda, tatweel) move no offset: «وعبّرت … عن "صدمتها"»
    assert.deepEqual(claims('وأعلنت الشرطة أن المرأة توفيت. وعبّرت رئيسة الوزراء البريطانيـة، تيريزا ماي، عن "صدمتها" لوفاتها.'),
      [['أن المرأة توفيت', 'الشرطة'], ['صدمتها', 'رئيسة الوزراء البريطانيـة، تيريزا ماي']]);
    assert.deepEqual(claims('وقالت روسيا إن الاتهامات باطلة، متهمة بريطانيا بممارسة "ألعاب سياسية قذرة"، ومحاولة ' +
      '"تعكير المياه"، و"تخويف مواطنيها".').map(([c]) => c),
    ['إن الاتهامات باطلة', 'ألعاب سياسية قذرة', 'تعكير المياه', 'تخويف مواطنيها']);
  });

  it('no quoted object: the narrator\'s term, a quoted name, an unnamed source, a quote that closes', () => {
    assert.deepEqual(claims('وأعربت الوزارة عن قلقها بشأن "اختفاء" الصحفي.'), []);
    assert.deepEqual(claims('وأعلنت الشركة السعودية للصناعات الأساسية «سابك» نتائجها. وأكدت «سابك» أن الأرباح ارتفعت.')
      .map(([c]) => c), ['أن الأرباح ارتفعت']);
    assert.deepEqual(claims('وقال المصدر في تصريح صحفي "إن الإجراءات غير مشروعة".'), []);
    assert.deepEqual(claims('وقالت المعارضة إن عشرين جريحا نقلوا. وقال المصدر نفسه إن ثلاثة مسؤولين أصيبوا.')
      .map(([, s]) => s), ['المعارضة', 'المصدر'], '«المصدر نفسه» refers back to a named actor');
    assert.deepEqual(claims('وقالت الوزيرة هند سالم "نحن قلقون جدا". وأكد الوزير أن "الحوار مستمر".').map(([c]) => c),
      ['نحن قلقون جدا', 'أن "الحوار مستمر"']);
  });

  it('a negotiator is a title; a short word inside a name («كيم كي غوان») before the apposition', () => {
    assert.deepEqual(claims('وحذر المفاوض الأوروبي، ميشيل بارنييه، بريطانيا. وقال مسؤول إن الوقت ضيق. وفي كلمته، السبت، ' +
      'دعا بارنييه إلى مزيد من الوضوح. وقال بارنييه إن "المفاوضات الفعالة تعتمد على المعرفة".').map(([, s]) => s),
    ['بارنييه'], 'his surname, linked to «المفاوض الأوروبي، ميشيل بارنييه»');
    assert.deepEqual(claims('وقال كيم كي غوان النائب الأول لوزير الخارجية في بيان إن "الإعلان كان غير متوقع".')
      .map(([, s]) => s), ['كيم كي غوان']);
  });

  it('a no-break space is a space; a short quoted name before أن is the speaker, not a quotation', () => {
    assert.deepEqual(claims('بدوره،\u00A0رأى\u00A0وزير\u00A0الخارجية سامي الأحمد أن الحوار مستمر.'),
      [['أن الحوار مستمر', 'وزير\u00A0الخارجية سامي الأحمد']]);
    assert.deepEqual(claims('وشددت "موانئ دبي" على أن إجراءات التحكيم لا تزال قائمة.'),
      [['أن إجراءات التحكيم لا تزال قائمة', 'موانئ دبي']]);
    assert.deepEqual(claims('وأوضح ياسين في اتصال هاتفي لـ«الشرق الأوسط»، أن إيران ستواجه مشكلات كبيرة.'),
      [['أن إيران ستواجه مشكلات كبيرة', 'ياسين']]);
    assert.deepEqual(claims('أكد وزير المالية السعودي، #محمد_الجدعان أن الشراكة ستعود بالنفع على القطاعات.'),
      [['أن الشراكة ستعود بالنفع على القطاعات', 'وزير المالية السعودي، #محمد_الجدعان']]);
  });
});
