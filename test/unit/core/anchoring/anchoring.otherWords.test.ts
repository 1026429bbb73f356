// Re-anchoring never puts an annotation on other words: each kind of edit that once did, with its neighbours.
import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { anchorToText, reanchor } from '../../../../src/core/anchoring/anchoring';
import { isGraphemeBoundary } from '../../../../src/core/text/offsets';
import { emptySidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { sampleArticle } from '../../../support/arabicNews';
import { annotate, cpSlice, u16 } from '../../../support/model';

const NOW = { now: '2026-11-29T12:00:00.000Z' };

function check(text: string, r: { start: number; end: number; quote: string; anchored?: string }) {
  if (r.anchored === 'orphaned') return;
  assert.ok(
    isGraphemeBoundary(text, u16(text, r.start)) && isGraphemeBoundary(text, u16(text, r.end)),
    `${r.anchored} ${JSON.stringify(r.quote)} at ${r.start}..${r.end} splits a grapheme`,
  );
}
// Issue 8, item 4: kinds found by the property test with ground truth (anchoring.property.test.ts),
// each with its neighbours, on the sample article (samples/lavrov-kerry.txt).
describe('re-anchoring: never on other words (issue 8)', () => {
  const article = sampleArticle().text;
  /**
   * The annotation on the nth `needle` of `old`, found again in `edited`: [status, text placed on ('' when orphaned)].
   */
  function again(old: string, edited: string, needle: string, nth = 0): [string, string] {
    const a = annotate(old, needle, nth, 'actor');
    const r = reanchor(edited, a);
    if (r.anchored !== 'orphaned')
      assert.equal(cpSlice(edited, r.start, r.end), r.quote, 'the quote is the text placed on');
    else
      assert.deepEqual([r.quote, r.prefix, r.suffix], [a.quote, a.prefix, a.suffix], 'an orphan keeps its selectors');
    return [r.anchored ?? 'exact', r.anchored === 'orphaned' ? '' : r.quote];
  }
  /** Code-point start of the nth `needle` in `text`. */
  const at = (text: string, needle: string, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
    return [...text.slice(0, i)].length;
  };
  const firstKerry = 'جون كيري، الذي';

  describe('tashkeel added to the annotated word: fuzzy in place, never another mention', () => {
    it('كيري -> كِيرِي while "جون كيري" stands unchanged further on', () => {
      const edited = article.replace(firstKerry, 'جون كِيرِي، الذي');
      const a = annotate(article, 'كيري', 0, 'actor');
      const r = reanchor(edited, a);
      assert.deepEqual([r.anchored, r.quote, r.start], ['fuzzy', 'كِيرِي', a.start]);
    });
    it('the whole sentence vocalised around it', () => {
      const edited = article.replace(
        'مع وزير الخارجية الأمريكي جون كيري، الذي استمر',
        'مَعَ وَزِيرِ الخَارِجِيَّةِ الأَمْرِيكِيِّ جُونْ كِيرِي، الَّذِي اسْتَمَرَّ',
      );
      assert.deepEqual(again(article, edited, 'كيري'), ['fuzzy', 'كِيرِي']);
    });
    it('tashkeel removed from a vocalised article', () => {
      const vocalised = article.replace(firstKerry, 'جُونْ كِيرِي، الذي');
      assert.deepEqual(again(vocalised, article, 'كِيرِي'), ['fuzzy', 'كيري']);
    });
    it('a letter variant (alef maqsura) typed in place, the same name exact elsewhere', () => {
      const edited = article.replace(firstKerry, 'جون كيرى، الذي');
      assert.deepEqual(again(article, edited, 'كيري'), ['fuzzy', 'كيرى']);
    });
    it('the whole text decomposed (NFD): every mention fuzzy in its place', () => {
      const edited = article.normalize('NFD');
      const a = annotate(article, 'الأسد', 2, 'actor');
      const r = reanchor(edited, a);
      assert.deepEqual(
        [r.anchored, r.quote, r.start],
        ['fuzzy', 'الأسد'.normalize('NFD'), at(edited, 'الأسد'.normalize('NFD'), 2)],
      );
    });
  });

  describe('the annotated word deleted: orphaned, though the word stands elsewhere', () => {
    it('"كيري" deleted from "جون كيري،", "جون كيري أن" further on (one-sided context)', () => {
      assert.deepEqual(again(article, article.replace(firstKerry, 'جون، الذي'), 'كيري'), ['orphaned', '']);
    });
    it('the other mention deleted, with the space before it', () => {
      assert.deepEqual(again(article, article.replace('جون كيري أن', 'جون أن'), 'كيري', 2), ['orphaned', '']);
    });
    it('replaced by another word', () => {
      assert.deepEqual(again(article, article.replace(firstKerry, 'جون ماكين، الذي'), 'كيري'), ['orphaned', '']);
    });
    it('its sentence deleted while a copy of that sentence stands elsewhere, the word deleted there: orphaned', () => {
      const sentence = 'وقال إن الطرفين تبادلا المعلومات حول مواقع إجراء العمليات ضد الإرهابيين في سوريا.';
      const old = `${article}\n\n${sentence}`;
      const edited = `${article}\n\n${sentence.replace('الطرفين ', '')}`;
      assert.deepEqual(again(old, edited, 'الطرفين', 1), ['orphaned', '']);
      // and the other way round: the article's own sentence loses the word, the copy keeps it
      const other = `${article.replace(sentence, sentence.replace('الطرفين ', ''))}\n\n${sentence}`;
      assert.deepEqual(again(old, other, 'الطرفين', 0), ['orphaned', '']);
    });
    it('control: a sentence repeated in the article, the annotated one unchanged while text before it changed: found', () => {
      const sentence = 'وقال إن الطرفين تبادلا المعلومات حول مواقع إجراء العمليات ضد الإرهابيين في سوريا.';
      const old = `${article}\n\n${sentence}`;
      const edited = `مقدمة جديدة للتقرير.\n${old}`;
      assert.deepEqual(again(old, edited, 'الطرفين', 1), ['moved', 'الطرفين']);
      assert.equal(reanchor(edited, annotate(old, 'الطرفين', 1)).start, at(edited, 'الطرفين', 1));
    });
    it('the first line deleted, the next one starts alike: orphaned, never "exact" on the other line', () => {
      const old = 'قال الوزير: نعم.\nقال الوزير: لا.';
      assert.deepEqual(again(old, 'قال الوزير: لا.', 'قال الوزير'), ['orphaned', '']);
    });
  });

  describe('a copy of an edge word beside the span: the evidence cannot tell the two apart, orphaned', () => {
    it('the annotated word doubled: "جون كيري كيري،"', () => {
      assert.deepEqual(again(article, article.replace(firstKerry, 'جون كيري كيري، الذي'), 'كيري'), ['orphaned', '']);
    });
    it('a word inserted just before a span that starts with the same word: "جون جون كيري"', () => {
      assert.deepEqual(again(article, article.replace(firstKerry, 'جون جون كيري، الذي'), 'جون كيري'), ['orphaned', '']);
    });
    it('a claim whose first word is doubled', () => {
      const claim = 'ندعم عقد مؤتمر حول سوريا في نيويورك هذه الجمعة';
      assert.deepEqual(again(article, article.replace(claim, `ندعم ${claim}`), claim), ['orphaned', '']);
    });
    it('a word doubled in the annotated text made single again: which of the two is left cannot be told, orphaned', () => {
      const old = article.replace('3 ساعات', 'ثلاث ثلاث ساعات');
      assert.deepEqual(again(old, old.replace('ثلاث ثلاث', 'ثلاث'), 'ثلاث', 1), ['orphaned', '']);
      assert.deepEqual(again(old, old.replace('ثلاث ثلاث', 'ثلاث'), 'ثلاث', 0), ['orphaned', '']);
    });
    it('a claim ending on a letter and a tatweel ("ب ـ") whose letter is doubled inside: orphaned', () => {
      const old = 'وقالت إنها لم تستطع تذكر إذا ما كانت تكتب ب ـ r واحدة أم اثنتين .';
      assert.deepEqual(again(old, old.replace('تكتب ب ـ', 'تكتب ب ب ـ'), 'تذكر إذا ما كانت تكتب ب ـ'), [
        'orphaned',
        '',
      ]);
      assert.deepEqual(again(old, `عاجل: ${old}`, 'تذكر إذا ما كانت تكتب ب ـ'), ['moved', 'تذكر إذا ما كانت تكتب ب ـ']);
    });
    it('control: another word inserted before the span: moved, same words', () => {
      assert.deepEqual(again(article, article.replace(firstKerry, 'جون فوربس كيري، الذي'), 'كيري'), ['moved', 'كيري']);
      assert.deepEqual(again(article, article.replace(firstKerry, 'السيد جون كيري، الذي'), 'جون كيري'), [
        'moved',
        'جون كيري',
      ]);
    });
    it('control: a word already doubled in the annotated text keeps its place after an edit elsewhere', () => {
      const old = article.replace('3 ساعات', 'ثلاث ثلاث ساعات');
      const edited = `عاجل: ${old}`;
      const a = annotate(old, 'ثلاث', 1);
      const r = reanchor(edited, a);
      assert.deepEqual([r.anchored, r.start], ['moved', a.start + 6]);
    });
  });

  describe('a fuzzy match never takes in a neighbouring word', () => {
    const claim = 'الولايات المتحدة والشركاء لا يسعون الى تغيير النظام في سوريا';
    it("the claim's last word deleted: the rest, not the next word", () => {
      const edited = article.replace(claim, claim.replace(' في سوريا', ' في'));
      const [status, text] = again(article, edited, claim);
      assert.ok(status === 'orphaned' || !text.includes('”'), `${status} ${text}`);
      if (status !== 'orphaned') assert.ok(text.endsWith('في'), text);
    });
    it("a letter corrected in the claim's first word: the same words, the word before left out", () => {
      const edited = article.replace(claim, claim.replace('الولايات', 'الولابات'));
      assert.deepEqual(again(article, edited, claim), ['fuzzy', claim.replace('الولايات', 'الولابات')]);
    });
    it('a word inserted right after the claim: moved or exact with the same quote', () => {
      const edited = article.replace(`${claim}”`, `${claim} أبدا”`);
      assert.deepEqual(again(article, edited, claim), ['exact', claim]);
    });
    it('a word inserted inside the claim near its end: fuzzy over the whole claim', () => {
      const edited = article.replace(claim, claim.replace('في سوريا', 'في دولة سوريا'));
      assert.deepEqual(again(article, edited, claim), ['fuzzy', claim.replace('في سوريا', 'في دولة سوريا')]);
    });
  });

  describe('line ends converted', () => {
    const crlf = article.replace(/\n/g, '\r\n');
    it("LF -> CR LF: a one-word quote at a paragraph's end and one at its start are moved, never orphaned", () => {
      assert.deepEqual(again(article, crlf, 'الإرهابيين.'), ['moved', 'الإرهابيين.']);
      assert.deepEqual(again(article, crlf, 'وأكد'), ['moved', 'وأكد']);
    });
    it('LF -> CR LF: a claim across a paragraph break is moved, its quote with CR LF', () => {
      const claim = 'بنود اتفاق فيينا”.\nووصف لافروف المحادثات';
      assert.deepEqual(again(article, crlf, claim), ['moved', claim.replace('\n', '\r\n')]);
      const two = 'قائمة الإرهابيين.\n\nوأكد لافروف';
      assert.deepEqual(again(article, crlf, two), ['moved', two.replace(/\n/g, '\r\n')]);
    });
    it('CR LF -> LF and lone CR: found again', () => {
      const claim = 'قائمة الإرهابيين.\n\nوأكد لافروف';
      assert.deepEqual(again(crlf, article, claim.replace(/\n/g, '\r\n')), ['moved', claim]);
      assert.deepEqual(again(article, article.replace(/\n/g, '\r'), claim), ['moved', claim.replace(/\n/g, '\r')]);
    });
    it('every annotation of a sidecar after LF -> CR LF: none orphaned, each on its words', () => {
      const set = new AnnotationSet(article);
      for (const [needle, nth] of [
        ['كيري', 0],
        ['كيري', 1],
        ['الأسد', 3],
        ['سوريا', 5],
        ['الإرهابيين.\n\nوأكد', 0],
        ['موسكو', 0],
      ] as [string, number][]) {
        set.add('actor', at(article, needle, nth), at(article, needle, nth) + [...needle].length, NOW);
      }
      const sidecar = emptySidecar('lavrov-kerry.txt');
      sidecar.text.sha256 = textSha256(article);
      sidecar.annotations = set.annotations;
      const result = anchorToText(crlf, sidecar);
      assert.ok(result.ok);
      assert.deepEqual(result.orphaned, []);
      for (const [i, a] of result.annotations.entries()) {
        assert.equal(a.quote.replace(/\r\n/g, '\n'), set.annotations[i].quote);
        assert.equal(cpSlice(crlf, a.start, a.end), a.quote);
      }
    });
  });

  describe('context moved away by an insertion', () => {
    it('a sentence inserted right before the annotated word: moved', () => {
      const edited = article.replace(
        'جون كيري، الذي',
        'جون (وهو وزير خارجية الولايات المتحدة منذ عام 2013) كيري، الذي',
      );
      assert.deepEqual(again(article, edited, 'كيري'), ['moved', 'كيري']);
    });
    it('a paragraph moved to the top, the annotation at its start: moved', () => {
      const paragraph =
        'واعتبر لافروف أن لقاء المعارضين السوريين في الرياض ما هو إلا خطوة في عملية تشكيل قائمة موحدة للمعارضة للمشاركة في المفاوضات مع الحكومة السورية.\n\n';
      const edited = paragraph + article.replace(paragraph, '');
      assert.deepEqual(again(article, edited, 'واعتبر'), ['moved', 'واعتبر']);
      assert.equal(reanchor(edited, annotate(article, 'واعتبر')).start, 0);
    });
    it('one side enough only with the word right beside the place unchanged: a paragraph moved away and its first name deleted there', () => {
      const paragraph =
        'وأكد لافروف قائلا “ندعم عقد مؤتمر حول سوريا في نيويورك هذه الجمعة ونأمل أن ينتج عنه التوصل لمشروع قرار يقدم لاحقا إلى مجلس الأمن”، مضيفا “اتفقنا مع واشنطن على تقديم مشروع قرار بشأن سوريا إلى مجلس الأمن بناء على بنود اتفاق فيينا”.\n';
      const edited = article.replace(paragraph, '') + paragraph.replace('وأكد لافروف', 'وأكد');
      // the next paragraph ("ووصف لافروف") now follows the same prefix: not taken on the prefix alone
      assert.deepEqual(again(article, edited, 'لافروف', 3), ['orphaned', '']);
    });
    it('a claim across a paragraph break whose first paragraph moved away: orphaned', () => {
      const claim = 'الحكومة السورية.\n\nوقال إن كل الأطراف';
      const paragraph =
        'واعتبر لافروف أن لقاء المعارضين السوريين في الرياض ما هو إلا خطوة في عملية تشكيل قائمة موحدة للمعارضة للمشاركة في المفاوضات مع الحكومة السورية.\n\n';
      const edited = paragraph + article.replace(paragraph, '');
      assert.deepEqual(again(article, edited, claim), ['orphaned', '']);
    });
  });
});

// Inputs found by trying to break re-anchoring on purpose, each with its neighbours.
describe('re-anchoring: duplicates, orphans and a near match beside a look-alike', () => {
  it('A1: the occurrence with full context is found even among > 2000 duplicates', () => {
    const filler = Array.from({ length: 2500 }, (_, i) => `بند ${i}: قال الوزير.`).join('\n');
    const old = `${filler}\nفي الختام قال الوزير إن الاتفاق انهار.`;
    const a = annotate(old, 'قال الوزير', 2500);
    const text = `مقدمة جديدة\n${old}`;
    const r = reanchor(text, a);
    assert.equal(r.anchored, 'moved');
    assert.equal(cpSlice(text, r.start - 10, r.start), 'في الختام ', 'placed on the occurrence whose prefix matches');
  });

  it('A4: an orphan is not put back on part of another word', () => {
    const v1 = 'قال إن السد متصدع الآن';
    const a = annotate(v1, 'السد');
    const sc = emptySidecar('a.txt');
    sc.text.sha256 = textSha256(v1);
    sc.annotations = [a];
    const v2 = 'قال إن متصدع الآن'; // the word is deleted elsewhere
    const r2 = anchorToText(v2, sc);
    assert.ok(r2.ok);
    assert.equal(r2.annotations[0].anchored, 'orphaned');
    const sc2 = emptySidecar('a.txt');
    sc2.text.sha256 = textSha256(v2);
    sc2.annotations = r2.annotations;
    const v3 = 'قال إن السدود متصدعة الآن'; // "the dams"
    const r3 = anchorToText(v3, sc2);
    assert.ok(r3.ok);
    assert.equal(
      r3.annotations[0].anchored,
      'orphaned',
      `put back on ${JSON.stringify(r3.annotations[0].quote)} inside "السدود"`,
    );
  });

  it('A5: approximate match in the right neighbourhood is not lost to a rejected exact look-alike elsewhere', () => {
    // the quote (14 code points) has one letter corrected at its place; elsewhere the same words stand
    // with the conjunction و attached (not at a word edge, so rejected)
    const old = 'قال المتحدث إن الاتفاق النوويي لم يعد قائما بعد الانسحاب.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'قال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب. والاتفاق النوويي كان موقعا.';
    const r = reanchor(text, a);
    assert.equal(r.anchored, 'fuzzy');
    assert.equal(r.quote, 'الاتفاق النووي');
  });
  it('A5b: same without the look-alike: found', () => {
    const old = 'قال المتحدث إن الاتفاق النوويي لم يعد قائما بعد الانسحاب.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'قال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب. كان موقعا.';
    const r = reanchor(text, a);
    assert.equal(r.anchored, 'fuzzy');
  });
});

describe('re-anchoring: never splits a grapheme cluster', () => {
  it('A2: folded match never ends inside an emoji ZWJ sequence', () => {
    const old = 'وصلت العائلة 👩👩 أمس';
    const a = new AnnotationSet(old).add('actor', 5, 15, NOW); // "العائلة 👩👩"
    assert.equal(a.quote, 'العائلة 👩👩');
    const text = 'وصلت العائلة 👩‍👩‍👧 أمس';
    const r = reanchor(text, a);
    check(text, r);
  });
  it('A3: moved match never straddles two flags', () => {
    const old = 'علم 🇦🇶🇦🇶 هنا';
    const a = new AnnotationSet(old).add('actor', 6, 8, NOW); // second flag
    assert.equal(a.quote, '🇦🇶');
    const text = 'علم 🇶🇦🇶🇦 هنا';
    const r = reanchor(text, a);
    check(text, r);
  });
  it('A3b: exact at old offsets never splits an emoji sequence', () => {
    const old = 'الأم 👩 وصلت';
    const a = new AnnotationSet(old).add('actor', 5, 6, NOW);
    const text = 'الأم 👩‍👧 وصلت';
    const r = reanchor(text, a);
    check(text, r);
  });
  it('A3c: exact at old offsets never ends between a letter and its haraka', () => {
    const old = 'كتب الوزير';
    const a = new AnnotationSet(old).add('actor', 0, 2, NOW); // "كت" (part of a word)
    const text = 'كتَب الوزير';
    const r = reanchor(text, a);
    check(text, r);
  });
});

describe('re-anchoring: a row inserted above, diacritics dropped around a span', () => {
  it('A7: a row inserted above leaves no annotation "exact" on the row above', () => {
    const old = '- قال الوزير إن المفاوضات ستستأنف.\n- قال الوزير إن الهدنة صامدة.';
    const a = annotate(old, 'قال الوزير', 1); // the minister's second statement (the truce)
    const text = '- قال الوزير إن الحدود ستفتح قريب.\n' + old; // a row as long as the first one, added on top
    assert.equal([...'- قال الوزير إن الحدود ستفتح قريب.'].length, [...'- قال الوزير إن المفاوضات ستستأنف.'].length);
    const r = reanchor(text, a);
    assert.equal(
      cpSlice(text, r.end, r.end + 12),
      ' إن الهدنة ص',
      `${r.anchored ?? 'exact'} at ${r.start}..${r.end}, followed by ${JSON.stringify(cpSlice(text, r.end, r.end + 12))}`,
    );
  });

  it('A8: diacritics removed around a span plus a one-letter fix inside it: fuzzy, not orphaned', () => {
    const old = 'وَقَالَ الْمُتَحَدِّثُ إِنَّ الإتفاق النووي لَمْ يَعُدْ قَائِمًا بَعْدَ الانْسِحَابِ.';
    const a = annotate(old, 'الإتفاق النووي'); // "agreement" with a wrong hamza, 14 code points
    const text = 'وقال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب.'; // harakat dropped, hamza fixed
    const r = reanchor(text, a);
    assert.notEqual(r.anchored, 'orphaned');
    assert.equal(cpSlice(text, r.start, r.end), 'الاتفاق النووي');
  });
  it('A8b: the same quote with a one-letter fix and unchanged neighbourhood is found (control)', () => {
    const old = 'وقال المتحدث إن الاتفاق النوويي لم يعد قائما بعد الانسحاب.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'وقال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب.';
    assert.equal(reanchor(text, a).anchored, 'fuzzy');
  });
  it('A8c: one letter fixed inside the quote and harakat dropped only in the neighbourhood', () => {
    const old = 'وَقَالَ الْمُتَحَدِّثُ إِنَّ الاتفاق النوويي لَمْ يَعُدْ قَائِمًا بَعْدَ الانْسِحَابِ.';
    const a = annotate(old, 'الاتفاق النوويي');
    const text = 'وقال المتحدث إن الاتفاق النووي لم يعد قائما بعد الانسحاب.';
    assert.equal(reanchor(text, a).anchored, 'fuzzy');
  });
});

describe('re-anchoring: a rewritten claim is not moved onto a look-alike duplicate', () => {
  it("A9: the engineers' rewritten claim is not moved onto the officials' identical claim", () => {
    const old = 'Officials said the dam is safe. Engineers said the dam is safe, but cracks grow.';
    const at = old.lastIndexOf('the dam is safe');
    const c2 = new AnnotationSet(old).add('claim', at, at + 15, NOW);
    const text = 'Officials said the dam is safe. Engineers said the dam is cracked, and cracks grow.';
    const r = reanchor(text, c2);
    assert.equal(r.anchored, 'orphaned', `${r.anchored} to ${r.start}..${r.end} (the officials' words)`);
  });
  it('A9-ar: the same in Arabic', () => {
    const old = 'قال المسؤولون إن السد آمن. وقال المهندسون إن السد آمن، لكن الشقوق تتسع.';
    const at = old.lastIndexOf('السد آمن');
    const c2 = new AnnotationSet(old).add('claim', at, at + 8, NOW);
    const text = 'قال المسؤولون إن السد آمن. وقال المهندسون إن السد متصدع، والشقوق تتسع.';
    const r = reanchor(text, c2);
    assert.equal(r.anchored, 'orphaned', `${r.anchored} to ${r.start}..${r.end} (the officials' words)`);
  });
});
