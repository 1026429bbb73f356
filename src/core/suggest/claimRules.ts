/**
 * Suggested claims with their speakers: a reporting verb (قال، أكد، أعلن…), the speaker's words,
 * then إن/أن and the clause up to where the speaker goes on or the journalist takes over, or a
 * quotation; English said/told/announced likewise. Offsets: code points.
 */
import { foldText } from '../text/matchText';
import { partitionPoint } from '../util/binarySearch';
import { CALL_PARTICIPLES, CALL_VERBS, DOCUMENTS, GENERIC_SOURCES, REPORTING_VERBS } from './speechLexicon';
import { CLAIM_END, GOING_ON } from './claimEnds';
import { FEMININE_TITLE, PERSON_RULES, PRESENT, PRESENT_WORD, actorGender, verbGender } from './grammaticalGender';
import { openingQuotes, quotedObjects } from './quotedObjects';
import { headlineClaims, sourceClaims } from './sourceClaims';
import { type SuggestText, type Suggestion, MEDIUM, STOP, dedupe, fold, words } from './suggestText';

/**
 * What introduces reported speech after a reporting verb and its subject, on folded text: أن/إن,
 * بأن, with a pronoun (أنه، أنها، أنهم، أننا، أنني…), «قائلا» or a colon; each a whole word, never the
 * «ان» inside «إسبانيا» or «البيان».
 */
const THAT = '(?<![\\p{L}\\p{N}])(?:ب?ان(?:هما|ها|هم|هن|ه|نا|ني|كم|ك)?|قائلا[:،]?)(?![\\p{L}\\p{N}])(?! كي مون)|:';
/**
 * The words between a reporting verb and {@link THAT}: group 1 the subject (the speaker's words,
 * with an apposition between commas or a name in quotation marks: «قال الدكتور رياض ياسين، وزير
 * الخارجية اليمني، إن»), group 2 what stands between, group 3 THAT itself.
 */
const THAT_CLAUSE = new RegExp(`^([ \\p{L}\\p{N}/،,«»"“”()#_]{0,140}?)(\\s*(?:،\\s*)?)(${THAT})\\s*`, 'u');
/** What stands before a verb-looking word that makes it a noun: a preposition or «أو» (folded). */
const NOUN_BEFORE = /(?:^|[\s])(?:او|ام|عن|علي|من|في|الي|بعد|قبل|دون|حول|بشان)\s+$/u;
/** The speaker in quotation marks, a colon, then the quotation: group 1 the speaker's words, group 2 the quotation. */
const SPEAKER_THEN_QUOTE = /^\s*[“"«”]([ \p{L}]{2,60})[”"»“]\s*:\s*[“"«”]([^“"«»”\n]{3,400})[”"»“]/u;
/** A direct quotation after the verb and its subject: group 1 the subject, group 2 the quoted words. */
const QUOTED = /^([ \p{L}]{0,60}?)\s*(?:قائلا|بالقول)?\s*[:،]?\s*[“"«”]([^“"«»”\n]{3,400})[”"»“]/u;

/**
 * The speaker's words in `subject`, the folded words between a reporting verb and what it
 * introduces: from the first word that is not a stop word ("وقال أمس الرئيس" → «الرئيس») to
 * the last one before the next stop word ("الرئيس الفرنسي في مؤتمر صحفي" → «الرئيس الفرنسي»),
 * as a span of `subject` (folded UTF-16), or undefined when every word is a stop word. One
 * contiguous run of whole words: never words picked from both sides of a stop word. The
 * words of a medium ({@link MEDIUM}) end it: «الوزير لقناة الجزيرة» → «الوزير»; «لقناة الجزيرة
 * الوزير» → null: the speaker's words are there but cannot be told apart, so no speaker at all
 * (not the previous one).
 */
function speakerWords(subject: string): { start: number; end: number } | null | undefined {
  // a preposition first («وشدد على ضرورة …», «وأشار إلى أهمية …»): its object follows, not the speaker
  if (OBJECT_FIRST.test(subject)) return undefined;
  let span: { start: number; end: number } | undefined;
  // «أكدت كل من مصر والسعودية أن»: the first named of a joint statement speaks
  const jointly = /^\s*كل من\s/u.exec(subject);
  if (jointly) {
    const after = subject.slice(jointly[0].length);
    const and = after.search(/\sو/u);
    const rest = speakerWords(and < 0 ? after : after.slice(0, and));
    return rest && { start: rest.start + jointly[0].length, end: rest.end + jointly[0].length };
  }
  // up to the first comma or bracket (an apposition follows it); quotation marks around a name are no words
  const comma = subject.search(/[،,(]/u);
  for (const w of words(comma < 0 ? subject : subject.slice(0, comma))) {
    if (MEDIUM.test(w.text)) return span ?? null;
    if (STOP.has(w.text) || NOT_SPEAKER.test(w.text)) {
      if (span) break;
    } else if (span) span.end = w.end;
    else span = { start: w.start, end: w.end };
  }
  return span;
}

/**
 * Words between a reporting verb and its content that are never the speaker (folded): the
 * occasion with the speaker's pronoun («خلال كلمته», «في حديثه»), «يقول» after «تابع», «قوله» after
 * «وأضاف», and
 * times («قال الشهر الماضي إن»).
 */
const NOT_SPEAKER = new RegExp('^(?:كلمته|كلمتها|حديثه|حديثها|تصريحه|تصريحها|تصريحاته|لقائه|زيارته|يقول|تقول|قوله|قولها|' +
  'الشهر|الاسبوع|العام|السنه|اليوم|امس|غدا|الماضي|الماضيه|المقبل|المقبله|الجاري|الحالي|صباح|مساء)$', 'u');

/** What may stand between a subject written before its verb and the verb: «ترامب، قد قال», «عراقجي قال». */
const BEFORE_VERB = /^[\s،,]*(?:قد |كان |كانت )?[\s]*$/u;

/** How long (code points) an actor span can be: bounds the search back from a position. */
const LONGEST_ACTOR = 300;

/**
 * The actor that begins `span` and ends inside it (a subject's first words; what follows is an
 * apposition), else the one that shares most code points with it (the longer on a tie), if any
 * overlaps it. `actors` sorted by start: only those starting within {@link LONGEST_ACTOR} before it are looked at.
 */
function mostOverlapping(actors: readonly Suggestion[], span: { start: number; end: number }): Suggestion | undefined {
  // the subject's first words are the speaker; what follows them is an apposition («نيل باسو رئيس شرطة …»)
  const first = actors[partitionPoint(actors.length, (i) => actors[i].start < span.start)];
  if (first && first.start === span.start && first.end <= span.end) return first;
  let best: Suggestion | undefined;
  let bestShared = 0;
  const to = partitionPoint(actors.length, (i) => actors[i].start < span.end);
  for (let i = to - 1; i >= 0 && actors[i].start > span.start - LONGEST_ACTOR; i--) {
    const a = actors[i];
    const shared = Math.min(a.end, span.end) - Math.max(a.start, span.start);
    const longer = best !== undefined && a.end - a.start > best.end - best.start;
    if (shared > bestShared || (shared === bestShared && shared > 0 && longer)) {
      best = a;
      bestShared = shared;
    }
  }
  return best;
}

/**
 * The first of two or more actors inside `span` joined by «و» (a joint statement: the guidelines
 * take the first named as speaker), if `span` holds such a coordination.
 */
function firstJoined(actors: readonly Suggestion[], span: { start: number; end: number }, t: SuggestText):
Suggestion | undefined {
  const from = partitionPoint(actors.length, (k) => actors[k].start < span.start);
  const first = actors[from];
  if (!first || first.end > span.end) return undefined;
  for (let k = from + 1; k < actors.length && actors[k].start < span.end; k++) {
    if (/^\s+و$/u.test(t.index.slice(first.end, actors[k].start)) ||
      /\sو/u.test(t.index.slice(first.end, actors[k].start)) && actors[k].end <= span.end) return first;
  }
  return undefined;
}

/** A subject that begins with a preposition: the verb's object comes first (folded). */
const OBJECT_FIRST = /^[\s،,]*(?:علي|الي|عن|في|حول|بشان|ب|ل)(?=\s|$)/u;

/** How far (code points) a reporting verb without a subject takes the previous claim's speaker. */
const SPEAKER_CARRY = 1500;

/**
 * The last mention of the same person as `speaker` before `at` (code points): the speaker goes on
 * being named by the nearest mention («وقال ياسين …. وأضاف» → the «ياسين» nearest «وأضاف»), as the
 * news gold marks speakers. The same person: the same quote or the same `entity`.
 */
function nearestMention(actors: readonly Suggestion[], speaker: Suggestion, at: number): Suggestion {
  const key = speaker.entity ?? speaker.quote;
  for (let i = partitionPoint(actors.length, (k) => actors[k].start < at) - 1; i >= 0; i--) {
    const a = actors[i];
    if (a.end <= speaker.start) break;
    if (a.end <= at && (a.entity ?? a.quote) === key) return a;
  }
  return speaker;
}

/**
 * True when the speaker's words (folded, from their first word on) name an unnamed or generic source
 * («مصدر», «مسؤولون», «أحد أصدقائه»); with ال only in the plural («المسؤولون», «الخبراء»: «المتحدث» is
 * the one named before), and «المصدر», which names the unnamed source again («المصدر نفسه» refers back
 * to a named actor and speaks).
 */
function unnamedSource(words: string): boolean {
  const head = /^[\p{L}\p{N}]*/u.exec(words)![0];
  if (GENERIC_SOURCES.has(head)) return true;
  if (head === 'المصدر') return !/^المصدر نفسه/u.test(words);
  return /^ال(?:.+(?:ون|ين)|خبراء|مصادر|اوساط|شهود|سكان|اطباء)$/u.test(head) && GENERIC_SOURCES.has(head.slice(2));
}
/** Participles of calling (folded): their quoted object only, like the verbs of calling. */
const CALLING_PARTICIPLE = new RegExp(`^(?:${CALL_PARTICIPLES.map(fold).join('|')})$`, 'u');
/** A preposition right before an actor (a word or an attached ب/ل): its object, no subject (folded). */
const OBJECT_BEFORE = /(?:(?:^|\s)(?:مع|من|عن|علي|الي|في|لدي|عند|بين|حول|بشان)\s+|[بل])$/u;

/** The actor that ends right before the verb at `verbStart` (code points), only spaces, a comma or «قد» between. */
function subjectBefore(actors: readonly Suggestion[], t: SuggestText, verbStart: number): Suggestion | undefined {
  const i = partitionPoint(actors.length, (k) => actors[k].start < verbStart) - 1;
  for (let k = i; k >= 0 && k > i - 3; k--) {
    const a = actors[k];
    if (a.end <= verbStart && verbStart - a.end <= 12 && BEFORE_VERB.test(t.index.slice(a.end, verbStart)) &&
      !OBJECT_BEFORE.test(foldText(t.index.slice(Math.max(0, a.start - 8), a.start)).text)) return a;
  }
  return undefined;
}

/** Words that start a sentence and are no verb: a preposition or particle before the first actor (folded). */
const NOT_VERB = new Set(['في', 'من', 'علي', 'الي', 'عن', 'مع', 'بعد', 'قبل', 'خلال', 'منذ', 'حسب', 'بحسب', 'وفق', 'وفقا',
  'لدي', 'عند', 'امام', 'ضد', 'بين', 'اما', 'لكن', 'ولكن', 'اذ', 'اذا', 'لان', 'حتي', 'ان', 'انه', 'انها', 'بان', 'كان',
  'كانت', 'عقب', 'اثر', 'بشان', 'حول', 'نحو', 'لا', 'لم', 'لن', 'ما', 'هذا', 'هذه', 'ذلك', 'تلك']);
/** Particles before a sentence's first verb («وقد قال», «كما دعا»), folded. */
const BEFORE_FIRST_VERB = /^(?:[وف]?(?:قد|لقد|كما|ثم|بينما|فيما|بدوره|بدورها)\s+)?/u;

/**
 * The subject of the sentence holding `at` (code points) or of the sentence before it: the actor
 * written first in its sentence, right after the sentence's first word (a verb: «وقد لوح رئيس
 * الوزراء …», «كما دعا قايد السبسي …», after a particle «قد», «كما») or first of all («عراقجي قال»).
 * The latest such subject before `at`, within {@link SPEAKER_CARRY}. A relative verb («بما قال
 * إنه», «التي قال إنها») and a verb without a subject speak with that subject's voice.
 */
function mainSubject(actors: readonly Suggestion[], t: SuggestText, at: number): Suggestion | undefined {
  for (let i = partitionPoint(actors.length, (k) => actors[k].start < at) - 1; i >= 0; i--) {
    const a = actors[i];
    if (at - a.start > SPEAKER_CARRY) break;
    if (a.end > at) continue;
    const before = foldText(t.index.slice(Math.max(0, a.start - 80), a.start)).text;
    // a sentence begins after its stop, or after a dateline («لندن، المملكة المتحدة (CNN)-- أعربت …»)
    const sentence = before.slice(Math.max(...['.', '؟', '!', '\n', '؛', '--', '—'].map((c) => {
      const at = before.lastIndexOf(c);
      return at < 0 ? -1 : at + c.length - 1;
    })) + 1);
    if (sentence.length === before.length && a.start >= 80) continue; // no sentence start within reach
    const rest = sentence.trimStart().replace(BEFORE_FIRST_VERB, '');
    const first = /^([وف]?)(\p{L}+)\s+$/u.exec(rest);
    // first of all only when no comma follows (a dateline «لندن، …» is no subject)
    const initial = (rest.trim() === '' || rest.trim() === 'و') && !/^\s*[،,]/u.test(t.index.slice(a.end, a.end + 3));
    // «أما وزير الخارجية السابق جون بيرد، فطالب …، مؤكدا أنه»: the topic of «أما … ف» is the subject
    const topic = /^و?اما\s+$/u.test(rest);
    if (initial || topic ||
      // «وكان الاتحاد الأوروبي أعرب …»: the subject after «كان» too
      (first && (!NOT_VERB.has(first[2]) || /^كانت?$/u.test(first[2])) && !NOT_VERB.has(first[1] + first[2]) &&
        (!first[2].startsWith('ال') || /^الت(?:قي|زم)/u.test(first[2])))) return a;
  }
  return undefined;
}

export function suggestClaims(t: SuggestText, actors: readonly Suggestion[]): Suggestion[] {
  const found: Suggestion[] = [];
  let lastSpeaker: Suggestion | undefined;
  const folded = t.folded.text;
  /** People the article names with a woman's title (their entity or quote): later mentions are feminine too. */
  const women = new Set(actors.filter((a) => PERSON_RULES.has(a.rule) &&
    FEMININE_TITLE.test(foldText(a.quote).text.split(/\s+/u)[0])).map((a) => a.entity ?? a.quote));
  /** True unless the verb's gender and the actor's differ («وقالت» after «عراقجي» is not his). */
  const agrees = (a: Suggestion, g: 'f' | 'm' | undefined) => {
    const ag = g && actorGender(a, women);
    return !ag || ag === g;
  };
  /**
   * The actor a relative pronoun right before the verb stands for, when the verb agrees with the
   * pronoun («… خالد بن سلمان، الذي قال», «الوزارة التي قالت»); «التي قال» (the pronoun is the object)
   * and «بما قال» give none.
   */
  const relativeAntecedent = (verbStart: number, g: 'f' | 'm' | undefined): Suggestion | undefined => {
    // the original text (BMP letters: UTF-16 length is code points here)
    const rel = /(الذي|التي)\s+$/u.exec(t.index.slice(Math.max(0, verbStart - 8), verbStart));
    if (!rel || (rel[1] === 'الذي' ? 'm' : 'f') !== g) return undefined;
    const relStart = verbStart - rel[0].length;
    const i = partitionPoint(actors.length, (k) => actors[k].start < relStart) - 1;
    const a = actors[i];
    if (a && a.end <= relStart && /^[\s،,]*$/u.test(t.index.slice(a.end, relStart))) return agrees(a, g) ? a : undefined;
    // no actor there: the words of an apposition between commas («، الأمير خالد بن سلمان، الذي قال»)
    const back = t.index.slice(Math.max(0, relStart - 80), relStart);
    const phrase = /[،,]\s*([^،,.؟!\n]+?)\s*[،,]\s*$/u.exec(back);
    if (!phrase) return undefined;
    const ws = foldText(phrase[1]).text.split(/\s+/u);
    if (ws.length < 2 || ws.length > 8 || ws.some((w) => STOP.has(w) || NOT_VERB.has(w))) return undefined;
    const start = relStart - (back.length - phrase.index - phrase[0].indexOf(phrase[1]));
    return t.span16('actor', t.index.toUtf16(start), t.index.toUtf16(start) + phrase[1].length, 'speaker');
  };
  /**
   * The actor a connective's pronoun right before the verb stands for («ولكنها قالت», «إلا أنه
   * أكد», «غير أنها أوضحت»): the nearest actor before it in the same sentence whose gender agrees
   * with the pronoun and the verb; none when the sentence names none.
   */
  const pronounAntecedent = (verbStart: number, g: 'f' | 'm' | undefined): Suggestion | undefined => {
    const back = foldText(t.index.slice(Math.max(0, verbStart - 16), verbStart)).text;
    const p = /(?:^|\s)[وف]?(?:لكن|الا ان|غير ان|بيد ان)(ه|ها)\s+$/u.exec(back);
    if (!p) return undefined;
    const pg = p[1] === 'ها' ? 'f' : 'm';
    if (g && g !== pg) return undefined;
    for (let i = partitionPoint(actors.length, (k) => actors[k].start < verbStart) - 1; i >= 0; i--) {
      const a = actors[i];
      if (verbStart - a.start > 400) break;
      if (a.end > verbStart) continue;
      // the same sentence: no stop between the actor and the verb
      if (/[.؟!\n؛]/u.test(t.index.slice(a.end, verbStart))) break;
      if (actorGender(a, women) === pg) return a;
    }
    return undefined;
  };
  /**
   * Who speaks after a verb without a subject: the sentence's subject when it is named after the
   * last speaker's nearest mention (the news moved on to another actor), else the last speaker,
   * as long as the verb's gender agrees; else the nearest actor of the verb's gender (a
   * feminine «قالت» after a man speaks for the country or body just named). None when none agrees.
   */
  const carriedSpeaker = (verbStart: number, g: 'f' | 'm' | undefined): Suggestion | undefined => {
    const carried = lastSpeaker && verbStart - lastSpeaker.end < SPEAKER_CARRY
      ? nearestMention(actors, lastSpeaker, verbStart) : undefined;
    const subject = mainSubject(actors, t, verbStart);
    if (subject && (!carried || subject.start > carried.start) && agrees(subject, g)) return subject;
    if (carried && agrees(carried, g)) return carried;
    if (!carried || !g) return undefined;
    for (let i = partitionPoint(actors.length, (k) => actors[k].start < verbStart) - 1; i >= 0; i--) {
      const a = actors[i];
      if (verbStart - a.start > 600 + LONGEST_ACTOR) break;
      if (a.end <= verbStart && verbStart - a.end < 600 && actorGender(a, women) === g) return a;
    }
    return undefined;
  };
  // Arabic: reporting verb, optional speaker words, then إن/أن and the clause, or a quotation
  // a reporting verb, or a participle with which the speaker goes on ("، مؤكدا أن…")
  const verb = new RegExp(
    `(?<![\\p{L}\\p{N}])[وف]?(?:(?:${REPORTING_VERBS.map(fold).join('|')})(?:ت|وا|ا)?|${PRESENT}|` +
    `(${[...GOING_ON, ...CALL_PARTICIPLES].map(fold).join('|')})|((?:${CALL_VERBS.map(fold).join('|')})(?:ت|وا|ا)?))` +
    '(?![\\p{L}\\p{N}])',
    'gu',
  );
  /** A finite reporting verb inside a verb's subject («أعلن X مسؤوليته …، فيما قالت Y إن …»). */
  const verbInside = new RegExp(
    `(?<![\\p{L}\\p{N}])[وف]?(?:${REPORTING_VERBS.map(fold).join('|')})(?:ت|وا|ا)?(?![\\p{L}\\p{N}])`, 'u');
  const openers = openingQuotes(folded);
  for (const m of folded.matchAll(verb)) {
    // after a preposition or «أو» the word is a noun: «تأكيد أو نفي إلقاء القبض», «بعد ذكر»
    if (NOUN_BEFORE.test(folded.slice(Math.max(0, m.index! - 8), m.index!))) continue;
    const after = m.index! + m[0].length;
    const calling = m[2] !== undefined || (m[1] !== undefined && CALLING_PARTICIPLE.test(m[1]));
    const rest = folded.slice(after, after + 400);
    // أن/إن (with a pronoun: أنه، أنها، أنهم) only as a word of its own: in «إسبانيا إن» or «البيان أن»
    // the lazy speaker words would otherwise stop at the «ان» inside a name (the claim began «يا إن …»);
    // longer pronouns first, or «أنها» reads as «أنه» and the claim begins with «ا».
    const that = THAT_CLAUSE.exec(rest);
    // a name in quotation marks («عكاظ», «داعش») is no quotation: a quotation has words and length
    let q = QUOTED.exec(rest);
    // the speaker in quotation marks, then a colon and the quotation: «قال «المسؤول اليمني»: «…»»
    const inQuotes = q && /^[\s]*:/u.test(rest.slice(q[0].length)) ? SPEAKER_THEN_QUOTE.exec(rest) : null;
    if (inQuotes) q = inQuotes;
    // …nor is a short name in quotation marks before أن («وشددت "موانئ دبي" على أن», «لـ«الشرق الأوسط»، أن»)
    const quotedName = q && that && /^ب?ان/u.test(that[3]) && q[2].trim().split(/\s+/u).length <= 3 &&
      that[1].length + that[2].length >= q[0].length;
    const quoted = q && !quotedName && q[2].trim().length >= 8 && /\s/u.test(q[2].trim()) ? q : null;
    // reported speech (أن/إن…, even before a quotation) when its word comes first; else a direct quotation
    const reported = that !== null && /^ب?ان/u.test(that[3]) &&
      (!quoted || that[1].length + that[2].length <= quoted[0].length - quoted[2].length - 1);
    let claimStart: number | undefined;
    let claimEnd: number | undefined;
    let subject = '';
    if (that && (reported || !quoted)) {
      subject = that[1];
      // the claim begins with أن/إن/بأن (as analysts mark reported speech), after «قائلا» or a colon
      claimStart = after + (reported ? that[1].length + that[2].length : that[0].length);
      // the claim ends at the sentence's end, where the speaker goes on, or where the journalist takes over
      CLAIM_END.lastIndex = after + that[0].length;
      const end = CLAIM_END.exec(folded);
      claimEnd = end ? end.index : folded.length;
    } else if (quoted) {
      subject = quoted[1];
      claimStart = after + quoted[0].indexOf(quoted[2], quoted[1].length);
      claimEnd = claimStart + quoted[2].length;
    }
    // a verb of calling or feeling, or a verb of saying with a nominal object: its quoted object
    const objects = claimStart === undefined || calling ? quotedObjects(folded, after, openers) : [];
    // a quoted name («الشركة السعودية للصناعات الأساسية «سابك»») is no quoted object
    if (objects.length > 0 && mostOverlapping(actors, t.span('claim', objects[0].start, objects[0].end, 'x'))) {
      objects.length = 0;
    }
    if (objects.length > 0) {
      subject = folded.slice(after, objects[0].start);
      [claimStart, claimEnd] = [objects[0].start, objects[0].end];
    } else if (calling) continue;
    if (claimStart === undefined || claimEnd === undefined) continue;
    if (claimEnd - claimStart < 8 && objects.length === 0) continue;
    // another reporting verb with a subject of its own inside the subject: that verb's claim, not this one's
    const inner = verbInside.exec(subject);
    // (its speaker named after it, or a medium: «لكن المتحدث باسمه … قال لوكالة فرانس برس إن»)
    if (inner && speakerWords(subject.slice(inner.index + inner[0].length)) !== undefined) continue;
    const claim = t.span('claim', claimStart, claimEnd,
      objects.length > 0 ? 'quoted-object' : reported || !quoted ? 'reporting-verb' : 'reporting-verb-quote');
    claim.quote = claim.quote.replace(/[\s،,]+$/u, '');
    claim.end = claim.start + [...claim.quote].length;
    // the speaker: words between the verb and the claim, else the nearest actor before the verb
    const verbStart = t.span('claim', m.index!, m.index!, 'x').start;
    let speaker: Suggestion | undefined;
    let before: Suggestion | undefined;
    // «نقل X عن Y قوله إن …»: Y speaks; «نقل» without «عن … قوله» reports no speech
    const via = /(?:^|\s)عن\s+([^،,]+?)\s+قول(?:ه|ها|هم|هما)\s*[:،]?\s*$/u.exec(subject);
    if (/^[وف]?نقل/u.test(m[0]) && !via) continue;
    const viaAt = via ? via.index + via[0].indexOf(via[1]) : 0;
    const viaSpan = via ? speakerWords(via[1]) : undefined;
    let named = via ? viaSpan && { start: viaAt + viaSpan.start, end: viaAt + viaSpan.end } : speakerWords(subject);
    // before a quoted object the words after the verb are its object unless an actor begins them
    // («دعت الولايات المتحدة …» speaks; «أكدت تضامنها "بالكامل"» names no speaker)
    if (objects.length > 0 && named) {
      const words = t.span('actor', after + named.start, after + named.end, 'x');
      const a = mostOverlapping(actors, words);
      // an unnamed source («قال مصدر …، "…"») makes no claim
      if (!a && unnamedSource(folded.slice(after + named.start))) continue;
      if (!a || a.start > words.start) named = undefined;
    }
    const goingOn = m[1] !== undefined;
    // a dual or plural verb («أكدا», «قالوا») follows its subject: what comes after it is no speaker
    const plural = !goingOn && (/(?:وا|ا)$/u.test(m[0]) && !/^[وف]?(?:قال|ذكر|رأى|نفى|أضاف|أوضح|دعا)$/u.test(m[0]) ||
      PRESENT_WORD.test(m[0]) && /(?:ون|ان)$/u.test(m[0]));
    if (plural) {
      // better no speaker than the object of the verb («أكدا أهمية اتفاقيات جنيف»)
    } else if (goingOn) {
      // the speaker of the claim before goes on; words after the participle ("في نفس الوقت") are no speaker
      if (lastSpeaker && verbStart - lastSpeaker.end < SPEAKER_CARRY) {
        speaker = carriedSpeaker(verbStart, verbGender(m[0], true));
        if (speaker) lastSpeaker = speaker;
      }
    } else if (named) {
      const s = t.span('actor', after + named.start, after + named.end, 'speaker');
      // several actors joined by «و» («وتقول الولايات المتحدة وحليفتها السعودية …»): the first named speaks
      const actor = firstJoined(actors, s, t) ?? mostOverlapping(actors, s);
      // an unnamed source («قال مصدر …», «عن مسؤول أمريكي قوله»): no claim of an actor
      const head = folded.slice(after + named.start, after + named.end).split(' ')[0];
      if (!actor && unnamedSource(folded.slice(after + named.start))) continue;
      const issuer = DOCUMENTS.has(head) || DOCUMENTS.has(`ال${head}`)
        ? /(?:^|\s)(?:ال)?صادر(?:ه)? عن\s+(.+)$/u.exec(subject.slice(named.start)) : null;
      const issuerWords = issuer ? speakerWords(issuer[1]) : undefined;
      if (issuer && issuerWords) {
        // «كشف تقرير صادر عن البنك المركزي الإيراني أن»: the issuer speaks
        const at = after + named.start + issuer.index + issuer[0].length - issuer[1].length;
        const said = t.span('actor', at + issuerWords.start, at + issuerWords.end, 'speaker');
        speaker = mostOverlapping(actors, said) ?? said;
        lastSpeaker = speaker;
      } else if (!actor && (DOCUMENTS.has(head) || DOCUMENTS.has(`ال${head}`))) {
        // «وأشار البيان إلى أن»: the text speaks for whoever issued it, named before
        speaker = carriedSpeaker(verbStart, undefined);
      } else {
        // words after the verb that name no actor, and an actor right before it: that actor is the subject,
        // the words its object («دمشق تعتبر العقوبات "غير مشروعة"»)
        const subjectFirst = !actor && !/^[وف]/u.test(m[0]) ? subjectBefore(actors, t, verbStart) : undefined;
        speaker = actor ?? subjectFirst ?? s;
        lastSpeaker = speaker;
        // a person after a feminine verb is a woman («وقالت بيشور»): her later mentions are feminine too
        if (speaker === actor && PERSON_RULES.has(actor.rule) && verbGender(m[0], false) === 'f') {
          women.add(actor.entity ?? actor.quote);
        }
      }
    } else if (!named && !/^[وف]/u.test(m[0]) && (before = subjectBefore(actors, t, verbStart))) {
      // the subject written before the verb: «كان الرئيس الأمريكي، دونالد ترامب، قد قال …», «ولكن عراقجي قال»
      // (a medium after the verb too: «لكن المتحدث باسمه … قال لوكالة فرانس برس إن»)
      // (not before «وقال»: «… والعراق وشدد» joins two verbs of one subject)
      speaker = before;
      lastSpeaker = speaker;
    } else if (named === undefined && (before = pronounAntecedent(verbStart, verbGender(m[0], false)))) {
      // «… بينما كانت خطيبته التركية تنتظر في الخارج، ولكنها قالت إنها …»: the one the pronoun stands for
      speaker = before;
      lastSpeaker = speaker;
    } else if (named === undefined && (before = relativeAntecedent(verbStart, verbGender(m[0], false)))) {
      // «…، الأمير خالد بن سلمان، الذي قال إن»: the one the relative pronoun stands for
      speaker = before;
      lastSpeaker = speaker;
    } else if (named === null) {
      // a medium before the speaker's words («وقال لقناة الجزيرة وزير …»): better no speaker than a guess
    } else if (lastSpeaker && verbStart - lastSpeaker.end < SPEAKER_CARRY) {
      // no subject written ("وقال إن…", "وأشار إلى أن…"): in news the speaker goes on being the last one named
      speaker = carriedSpeaker(verbStart, verbGender(m[0], false));
      if (speaker) lastSpeaker = speaker;
    } else {
      // else the sentence's subject if it agrees («أعربت وزارة الخارجية الفرنسية عن قلقها، إذ قالت»), else
      // the last person named before the verb (organisations seldom speak in the third person), of the verb's gender
      const g = goingOn ? verbGender(m[0], true) : verbGender(m[0], false);
      const subject = mainSubject(actors, t, verbStart);
      if (subject && verbStart - subject.end < 600 && agrees(subject, g)) speaker = subject;
      for (let i = partitionPoint(actors.length, (k) => actors[k].start < verbStart) - 1; !speaker && i >= 0; i--) {
        const a = actors[i];
        if (verbStart - a.start > 600 + LONGEST_ACTOR) break;
        if ((a.rule !== 'organisation' || g === 'f') && a.end <= verbStart && verbStart - a.end < 600 && agrees(a, g)) {
          speaker = a;
        }
      }
      if (speaker) lastSpeaker = speaker;
    }
    if (speaker) claim.speaker = { start: speaker.start, end: speaker.end, quote: speaker.quote };
    found.push(claim);
    // the further quoted parts of the same object («بممارسة "…"، ومحاولة "…"، و"…"»), one claim each
    for (const o of objects.slice(1)) {
      const part = t.span('claim', o.start, o.end, 'quoted-object');
      if (claim.speaker) part.speaker = claim.speaker;
      found.push(part);
    }
  }
  found.push(...headlineClaims(t, actors), ...sourceClaims(t, actors));
  // English: said/told/announced (that) ...
  for (const m of t.text.matchAll(
    /\b(said|told \w+|announced|stated|added|stressed|warned|denied|confirmed)(?:[^.!?\n"“]{0,40}?\bthat\b)?\s+(["“][^"”\n]{3,400}["”]|[^.!?\n]{8,400})/gu,
  )) {
    const body = m[2].replace(/^["“]|["”]$/g, '');
    const start = m.index! + m[0].length - m[2].length + (m[2] === body ? 0 : 1);
    const claim = t.span16('claim', start, start + body.length, 'en-reporting-verb');
    const verbAt = t.index.toCodePoint(m.index!);
    let speaker: Suggestion | undefined;
    for (let i = partitionPoint(actors.length, (k) => actors[k].start < verbAt) - 1; i >= 0; i--) {
      if (verbAt - actors[i].start > 200 + LONGEST_ACTOR) break;
      if (actors[i].end <= verbAt && verbAt - actors[i].end < 200) {
        speaker = actors[i];
        break;
      }
    }
    if (speaker) claim.speaker = { start: speaker.start, end: speaker.end, quote: speaker.quote };
    found.push(claim);
  }
  return dedupe(found);
}
