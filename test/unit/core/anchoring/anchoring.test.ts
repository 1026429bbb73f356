import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type Annotation, conflictAlternatives } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { MIN_CONTEXT, anchorToText, maxQuoteErrors, reanchor } from '../../../../src/core/anchoring/anchoring';
import { foldText, originalSpan } from '../../../../src/core/text/matchText';
import { normalizeSelection } from '../../../../src/core/text/offsets';
import { emptySidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { readCase } from '../../../support/fixtures';
import { annotate, cpSlice, cpSpan } from '../../../support/model';
import { resolveAnnotationConflict } from '../../../../src/core/merge/conflict';
import { TrackedText, classify } from '../../../support/trackedText';
import { sampleArticle } from '../../../support/arabicNews';

const NOW = { now: '2026-11-29T12:00:00.000Z' };

/** Annotates `needle` (the nth occurrence) in `text`. */

function found(text: string, a: Annotation): [string, string | undefined] {
  const r = reanchor(text, a);
  return [r.anchored === 'orphaned' ? '' : [...text].slice(r.start, r.end).join(''), r.anchored];
}

describe('re-anchoring: B15, the reference case', () => {
  it('c1 follows its context (not the look-alike in the new first line), d1 moves, c2 is orphaned', () => {
    const before = readCase('B15');
    const after = readCase('B15', 'input-edited.txt', 'expected-edited.yaml');
    const set = new AnnotationSet(before.text);
    const ids = before.expected.map((e) => set.add(e.type, e.start, e.end, NOW).id);
    const sidecar = emptySidecar('input.txt');
    sidecar.text.sha256 = textSha256(before.text);
    sidecar.annotations = set.annotations;
    const result = anchorToText(after.text, sidecar);
    assert.ok(result.ok && result.textChanged);
    const byCase = new Map(before.expected.map((e, i) => [e.id, result.annotations.find((a) => a.id === ids[i])!]));
    for (const e of after.expected) {
      const a = byCase.get(e.id)!;
      assert.deepEqual([a.start, a.end, a.quote, a.anchored], [e.start, e.end, e.text, 'moved'], e.id);
    }
    const c2 = byCase.get('c2')!;
    assert.equal(c2.anchored, 'orphaned');
    assert.equal(c2.quote, 'the dam is cracked', 'the orphan keeps its quote');
    assert.deepEqual(result.orphaned, [c2.id]);
    assert.equal(result.statuses.get(c2.id), 'orphaned');
  });
});

describe('re-anchoring: neighbours of B15', () => {
  const text = 'Officials said the dam is safe. Engineers said the dam is cracked.\nThe report was published on 2 June.\n';

  it('keeps an annotation whose quote is still at its offsets: exact', () => {
    const a = annotate(text, 'the dam is safe');
    assert.deepEqual(found(`${text}More text.\n`, a), ['the dam is safe', undefined]);
  });

  it('picks, among duplicates of the quote, the one whose prefix and suffix match', () => {
    const a = annotate(text, 'the dam', 1);
    const edited = `Note: the dam is old.\n${text}`;
    const r = reanchor(edited, a);
    assert.equal(r.anchored, 'moved');
    assert.equal([...edited].slice(r.start - 15, r.start).join(''), 'Engineers said ');
  });

  it('picks the nearest of equally good duplicates', () => {
    const t = 'x said yes. y said yes. z said yes.';
    const a = annotate(t, 'yes', 1);
    const edited = `-- ${t}`;
    const r = reanchor(edited, a);
    assert.equal(r.start, a.start + 3);
  });

  it('short quotes: found again only at word edges and with some context', () => {
    const t = 'He said no. The vote is on Monday.';
    const on = annotate(t, 'on', 0, 'claim');
    assert.equal(on.quote, 'on');
    // "on" is gone as a word; it still occurs inside "Monday" and "Montreal"
    const edited = 'He said no. The vote is Monday in Montreal.';
    assert.deepEqual(found(edited, on), ['', 'orphaned']);
    const no = annotate(t, 'no');
    assert.deepEqual(found('Asked again, he said no. The vote is on Monday.', no), ['no', 'moved']);
  });

  it('Arabic with changed diacritics: the same words are found (fuzzy), offsets in the original text', () => {
    const t = 'قال الوزير إن الأسعار ستنخفض.\nوأكد الوزير ذلك.\n';
    const a = annotate(t, 'إن الأسعار ستنخفض');
    const edited = 'قَالَ الوَزِيرُ إِنَّ الأَسْعَارَ سَتَنْخَفِضُ.\nوأكد الوزير ذلك.\n';
    const r = reanchor(edited, a);
    assert.equal(r.anchored, 'fuzzy');
    assert.equal(r.quote, 'إِنَّ الأَسْعَارَ سَتَنْخَفِضُ', 'the quote is what the new text has, marks included');
    assert.equal([...edited].slice(r.start, r.end).join(''), r.quote);
  });

  it('Arabic letter variants and tatweel are found; alef forms fold together', () => {
    const t = 'أعلن وزير الخارجية أن الاجتماع في نيويورك.';
    const a = annotate(t, 'وزير الخارجية', 0, 'actor');
    const edited = 'اعلن وزيـــر الخارجيه ان الاجتماع في نيويورك.';
    const r = reanchor(edited, a);
    assert.equal(r.anchored, 'fuzzy');
    assert.equal(r.quote, 'وزيـــر الخارجيه');
  });

  it('text inserted inside a long span: fuzzy when within the error budget, orphaned when the words changed', () => {
    const t = 'The minister said that the new vaccine centres will open on 3 May across the country.';
    const a = annotate(t, 'the new vaccine centres will open on 3 May');
    assert.deepEqual(found(t.replace('centres', 'centers'), a), ['the new vaccine centers will open on 3 May', 'fuzzy']);
    assert.deepEqual(found(t.replace('will open', 'will not open'), a), ['', 'orphaned']);
  });

  it('a rewritten claim does not attach to a look-alike sentence (the threshold from the other side)', () => {
    const a = annotate(text, 'the dam is cracked');
    assert.equal(maxQuoteErrors(18), 1);
    assert.deepEqual(found(text.replace('cracked', 'checked'), a), ['', 'orphaned']);
    assert.deepEqual(found(text.replace('the dam is cracked', 'the bridge is cracked'), a), ['', 'orphaned']);
  });

  it('a span deleted: orphaned, quote kept, point at its old place', () => {
    const a = annotate(text, 'Engineers said the dam is cracked.');
    const edited = text.replace(' Engineers said the dam is cracked.', '');
    const r = reanchor(edited, a);
    assert.deepEqual([r.anchored, r.quote, r.start, r.end], ['orphaned', 'Engineers said the dam is cracked.', a.start, a.start]);
  });

  it('a paragraph moved: moved', () => {
    const t = 'First paragraph about Moscow.\n\nSecond paragraph: Lavrov met Kerry.\n';
    const a = annotate(t, 'Lavrov met Kerry', 0, 'claim');
    const edited = 'Second paragraph: Lavrov met Kerry.\n\nFirst paragraph about Moscow.\n';
    assert.deepEqual(found(edited, a), ['Lavrov met Kerry', 'moved']);
  });

  it('CR LF converted to LF for the whole file: every span moves to its words', () => {
    const crlf = readCase('B01');
    const set = new AnnotationSet(crlf.text);
    for (const e of crlf.expected) set.add(e.type, e.start, e.end, NOW);
    const lf = crlf.text.replace(/\r\n/g, '\n');
    const sidecar = emptySidecar('input.txt');
    sidecar.text.sha256 = textSha256(crlf.text);
    sidecar.annotations = set.annotations;
    const result = anchorToText(lf, sidecar);
    assert.ok(result.ok);
    for (const a of result.annotations) {
      assert.notEqual(a.anchored, 'orphaned', a.quote);
      assert.equal([...lf].slice(a.start, a.end).join(''), a.quote);
    }
    assert.deepEqual(result.annotations.map((a) => a.start), [40, 52, 75]);
  });

  it('a near match within the error budget is taken only in a matching neighbourhood', () => {
    const t = 'In Paris, the minister said that talks would resume next week. Markets rose.';
    const a = annotate(t, 'the minister said that talks would resume');
    assert.ok(MIN_CONTEXT >= 0.5 && maxQuoteErrors(41) === 3);
    assert.deepEqual(found(t.replace('minister', 'ministers'), a), ['the ministers said that talks would resume', 'fuzzy']);
    const elsewhere = 'Unrelated report: the ministers said that talks would resume soon, a source claimed.';
    assert.deepEqual(found(elsewhere, a), ['', 'orphaned']);
  });
});

describe('re-anchoring: folding keeps offsets into the original', () => {
  it('maps folded spans back across dropped marks, astral characters and NFD', () => {
    const original = 'قَالَ 😀 Ministe\u0300re e\u0301te\u0301';
    const folded = foldText(original);
    assert.equal(folded.text, 'قال 😀 ministere ete');
    const at = folded.text.indexOf('ministere');
    assert.equal(original.slice(...originalSpan(folded, original, at, at + 9)), 'Ministe\u0300re');
    const q = folded.text.indexOf('قال');
    assert.equal(original.slice(...originalSpan(folded, original, q, q + 3)), 'قَالَ');
  });

  it('every annotation is found exactly, moved, fuzzy or orphaned, and when placed its quote is the text there (property)', () => {
    const word = fc.constantFrom('the', 'dam', 'is', 'safe', 'قال', 'الوزير', 'الوَزِير', '2', '٢', 'June', '😀', '\r\n', '\n', 'e\u0301');
    const textArb = fc.array(word, { minLength: 3, maxLength: 30 }).map((w) => w.join(' '));
    fc.assert(fc.property(textArb, textArb, fc.nat(), fc.nat(), (before, after, x, y) => {
      const n = [...before].length;
      const s = x % n;
      const e = Math.min(n, s + 1 + (y % 12));
      const set = new AnnotationSet(before);
      let a: Annotation;
      try {
        a = set.add('claim', s, e, NOW);
      } catch {
        return;
      }
      const r = reanchor(after, a);
      assert.ok(['orphaned', 'moved', 'fuzzy', undefined].includes(r.anchored));
      if (r.anchored !== 'orphaned') assert.equal([...after].slice(r.start, r.end).join(''), r.quote);
      else assert.equal(r.quote, a.quote);
    }), { numRuns: 500 });
  });
});

// Issue 8, item 4: kinds found by the property test with ground truth (anchoring.property.test.ts),
// each with its neighbours, on the sample article (samples/lavrov-kerry.txt).
describe('re-anchoring: never on other words (issue 8)', () => {
  const article = sampleArticle().text;
  /** The annotation on the nth `needle` of `old`, found again in `edited`: [status, text placed on ('' when orphaned)]. */
  function again(old: string, edited: string, needle: string, nth = 0): [string, string] {
    const a = annotate(old, needle, nth, 'actor');
    const r = reanchor(edited, a);
    if (r.anchored !== 'orphaned') assert.equal(cpSlice(edited, r.start, r.end), r.quote, 'the quote is the text placed on');
    else assert.deepEqual([r.quote, r.prefix, r.suffix], [a.quote, a.prefix, a.suffix], 'an orphan keeps its selectors');
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
      const edited = article.replace('مع وزير الخارجية الأمريكي جون كيري، الذي استمر', 'مَعَ وَزِيرِ الخَارِجِيَّةِ الأَمْرِيكِيِّ جُونْ كِيرِي، الَّذِي اسْتَمَرَّ');
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
      assert.deepEqual([r.anchored, r.quote, r.start], ['fuzzy', 'الأسد'.normalize('NFD'), at(edited, 'الأسد'.normalize('NFD'), 2)]);
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
      assert.deepEqual(again(old, old.replace('تكتب ب ـ', 'تكتب ب ب ـ'), 'تذكر إذا ما كانت تكتب ب ـ'), ['orphaned', '']);
      assert.deepEqual(again(old, `عاجل: ${old}`, 'تذكر إذا ما كانت تكتب ب ـ'), ['moved', 'تذكر إذا ما كانت تكتب ب ـ']);
    });
    it('control: another word inserted before the span: moved, same words', () => {
      assert.deepEqual(again(article, article.replace(firstKerry, 'جون فوربس كيري، الذي'), 'كيري'), ['moved', 'كيري']);
      assert.deepEqual(again(article, article.replace(firstKerry, 'السيد جون كيري، الذي'), 'جون كيري'), ['moved', 'جون كيري']);
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
    it('the claim\'s last word deleted: the rest, not the next word', () => {
      const edited = article.replace(claim, claim.replace(' في سوريا', ' في'));
      const [status, text] = again(article, edited, claim);
      assert.ok(status === 'orphaned' || !text.includes('”'), `${status} ${text}`);
      if (status !== 'orphaned') assert.ok(text.endsWith('في'), text);
    });
    it('a letter corrected in the claim\'s first word: the same words, the word before left out', () => {
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
    it('LF -> CR LF: a one-word quote at a paragraph\'s end and one at its start are moved, never orphaned', () => {
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
      for (const [needle, nth] of [['كيري', 0], ['كيري', 1], ['الأسد', 3], ['سوريا', 5], ['الإرهابيين.\n\nوأكد', 0], ['موسكو', 0]] as [string, number][]) {
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
      const edited = article.replace('جون كيري، الذي', 'جون (وهو وزير خارجية الولايات المتحدة منذ عام 2013) كيري، الذي');
      assert.deepEqual(again(article, edited, 'كيري'), ['moved', 'كيري']);
    });
    it('a paragraph moved to the top, the annotation at its start: moved', () => {
      const paragraph = 'واعتبر لافروف أن لقاء المعارضين السوريين في الرياض ما هو إلا خطوة في عملية تشكيل قائمة موحدة للمعارضة للمشاركة في المفاوضات مع الحكومة السورية.\n\n';
      const edited = paragraph + article.replace(paragraph, '');
      assert.deepEqual(again(article, edited, 'واعتبر'), ['moved', 'واعتبر']);
      assert.equal(reanchor(edited, annotate(article, 'واعتبر')).start, 0);
    });
    it('one side enough only with the word right beside the place unchanged: a paragraph moved away and its first name deleted there', () => {
      const paragraph = 'وأكد لافروف قائلا “ندعم عقد مؤتمر حول سوريا في نيويورك هذه الجمعة ونأمل أن ينتج عنه التوصل لمشروع قرار يقدم لاحقا إلى مجلس الأمن”، مضيفا “اتفقنا مع واشنطن على تقديم مشروع قرار بشأن سوريا إلى مجلس الأمن بناء على بنود اتفاق فيينا”.\n';
      const edited = article.replace(paragraph, '') + paragraph.replace('وأكد لافروف', 'وأكد');
      // the next paragraph ("ووصف لافروف") now follows the same prefix: not taken on the prefix alone
      assert.deepEqual(again(article, edited, 'لافروف', 3), ['orphaned', '']);
    });
    it('a claim across a paragraph break whose first paragraph moved away: orphaned', () => {
      const claim = 'الحكومة السورية.\n\nوقال إن كل الأطراف';
      const paragraph = 'واعتبر لافروف أن لقاء المعارضين السوريين في الرياض ما هو إلا خطوة في عملية تشكيل قائمة موحدة للمعارضة للمشاركة في المفاوضات مع الحكومة السورية.\n\n';
      const edited = paragraph + article.replace(paragraph, '');
      assert.deepEqual(again(article, edited, claim), ['orphaned', '']);
    });
  });
});

describe('re-anchoring: annotations without prefix and suffix (written by hand or converted)', () => {
  const TEXT = 'قال الوزير إن المحادثات ستستأنف يوم الجمعة في جنيف، وأكد الوزير أن الجمعة موعد نهائي.\n';
  /** An annotation as a converter writes it: start, end, quote only. */
  const bare = (id: string, text: string, needle: string, nth = 0): Annotation => {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
    const start = [...text.slice(0, at)].length;
    return { id, label: 'date', start, end: start + [...needle].length, quote: needle, prefix: '', suffix: '' };
  };
  const sidecarOf = (text: string, annotations: Annotation[]) => {
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.annotations = annotations;
    return sidecar;
  };
  const quoteAt = (text: string, a: Annotation) => (a.anchored === 'orphaned' ? '' : cpSlice(text, a.start, a.end));

  it('stays where its quote still stands (the text changed elsewhere)', () => {
    const a = bare('d1', TEXT, 'الجمعة');
    const r = anchorToText(`${TEXT}تحديث\n`, sidecarOf(TEXT, [a]));
    assert.ok(r.ok);
    assert.deepEqual([r.annotations[0].start, r.annotations[0].anchored], [a.start, undefined]);
  });

  it('moves with the shift of its neighbours that have context, to its own occurrence', () => {
    const set = new AnnotationSet(TEXT);
    const actor = set.add('actor', 4, 10, NOW);
    const second = bare('d2', TEXT, 'الجمعة', 1);
    const edited = `عاجل: ${TEXT}`;
    const r = anchorToText(edited, sidecarOf(TEXT, [actor, second]));
    assert.ok(r.ok);
    const d2 = r.annotations.find((x) => x.id === 'd2')!;
    assert.equal(d2.start, second.start + 6);
    assert.equal(quoteAt(edited, d2), 'الجمعة');
    assert.equal(d2.anchored, 'moved');
  });

  it('is orphaned when nothing says which occurrence is its own, or when its words are gone', () => {
    const first = bare('d1', TEXT, 'الجمعة');
    // shifted, and no neighbour with context: two occurrences of the word, no guess
    const shifted = anchorToText(`عاجل: ${TEXT}`, sidecarOf(TEXT, [first]));
    assert.ok(shifted.ok);
    assert.equal(shifted.annotations[0].anchored, 'orphaned');
    // its own occurrence deleted: never the other one
    const deleted = TEXT.replace('يوم الجمعة ', '');
    const gone = anchorToText(deleted, sidecarOf(TEXT, [first]));
    assert.ok(gone.ok);
    assert.equal(gone.annotations[0].anchored, 'orphaned');
    // reanchor alone: the same rules
    assert.equal(reanchor(deleted, first).anchored, 'orphaned');
    assert.equal(reanchor(`${TEXT}x`, first).anchored, undefined);
  });

  it('a long quote that occurs once is found wherever it went', () => {
    const claim = { ...bare('c1', TEXT, 'المحادثات ستستأنف يوم الجمعة في جنيف'), label: 'claim' as const };
    const edited = `عاجل من القاهرة: ${TEXT}`;
    const r = reanchor(edited, claim);
    assert.equal(quoteAt(edited, r), claim.quote);
    assert.equal(r.anchored, 'moved');
  });
});

describe('re-anchoring: a text whose line endings alone changed is mapped exactly', () => {
  const sidecarFor = (text: string, spans: [number, number][]) => {
    const set = new AnnotationSet(text);
    for (const [s, e] of spans) set.add('claim', s, e, NOW);
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    sidecar.annotations = set.annotations;
    return { sidecar, set };
  };

  it('the same story twice (a footer word at the end of the first copy): LF -> CR LF keeps it on its own copy', () => {
    const story = 'قال الوزير إن المحادثات ستستأنف.\n\nسيريان تلغراف\n\nExit mobile version';
    const text = `${story}\n\n${story}`;
    const at = [...text.slice(0, text.indexOf('سيريان'))].length;
    const { sidecar } = sidecarFor(text, [[at, at + 6]]);
    const crlf = text.replace(/\n/g, '\r\n');
    const r = anchorToText(crlf, sidecar);
    assert.ok(r.ok);
    const a = r.annotations[0];
    assert.equal(a.start, [...crlf.slice(0, crlf.indexOf('سيريان'))].length);
    assert.equal(cpSlice(crlf, a.start, a.end), 'سيريان');
  });

  it('random texts, spans and conversions (LF -> CR LF, CR LF -> LF): every annotation on the same characters, never splitting CR LF (property)', () => {
    const piece = fc.constantFrom('قال', 'الوزير', 'Kerry', ' ', ' ', '\n', '\n\n', '،', '👩‍👩‍👧', 'e\u0301');
    fc.assert(fc.property(fc.array(piece, { minLength: 2, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }), fc.boolean(),
      (pieces, picks, toCrlf) => {
        const lf = pieces.join('');
        const before = toCrlf ? lf : lf.replace(/\n/g, '\r\n');
        const after = toCrlf ? lf.replace(/\n/g, '\r\n') : lf;
        const n = [...before].length;
        const spans: [number, number][] = [];
        const set = new AnnotationSet(before);
        for (const [x, y] of picks) {
          const u16 = (cp: number) => [...before].slice(0, cp).join('').length;
          const sel = normalizeSelection(before, u16(x % (n + 1)), u16(y % (n + 1)));
          if (!sel) continue;
          const cp = (u: number) => [...before.slice(0, u)].length;
          try {
            set.add('claim', cp(sel.start), cp(sel.end), NOW);
            spans.push([cp(sel.start), cp(sel.end)]);
          } catch { /* not a span */ }
        }
        if (set.size === 0) return;
        const sidecar = emptySidecar('a.txt');
        sidecar.text.sha256 = textSha256(before);
        sidecar.annotations = set.annotations;
        const r = anchorToText(after, sidecar);
        assert.ok(r.ok);
        for (const [i, a] of r.annotations.entries()) {
          const old = set.annotations[i];
          assert.notEqual(a.anchored, 'orphaned', JSON.stringify({ before, old }));
          assert.equal(cpSlice(after, a.start, a.end).replace(/\r\n/g, '\n'), old.quote.replace(/\r\n/g, '\n'));
          // as many characters before it, line endings aside
          assert.equal(cpSlice(after, 0, a.start).replace(/\r\n/g, '\n'), cpSlice(before, 0, old.start).replace(/\r\n/g, '\n'));
          const at16 = (cp: number) => [...after].slice(0, cp).join('').length;
          assert.ok(after[at16(a.start) - 1] !== '\r' || after[at16(a.start)] !== '\n', 'start splits CR LF');
          assert.ok(after[at16(a.end) - 1] !== '\r' || after[at16(a.end)] !== '\n', 'end splits CR LF');
        }
      }), { numRuns: 300 });
  });
});

// ---------------------------------------------------------------------------------------------
// The positions recorded conflicts hold (adversarial review, finding 4): checked against the text
// while its hash matches, found again with their own quote and context when it changed.

describe('re-anchoring: the positions of recorded conflicts', () => {
  const article = sampleArticle().text;
  const kerry = cpSpan(article, 'جون كيري');
  const lavrovAt = [...article].join('').indexOf('وقال لافروف عقب');
  const lavrov: [number, number] = [[...article.slice(0, lavrovAt)].length + 5, [...article.slice(0, lavrovAt)].length + 11];
  function sidecarWith(text: string, conflict: Annotation['conflict'], more: Annotation[] = []) {
    const set = new AnnotationSet(text);
    const a = set.add('actor', kerry[0], kerry[1], NOW);
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    sidecar.annotations = [{ ...set.get(a.id)!, conflict }, ...more];
    return sidecar;
  }
  const theirs = (start: number, end: number, context = true) => {
    const p = { start, end, quote: cpSlice(article, start, end) } as Record<string, unknown>;
    if (context) Object.assign(p, { prefix: cpSlice(article, Math.max(0, start - 32), start), suffix: cpSlice(article, end, end + 32) });
    return p as NonNullable<Annotation['conflict']>['theirs'];
  };

  it('the text unchanged: a quote not at its offsets, beyond the text or between CR and LF is an error at its path, also in also', () => {
    const ok = anchorToText(article, sidecarWith(article, { theirs: theirs(...lavrov), also: [{ with: 'b', theirs: { start: 0, end: 0, quote: 'x', anchored: 'orphaned' } }] }));
    assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.problems));
    const stale = anchorToText(article, sidecarWith(article, { theirs: { ...theirs(...lavrov), quote: 'كيري' } }));
    assert.ok(!stale.ok);
    assert.deepEqual(stale.problems.map((p) => p.path), [['annotations', 0, 'conflict', 'theirs', 'quote']]);
    assert.match(stale.problems[0].message, /^their position \(recorded conflict\): quote "كيري" does not match the text at \d+\.\.\d+ \("لافروف"\)$/);
    const far = anchorToText(article, sidecarWith(article, { with: 'a', theirs: { note: 'n' }, also: [{ with: 'b', theirs: { start: 3000, end: 3004, quote: 'كيري' } }] }));
    assert.ok(!far.ok);
    assert.deepEqual(far.problems.map((p) => [p.path.join('.'), p.message]), [['annotations.0.conflict.also.0.theirs.end', `their position (recorded conflict, alternative 2): end 3004 is beyond the end of the text (${[...article].length} code points)`]]);
    const crlf = 'قال لافروف\r\nإن كيري وافق.';
    const set = new AnnotationSet(crlf);
    const a = set.add('actor', 4, 10, NOW);
    const split = { ...emptySidecar('a.txt'), annotations: [{ ...a, conflict: { theirs: { start: 4, end: 11, quote: 'لافروف\r' } } }] };
    split.text.sha256 = textSha256(crlf);
    const r = anchorToText(crlf, split);
    assert.ok(!r.ok && /offset 11 falls between CR and LF/.test(r.problems[0].message) && r.problems[0].path.join('.') === 'annotations.0.conflict.theirs.end');
  });

  it('the text unchanged: an offset inside a character (a letter and its combining mark, half a flag, harakat) is an error at its path, for annotations and conflict positions (found by a review)', () => {
    const text = 'Hello cafe\u0301 world 🇯🇴 x قالَ لافروف\r\ny';
    const cps = [...text];
    const at = (s: string) => [...text.slice(0, text.indexOf(s))].length;
    const of = (start: number, end: number) => ({ id: `a${start}`, label: 'actor' as const, start, end, quote: cps.slice(start, end).join(''), prefix: '', suffix: '' });
    const check = (annotations: Annotation[]) => {
      const sidecar = { ...emptySidecar('a.txt'), annotations };
      sidecar.text.sha256 = textSha256(text);
      sidecar.text.length = cps.length;
      return anchorToText(text, sidecar);
    };
    const cafe = at('cafe');
    const flag = at('🇯🇴');
    const qal = at('قالَ');
    for (const [bad, offset, field] of [[of(cafe, cafe + 4), cafe + 4, 'end'], [of(flag, flag + 1), flag + 1, 'end'], [of(flag + 1, flag + 2), flag + 1, 'start'], [of(qal, qal + 3), qal + 3, 'end']] as const) {
      const r = check([bad]);
      assert.ok(!r.ok, JSON.stringify(bad));
      assert.deepEqual(r.problems.map((p) => [p.path.join('.'), p.message]),
        [[`annotations.0.${field}`, `offset ${offset} falls inside a character (a grapheme cluster: a letter and its marks, an emoji sequence, a flag)`]]);
      // the same as a recorded conflict's position
      const good = of(cafe, cafe + 5);
      const c = check([{ ...good, conflict: { with: 'x', theirs: { start: bad.start, end: bad.end, quote: bad.quote } } }]);
      assert.ok(!c.ok);
      assert.deepEqual(c.problems.map((p) => p.path.join('.')), [`annotations.0.conflict.theirs.${field}`]);
    }
    // whole characters are fine
    assert.ok(check([of(cafe, cafe + 5), of(flag, flag + 2), of(qal, qal + 4)]).ok);
  });

  it('the text changed outside: each position found again by its own context; without context by its neighbours\' shift; gone: orphaned', () => {
    // a sentence naming لافروف inserted before its paragraph, its first word at the old offsets (review, 06)
    const at = [...article.slice(0, lavrovAt)].length;
    const inserted = 'وقال لافروف أيضا إن اللقاء مهم. ';
    const edited = [...article].slice(0, at).join('') + inserted + [...article].slice(at).join('');
    const shift = [...inserted].length;
    for (const context of [true, false]) {
      const r = anchorToText(edited, sidecarWith(article, { with: 'x', theirs: theirs(...lavrov, context) }));
      assert.ok(r.ok);
      const t = r.annotations[0].conflict!.theirs!;
      assert.deepEqual([t.start, t.end, t.quote], [lavrov[0] + shift, lavrov[1] + shift, 'لافروف'], `context: ${context}`);
      assert.equal(r.annotations[0].start, kerry[0] + shift);
    }
    // its words deleted (the other mention of the name stays): orphaned, quote kept; the first alternative still found
    const gone = article.replace('وقال لافروف عقب', 'وقال عقب');
    const r = anchorToText(gone, sidecarWith(article, { with: 'x', theirs: theirs(...kerry), also: [{ with: 'y', theirs: theirs(...lavrov) }] }));
    assert.ok(r.ok);
    const [first, second] = conflictAlternatives(r.annotations[0].conflict).map((c) => c.theirs!);
    assert.equal(cpSlice(gone, first.start!, first.end!), 'جون كيري');
    assert.deepEqual([second.anchored, second.quote, second.start === second.end], ['orphaned', 'لافروف', true]);
    // and taking theirs then orphans the annotation, rather than putting it on the inserted لافروف
    const taken = resolveAnnotationConflict([{ ...r.annotations[0], conflict: { theirs: second } }], r.annotations[0].id, 'theirs', { text: gone });
    assert.equal(taken.kept!.anchored, 'orphaned');
  });

  it('never on other words (property, ground truth over the sample article): every position placed on its own words or orphaned', () => {
    const words = sampleArticle().names;
    fc.assert(fc.property(fc.integer(), fc.nat(words.length - 1), fc.nat(words.length - 1), fc.constant(true), fc.array(fc.tuple(fc.constantFrom('insert-same', 'delete', 'insert-before', 'delete-it', 'vowel'), fc.nat()), { minLength: 1, maxLength: 4 }), (_seed, i, j, context, edits) => {
      const own = words[i];
      const pos = words[j];
      const tracked = new TrackedText(article);
      const quote = cpSlice(article, pos[0], pos[1]);
      for (const [kind, n] of edits) {
        const cps = tracked.cps;
        // where the position's words are now (or were)
        const survivors = tracked.survivors(pos[0], pos[1]);
        // gone: where its words were (the first code point that came from after them)
        const after = tracked.origin.findIndex((o) => (o.from >= 0 ? o.from : o.left) >= pos[0]);
        const here = survivors.length > 0 ? survivors[0] : after < 0 ? cps.length : after;
        if (kind === 'insert-same') tracked.insert(Math.min(here, cps.length), `${quote} `);
        else if (kind === 'insert-before') tracked.insert(Math.max(0, here - 1 - (n % 20)), 'كلمة ');
        else if (kind === 'delete' && here > 10) tracked.delete(here - 10 + (n % 5), here - 6 + (n % 5));
        else if (kind === 'delete-it' && survivors.length > 0) tracked.delete(survivors[0], survivors[survivors.length - 1] + 1);
        else if (kind === 'vowel' && survivors.length > 0) tracked.insert(survivors[0] + 1, '\u064E');
      }
      const set = new AnnotationSet(article);
      const a = set.add('actor', own[0], own[1], NOW);
      const sidecar = emptySidecar('a.txt');
      sidecar.text.sha256 = textSha256(article);
      sidecar.annotations = [{ ...set.get(a.id)!, conflict: { with: 'x', theirs: theirs(pos[0], pos[1], context) } }];
      const r = anchorToText(tracked.text, sidecar);
      assert.ok(r.ok);
      const t = r.annotations[0].conflict?.theirs;
      assert.ok(t && t.start !== undefined, 'the position is kept');
      const placed = t.anchored === 'orphaned' ? undefined : { start: t.start!, end: t.end! };
      if (placed) assert.equal(cpSlice(tracked.text, placed.start, placed.end), t.quote);
      assert.notEqual(classify(tracked, pos[0], pos[1], quote, placed), 'wrong', `placed on other words: ${JSON.stringify(t)}`);
    }), { numRuns: 300 });
  });
});
