/**
 * What may be a word of an actor's name, and what ends one (folded words, as `words()` gives them):
 * verbs that follow a name, stop words, nationality adjectives, a company's own words, the gaps
 * that join the words of one name. Used by the actor rules (actorRules.ts); word lists in actorLexicon.ts.
 */
import { NATIONALITIES, RANKS } from './actorLexicon';
import { MEDIUM, STOP, THAT_WORD, fold } from './suggestText';

/**
 * Verbs that follow a name in news and are no part of it: «… رفضت», «… وأكد» (past tense, with
 * و/ف and the feminine or plural endings). Folded.
 */
export const VERBS_AFTER_NAME = new RegExp(
  `^[وف]?(?:${['قال', 'أكد', 'أعلن', 'أوضح', 'أشار', 'شدد', 'اعتبر', 'أضاف', 'صرح', 'ذكر', 'نفى', 'كشف', 'حذر',
    'رأى', 'تابع', 'رفض', 'دعا', 'طالب', 'وصف', 'أبدى', 'عبر', 'التقى', 'استقبل', 'زار', 'وصل', 'غادر', 'بحث',
    'ناقش', 'أجرى', 'وقع', 'قرر', 'أمر', 'هدد', 'اتهم', 'أدان', 'رحب', 'نقل', 'أفاد', 'يقول', 'يرى'].map(fold).join('|')})` +
    '(?:ت|وا|ا)?$',
  'u',
);

/**
 * Present and future verbs that follow a name in news («الرئيس أوباما سيلتقي», «… يزور»), folded; a
 * short list, as names begin with the same letters («سيرغي», «ستيفن»).
 */
export const PRESENT_VERB_AFTER_NAME = new RegExp(
  '^[وف]?س?[يت](?:لتقي|زور|بحث|توجه|عقد|شارك|ترأس|راس|وقع|صل|غادر|قول|ري|عتبر|وكد|واصل|دعو|طالب|رفض|حذر|ستقبل|جري)$', 'u');

/** True when `w` (folded) cannot be a word of a name: a stop word, a number, a verb, «أن», a medium. */
export function endsName(w: string): boolean {
  return STOP.has(w) || /^\d/.test(w) || VERBS_AFTER_NAME.test(w) || THAT_WORD.test(w) || MEDIUM.test(w) ||
    /^(?:قول|قوله|قولها|قولهم|تصريحه|تصريحها)$/u.test(w) || NISBA.has(w) || PRESENT_VERB_AFTER_NAME.test(w);
}

/** Nationality and rank adjectives without ال (folded; actorLexicon): never the first word of a name. */
export const NISBA = new Set([...NATIONALITIES, ...RANKS]);
/** Countries' nationality adjectives (folded, without ال and ة) by which a titled person is named again. */
export const NATIONALITY = new Set(NATIONALITIES);
/**
 * True when `w` (folded) can be a word of a company's own name: no ال, no proclitic-looking
 * preposition, not an adjective (ending in ة, a nationality), number, verb or stop word, 3+ letters.
 */
export function properWord(w: string): boolean {
  return w.length >= 3 && !w.startsWith('ال') && !/ه$/u.test(w) && !/^[بلك]ال/u.test(w) && !endsName(w) &&
    !/ي$/u.test(w) && /^\p{Script=Arabic}+$/u.test(w) && !/^(?:كبير|صغير|جديد|عالم|اخري|واحد|ثاني)/u.test(w);
}

/** What may stand between two words of one name: spaces, a hashtag's # («سمير #خليل») or _ («#محمد_الجدعان»). */
export function joinsName(gap: string): boolean {
  return /^\s*#?$|^_$/u.test(gap);
}

/** True when `w` (folded) qualifies the title or head before it: a word with ال («الخارجية»، «الروسي»). */
export function qualifies(w: string): boolean {
  return w.startsWith('ال') && !endsName(w);
}
