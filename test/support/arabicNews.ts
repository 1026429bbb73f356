// Real Arabic news for tests: ANERcorp newswire sentences (test/fixtures/anercorp, CC BY-SA 4.0,
// see its NOTICE.md) and the sample article samples/lavrov-kerry.txt (see samples/NOTICE.md).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixturePath, repoRoot } from './fixtures';

/** A span of an article in code points, [start, end). */
export type CpSpan = [number, number];

/** An article to annotate: its text, its words (maximal runs without white space) and its names. */
export interface NewsArticle {
  source: string;
  text: string;
  words: CpSpan[];
  /** Names (persons, places, organisations): gold spans for ANERcorp, known names for the sample. */
  names: CpSpan[];
}

interface Sentence {
  tokens: string[];
  tags: string[];
}

let sentences: Sentence[] | undefined;

/** The ANERcorp sentences, tokens and BIO tags, in corpus order (consecutive sentences come from the same reports). */
export function anercorpSentences(): Sentence[] {
  if (sentences) return sentences;
  const raw = readFileSync(fixturePath('anercorp', 'ANERCorp_CamelLab_test.txt'), 'utf8');
  sentences = [];
  let current: Sentence = { tokens: [], tags: [] };
  for (const line of raw.split(/\r?\n/)) {
    const m = /^(\S+) (\S+)$/.exec(line);
    if (!m) {
      if (current.tokens.length > 0) sentences.push(current);
      current = { tokens: [], tags: [] };
      continue;
    }
    current.tokens.push(m[1]);
    current.tags.push(m[2]);
  }
  if (current.tokens.length > 0) sentences.push(current);
  return sentences;
}

const cpLength = (s: string) => [...s].length;

/**
 * An article of `count` consecutive ANERcorp sentences from sentence `first`: tokens joined with
 * single spaces, sentences with a space, a line feed or an empty line (`breaks`, one per gap).
 */
export function anercorpArticle(first: number, count: number, breaks: string[]): NewsArticle {
  const all = anercorpSentences();
  let text = '';
  let at = 0;
  const words: CpSpan[] = [];
  const names: CpSpan[] = [];
  for (let k = 0; k < count; k++) {
    const s = all[(first + k) % all.length];
    if (k > 0) {
      const sep = breaks[(k - 1) % breaks.length];
      text += sep;
      at += cpLength(sep);
    }
    let name: CpSpan | undefined;
    s.tokens.forEach((token, i) => {
      if (i > 0) {
        text += ' ';
        at += 1;
      }
      const span: CpSpan = [at, at + cpLength(token)];
      words.push(span);
      const tag = s.tags[i];
      if (tag.startsWith('B-') && tag !== 'B-MISC') {
        if (name) names.push(name);
        name = [...span];
      } else if (tag.startsWith('I-') && name) name[1] = span[1];
      else if (name) {
        names.push(name);
        name = undefined;
      }
      text += token;
      at = span[1];
    });
    if (name) names.push(name);
  }
  return { source: `ANERcorp sentences ${first}..${first + count - 1}`, text, words, names };
}

const SAMPLE_NAMES = [
  'سيرغي لافروف',
  'لافروف',
  'جون كيري',
  'كيري',
  'فلاديمير بوتين',
  'بوتين',
  'بشار الأسد',
  'الأسد',
  'واشنطن',
  'موسكو',
  'سوريا',
  'سورية',
  'نيويورك',
  'الرياض',
  'فيينا',
  'باريس',
  'الكرملين',
  'مجلس الأمن',
  'داعش',
];

let sample: NewsArticle | undefined;

/** samples/lavrov-kerry.txt, byte for byte, with the mentions of its people and places. */
export function sampleArticle(): NewsArticle {
  if (sample) return sample;
  const text = readFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt'), 'utf8');
  const cps = [...text];
  const words: CpSpan[] = [];
  for (let i = 0; i < cps.length;) {
    if (/\s/u.test(cps[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < cps.length && !/\s/u.test(cps[j])) j++;
    words.push([i, j]);
    i = j;
  }
  const names: CpSpan[] = [];
  const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
  for (const name of SAMPLE_NAMES) {
    const n = [...name];
    for (let i = 0; i + n.length <= cps.length; i++) {
      if (n.every((c, k) => cps[i + k] === c) && !isLetter(cps[i - 1]) && !isLetter(cps[i + n.length]))
        names.push([i, i + n.length]);
    }
  }
  sample = { source: 'samples/lavrov-kerry.txt', text, words, names };
  return sample;
}
