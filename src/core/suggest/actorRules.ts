/**
 * Suggested actors: a title (وزير الخارجية، الرئيس، المتحدث باسم…) and the name after it, or a
 * qualified role alone («وزير الخارجية اليمني»); an organisation's head noun and what qualifies
 * it; groups; countries and capitals where they act (not after في/إلى…); later mentions of a
 * person by surname (within-article coreference); names repeated in quotation marks («سابك»);
 * names the analyst already annotated wherever they occur; English titles with capitalised
 * names. Word lists: actorLexicon.ts. Offsets: code points.
 */
import { foldText } from '../text/matchText';
import { partitionPoint } from '../util/binarySearch';
import {
  COMPANY_HEADS, COUNTRIES, GROUPS, NATIONAL_ROLE_WORDS, ORG_HEADS, PLACE_PREPOSITIONS, ROLE_TITLES, TITLES,
} from './actorLexicon';
import { RELATION_WORD } from './grammaticalGender';
import {
  NATIONALITY, PRESENT_VERB_AFTER_NAME, VERBS_AFTER_NAME, endsName, joinsName, properWord, qualifies,
} from './nameWords';
import { DOCUMENTS, GENERIC_SOURCES, REPORTING_VERBS } from './speechLexicon';
import {
  type SuggestText, type Suggestion, type Word, STOP, THAT_WORD, dedupe, fold, words,
} from './suggestText';

/** Roles that, with a nationality, name a person already named, folded. */
const NATIONAL_ROLES = NATIONAL_ROLE_WORDS.map((w) => foldText(w).text);

const COMPANY_HEAD_WORDS = new Set(COMPANY_HEADS.map(fold));

/** How an actor's title is marked: with the name («وزير الخارجية سامي الجميل», most Arabic gold), or not. */
export type ActorTitles = 'include' | 'exclude';

export function suggestActors(t: SuggestText, knownActors: readonly string[], titles: ActorTitles = 'include'):
Suggestion[] {
  const found: Suggestion[] = [];
  const folded = t.folded.text;
  const list = words(folded);
  /** True when only spaces (or a hashtag's #) stand between words i-1 and i. */
  const adjacent = (i: number) => i > 0 && i < list.length && joinsName(folded.slice(list[i - 1].end, list[i].start));
  /** A regex of whole words of `names` (folded), a proclitic و ف ب ل ك allowed before; group 1 the name. */
  const wholeWords = (names: readonly string[]) => new RegExp(
    `(?<![\\p{L}\\p{N}])[وفبلك]?(${names.map((n) => fold(n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  /** The index of the word holding the first letter of group 1 of `m` (after a proclitic, inside its word). */
  const wordOf = (m: RegExpMatchArray) => {
    const at = m.index! + m[0].length - m[1].length;
    const i = partitionPoint(list.length, (k) => list[k].end <= at);
    return i < list.length && list[i].start <= at ? i : -1;
  };
  /** Whole-word matches of `names` (folded), after a proclitic or «لل» for ال («للعريان»: from after «لل»). */
  const matchNames = (names: readonly string[]) => {
    const out: Array<{ start: number; key: string; length: number; word: number }> = [];
    for (const m of folded.matchAll(wholeWords(names))) {
      out.push({ start: m.index! + m[0].length - m[1].length, key: m[1], length: m[1].length, word: wordOf(m) });
    }
    const withAl = names.map(fold).filter((n) => n.startsWith('ال') && n.length > 4).map((n) => n.slice(2));
    if (withAl.length === 0) return out;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])[وف]?لل(${withAl.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    for (const m of folded.matchAll(re)) {
      out.push({ start: m.index! + m[0].length - m[1].length, key: `ال${m[1]}`, length: m[1].length, word: wordOf(m) });
    }
    return out.sort((a, b) => a.start - b.start);
  };
  /** Titles by the word they begin in: how many words, and where the title itself begins (after a proclitic). */
  const titleWords = new Map<number, number>();
  const titleStarts = new Map<number, number>();
  for (const m of folded.matchAll(wholeWords(TITLES))) {
    const i = wordOf(m);
    if (i < 0) continue;
    titleWords.set(i, Math.max(titleWords.get(i) ?? 0, m[1].split(' ').length));
    titleStarts.set(i, m.index! + m[0].length - m[1].length);
  }
  // names the analyst already annotated, wherever they occur (a clitic may precede them)
  const known = [...new Set(knownActors.map((n) => foldText(n).text.trim()).filter((n) => n.length >= 3))];
  if (known.length > 0) {
    for (const { start, length } of matchNames(known)) found.push(t.span('actor', start, start + length, 'known-actor'));
  }
  // a title chain (نظيره القطري الدكتور …) with its qualifiers, then up to four name words
  /** Surnames and full names (folded) to the full name in the text (within-article coreference). */
  const surnames = new Map<string, string>();
  /** Bare roles («الوزير», «رئيس الوزراء», folded) to the names of the people given them, and where first. */
  const roles = new Map<string, { names: Set<string>; from: number }>();
  /** Nationalities in titles («الإيراني» in «نائب وزير الخارجية الإيراني عباس عراقجي», folded, without ال) to names. */
  const nationals = new Map<string, { names: Set<string>; from: number }>();
  const original = (a: Word, b: Word) => t.span('actor', a.start, b.end, 'x').quote;
  for (const [first, n] of titleWords) {
    if (first > 0 && titleWords.has(first - 1) && adjacent(first)) continue; // «نائب رئيس»: one chain, from «نائب»
    let i = first + n;
    let lastTitle = first;
    let qualifiers = 0;
    for (let round = 0; round < 3; round++) {
      while (i < list.length && adjacent(i) && qualifies(list[i].text) && qualifiers < 4) {
        i++;
        qualifiers++;
      }
      const next = titleWords.get(i);
      if (next === undefined || !adjacent(i)) break;
      lastTitle = i;
      i += next;
    }
    // what the title is of: an organisation («المتحدث باسم وزارة الخارجية الأمريكية جون كيربي») or a
    // «لل…» phrase («الأمين العام للأمم المتحدة بان كي مون»), with its qualifiers
    // (or «ل» and a head: «الأمين العام لجامعة الدول العربية أحمد أبو الغيط»)
    if (i < list.length && adjacent(i) && (ORG_HEAD_WORDS.has(list[i].text) || /^لل./u.test(list[i].text) ||
      (/^ل./u.test(list[i].text) && ORG_HEAD_WORDS.has(list[i].text.slice(1))))) {
      let k = i + 1;
      let q = 0;
      while (k < list.length && adjacent(k) && (qualifies(list[k].text) || /^لل./u.test(list[k].text)) && q < 4) {
        k++;
        q++;
      }
      if (q > 0 || /^لل./u.test(list[i].text) || (/^ل./u.test(list[i].text) && k > i + 1)) {
        i = k;
        qualifiers += 1 + q;
      }
    }
    const name: Word[] = [];
    // a comma between a qualified title and the name («وزير المالية السعودي، محمد الجدعان»): one mention
    const afterComma = qualifiers > 0 && i < list.length && /^\s*[،,]\s*#?$/u.test(folded.slice(list[i - 1].end, list[i].start));
    while (i < list.length && (adjacent(i) || (afterComma && name.length === 0)) && name.length < 5) {
      const w = list[i].text;
      // a word with ال is a name's second word («بشار الأسد») or follows بن/عبد/أبو, never its first or third
      const afterParticle = /^(?:بن|ابن|عبد|ابو)$/u.test(name[name.length - 1]?.text ?? '');
      // «عبد الفتاح السيسي», «أبو بكر البغدادي»: a compound first name counts as one word
      const afterCompound = name.length === 2 && /^(?:عبد|ابو)$/u.test(name[0].text);
      // «بان كي مون» is a name, not «بأن»
      const ban = w === 'بان' && list[i + 1]?.text === 'كي';
      // «بن علي يلدريم»: «علي» after «بن» is a name, not «على»
      const particleName = afterParticle && w === 'علي';
      // «… حسن روحاني ونائب وزير الخارجية …»: a title after «و» begins the next mention
      // a country or group after the name is the verb's object («اتهم وزير الداخلية ساجد جاويد موسكو»)
      if ((endsName(w) && !ban && !particleName) || /^[بلك]ال/u.test(w) || (/^و/u.test(w) && titleWords.has(i)) ||
        (name.length >= 2 && namesAt0.has(w)) ||
        (w.startsWith('ال') && name.length !== 1 && !afterParticle && !afterCompound)) break;
      if (name.length >= 3 && !name.some((x) => /^(?:بن|ابن|عبد|ابو|ال)/u.test(x.text))) break;
      name.push(list[i]);
      i++;
      if (w.startsWith('ال') && !/^(?:بن|ابن|عبد|ابو)$/u.test(name[name.length - 2]?.text ?? '') &&
        !(name.length === 2 && /^(?:عبد|ابو)$/u.test(name[0].text) && !afterCompound)) break;
    }
    if (afterComma && name.length < 2) name.length = 0;
    const titleStart = titleStarts.get(first)!;
    // an apposition after a name («…، نائب رئيس مجلس إدارة سابك،») is not annotated: a comma right before the title
    const apposition = /[،,]\s*$/u.test(folded.slice(Math.max(0, list[first].start - 3), list[first].start)) &&
      titleStart === list[first].start;
    if (apposition) {
      // …but the name before it is a person: «أعلن يوسف البنيان، نائب رئيس مجلس إدارة سابك،»
      // (words by their index in list)
      const at: number[] = [];
      for (let j = first - 1; j >= 0 && at.length < 3; j--) {
        const gap = folded.slice(list[j].end, list[at[0] ?? first].start);
        if (at.length === 0 ? !/^\s*[،,]\s*$/u.test(gap) : !joinsName(gap)) break;
        if (endsName(list[j].text) || /^[وف]/u.test(list[j].text) && at.length > 0) break;
        at.unshift(j);
      }
      // a name: two or three words, none a title, the first without ال (not «الوزارة»)
      while (at.length > 0 && (list[at[0]].text.startsWith('ال') || titleWords.has(at[0]))) at.shift();
      const before = at.map((j) => list[j]);
      if (before.length >= 2 && !at.some((j) => titleWords.has(j))) {
        found.push(t.span('actor', before[0].start, before[before.length - 1].end, 'name-apposition'));
        const last = before[before.length - 1].text;
        const full = original(before[0], before[before.length - 1]);
        if (last.length >= 3) surnames.set(last, full);
        surnames.set(before.map((w) => w.text).join(' '), full);
      }
      continue;
    }
    if (name.length > 0 && !(name.length === 1 && name[0].text.length < 3)) {
      const start = titles === 'include' ? titleStart : name[0].start;
      const mention = t.span('actor', start, name[name.length - 1].end, 'title-name');
      found.push(mention);
      const role = bareRole(foldedTitle(list, first, titleWords, titleStart));
      const entry = roles.get(role) ?? { names: new Set<string>(), from: titleStart };
      entry.names.add(name.map((w) => w.text).join(' '));
      roles.set(role, entry);
      for (let k = first; k < i && list[k].start < name[0].start; k++) {
        const nisba = list[k].text.startsWith('ال') ? list[k].text.slice(2).replace(/ه$/u, '') : '';
        if (!NATIONALITY.has(nisba)) continue;
        const people = nationals.get(nisba) ?? { names: new Set<string>(), from: titleStart };
        people.names.add(name.map((w) => w.text).join(' '));
        nationals.set(nisba, people);
      }
      mention.entity = original(name[0], name[name.length - 1]);
      const last = name[name.length - 1].text;
      if (name.length >= 2 && last.length >= 3 && !/^(?:بن|ابن|عبد|ابو)$/u.test(name[name.length - 2].text)) {
        const full = original(name[0], name[name.length - 1]);
        surnames.set(last, full);
        surnames.set(name.map((w) => w.text).join(' '), full);
      }
    } else if (qualifiers > 0 && ROLES.has(foldedTitle(list, first, titleWords, titleStart))) {
      // a role alone names a person («وزير الخارجية اليمني»)
      if (titles === 'include' || lastTitle === first) found.push(t.span('actor', titleStart, list[i - 1].end, 'title-role'));
    }
  }
  // a name right after a reporting verb is a speaker: «وقال عباس عراقجي لبي بي سي …»
  for (const m of folded.matchAll(SPEAKER_VERB)) {
    let i = partitionPoint(list.length, (k) => list[k].start < m.index! + m[0].length);
    const name: Word[] = [];
    while (i < list.length && (name.length === 0 || adjacent(i)) && name.length < 3) {
      const w = list[i].text;
      // two letters only inside a name («محمد بن سلمان», «فرحان حق»), never a particle («قد», «لم»)
      const short = w.length < 3 && (name.length === 0 || w.length < 2 || SHORT_NOT_NAME.test(w));
      if (endsName(w) || titleWords.has(i) || namesAt0.has(w) || GENERIC_SOURCES.has(w) || short ||
        (w.startsWith('ال') && name.length === 0) || /^[وفبلك]ال/u.test(w) || /^(?:الشهر|الاسبوع|العام|اليوم)$/u.test(w) ||
        (name.length >= 2 && /^ل/u.test(w)) || /^لـ*[^\p{Script=Arabic}]/u.test(w)) break;
      name.push(list[i]);
      i++;
      if (w.startsWith('ال')) break;
    }
    // two or three words, then what ends a speaker's words: أن/إن, a colon, a comma, في/لـ…, a medium
    const next = list[i];
    const gap = next ? folded.slice(name[name.length - 1]?.end ?? 0, next.start) : '';
    // …or a title right after the name, an apposition («قال نيل باسو رئيس شرطة مكافحة الإرهاب، إن»)
    const ends = !next || /[:،,]/u.test(gap) || endsName(next.text) || /^ل/u.test(next.text) || titleWords.has(i);
    // a document is no person («كشف تقرير صادر عن …»)
    if (name.length >= 2 && ends && !ORG_HEAD_WORDS.has(name[0].text) && !DOCUMENTS.has(`ال${name[0].text}`)) {
      const mention = t.span('actor', name[0].start, name[name.length - 1].end, 'speaker-name');
      const full = mention.quote;
      mention.entity = full;
      found.push(mention);
      const last = name[name.length - 1].text;
      if (last.length >= 3 && !surnames.has(last)) surnames.set(last, full);
      surnames.set(name.map((w) => w.text).join(' '), full);
    }
  }
  // later (and earlier) mentions of a person by name or surname: «لافروف» after «وزير الخارجية الروسي سيرغي لافروف»
  if (surnames.size > 0) {
    // the whole name first where it is written again («جون كيري»), else the surname alone
    for (const { start, key, length } of matchNames([...surnames.keys()].sort((x, y) => y.length - x.length))) {
      const mention = t.span('actor', start, start + length, 'surname');
      mention.entity = surnames.get(key);
      found.push(mention);
    }
  }
  // a bare role after the named person it stands for, when the article gives that role to one person
  // only: «الوزير» (or «الوزير الروسي») after «وزير الخارجية الروسي سيرغي لافروف»; two ministers: none
  const oneEach = [...roles].filter(([, r]) => r.names.size === 1);
  if (oneEach.length > 0) {
    for (const m of folded.matchAll(wholeWords(oneEach.map(([role]) => role)))) {
      const start = m.index! + m[0].length - m[1].length;
      const role = roles.get(m[1])!;
      if (start < role.from) continue;
      let i = wordOf(m) + m[1].split(' ').length;
      let end = start + m[1].length;
      // a nationality after it is part of the mention («الوزير الروسي»); a name after it is a title-name
      while (i < list.length && adjacent(i) && qualifies(list[i].text) && /(?:ي|يه)$/u.test(list[i].text) &&
        end - start < 40) {
        end = list[i].end;
        i++;
      }
      const mention = t.span('actor', start, end, 'role-mention');
      mention.entity = surnames.get([...role.names][0]) ?? [...role.names][0];
      found.push(mention);
    }
  }
  // a role with a nationality after the one person of that nationality the article names with a title:
  // «المسؤول الإيراني» after «نائب وزير الخارجية الإيراني عباس عراقجي» (two Iranians named: none)
  const oneNational = [...nationals].filter(([, r]) => r.names.size === 1);
  if (oneNational.length > 0) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])[وف]?((?:${NATIONAL_ROLES.join('|')}) ال(${oneNational.map(([n]) => n)
      .join('|')})ه?)(?![\\p{L}\\p{N}])`, 'gu');
    for (const m of folded.matchAll(re)) {
      const start = m.index! + m[0].length - m[1].length;
      const people = nationals.get(m[2])!;
      if (start < people.from) continue;
      // a name after it makes it a title-name of its own («المسؤول الإيراني علي لاريجاني»)
      const i = wordOf(m) + m[1].split(' ').length;
      if (i < list.length && adjacent(i) && !endsName(list[i].text) && !list[i].text.startsWith('ال')) continue;
      const mention = t.span('actor', start, start + m[1].length, 'role-mention');
      mention.entity = surnames.get([...people.names][0]) ?? [...people.names][0];
      // the same words as a role alone («المسؤول الإيراني», title-role): this mention, linked, instead
      const same = found.findIndex((f) => f.start === mention.start && f.end === mention.end);
      if (same >= 0) found.splice(same, 1);
      found.push(mention);
    }
  }
  // a person by a relation: «خطيبته التركية», «محاميتها لورا بيشور» (a nationality, or a name of 2–3 words)
  for (let i = 0; i < list.length; i++) {
    const m = RELATION_WORD.exec(list[i].text);
    if (!m) continue;
    const start = list[i].end - m[1].length;
    // folding writes ة as ه: «محامية» (no pronoun) folds like «محاميه»
    if (/ة$/u.test(t.span('actor', start, list[i].end, 'x').quote)) continue;
    let end = list[i].end;
    let k = i + 1;
    for (; k < list.length && k - i <= 2 && adjacent(k) && qualifies(list[k].text) && /يه?$/u.test(list[k].text); k++) {
      end = list[k].end;
    }
    let n = 0;
    while (k + n < list.length && n < 3 && adjacent(k + n) && properWord(list[k + n].text)) n++;
    if (k === i + 1 && n >= 2) end = list[k + n - 1].end;
    found.push(t.span('actor', start, end, 'relation-role'));
  }
  // organisations: a head noun and the words that qualify it; groups, bare or qualified
  const namesAt = new Set<number>();
  /** Heads of organisations named with what qualifies them («منظمة», folded) to their names, and where first. */
  const bodies = new Map<string, { names: Set<string>; from: number }>();
  for (const m of folded.matchAll(wholeWords([...GROUPS, ...COUNTRIES]))) namesAt.add(wordOf(m));
  for (const [heads, bare] of [[ORG_HEADS, false], [GROUPS, true]] as const) {
    for (const { start, key, length, word } of matchNames(heads)) {
      // a news agency is the medium of a report, no actor («وكالة الأنباء الكورية الشمالية»; the guidelines)
      if (/^(?:ال)?وكاله$/u.test(key) && /^(?:ال)?انباء$/u.test(list[word + 1]?.text ?? '')) continue;
      let i = word + key.split(' ').length;
      let end = start + length;
      let n = 0;
      let own = 0;
      // a company's own name after its head, written without ال («شركة تسلا الأمريكية», «بنك ستاندرد تشارترد»,
      // «شركة تشاينا ميرشنتس القابضة»): up to three words that are no adjective (ة, a nationality), verb or stop word
      if (!bare && COMPANY_HEAD_WORDS.has(key)) {
        let k = i;
        while (k < list.length && k - i < 3 && adjacent(k) && properWord(list[k].text)) k++;
        if (k > i) {
          end = list[k - 1].end;
          own = k - i;
          n += own;
          i = k;
        }
      }
      while (i > 0 && i < list.length && n - own < 3 && adjacent(i)) {
        // a group or country after the head belongs to the name and ends it («تنظيم داعش»)
        const named = !bare && namesAt.has(i);
        if (!named && (!qualifies(list[i].text) || namesAt.has(i))) break;
        end = list[i].end;
        i++;
        n++;
        if (named) {
          // …and a feminine adjective after it too («قوات سوريا الديمقراطية»)
          if (i < list.length && adjacent(i) && qualifies(list[i].text) && /يه$/u.test(list[i].text)) end = list[i++].end;
          break;
        }
      }
      // «الوكالة الدولية للطاقة الذرية», «منظمة الأمم المتحدة للطفولة»: a «لل…» word goes on with the name
      if ((n > 0 || bare) && i < list.length && adjacent(i) && /^لل./u.test(list[i].text)) {
        end = list[i].end;
        i++;
        while (i < list.length && adjacent(i) && qualifies(list[i].text) && n < 6) {
          end = list[i].end;
          i++;
          n++;
        }
      }
      if (n > 0 || bare || key.includes(' ')) {
        const org = t.span('actor', start, end, bare ? 'group' : 'organisation');
        found.push(org);
        // the body by its head alone later («المنظمة» after «منظمة الصحة العالمية»), when one body has that head
        if (!bare && n > 0 && !key.startsWith('ال')) {
          const entry = bodies.get(key) ?? { names: new Set<string>(), from: folded.length };
          entry.names.add(org.quote);
          entry.from = Math.min(entry.from, start + length);
          bodies.set(key, entry);
        }
      }
    }
  }
  const oneBody = [...bodies].filter(([, b]) => b.names.size === 1);
  if (oneBody.length > 0) {
    const byBare = new Map(oneBody.map(([head, b]) => [`ال${head}`, b]));
    for (const { start, key, length } of matchNames([...byBare.keys()])) {
      const body = byBare.get(key)!;
      if (start < body.from) continue;
      const mention = t.span('actor', start, start + length, 'body-mention');
      mention.entity = [...body.names][0];
      found.push(mention);
    }
  }
  // countries and capitals where they act: not after a preposition («في إيران») or with ب/ل/ك («لإيران»)
  for (const m of folded.matchAll(wholeWords(COUNTRIES))) {
    const i = wordOf(m);
    const clitic = m[0].length - m[1].length > 0 ? m[0][0] : '';
    if (i < 0 || 'بلك'.includes(clitic) && clitic !== '') continue;
    // …but «كل من مصر والسعودية» names actors
    const jointly = i > 1 && list[i - 1].text === 'من' && list[i - 2].text.replace(/^[وف](?=..)/u, '') === 'كل';
    if (i > 0 && adjacent(i) && PLACES.has(list[i - 1].text.replace(/^[وف](?=..)/u, '')) && !jointly) continue;
    const start = m.index! + m[0].length - m[1].length;
    found.push(t.span('actor', start, start + m[1].length, 'country'));
  }
  // a name in quotation marks that the article repeats («سابك» … سابك): a company, a group, a brand
  const quotedNames = new Map<string, number>();
  for (const m of folded.matchAll(/[«"“]([\p{L}\p{N}+ ]{2,30})[»"”]/gu)) {
    const name = m[1].trim();
    if (name.split(' ').length <= 3 && !STOP.has(name)) quotedNames.set(name, (quotedNames.get(name) ?? 0) + 1);
  }
  // …and that names an actor just named («الشركة السعودية للصناعات الأساسية «سابك»»), or acts somewhere: a
  // verb right before or after it («أعلنت "سابك"», «سابك تعلن»), an organisation's head or «أن» before it, a
  // negation or «قد» after it («أن «سابك» لن تدخل»); a term in scare quotes («"اختفاء"», «"غضب سياسي"») does not.
  const counts = wholeWordCounts(folded, list, [...quotedNames.keys()].filter((name) => SIMPLE_NAME.test(name)));
  const candidates = [...quotedNames.keys()].filter((name) => {
    const count = counts.get(name);
    if (count !== undefined) return count >= 2;
    // (a name with «+»: one search of its own)
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
    return [...folded.matchAll(re)].length >= 2;
  });
  /** Ends of the actors found so far (original UTF-16), to tell a name given to an actor just named. */
  const actorEnds = new Set(found.map((a) => t.index.toUtf16(a.end)));
  const introduced = (at: number) => {
    const gap = /[\s(«"“]*$/u.exec(folded.slice(Math.max(0, at - 4), at))![0];
    if (gap.length === 0 || at - gap.length < 1) return false;
    // the original end of the letter before the gap (its marks, which folding drops, may follow it)
    const end = t.folded.origin[at - gap.length - 1] + 1;
    return actorEnds.has(end) || actorEnds.has(end + 1) || actorEnds.has(end + 2);
  };
  const acts = (at: number, end: number) => {
    const prev = /(\p{L}+)[\s«»"“”]*$/u.exec(folded.slice(Math.max(0, at - 30), at))?.[1] ?? '';
    const next = /^[\s«»"“”]*(\p{L}+)/u.exec(folded.slice(end, end + 30))?.[1] ?? '';
    return VERBS_AFTER_NAME.test(prev) || VERBS_AFTER_NAME.test(next) || PRESENT_VERB_AFTER_NAME.test(next) ||
      ORG_HEAD_WORDS.has(prev) || THAT_WORD.test(prev) || /^(?:لن|لم|لا|قد)$/u.test(next);
  };
  // where the candidates occur: one search for all of them
  const acting = new Set<string>();
  if (candidates.length > 0) {
    for (const m of folded.matchAll(wholeWords(candidates))) {
      const at = m.index! + m[0].length - m[1].length;
      if (!acting.has(m[1]) && (introduced(at) || acts(at, at + m[1].length))) acting.add(m[1]);
    }
  }
  const repeated = candidates.filter((name) => acting.has(name));
  if (repeated.length > 0) {
    for (const m of folded.matchAll(wholeWords(repeated))) {
      const start = m.index! + m[0].length - m[1].length;
      found.push(t.span('actor', start, start + m[1].length, 'quoted-name'));
    }
  }
  // English: a title and capitalised words, or two or more capitalised words
  for (const m of t.text.matchAll(
    /\b(?:President|Prime Minister|Foreign Minister|Minister|Secretary(?: of State)?|General|spokes(?:man|woman|person) for(?: the)?|Mr\.|Mrs\.|Ms\.|Dr\.)\s+((?:[A-Z][\p{L}'-]+)(?:\s+[A-Z][\p{L}'-]+){0,2})/gu,
  )) {
    const start = m.index! + m[0].length - m[1].length;
    found.push(t.span16('actor', start, start + m[1].length, 'en-title-name'));
  }
  return dedupe(found);
}

/** A reporting verb (folded, past tense with و/ف and its endings), a speaker's name may follow. */
const SPEAKER_VERB = new RegExp(
  `(?<![\\p{L}\\p{N}])[وف]?(?:${REPORTING_VERBS.map(fold).join('|')})(?:ت)?(?![\\p{L}\\p{N}])`, 'gu');
/** Two-letter words that are never inside a name (folded): particles and pronouns. */
const SHORT_NOT_NAME = /^(?:قد|لم|لن|لا|ما|او|ام|اي|كل|به|هو|هي|اذ|ان|يا|ثم|بل|لو|مع|عن|في|من|له|ذا)$/u;
/** Countries and groups (folded): never a person's first name. */
const namesAt0 = new Set([...GROUPS, ...COUNTRIES].map(fold));
/** Single-word heads of organisation names (folded): «وزارة», «منظمة»… */
const ORG_HEAD_WORDS = new Set(ORG_HEADS.filter((h) => !h.includes(' ')).map(fold));
/** Titles that name a person alone when qualified (folded). */
const ROLES = new Set([...ROLE_TITLES].map(fold));
/** Prepositions before a country that make it a place (folded). */
const PLACES = new Set([...PLACE_PREPOSITIONS].map(fold));

/** A name of letters, digits and spaces that begins and ends with a letter or digit. */
export const SIMPLE_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N} ]*[\p{L}\p{N}])?$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

/**
 * How often each of `names` ({@link SIMPLE_NAME}s) stands in `folded` as whole words: what
 * `folded.matchAll` of `(?<![\p{L}\p{N}])name(?![\p{L}\p{N}])` counts (from the left, not
 * overlapping), in one pass over `list` (the words of `folded`): such a name can only begin where a
 * word begins whose letters are the name's first word, and only end where a word ends.
 */
export function wholeWordCounts(folded: string, list: readonly Word[], names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>(names.map((name) => [name, 0]));
  if (names.length === 0) return counts;
  const byFirstWord = new Map<string, string[]>();
  for (const name of counts.keys()) {
    const first = /^[\p{L}\p{N}]+/u.exec(name)![0];
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), name]);
  }
  const nextFrom = new Map<string, number>();
  for (const w of list) {
    const candidates = byFirstWord.get(w.text);
    if (candidates === undefined) continue;
    for (const name of candidates) {
      const end = w.start + name.length;
      if (w.start < (nextFrom.get(name) ?? 0) || !folded.startsWith(name, w.start)) continue;
      // (a name ends with a whole code point: `end` is where the next one begins)
      const after = folded.codePointAt(end);
      if (after !== undefined && LETTER_OR_DIGIT.test(String.fromCodePoint(after))) continue;
      counts.set(name, counts.get(name)! + 1);
      nextFrom.set(name, end);
    }
  }
  return counts;
}


/**
 * The bare form (folded, with ال) by which a later sentence names the holder of `title`: «وزير» →
 * «الوزير», «الرئيس» → «الرئيس», «رئيس الوزراء» → «رئيس الوزراء» (a title of several words as it is).
 */
function bareRole(title: string): string {
  const head = title.split(' ');
  if (head.length > 1) return title;
  return head[0].startsWith('ال') ? head[0] : `ال${head[0]}`;
}

/** The folded title starting at word `i` (its words joined). */
function foldedTitle(list: readonly Word[], i: number, titleWords: ReadonlyMap<number, number>, start: number): string {
  const n = titleWords.get(i) ?? 1;
  return list.slice(i, i + n).map((w) => w.text).join(' ').slice(start - list[i].start);
}
