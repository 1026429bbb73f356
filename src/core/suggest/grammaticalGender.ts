/**
 * The grammatical gender of reporting verbs and of actor mentions, by which a verb without a
 * subject finds its speaker («وقالت» is no man's, «وأضاف» no country's): Arabic verbs and
 * pronouns agree in gender with the subject they stand for. Word lists folded like the text.
 */
import { foldText } from '../text/matchText';
import { RELATION_ROLES, RELATION_ROLES_MASCULINE_ONLY } from './actorLexicon';
import { PRESENT_REPORTING_VERBS, REPORTING_VERBS } from './speechLexicon';
import { type Suggestion, fold } from './suggestText';

/** Present-tense reporting verbs, folded, as a regex alternative: «يقول», «تقول», «يقولون». */
export const PRESENT = `[يت](?:${PRESENT_REPORTING_VERBS.map((v) => fold(v).slice(1)).join('|')})(?:ون|ان)?`;
export const PRESENT_WORD = new RegExp(`^[وف]?${PRESENT}$`, 'u');

/** Reporting verbs' stems, folded, to tell a feminine «قالت» from «قال» (and «لفت» from «لفتت»). */
const VERB_STEMS = new Set(REPORTING_VERBS.map((v) => foldText(v).text));

/**
 * The grammatical gender of a reporting verb or participle as written (folded: «وقالت» → f, «قال»
 * → m, «مؤكدة» → f); undefined for a dual or plural («أكدا», «قالوا»), which agree with several.
 */
export function verbGender(word: string, goingOn: boolean): 'f' | 'm' | undefined {
  if (goingOn) return /ه$/u.test(word) ? 'f' : 'm';
  const w = word.replace(/^[وف](?=..)/u, '');
  if (PRESENT_WORD.test(w)) return /(?:ون|ان)$/u.test(w) ? undefined : w.startsWith('ت') ? 'f' : 'm';
  if (VERB_STEMS.has(w)) return 'm';
  if (w.endsWith('ت') && VERB_STEMS.has(w.slice(0, -1))) return 'f';
  return undefined;
}

/** Heads that make an organisation feminine («قالت الوزارة») or masculine («قال المجلس»), folded. */
const FEMININE_HEADS = new Set(['وزاره', 'منظمه', 'جبهه', 'حركه', 'شركه', 'جامعه', 'هييه', 'جمعيه', 'لجنه', 'وكاله',
  'حكومه', 'محكمه', 'الامم', 'الجمهوريه', 'جماعه', 'ميليشيا', 'ميليشيات', 'الميليشيات', 'موسسه', 'قوات', 'القوات',
  'السلطات', 'الدول', 'الخارجيه', 'الداخليه', 'الحكومه', 'المعارضه', 'المقاومه', 'الشركه', 'الوكاله', 'الشرطه',
  'طالبان', 'حماس', 'اوبك', 'الولايات', 'المملكه', 'سلطنه']);
const MASCULINE_HEADS = new Set(['حزب', 'مجلس', 'اتحاد', 'البنك', 'بنك', 'تنظيم', 'صندوق', 'حلف', 'جيش', 'مركز',
  'البرلمان', 'برلمان', 'الجيش', 'التحالف', 'الكونغرس', 'الناتو', 'داعش', 'الاتحاد', 'الكرملين', 'البيت',
  'البنتاغون', 'الاليزيه', 'لبنان', 'العراق', 'الاردن', 'السودان', 'المغرب', 'اليمن']);
/** Titles of women («وزيرة الخارجية», «السيدة»), folded. */
export const FEMININE_TITLE = /^(?:[وف]?(?:وزيره|رييسه|الوزيره|الرييسه|السيده|الدكتوره|الناطقه|المتحدثه|الناشطه|الخبيره|الباحثه|النايبه|الملكه|الاميره|السفيره|المسووله|الدبلوماسيه|المستشاره))$/u;
export const PERSON_RULES = new Set(['relation-role', 'title-name', 'title-role', 'surname', 'speaker-name', 'role-mention', 'name-apposition']);

/**
 * A relation noun with a possessive pronoun («خطيبته», «رئيسها», «زعيمنا»; folded, a proclitic و/ف
 * then ل/ب allowed): group 1 the noun with its pronoun, group 2 the feminine ت when there is one
 * («خطيبته» → f, «محاميه» → m).
 * Folding writes ة as ه, so a bare «محامية» folds like «محاميه»: callers check the original word.
 */
export const RELATION_WORD = new RegExp(
  `^[وف]?[لب]?((?:(?:${RELATION_ROLES.map(fold).join('|')})(ت)?|(?:${RELATION_ROLES_MASCULINE_ONLY.map(fold).join('|')}))` +
  '(?:ه|ها|هما|هم|نا))$',
  'u',
);

/** The grammatical gender of an actor mention, when its words say it; undefined when they do not. */
export function actorGender(a: Suggestion, women: ReadonlySet<string>): 'f' | 'm' | undefined {
  // the first word as written, and without a proclitic و/ف («ووزارة»; but «وزارة» begins with its own و)
  const word = foldText(a.quote).text.split(/\s+/u)[0];
  const bare = word.replace(/^[وف](?=..)/u, '');
  if (a.rule === 'relation-role') return RELATION_WORD.exec(word)?.[2] ? 'f' : 'm';
  if (PERSON_RULES.has(a.rule)) {
    return FEMININE_TITLE.test(word) || FEMININE_TITLE.test(bare) || women.has(a.entity ?? a.quote) ? 'f' : 'm';
  }
  if (FEMININE_HEADS.has(word) || FEMININE_HEADS.has(bare)) return 'f';
  if (MASCULINE_HEADS.has(word) || MASCULINE_HEADS.has(bare)) return 'm';
  // countries and capitals are feminine («قالت إسرائيل», «ترفض طهران»), but for the few named above
  return a.rule === 'country' ? 'f' : undefined;
}

