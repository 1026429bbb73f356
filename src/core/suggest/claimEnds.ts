/**
 * Where a claim ends: the participles with which a speaker goes on to a new claim, the words
 * with which the journalist takes over, and the regex of both (with a new reporting verb and the
 * sentence's end). Shared by the claim rules and the claims named by a source or a headline.
 */
import { foldText } from '../text/matchText';
import { CALL_PARTICIPLES, REPORTING_VERBS } from './speechLexicon';
import { fold } from './suggestText';

/** Participles with which a speaker goes on to a new claim ("، مؤكدا أن…"); folded like the text. */
export const GOING_ON = ['مؤكدا', 'مضيفا', 'مشيرا', 'موضحا', 'لافتا', 'معتبرا', 'قائلا', 'مشددا', 'مبينا', 'منوها',
  'معربا', 'محذرا', 'متوقعا', 'معرجا', 'مؤكدة', 'مضيفة', 'مشيرة', 'موضحة', 'لافتة', 'معتبرة', 'قائلة', 'مشددة',
  'مبينة', 'منوهة'];
/**
 * Words after a comma with which the journalist takes over from the speaker: another speaker
 * («، كما قال …»), a contrast («، في حين …», «، بينما …»), a new thread («، وفي سياق متصل …»,
 * «، من جهته …», «، إلى ذلك …») or the source of the report («، بحسب …», «، على حد قوله»).
 * Written as read; folded where used. «فيما يتعلق/يخص» ("as regards") stays inside a claim.
 */
const TAKES_OVER = [
  `كما (?:${REPORTING_VERBS.join('|')})(?:ت|وا|ا)?`,
  'في حين', 'فيما(?! (?:يتعلق|يخص))', 'بينما', 'وفي سياق', 'وفي سياق متصل', 'من جهته', 'من جهتها', 'من جانبه',
  'من جانبها', 'إلى ذلك', 'بحسب', 'حسب', 'حسبما', 'وفقا', 'وفق', 'على حد',
];
/**
 * Where a claim after إن/أن ends: the sentence's end, the speaker going on («، مؤكدا أن…»), the
 * journalist taking over, or a new reporting verb («… وقال إن»). Not at a quotation mark: reported
 * speech quotes words of its own («أن «سابك» لن تدخل …»). Global, to be run from `lastIndex`.
 */
export const CLAIM_END = new RegExp(
  `[.؟!؛\\n]|[،,]\\s*(?:${[...GOING_ON, ...CALL_PARTICIPLES, ...TAKES_OVER].map((w) => foldText(w).text).join('|')})(?![\\p{L}\\p{N}])` +
    `|\\s[وف](?:${REPORTING_VERBS.map(fold).join('|')})(?:ت|وا|ا)?(?![\\p{L}\\p{N}])`,
  'gu',
);
