// The actor rules, one kind each, on small fixed inputs (issue 11). The measure on real news is `npm run eval`.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { SIMPLE_NAME, wholeWordCounts } from '../../../../src/core/suggest/actorRules';
import { suggest } from '../../../../src/core/suggest/suggest';
import { words } from '../../../../src/core/suggest/suggestText';

const actors = (text: string) => suggest(text).filter((s) => s.label === 'actor').map((s) => s.quote);

describe('actor rules', () => {
  it('a title chain with its qualifiers and the name: «نظيره القطري الدكتور خالد العطية»', () => {
    assert.deepEqual(actors('التقى ياسين نظيره القطري الدكتور خالد العطية أمس.'), ['نظيره القطري الدكتور خالد العطية']);
    assert.deepEqual(actors('والتقى والرئيس الفرنسي فرانسوا هولاند الوفد.'), ['الرئيس الفرنسي فرانسوا هولاند']);
    assert.deepEqual(actors('وقال الرئيس اليمني عبد ربه منصور هادي إن الحرب طويلة.'), ['الرئيس اليمني عبد ربه منصور هادي']);
  });

  it('a qualified role alone names a person, but not as an apposition after a name', () => {
    assert.deepEqual(actors('وقال وزير الخارجية اليمني إن الحل سياسي.'), ['وزير الخارجية اليمني']);
    assert.deepEqual(actors('وقال الدكتور يوسف البنيان، نائب رئيس مجلس إدارة سابك، إن الأرباح زادت.'),
      ['الدكتور يوسف البنيان']);
  });

  it('later mentions by surname or by the whole name, linked to the person by the same words', () => {
    const text = 'وقال وزير الخارجية الروسي سيرغي لافروف إن الحل سياسي. وأضاف لافروف أن الوقت يداهم. والتقى سيرغي لافروف نظيره.';
    assert.deepEqual(actors(text), ['وزير الخارجية الروسي سيرغي لافروف', 'لافروف', 'سيرغي لافروف']);
  });

  it('countries and capitals act, except after a preposition or with ب/ل', () => {
    assert.deepEqual(actors('وأعلنت طهران رفضها، بينما عاد الوفد إلى طهران وذهب لإيران وفي إيران.'), ['طهران']);
    assert.deepEqual(actors('اتفاق الدول الغربية مع طهران'), ['الدول الغربية', 'طهران']);
    assert.deepEqual(actors('وأعلن الكرملين أن اللقاء عقد في الكرملين.'), ['الكرملين']);
  });

  it('groups bare or qualified: «المعارضة السورية», «الحوثيين», «داعش»', () => {
    assert.deepEqual(actors('وقاتلت المعارضة السورية الحوثيين وتنظيم داعش.'), ['المعارضة السورية', 'الحوثيين', 'تنظيم داعش']);
  });

  it('a name in quotation marks that the article repeats («سابك» … سابك), not a quoted word said once', () => {
    assert.deepEqual(actors('أعلنت «سابك» نتائجها. وقال إن سابك ربحت، وكان اللقاء «مثمرا».'), ['سابك', 'سابك']);
  });

  it('a name stops at a preposition phrase: «الرئيس التنفيذي بالإنابة» is no name', () => {
    assert.deepEqual(actors('وكان الرئيس التنفيذي بالإنابة حاضرا.'), ['الرئيس التنفيذي']);
  });

  it('a name before an apposition is a person («أعلن يوسف البنيان، نائب رئيس …»), and so are its later mentions', () => {
    assert.deepEqual(actors('وأعلن يوسف البنيان، نائب رئيس مجلس إدارة سابك، أن الأرباح زادت. وأضاف البنيان أن السوق قوية.'),
      ['يوسف البنيان', 'البنيان']);
    assert.deepEqual(actors('وقالت الوزارة، المتحدث باسمها غائب، إن الوضع هادئ.'), ['الوزارة'],
      'a noun with ال is no name (the ministry is an actor by itself)');
  });

  it('a bare role after the one person the article gives it is a mention of that person, linked', () => {
    const found = suggest('وقال وزير الخارجية الروسي سيرغي لافروف إن الحوار مستمر. وأكد الوزير الروسي أن موسكو مستعدة.')
      .filter((s) => s.label === 'actor').map((s) => [s.quote, s.entity]);
    assert.deepEqual(found, [['وزير الخارجية الروسي سيرغي لافروف', 'سيرغي لافروف'], ['الوزير الروسي', 'سيرغي لافروف'],
      ['موسكو', undefined]]);
    assert.deepEqual(actors('وقال وزير الخارجية سامي الأحمد ووزير الدفاع خالد حسن إن الحوار مستمر. وأكد الوزير أن الجيش جاهز.'),
      ['وزير الخارجية سامي الأحمد', 'وزير الدفاع خالد حسن', 'الجيش'], 'two ministers: «الوزير» is not suggested');
    assert.deepEqual(actors('وأكد الوزير أن الجيش جاهز. وقال وزير الخارجية سامي الأحمد إن الحوار مستمر.'),
      ['الجيش', 'وزير الخارجية سامي الأحمد'], 'not before the named mention');
  });

  it('a role with a nationality after the one person of that nationality named with a title is that person, linked', () => {
    const found = (text: string) => suggest(text).filter((s) => s.label === 'actor').map((s) => [s.quote, s.entity]);
    assert.deepEqual(found('وقال نائب وزير الخارجية الإيراني عباس عراقجي إن الوضع معقد. ورفض المسؤول الإيراني أن يؤكد ذلك.'),
      [['نائب وزير الخارجية الإيراني عباس عراقجي', 'عباس عراقجي'], ['المسؤول الإيراني', 'عباس عراقجي']]);
    assert.deepEqual(found('وقال وزير الخارجية السعودي عادل الجبير ووزير الخارجية الإيراني محمد ظريف إن الحوار مستمر. ' +
      'وأكد الوزير الإيراني أن طهران مستعدة.'),
    [['وزير الخارجية السعودي عادل الجبير', 'عادل الجبير'], ['وزير الخارجية الإيراني محمد ظريف', 'محمد ظريف'],
      ['الوزير الإيراني', 'محمد ظريف'], ['طهران', undefined]], 'two ministers, one Iranian');
    assert.deepEqual(found('وقال الرئيس الإيراني حسن روحاني ونائب وزير الخارجية الإيراني عباس عراقجي إن الحوار مستمر. ' +
      'ورفض المسؤول الإيراني ذلك.').map(([q]) => q),
    ['الرئيس الإيراني حسن روحاني', 'نائب وزير الخارجية الإيراني عباس عراقجي', 'المسؤول الإيراني'],
    'two Iranians: a role alone, linked to neither');
    assert.equal(found('وقال الرئيس الإيراني حسن روحاني ونائب وزير الخارجية الإيراني عباس عراقجي إن الحوار مستمر. ' +
      'ورفض المسؤول الإيراني ذلك.')[2][1], undefined);
    assert.deepEqual(found('ورفض المسؤول الإيراني ذلك. وقال نائب وزير الخارجية الإيراني عباس عراقجي إن الوضع معقد.'),
      [['المسؤول الإيراني', undefined], ['نائب وزير الخارجية الإيراني عباس عراقجي', 'عباس عراقجي']],
      'not linked before the named mention (a role alone)');
  });

  it('a relation noun with a possessive pronoun names a person («خطيبته التركية», «محاميتها لورا بيشور», «لموكله»)', () => {
    assert.ok(actors('بينما كانت خطيبته التركية تنتظر في الخارج.').includes('خطيبته التركية'));
    assert.ok(actors('وبحسب تصريحات محاميتها لورا بيشور، لم تخرج من المطار.').includes('محاميتها لورا بيشور'));
    assert.ok(actors('وقال المحامي إنه نقل الرسالة لموكله أمس.').includes('موكله'), 'a preposition stays outside');
    assert.ok(actors('ودافع عنه مؤسسها في المحكمة.').includes('مؤسسها'));
    assert.ok(actors('وقال رئيسها توماس ستيغ إن الشركة ستتعاون.').includes('رئيسها توماس ستيغ'));
    assert.ok(actors('وأضاف "زعيمنا قال أيضا إن الاجتماع مهم".').includes('زعيمنا'));
    assert.deepEqual(actors('وقالت رئيسة إن الطلب رفض.').filter((a) => a.startsWith('رئيس')), [], 'no pronoun');
    // no pronoun: a role, not one person («محامية» folds like «محاميه»); a noun that is no relation («مؤسسته»)
    assert.deepEqual(actors('وقالت محامية إن الطلب رفض.').filter((a) => a.startsWith('محامي')), []);
    assert.deepEqual(actors('وأعلن أن مؤسسته ستغلق.').filter((a) => a.startsWith('مؤسس')), []);
    assert.deepEqual(actors('وقدم مساعدته للاجئين.').filter((a) => a.startsWith('مساعد')), []);
  });

  it('a name with ال after ل is written «لل»: the mention starts after it («للعريان» → «عريان», «للسلطات الإيطالية»)', () => {
    const found = actors('وقال الخبير محمد العريان إن النمو ضعيف. وفي مقابلة سابقة للعريان قال إن الأمر مختلف.');
    assert.ok(found.includes('عريان'), found.join(' | '));
    assert.ok(actors('وقدم الشكر للسلطات الإيطالية على تعاونها.').includes('سلطات الإيطالية'));
    assert.ok(actors('وحمل الوزير المسؤولية للحوثيين في البيان.').includes('حوثيين'));
    // «لل» inside a word, or a name without ال, is no such mention
    assert.deepEqual(actors('ووصل الوفد إلى اللاذقية أمس.').filter((a) => a.startsWith('لاذ')), []);
  });

  it('more countries and capitals act: «المملكة المتحدة», «بيونغ يانغ», «أوتاوا»; «كوريا الشمالية» whole', () => {
    assert.ok(actors('وقالت المملكة المتحدة إن المفاوضات مستمرة.').includes('المملكة المتحدة'));
    assert.ok(actors('وردت بيونغ يانغ على القرار.').includes('بيونغ يانغ'));
    assert.ok(actors('وطالبت أوتاوا بالإفراج عنهم.').includes('أوتاوا'));
    assert.ok(actors('وأعلنت كوريا الشمالية استعدادها.').includes('كوريا الشمالية'));
    assert.deepEqual(actors('ووصل الوفد إلى بيونغ يانغ أمس.'), [], 'a place after a preposition');
  });

  it('a body by its head alone after the one body of that head is named («المنظمة» after «منظمة الصحة العالمية»)', () => {
    const found = suggest('وحذرت منظمة الصحة العالمية من انتشار المرض. وقالت المنظمة إن الوضع خطير.')
      .filter((s) => s.label === 'actor');
    assert.deepEqual(found.map((a) => [a.quote, a.entity]), [['منظمة الصحة العالمية', undefined],
      ['المنظمة', 'منظمة الصحة العالمية']]);
    // two bodies of one head: none; before the body is named: none
    assert.deepEqual(actors('وقالت منظمة الصحة العالمية ومنظمة العمل الدولية إن الوضع خطير. وقالت المنظمة إنها قلقة.')
      .filter((a) => a === 'المنظمة'), []);
    assert.deepEqual(actors('وقالت المنظمة إنها قلقة. وحذرت منظمة الصحة العالمية من المرض.').filter((a) => a === 'المنظمة'), []);
  });

  it('a news agency is the medium of a report, no actor; another agency is an organisation', () => {
    assert.deepEqual(actors('وقال في بيان نشرته وكالة الأنباء الكورية الشمالية إن القمة ألغيت.'), []);
    assert.ok(actors('وقالت الوكالة الدولية للطاقة الذرية إن إيران ملتزمة.').includes('الوكالة الدولية للطاقة الذرية'));
  });

  it('a title after «و» begins the next mention («… حسن روحاني ونائب وزير الخارجية …»)', () => {
    assert.deepEqual(actors('وقال الرئيس الإيراني حسن روحاني ونائب الوزير عباس عراقجي إن الحوار مستمر.'),
      ['الرئيس الإيراني حسن روحاني', 'نائب الوزير عباس عراقجي']);
    assert.deepEqual(actors('والتقى الرئيس محمد خاتمي ووزير الخارجية كمال خرازي بالوفد.'),
      ['الرئيس محمد خاتمي', 'وزير الخارجية كمال خرازي']);
  });

  it('companies named after their head without ال («شركة تسلا الأمريكية»); not an indefinite adjective', () => {
    assert.deepEqual(actors('وقالت شركة تسلا الأمريكية إن المبيعات ارتفعت.'), ['شركة تسلا الأمريكية']);
    assert.deepEqual(actors('وأعلن بنك ستاندرد تشارترد أنه سيغلق فروعه.'), ['بنك ستاندرد تشارترد']);
    assert.deepEqual(actors('وباعت شركة تشاينا ميرشنتس القابضة المحدودة حصتها.'), ['شركة تشاينا ميرشنتس القابضة المحدودة']);
    assert.deepEqual(actors('وقالت شركة كبيرة إن الأرباح تراجعت.'), []);
    assert.deepEqual(actors('ووقع العقد مع شركة عالمية للاستشارات.'), []);
  });

  it('a name in quotation marks repeated is an actor when it acts or names an actor; a term in scare quotes is not', () => {
    assert.deepEqual(actors('وأعلنت مجموعة الاتصالات «زين» أرباحها. وأوضح المدير أن «زين» ستدخل السوق.'),
      ['مجموعة الاتصالات', 'زين', 'زين']);
    assert.deepEqual(actors('وارتفعت أرباح «زين» هذا العام. ورفضت «زين» التعليق.'), ['زين', 'زين'], 'after a verb');
    assert.deepEqual(actors('وأعربت عن "قلقها" من "اختفاء" الصحفي، وطالبت بتوضيح "اختفاء" الصحفي و"قلقها" مفهوم.'), []);
    assert.deepEqual(actors('وقال الرئيس التركي بن علي يلدريم إن العملية مستمرة. وأضاف يلدريم أن الجيش جاهز.'),
      ['الرئيس التركي بن علي يلدريم', 'يلدريم', 'الجيش'], '«علي» after «بن» is a name');
    assert.deepEqual(actors('وكشف تقرير صادر عن البنك المركزي الإيراني أن العائدات ارتفعت.'), ['البنك المركزي الإيراني'],
      'a document is no speaker\'s name');
  });

  it('names: compound first names, titles of an organisation, «لل…» names, generic sources', () => {
    assert.deepEqual(actors('وقال الرئيس عبد الفتاح السيسي إن مصر لن تسمح بذلك.'), ['الرئيس عبد الفتاح السيسي', 'مصر']);
    assert.deepEqual(actors('وقال المتحدث باسم وزارة الخارجية الأمريكية جون كيربي في مؤتمر صحفي إن الخيارات مفتوحة.'),
      ['المتحدث باسم وزارة الخارجية الأمريكية جون كيربي']);
    assert.deepEqual(actors('وقالت الوكالة الدولية للطاقة الذرية في تقرير إن الالتزام تام.'), ['الوكالة الدولية للطاقة الذرية']);
    assert.deepEqual(actors('وقالت قوات سوريا الديمقراطية إن الهجوم فشل.'), ['قوات سوريا الديمقراطية']);
    assert.deepEqual(actors('ونقلت الوكالة عن مسؤول أمريكي قوله إن الهجوم فشل.'), ['الوكالة'], 'an unnamed official is no actor');
  });

  it('a comma between a qualified title and the name is one mention; a hashtag name keeps its _', () => {
    assert.deepEqual(actors('وقد لوح رئيس الوزراء الإسرائيلي، بنيامين نتنياهو، بالرد.'),
      ['رئيس الوزراء الإسرائيلي، بنيامين نتنياهو']);
    assert.deepEqual(actors('أكد وزير المالية السعودي، #محمد_الجدعان أن النمو قوي. وقال الجدعان إن العجز تراجع.'),
      ['وزير المالية السعودي، #محمد_الجدعان', 'الجدعان']);
    assert.deepEqual(actors('وقال وزير الخارجية اليمني، إن الحوار مستمر.'), ['وزير الخارجية اليمني'],
      'no name after the comma: the role alone');
  });

  it('a name right after a reporting verb is a speaker, and its later surname a mention', () => {
    assert.deepEqual(actors('وقال عباس عراقجي لبي بي سي إن الخطر كبير. وأضاف عراقجي أن الحل سياسي.'),
      ['عباس عراقجي', 'عراقجي']);
    assert.deepEqual(actors('وقال هناك انخفاض في الأسعار.'), [], 'an adverb and a noun are no name');
    assert.deepEqual(actors('وقال مصدر مطلع إن الحل قريب.'), [], 'an unnamed source is no name');
  });

  it('plural bodies and ministries named by their adjective, qualified', () => {
    assert.deepEqual(actors('ونجحت القوات الأمنية في إحباط الهجوم، وأكدت الخارجية الروسية أن السلطات الإيطالية تعاونت.'),
      ['القوات الأمنية', 'الخارجية الروسية', 'السلطات الإيطالية']);
  });

  it('a present or future verb after a name is no part of it; named experts and activists are actors', () => {
    assert.deepEqual(actors('وأكد البيت الأبيض أن الرئيس أوباما سيلتقي الملك سلمان.'), ['البيت الأبيض', 'الرئيس أوباما', 'الملك سلمان']);
    assert.deepEqual(actors('وقال وزير الخارجية الروسي سيرغي لافروف إن الحل سياسي.'), ['وزير الخارجية الروسي سيرغي لافروف']);
    assert.deepEqual(actors('وقال الناشط سمير #خليل إن الاحتجاجات ستستمر.'), ['الناشط سمير #خليل']);
  });
});

describe('actor rules: names repeated in quotation marks, counted in one pass', () => {
  /** What a regex of the whole name counts (the search per name that wholeWordCounts replaces). */
  const byRegex = (folded: string, name: string) => [...folded.matchAll(new RegExp(
    `(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu'))].length;

  it('counts as one search per name does: whole words, from the left, not overlapping (property)', () => {
    // letters (an astral one too), digits, spaces, marks and punctuation that end words
    const unit = fc.constantFrom('ب', 'ا', 'ب', ' ', ' ', '  ', '1', '+', '«', '»', '،', '\u{1D400}', '\u064E', '-');
    const str = fc.array(unit, { maxLength: 24 }).map((u) => u.join(''));
    fc.assert(
      fc.property(str, fc.array(str, { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 12 }), (folded, more, cuts) => {
        // names cut from the text itself (most stand in it, some as part of longer words), and others
        const slices = cuts.map((c, i) => folded.slice(c % (folded.length + 1), (c % (folded.length + 1)) + 1 + i));
        const names = [...new Set([...slices, ...more].map((c) => c.trim()))].filter((n) => SIMPLE_NAME.test(n));
        const counts = wholeWordCounts(folded, words(folded), names);
        for (const name of names) {
          assert.equal(counts.get(name), byRegex(folded, name), JSON.stringify({ folded, name }));
        }
      }),
      { numRuns: 3000 },
    );
    assert.equal(wholeWordCounts('ب ب ب', words('ب ب ب'), ['ب ب']).get('ب ب'), 1);
    assert.equal(wholeWordCounts('سابك وسابك «سابك»', words('سابك وسابك «سابك»'), ['سابك']).get('سابك'), 2);
  });
});
